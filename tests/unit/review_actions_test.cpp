#include "extract/review_actions.hpp"

#include "extract/document_extractor.hpp"
#include "extract/value_parser.hpp"

#include "stream_support.hpp"

using namespace mi;
using namespace mi::extract;

namespace {

// Canary values: none may appear in a listing, a log line or an audit record.
constexpr const char *canary_name = "Jane Canaryweather";
constexpr const char *canary_mrn = "77331199";
constexpr const char *bad_npi = "1234567890";  // fails the check digit
constexpr const char *good_npi = "1234567893"; // passes it

ExtractedField field(const std::string &name, const std::string &value,
                     const std::string &normalized, std::vector<std::string> reasons,
                     double confidence, ocr::Box box) {
  ExtractedField f;
  f.name = name;
  f.value = value;
  f.normalized = normalized;
  f.reasons = std::move(reasons);
  f.confidence = confidence;
  f.page = 1;
  f.box = box;
  f.source = "text_layer";
  return f;
}

Json word(const std::string &text, double x0, double y0, double x1, double y1, int line) {
  return {
      {"text", text}, {"box", {x0, y0, x1, y1}}, {"confidence", 1.0}, {"block", 0}, {"line", line}};
}

struct QueueFixture {
  test::TempDir dir;
  Keyring keys = Keyring::create({"ops", "phi", "ids"});
  AuditLog audit{dir / "audit.log", "mi-review", keys};
  ReviewQueue queue{dir / "review"};
  ExtractRules rules = extract_rules_from_policy(Policy::builtin());
  UserId reviewer = parse_reviewer("qa@clinic");
  CivilDate today{2026, 12, 4};

  // A lab result as mi-extract files it: the NPI fails its check digit and the MRN was read
  // below its confidence threshold.
  Envelope queued(const std::string &npi = bad_npi, bool with_dob = true) {
    DocumentFields document;
    ExtractedField type;
    type.name = "document_type";
    type.value = "lab_result";
    type.normalized = "lab_result";
    type.confidence = 1;
    type.page = 1;
    type.source = "split";
    document.fields.push_back(type);
    document.fields.push_back(
        field("patient_name", canary_name, canary_name, {}, 0.99, {128, 130, 230, 142}));
    if (with_dob)
      document.fields.push_back(
          field("dob", "10/8/91", "1991-10-08", {}, 0.99, {91, 146, 121, 158}));
    else
      document.missing.push_back("dob");
    document.fields.push_back(
        field("date_of_service", "5/1/24", "2024-05-01", {}, 0.99, {365, 162, 390, 174}));
    document.fields.push_back(field("mrn", canary_mrn, canary_mrn, {reason::below_confidence}, 0.52,
                                    {91, 162, 131, 174}));
    std::vector<std::string> npi_reasons;
    if (std::string(npi) == bad_npi)
      npi_reasons.push_back(reason::npi_check_digit);
    document.fields.push_back(
        field("provider_npi", npi, npi, npi_reasons, 1, {340, 146, 390, 158}));
    settle_status(document);

    auto header = test::make_header(3);
    header.stage = StageName::parse("extract");
    Envelope e(header);
    e.seal("ops",
           {{"stage", "extract"},
            {"status", document.status},
            {"document_type", "lab_result"},
            {"pages", {1, 1}},
            {"reasons", document.reasons},
            {"extract", fields_to_ops(document)}},
           keys);
    Json words = Json::array(
        {word("Patient", 40, 130, 80, 142, 0), word("Name:", 82, 130, 120, 142, 0),
         word("Jane", 128, 130, 150, 142, 0), word("Canaryweather", 152, 130, 230, 142, 0),
         word("NPI:", 300, 146, 330, 158, 1), word(npi, 340, 146, 390, 158, 1),
         word("MRN:", 40, 162, 80, 174, 2), word(canary_mrn, 91, 162, 131, 174, 2),
         word("Footer", 40, 700, 80, 712, 3)});
    e.seal(
        "phi",
        {{"fields", fields_to_phi(document)},
         {"pages", Json::array({{{"page", 1}, {"width", 612}, {"height", 792}, {"words", words}}})},
         {"source", {{"object", ObjectId::generate().str()}, {"mime", "application/pdf"}}}},
        keys);
    REQUIRE(queue.enqueue(e));
    return e;
  }

  ResolveRequest request(const Envelope &e) {
    ResolveRequest r;
    r.document = e.header().document;
    r.reviewer = reviewer;
    r.today = today;
    return r;
  }

  ResolveContext context(RejectWriter *rejects = nullptr) {
    return {keys, audit, queue, rules, rejects};
  }

  std::vector<std::string> files(const std::string &sub) {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto &item : std::filesystem::directory_iterator(queue.root() / sub, ec))
      names.push_back(item.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }

  Json fields_of(const Envelope &e) { return e.open("phi", keys)["fields"]; }
};

bool contains(const std::string &text, const std::string &what) {
  return text.find(what) != std::string::npos;
}

} // namespace

TEST_CASE("the split of reasons: a reviewer's accept clears how a value was read, never a gate") {
  for (const char *r :
       {reason::below_confidence, reason::conflicting_values, reason::signature_unclear,
        reason::checkbox_unclear, reason::missing_required})
    CHECK(reviewer_may_clear(r));
  for (const char *r :
       {reason::impossible_date, reason::npi_check_digit, reason::dob_after_service,
        reason::signature_before_form_date, reason::mrn_shape, reason::phone_invalid,
        reason::dob_in_future, reason::age_over_limit, reason::npi_shape, reason::not_a_date,
        reason::trailing_text, "some_code_added_later"})
    CHECK_FALSE(reviewer_may_clear(r));
}

TEST_CASE("reviewer ids are operator ids, never free text") {
  CHECK(parse_reviewer("qa@clinic").str() == "qa@clinic");
  CHECK(parse_reviewer("J.Doe_2").str() == "J.Doe_2");
  for (const char *bad : {"", "Jane Doe", "qa@clinic;rm", "-x", "a\nb"})
    CHECK(test::reason_of([&] { parse_reviewer(bad); }) == Reason::usage);
}

TEST_CASE("--set arguments: FIELD=VALUE, or a line of stdin for VALUE -") {
  test::TempDir dir;
  test::InputFile in(dir, "values", "  1234567893 \n5/1/24\n");
  auto pairs = parse_assignments({"provider_npi=-", "mrn=A-1234", "date_of_service=-"}, in.fd());
  REQUIRE(pairs.size() == 3);
  CHECK(pairs[0] == std::pair<std::string, std::string>{"provider_npi", "1234567893"});
  CHECK(pairs[1].second == "A-1234");
  CHECK(pairs[2].second == "5/1/24");
  for (const char *bad : {"provider_npi", "=1", "Jane Doe=1", "mrn="})
    CHECK(test::reason_of([&] { parse_assignments({bad}, in.fd()); }) == Reason::usage);
  CHECK(parse_reject_reason("image_corrupt") == Reason::image_corrupt);
  CHECK(test::reason_of([] { parse_reject_reason("ok"); }) == Reason::usage);
  CHECK(test::reason_of([] { parse_reject_reason("bad news"); }) == Reason::usage);
}

TEST_CASE("list shows ids, codes and field names from ops only, and no PHI") {
  QueueFixture f;
  auto e = f.queued();
  // A keyring scoped to ops, as mi-keys export gives a queue clerk.
  Keyring ops_only = f.keys.export_scoped({"ops"});
  auto result = list_queue(f.queue, ops_only, now());
  REQUIRE(result.documents.size() == 1);
  CHECK(result.unreadable == 0);
  const auto &l = result.documents[0];
  CHECK(l.document == e.header().document);
  CHECK(l.version == 1);
  CHECK(l.document_type == "lab_result");
  CHECK(l.first_page == 1);
  CHECK(l.status == "needs_review");
  CHECK(l.reasons == std::vector<std::string>{"below_confidence", "npi_check_digit"});
  CHECK(l.fields == std::vector<std::string>{"mrn", "provider_npi"});
  CHECK(l.age_seconds >= 0);
  std::string text = format_listing_table(result.documents) + to_json_text(listing_to_json(l));
  CHECK(contains(text, e.header().document.str()));
  CHECK(contains(text, "npi_check_digit"));
  for (const char *canary : {canary_name, "Canaryweather", canary_mrn, bad_npi})
    CHECK_FALSE(contains(text, canary));
  // show needs the phi key.
  CHECK(test::reason_of([&] {
          show_document(f.queue, e.header().document, ops_only, f.audit, f.reviewer, {}, nullptr);
        }) == Reason::key_not_held);
}

TEST_CASE("show: every field with its value and the words around it, audited") {
  QueueFixture f;
  auto e = f.queued();
  ShowOptions options;
  options.context_points = 50;
  auto view =
      show_document(f.queue, e.header().document, f.keys, f.audit, f.reviewer, options, nullptr);
  CHECK(view["doc"] == e.header().document.str());
  REQUIRE(view["fields"].is_array());
  // Fields needing review come first.
  CHECK(view["fields"][0]["status"] == "needs_review");
  const Json *npi = nullptr;
  for (const auto &field : view["fields"])
    if (field["name"] == "provider_npi")
      npi = &field;
  REQUIRE(npi);
  CHECK((*npi)["value"] == bad_npi);
  CHECK((*npi)["reasons"] == Json::array({"npi_check_digit"}));
  REQUIRE((*npi)["context"].is_array());
  std::string context = to_json_text((*npi)["context"]);
  CHECK(contains(context, std::string("NPI: [[") + bad_npi + "]]"));
  CHECK_FALSE(contains(context, "Footer")); // far outside the box
  std::string text = format_document_view(view);
  CHECK(contains(text, "provider_npi: needs_review (npi_check_digit)"));
  CHECK(contains(text, "| NPI: [[1234567890]]"));

  std::string audit = test::read_text(f.dir / "audit.log");
  CHECK(contains(audit, "\"review.show\""));
  CHECK(contains(audit, "\"reviewer\":\"qa@clinic\""));
  for (const char *canary : {"Canaryweather", canary_mrn, bad_npi})
    CHECK_FALSE(contains(audit, canary));

  CHECK(test::reason_of([&] {
          show_document(f.queue, DocumentId::generate(), f.keys, f.audit, f.reviewer, {}, nullptr);
        }) == Reason::not_in_queue);
}

TEST_CASE("words around a box: reading order by position, the field's words marked") {
  Json page = {{"page", 1},
               {"words", Json::array({word("b2", 60, 30, 80, 40, 7), word("a1", 10, 10, 30, 20, 9),
                                      word("a2", 35, 10, 55, 20, 2), word("b1", 10, 30, 30, 40, 1),
                                      word("far", 500, 500, 520, 510, 3)})}};
  auto lines = words_around(page, {34, 9, 56, 21}, 30);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0] == "a1 [[a2]]");
  CHECK(lines[1] == "b1   b2"); // a wide gap: another column
  CHECK(words_around(page, {34, 9, 56, 21}, 0) == std::vector<std::string>{"[[a2]]"});
  Json hostile = {{"words", Json::array({word("\x1b[2Jx", 10, 10, 30, 20, 0)})}};
  CHECK(words_around(hostile, {0, 0, 40, 40}, 0) == std::vector<std::string>{"[[?[2Jx]]"});
}

TEST_CASE("a correction failing its gate is refused and leaves the queue as it was") {
  QueueFixture f;
  auto e = f.queued();
  auto before = f.files("pending");
  std::string pending_text = test::read_text(f.queue.root() / "pending" / before.at(0));
  auto r = f.request(e);
  r.set = {{"provider_npi", "1234567891"}};
  r.accept = {"mrn"};
  try {
    resolve_document(f.context(), r);
    FAIL("an invalid NPI was accepted");
  } catch (const Error &error) {
    CHECK(error.reason() == Reason::correction_invalid);
    // The message names the field (by its rule in the policy) and the code, not the value.
    std::string what = error.what();
    CHECK(contains(what, "npi_check_digit"));
    CHECK(error.config_location().pointer == "/extract/fields/provider_npi");
    CHECK_FALSE(contains(what, "1234567891"));
  }
  // Not a date at all, and a value with words after it: refused too.
  r.set = {{"dob", "31/31/1999"}};
  CHECK(test::reason_of([&] { resolve_document(f.context(), r); }) == Reason::correction_invalid);
  r.set = {{"provider_npi", "1234567893 extra"}};
  CHECK(test::reason_of([&] { resolve_document(f.context(), r); }) == Reason::correction_invalid);
  // A field the document type does not have is a usage error.
  r.set = {{"patient_phone", "312-555-0100"}};
  CHECK(test::reason_of([&] { resolve_document(f.context(), r); }) == Reason::usage);
  CHECK(f.files("pending") == before);
  CHECK(test::read_text(f.queue.root() / "pending" / before.at(0)) == pending_text);
  CHECK(f.files("resolved").empty());
  std::string audit = test::read_text(f.dir / "audit.log");
  CHECK(contains(audit, "\"reason\":\"correction_invalid\""));
  CHECK_FALSE(contains(audit, "1234567891"));
}

TEST_CASE("accept clears below_confidence but never npi_check_digit") {
  QueueFixture f;
  auto e = f.queued();
  auto r = f.request(e);
  r.accept = {"provider_npi"};
  CHECK(test::reason_of([&] { resolve_document(f.context(), r); }) == Reason::correction_invalid);
  r.accept = {};
  r.accept_all = true; // includes the NPI: refused the same way
  CHECK(test::reason_of([&] { resolve_document(f.context(), r); }) == Reason::correction_invalid);
  CHECK(f.files("resolved").empty());

  // Accepting the MRN alone is a partial resolve: the document waits at its new version.
  r.accept_all = false;
  r.accept = {"mrn"};
  auto outcome = resolve_document(f.context(), r);
  CHECK(outcome.status == "needs_review");
  CHECK(outcome.confirmed == 1);
  CHECK(outcome.still_needing_review == 1);
  REQUIRE(outcome.revision);
  const auto &v2 = *outcome.revision;
  CHECK(v2.header().document_version == 2);
  CHECK(v2.header().stage.str() == "review");
  CHECK(v2.header().parent == e.header().record);
  auto fields = f.fields_of(v2);
  CHECK(fields["mrn"]["status"] == "accepted");
  CHECK(fields["mrn"]["reasons"].empty());
  CHECK(fields["mrn"]["source"] == "review");
  CHECK(fields["mrn"]["fixes"] == Json::array({"reviewed"}));
  CHECK(fields["mrn"]["value"] == canary_mrn);
  CHECK(fields["provider_npi"]["status"] == "needs_review");
  CHECK(fields["provider_npi"]["reasons"] == Json::array({"npi_check_digit"}));
  auto ops = v2.open("ops", f.keys);
  CHECK(ops["status"] == "needs_review");
  CHECK(ops["reasons"] == Json::array({"npi_check_digit"}));
  CHECK(ops["review"]["action"] == "partial");
  CHECK(ops["review"]["reviewer"] == "qa@clinic");
  CHECK(ops["review"]["supersedes"]["version"] == 1);
  CHECK(ops["review"]["supersedes"]["record"] == e.header().record.str());

  auto pending = f.queue.find_pending(e.header().document);
  REQUIRE(pending);
  CHECK(pending->version == 2);
  CHECK(f.files("pending").size() == 1);
  auto history = f.queue.history(e.header().document);
  REQUIRE(history.size() == 1);
  CHECK(history[0].version == 1);
  auto listed = list_queue(f.queue, f.keys, now());
  REQUIRE(listed.documents.size() == 1);
  CHECK(listed.documents[0].version == 2);
  CHECK(listed.documents[0].fields == std::vector<std::string>{"provider_npi"});

  // Finishing it: the corrected NPI passes, version 3 is accepted and leaves the queue.
  r.accept = {};
  r.set = {{"provider_npi", good_npi}};
  auto done = resolve_document(f.context(), r);
  CHECK(done.status == "accepted");
  REQUIRE(done.revision);
  CHECK(done.revision->header().document_version == 3);
  CHECK(f.files("pending").empty());
  auto versions = document_history(f.queue, e.header().document, f.keys)["versions"];
  REQUIRE(versions.size() == 3);
  CHECK(versions[0]["stage"] == "extract");
  CHECK(versions[1]["review"]["action"] == "partial");
  CHECK(versions[2]["status"] == "accepted");
  CHECK(versions[2]["state"] == "resolved");
}

TEST_CASE("a valid correction makes version 2, accepted; version 1 stays in resolved/") {
  QueueFixture f;
  auto e = f.queued();
  auto r = f.request(e);
  r.set = {{"provider_npi", good_npi}};
  r.accept = {"mrn"};
  auto outcome = resolve_document(f.context(), r);
  CHECK(outcome.status == "accepted");
  CHECK(outcome.corrected == 1);
  CHECK(outcome.confirmed == 1);
  CHECK(outcome.still_needing_review == 0);
  REQUIRE(outcome.revision);
  const auto &v2 = *outcome.revision;
  CHECK(v2.header().document_version == 2);
  CHECK(v2.header().document == e.header().document);
  CHECK(v2.header().trace == e.header().trace);
  auto fields = f.fields_of(v2);
  CHECK(fields["provider_npi"]["value"] == good_npi);
  CHECK(fields["provider_npi"]["normalized"] == good_npi);
  CHECK(fields["provider_npi"]["status"] == "accepted");
  CHECK(fields["provider_npi"]["source"] == "review");
  CHECK(fields["provider_npi"]["fixes"] == Json::array({"corrected"}));
  CHECK(fields["provider_npi"]["box"].is_array()); // where the value is on the page
  auto ops = v2.open("ops", f.keys);
  CHECK(ops["status"] == "accepted");
  CHECK(ops["stage"] == "review");
  CHECK(ops["reasons"].empty());
  CHECK(ops["extract"]["status"] == "accepted");
  CHECK(ops["review"]["action"] == "accepted");
  CHECK(ops["review"]["corrected"] == 1);
  CHECK_FALSE(contains(to_json_text(ops), good_npi)); // ops carries codes, not values

  CHECK(f.files("pending").empty());
  auto resolved = f.files("resolved");
  REQUIRE(resolved.size() == 2);
  CHECK(resolved[0] == e.header().document.str() + ".v1.ndjson");
  CHECK(resolved[1] == e.header().document.str() + ".v2.ndjson");
  auto old = Envelope::parse(
      test::split_lines(test::read_text(f.queue.root() / "resolved" / resolved[0])).at(0));
  CHECK(old.header().record == e.header().record);
  CHECK(test::reason_of([&] { resolve_document(f.context(), r); }) == Reason::not_in_queue);

  std::string audit = test::read_text(f.dir / "audit.log");
  CHECK(contains(audit, "\"review.resolve\""));
  CHECK(contains(audit, "\"supersedes_version\":1"));
  for (const char *canary : {"Canaryweather", canary_mrn, good_npi, bad_npi})
    CHECK_FALSE(contains(audit, canary));
}

TEST_CASE("corrections pass the cross-field gates mi-extract applies") {
  QueueFixture f;
  auto e = f.queued(good_npi);
  auto r = f.request(e);
  r.accept = {"mrn"};
  // A date of birth after the date of service, or in the future, is refused.
  r.set = {{"dob", "06/01/2024"}};
  CHECK(test::reason_of([&] { resolve_document(f.context(), r); }) == Reason::correction_invalid);
  r.set = {{"dob", "01/01/2027"}};
  CHECK(test::reason_of([&] { resolve_document(f.context(), r); }) == Reason::correction_invalid);
  // Moving the date of service before the DOB leaves the DOB failing its gate: not accepted.
  r.set = {{"date_of_service", "01/01/1990"}};
  auto outcome = resolve_document(f.context(), r);
  CHECK(outcome.status == "needs_review");
  auto fields = f.fields_of(*outcome.revision);
  CHECK(fields["dob"]["reasons"] == Json::array({"dob_after_service"}));
  CHECK(fields["date_of_service"]["status"] == "accepted");
  // Correcting it back clears the DOB's relational reason on the next resolve.
  ResolveRequest again = f.request(e);
  again.set = {{"date_of_service", "5/2/24"}};
  auto fixed = resolve_document(f.context(), again);
  CHECK(fixed.status == "accepted");
  CHECK(f.fields_of(*fixed.revision)["date_of_service"]["normalized"] == "2024-05-02");
}

TEST_CASE("reject closes the document without a new version, with a reject record") {
  QueueFixture f;
  auto e = f.queued();
  auto r = f.request(e);
  r.reject = Reason::image_corrupt;
  test::StderrCapture capture;
  ResolveOutcome outcome;
  {
    RejectWriter rejects(f.dir / "rejects.ndjson", &f.audit);
    outcome = resolve_document(f.context(&rejects), r);
  }
  capture.restore();
  CHECK(outcome.status == "rejected");
  CHECK_FALSE(outcome.revision);
  CHECK(f.files("pending").empty());
  CHECK(f.files("resolved") == std::vector<std::string>{e.header().document.str() + ".v1.ndjson"});
  auto lines = test::split_lines(test::read_text(f.dir / "rejects.ndjson"));
  REQUIRE(lines.size() == 1);
  auto reject = parse_json(lines[0]).value();
  CHECK(reject["reason"] == "image_corrupt");
  CHECK(reject["doc"] == e.header().document.str());
  CHECK(reject["envelope"].is_string()); // sealed, so it can be re-run
  std::string audit = test::read_text(f.dir / "audit.log");
  CHECK(contains(audit, "\"review.reject\""));
  CHECK_FALSE(contains(capture.text() + audit + lines[0], "Canaryweather"));
  // Nothing to do is a usage error; rejecting and editing at once too.
  auto g = f.queued();
  ResolveRequest none = f.request(g);
  CHECK(test::reason_of([&] { resolve_document(f.context(), none); }) == Reason::usage);
  none.reject = Reason::image_corrupt;
  none.accept = {"mrn"};
  CHECK(test::reason_of([&] { resolve_document(f.context(), none); }) == Reason::usage);
}

TEST_CASE("a required field that was not found is given with --set, never accepted") {
  QueueFixture f;
  auto e = f.queued(good_npi, false);
  auto listed = list_queue(f.queue, f.keys, now());
  REQUIRE(listed.documents.size() == 1);
  CHECK(listed.documents[0].fields == std::vector<std::string>{"dob", "mrn"});
  auto r = f.request(e);
  r.accept_all = true;
  CHECK(test::reason_of([&] { resolve_document(f.context(), r); }) == Reason::correction_invalid);
  r.accept_all = false;
  r.accept = {"dob", "mrn"};
  CHECK(test::reason_of([&] { resolve_document(f.context(), r); }) == Reason::correction_invalid);
  r.accept = {"mrn"};
  r.set = {{"dob", "October 8, 1991"}};
  auto outcome = resolve_document(f.context(), r);
  CHECK(outcome.status == "accepted");
  auto fields = f.fields_of(*outcome.revision);
  CHECK(fields["dob"]["normalized"] == "1991-10-08");
  CHECK(fields["dob"]["source"] == "review");
  CHECK(fields["dob"]["box"].is_null());
  auto ops = outcome.revision->open("ops", f.keys);
  CHECK_FALSE(ops["extract"]["fields"]["dob"]["status"] == "missing");
}

TEST_CASE("resolve arguments are all checked before anything is opened") {
  test::TempDir dir;
  test::InputFile in(dir, "stdin", "");
  ResolveArguments a;
  a.document = DocumentId::generate().str();
  a.reviewer = "qa@clinic";
  a.set = {"provider_npi=1234567893"};
  a.accept = {"mrn"};
  a.today = "2026-12-04";
  auto r = resolve_request(a, in.fd());
  CHECK(r.reviewer.str() == "qa@clinic");
  CHECK(r.today == CivilDate{2026, 12, 4});
  CHECK(r.set.size() == 1);
  auto broken = [&](auto change) {
    ResolveArguments b = a;
    change(b);
    return test::reason_of([&] { resolve_request(b, in.fd()); });
  };
  CHECK(broken([](ResolveArguments &b) { b.document = "Jane Doe"; }) == Reason::usage);
  CHECK(broken([](ResolveArguments &b) { b.reviewer.clear(); }) == Reason::usage);
  CHECK(broken([](ResolveArguments &b) { b.today = "12/04/2026"; }) == Reason::usage);
  CHECK(broken([](ResolveArguments &b) { b.accept = {"Jane Doe"}; }) == Reason::usage);
  CHECK(broken([](ResolveArguments &b) { b.set = {"provider_npi=-"}; }) == Reason::usage);
  CHECK(broken([](ResolveArguments &b) { b.reject = "not_a_code"; }) == Reason::usage);
}
