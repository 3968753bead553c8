#include "extract/review_actions.hpp"

#include "extract/document_extractor.hpp"
#include "extract/value_parser.hpp"

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/ndjson.hpp"
#include "ocr/page_render.hpp"
#include "pdf/mupdf.hpp"

#include <leptonica/allheaders.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <set>

namespace mi::extract {
namespace {

namespace fs = std::filesystem;

const StageName &review_stage() {
  static const StageName stage = StageName::parse("review");
  return stage;
}

// Reasons apply_gates derives from other fields and from today: recomputed on every resolve, so
// a corrected date of service also clears (or raises) dob_after_service on the date of birth.
bool depends_on_other_fields(std::string_view reason) {
  for (std::string_view r :
       {reason::dob_in_future, reason::age_over_limit, reason::dob_after_service,
        reason::date_in_future, reason::signature_before_form_date})
    if (reason == r)
      return true;
  return false;
}

// Field reason codes as compile-time text, so an error or audit record can name one. Codes
// added elsewhere later fall back to a generic description.
StaticText reason_text(std::string_view code) {
  static constexpr StaticText known[] = {
      reason::impossible_date,   reason::not_a_date,           reason::not_a_name,
      reason::npi_shape,         reason::npi_check_digit,      reason::mrn_shape,
      reason::phone_invalid,     reason::dob_in_future,        reason::age_over_limit,
      reason::dob_after_service, reason::date_in_future,       reason::signature_before_form_date,
      reason::below_confidence,  reason::conflicting_values,   reason::missing_required,
      reason::signature_unclear, reason::checkbox_unclear,     reason::unknown_document_type,
      reason::trailing_text,     reason::typed_value_malformed};
  for (const auto &k : known)
    if (k.view() == code)
      return k;
  return "a validation gate failed (see mi-review show)";
}

// A field is named in errors by where its rule sits in the policy: operator configuration, not
// document content (the same channel policy errors use).
std::string field_pointer(std::string_view field) {
  for (char c : field)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
      return "/extract/fields";
  return "/extract/fields/" + std::string(field);
}

[[noreturn]] void refuse(std::string_view code, std::string pointer) {
  throw Error(Reason::correction_invalid, reason_text(code), ConfigLocation{std::move(pointer), 0});
}

// Text safe to print on a terminal: control characters (escape sequences) become '?'.
std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    out += (u < 0x20 || u == 0x7f) ? '?' : c;
  }
  return out;
}

std::string joined(const std::vector<std::string> &items, std::string_view separator) {
  std::string out;
  for (const auto &item : items) {
    if (!out.empty())
      out += separator;
    out += item;
  }
  return out;
}

std::vector<std::string> strings_of(const Json &value) {
  std::vector<std::string> out;
  if (value.is_array())
    for (const auto &v : value)
      if (v.is_string())
        out.push_back(v.get<std::string>());
  return out;
}

void add_unique(std::vector<std::string> &items, const std::string &item) {
  if (std::find(items.begin(), items.end(), item) == items.end())
    items.push_back(item);
}

TimePoint file_time(const fs::path &file) {
  std::error_code ec;
  auto t = fs::last_write_time(file, ec);
  if (ec)
    return now();
  return std::chrono::floor<std::chrono::seconds>(std::chrono::file_clock::to_sys(t));
}

// The newest pending entry of each document, in document id order.
std::vector<QueueEntry> newest_pending(const ReviewQueue &queue) {
  std::map<std::string, QueueEntry> newest;
  for (auto &e : queue.pending()) {
    auto it = newest.find(e.document.str());
    if (it == newest.end() || it->second.version < e.version)
      newest[e.document.str()] = e;
  }
  std::vector<QueueEntry> out;
  for (auto &[id, e] : newest)
    out.push_back(std::move(e));
  return out;
}

QueueEntry pending_entry(const ReviewQueue &queue, const DocumentId &document) {
  auto entry = queue.find_pending(document);
  if (!entry)
    throw Error(Reason::not_in_queue);
  return *entry;
}

std::string table(const std::vector<std::vector<std::string>> &rows) {
  std::vector<std::size_t> width;
  for (const auto &row : rows)
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (width.size() <= i)
        width.push_back(0);
      width[i] = std::max(width[i], row[i].size());
    }
  std::string out;
  for (const auto &row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size())
        line += std::string(width[i] - row[i].size() + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ')
      line.pop_back();
    out += line + "\n";
  }
  return out;
}

std::string number_text(double value, int decimals) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

std::string value_text(const Json &value) {
  if (value.is_string())
    return printable(value.get<std::string>());
  if (value.is_object()) {
    // Checkboxes: {label: checked}.
    std::vector<std::string> items;
    for (const auto &[label, checked] : value.items())
      items.push_back(printable(label) + ": " +
                      (checked.is_boolean() && checked.get<bool>() ? "checked" : "unchecked"));
    return joined(items, "; ");
  }
  if (value.is_null())
    return "-";
  return printable(to_json_text(value));
}

std::optional<std::array<double, 4>> box_of(const Json &field) {
  auto it = field.find("box");
  if (it == field.end() || !it->is_array() || it->size() != 4)
    return std::nullopt;
  std::array<double, 4> b{};
  for (std::size_t i = 0; i < 4; ++i) {
    if (!(*it)[i].is_number())
      return std::nullopt;
    b[i] = (*it)[i].get<double>();
  }
  return b;
}

const Json *page_of(const Json &phi, int number) {
  auto pages = phi.find("pages");
  if (pages == phi.end() || !pages->is_array())
    return nullptr;
  for (const auto &p : *pages)
    if (p.is_object() && p.value("page", 0) == number)
      return &p;
  return nullptr;
}

bool is_plain_name(std::string_view name) {
  if (name.empty() || name.size() > 64)
    return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// The page region around each field, rendered from the vault source by MuPDF, with the field's
// box framed, written as PNG (mode 0600: it is PHI in the clear, for the reviewer's eyes).
class FieldImages {
public:
  FieldImages(const Vault &vault, Json source, fs::path dir, int dpi)
      : vault_(vault), source_(std::move(source)), dir_(std::move(dir)), dpi_(dpi) {}

  std::string write(const DocumentId &document, std::uint32_t version, const std::string &field,
                    std::size_t index, int page, const std::array<double, 4> &box, double context) {
    open();
    ocr::Box region{box[0] - context, box[1] - context, box[2] + context, box[3] + context};
    auto rendered = ocr::render_region(mupdf_, *document_, page - 1, region, dpi_);
    ocr::PixPtr colour(pixConvertTo32(rendered.image.get()));
    if (!colour)
      throw Error(Reason::internal, "cannot convert a page image");
    const auto &m = rendered.image_to_page;
    if (m.b == 0 && m.c == 0 && m.a > 0 && m.d > 0) {
      // Page space back to the crop's pixels.
      int x0 = static_cast<int>(std::floor((box[0] - m.e) / m.a)) - 2;
      int y0 = static_cast<int>(std::floor((box[1] - m.f) / m.d)) - 2;
      int x1 = static_cast<int>(std::ceil((box[2] - m.e) / m.a)) + 2;
      int y1 = static_cast<int>(std::ceil((box[3] - m.f) / m.d)) + 2;
      if (BOX *frame = boxCreate(x0, y0, x1 - x0, y1 - y0)) {
        pixRenderBoxArb(colour.get(), frame, 2, 220, 0, 0);
        boxDestroy(&frame);
      }
    }
    l_uint8 *data = nullptr;
    size_t size = 0;
    if (pixWriteMem(&data, &size, colour.get(), IFF_PNG) != 0 || !data)
      throw Error(Reason::internal, "cannot encode a page image");
    std::string name = document.str() + ".v" + std::to_string(version) + "." +
                       (is_plain_name(field) ? field : "field" + std::to_string(index)) + ".png";
    try {
      write_file_atomically(dir_ / name, ByteView(data, size));
    } catch (...) {
      lept_free(data);
      throw;
    }
    lept_free(data);
    return name;
  }

private:
  void open() {
    if (document_)
      return;
    if (!source_.is_object() || !source_.contains("object"))
      throw Error(Reason::compartment_malformed, "the record has no source");
    bytes_ = vault_.get(ObjectId::parse(source_.value("object", "")));
    document_ = std::make_unique<pdf::MupdfDocument>(mupdf_, bytes_.view(),
                                                     source_.value("mime", "application/pdf"));
    make_directories(dir_);
  }

  const Vault &vault_;
  Json source_;
  fs::path dir_;
  int dpi_;
  pdf::MupdfContext mupdf_;
  Secret bytes_;
  std::unique_ptr<pdf::MupdfDocument> document_;
};

ExtractedField *find_field(std::vector<ExtractedField> &fields, std::string_view name) {
  for (auto &f : fields)
    if (f.name == name)
      return &f;
  return nullptr;
}

void remove_reasons(ExtractedField &f, bool (*which)(std::string_view)) {
  f.reasons.erase(std::remove_if(f.reasons.begin(), f.reasons.end(),
                                 [&](const std::string &r) { return which(r); }),
                  f.reasons.end());
}

bool may_clear(std::string_view reason) { return reviewer_may_clear(reason); }

// A typed correction, read by the field's kind and the policy as mi-extract reads a value.
void correct_field(std::vector<ExtractedField> &fields, const std::string &name,
                   const std::string &typed, const DocumentTypeRule &type,
                   const ExtractRules &rules, CivilDate today) {
  ExtractedField *f = find_field(fields, name);
  ExtractedField corrected;
  if (f)
    corrected = *f;
  corrected.name = name;
  corrected.fixes = {"corrected"};
  corrected.confidence = 1;
  corrected.source = "review";
  if (name == "signature_status") {
    // Decided by looking at the page: a reviewer may say whether it is signed.
    if (type.signature != DocumentTypeRule::Signature::required || !f)
      throw Error(Reason::usage, "signature_status can be set only where the policy requires a "
                                 "signature and mi-extract looked for one");
    if (typed != "signed" && typed != "unsigned")
      throw Error(Reason::usage, "signature_status is set to signed or unsigned");
    corrected.value = typed;
    corrected.normalized = typed;
    corrected.reasons.clear();
  } else {
    auto rule = rules.fields.find(name);
    if (rule == rules.fields.end() ||
        std::find(type.fields.begin(), type.fields.end(), name) == type.fields.end())
      throw Error(Reason::usage, "--set names a field this document type does not have "
                                 "(checkboxes are confirmed with --accept)");
    ParsedValue parsed = parse_typed_value(rule->second.kind, typed, rules, today);
    corrected.value = parsed.value.empty() ? typed : parsed.value;
    corrected.normalized = parsed.ok ? parsed.normalized : std::string();
    corrected.reasons = parsed.reasons;
    if (!parsed.ok && corrected.reasons.empty())
      corrected.reasons.push_back(reason::typed_value_malformed);
    if (!f && !fields.empty())
      corrected.page = fields.front().page; // the document's first page; no box
  }
  if (f)
    *f = std::move(corrected);
  else
    fields.push_back(std::move(corrected));
}

Json open_object(const Envelope &envelope, std::string_view compartment, const Keyring &keys) {
  Json j = envelope.open(compartment, keys);
  if (!j.is_object())
    throw Error(Reason::compartment_malformed, "compartments are JSON objects");
  return j;
}

Json history_item(const Envelope &envelope, const Keyring &keys, std::string_view state) {
  Json ops = open_object(envelope, "ops", keys);
  const auto &h = envelope.header();
  Json item = {{"version", h.document_version},
               {"record", h.record.str()},
               {"parent", h.parent ? Json(h.parent->str()) : Json(nullptr)},
               {"stage", h.stage.str()},
               {"status", ops.value("status", "")},
               {"reasons", strings_of(ops.value("reasons", Json::array()))},
               {"state", state}};
  if (ops.contains("review") && ops["review"].is_object())
    item["review"] = ops["review"];
  return item;
}

} // namespace

bool reviewer_may_clear(std::string_view reason) noexcept {
  for (std::string_view r :
       {reason::below_confidence, reason::conflicting_values, reason::signature_unclear,
        reason::checkbox_unclear, reason::missing_required, reason::document_type_revised})
    if (reason == r)
      return true;
  return false;
}

UserId parse_reviewer(std::string_view text) {
  if (!is_valid_id(IdKind::user, text))
    throw Error(Reason::usage, "--reviewer takes an operator id: letters, digits, . _ - @ "
                               "(at most 64)");
  return UserId::parse(text);
}

std::vector<std::pair<std::string, std::string>>
parse_assignments(const std::vector<std::string> &arguments, int input_fd) {
  std::vector<std::pair<std::string, std::string>> out;
  std::optional<LineReader> input;
  for (const auto &argument : arguments) {
    auto equals = argument.find('=');
    if (equals == std::string::npos || equals == 0 ||
        !is_plain_name(std::string_view(argument).substr(0, equals)))
      throw Error(Reason::usage, "--set takes FIELD=VALUE, FIELD as the policy names it");
    std::string value = argument.substr(equals + 1);
    if (value == "-") {
      if (!input)
        input.emplace(input_fd, 64 * 1024);
      auto line = input->next();
      if (!line || line->too_long)
        throw Error(Reason::usage, "--set FIELD=- reads one line of stdin per such field");
      value = std::move(line->text);
      if (!value.empty() && value.back() == '\r')
        value.pop_back();
    }
    while (!value.empty() && value.back() == ' ')
      value.pop_back();
    while (!value.empty() && value.front() == ' ')
      value.erase(value.begin());
    if (value.empty())
      throw Error(Reason::usage, "--set needs a value (a field cannot be set to nothing)");
    out.emplace_back(argument.substr(0, equals), std::move(value));
  }
  return out;
}

Reason parse_reject_reason(std::string_view code) {
  auto reason = reason_from_code(code);
  if (!reason || *reason == Reason::ok)
    throw Error(Reason::usage, "--reject takes one of mi's reason codes (see mi(7))");
  return *reason;
}

DocumentId parse_document_id(std::string_view text) {
  if (!is_valid_id(IdKind::document, text))
    throw Error(Reason::usage, "document ids look like doc_ followed by 26 characters");
  return DocumentId::parse(text);
}

ResolveRequest resolve_request(const ResolveArguments &arguments, int input_fd) {
  ResolveRequest r;
  r.document = parse_document_id(arguments.document);
  if (arguments.reviewer.empty())
    throw Error(Reason::usage, "resolve needs --reviewer ID (or $MI_REVIEWER)");
  r.reviewer = parse_reviewer(arguments.reviewer);
  r.accept = arguments.accept;
  for (const auto &name : r.accept)
    if (!is_plain_name(name))
      throw Error(Reason::usage, "--accept takes a field name as the policy names it");
  r.accept_all = arguments.accept_all;
  if (!arguments.reject.empty())
    r.reject = parse_reject_reason(arguments.reject);
  r.set = parse_assignments(arguments.set, input_fd);
  r.today = today_utc();
  if (arguments.today) {
    auto parsed = parse_iso_date(*arguments.today);
    if (!parsed)
      throw Error(Reason::usage, "--today takes a date as YYYY-MM-DD");
    r.today = *parsed;
  }
  return r;
}

std::string format_age(std::int64_t seconds) {
  if (seconds < 60)
    return std::to_string(std::max<std::int64_t>(seconds, 0)) + "s";
  if (seconds < 3600)
    return std::to_string(seconds / 60) + "m";
  if (seconds < 86400)
    return std::to_string(seconds / 3600) + "h";
  return std::to_string(seconds / 86400) + "d";
}

ListResult list_queue(const ReviewQueue &queue, const Keyring &keys, TimePoint at) {
  ListResult out;
  for (const auto &entry : newest_pending(queue)) {
    try {
      Envelope envelope = queue.load(entry);
      Json ops = open_object(envelope, "ops", keys);
      QueueListing l;
      l.document = entry.document;
      l.version = envelope.header().document_version;
      l.document_type = ops.value("document_type", "unknown");
      if (ops.contains("pages") && ops["pages"].is_array() && ops["pages"].size() == 2 &&
          ops["pages"][0].is_number_integer() && ops["pages"][1].is_number_integer()) {
        l.first_page = ops["pages"][0].get<int>();
        l.last_page = ops["pages"][1].get<int>();
      }
      l.status = ops.value("status", "");
      l.reasons = strings_of(ops.value("reasons", Json::array()));
      if (ops.contains("extract") && ops["extract"].is_object() &&
          ops["extract"].contains("fields") && ops["extract"]["fields"].is_object())
        for (const auto &[name, field] : ops["extract"]["fields"].items())
          if (!field.is_object() || field.value("status", "") != "accepted")
            l.fields.push_back(name);
      // Age: since the document's first version entered the queue.
      l.queued = file_time(entry.file);
      for (const auto &old : queue.history(entry.document))
        l.queued = std::min(l.queued, file_time(old.file));
      l.age_seconds = std::max<std::int64_t>(0, (at - l.queued).count());
      out.documents.push_back(std::move(l));
    } catch (const Error &e) {
      if (e.exit_status() == exit_status::permission)
        throw;
      Log::report(Severity::warning, e, {},
                  {Field("doc", entry.document), Field("version", entry.version)});
      ++out.unreadable;
    }
  }
  return out;
}

std::string format_listing_table(const std::vector<QueueListing> &documents) {
  std::vector<std::vector<std::string>> rows{
      {"DOC", "VER", "TYPE", "PAGES", "STATUS", "AGE", "REASONS", "FIELDS"}};
  for (const auto &l : documents)
    rows.push_back(
        {l.document.str(), std::to_string(l.version), printable(l.document_type),
         l.first_page ? std::to_string(l.first_page) + "-" + std::to_string(l.last_page) : "-",
         printable(l.status), format_age(l.age_seconds),
         l.reasons.empty() ? "-" : printable(joined(l.reasons, ",")),
         l.fields.empty() ? "-" : printable(joined(l.fields, ","))});
  return table(rows);
}

Json listing_to_json(const QueueListing &l) {
  return {{"doc", l.document.str()},
          {"version", l.version},
          {"document_type", l.document_type},
          {"pages", l.first_page ? Json::array({l.first_page, l.last_page}) : Json(nullptr)},
          {"status", l.status},
          {"reasons", l.reasons},
          {"fields", l.fields},
          {"queued", format_time(l.queued)},
          {"age_seconds", l.age_seconds}};
}

std::vector<std::string> words_around(const Json &page, const std::array<double, 4> &r,
                                      double context) {
  struct Placed {
    double u, v, height; // centre and height in the upright frame (text reads along u)
    double half_length;  // half the word's extent along u
    std::string text;
    bool own;
  };
  std::vector<Placed> placed;
  auto words = page.find("words");
  if (words == page.end() || !words->is_array())
    return {};
  int turn = page.value("content_rotation", 0);
  for (const auto &w : *words) {
    if (!w.is_object() || !w.contains("text") || !w["text"].is_string())
      continue;
    auto b = box_of(w);
    if (!b)
      continue;
    double cx = ((*b)[0] + (*b)[2]) / 2, cy = ((*b)[1] + (*b)[3]) / 2;
    if (cx < r[0] - context || cx > r[2] + context || cy < r[1] - context || cy > r[3] + context)
      continue;
    // A point of slack: boxes are rounded to 1/100 pt and the field's box is their union.
    bool own = cx >= r[0] - 1 && cx <= r[2] + 1 && cy >= r[1] - 1 && cy <= r[3] + 1;
    // Turned the way that makes the page's text upright (only the order matters here).
    double w_pt = (*b)[2] - (*b)[0], h_pt = (*b)[3] - (*b)[1];
    Placed p{cx, cy, h_pt, w_pt / 2, printable(w["text"].get<std::string>()), own};
    if (turn == 90)
      p = {-cy, cx, w_pt, h_pt / 2, p.text, own};
    else if (turn == 180)
      p = {-cx, -cy, h_pt, w_pt / 2, p.text, own};
    else if (turn == 270)
      p = {cy, -cx, w_pt, h_pt / 2, p.text, own};
    placed.push_back(std::move(p));
  }
  // Reading order: lines top to bottom (words whose centres are within half a word's height of
  // the line's), words left to right within a line.
  std::stable_sort(placed.begin(), placed.end(),
                   [](const Placed &a, const Placed &b) { return a.v < b.v; });
  std::vector<std::vector<Placed>> lines;
  double line_v = 0, line_height = 0;
  for (auto &p : placed) {
    if (lines.empty() || std::abs(p.v - line_v) > 0.5 * std::max(p.height, line_height)) {
      lines.emplace_back();
      line_v = p.v;
      line_height = p.height;
    }
    lines.back().push_back(std::move(p));
  }
  std::vector<std::string> out;
  for (auto &words_of_line : lines) {
    std::stable_sort(words_of_line.begin(), words_of_line.end(),
                     [](const Placed &a, const Placed &b) { return a.u < b.u; });
    std::string line;
    bool marking = false;
    for (std::size_t i = 0; i < words_of_line.size(); ++i) {
      const auto &p = words_of_line[i];
      if (marking && !p.own) {
        line += "]]";
        marking = false;
      }
      if (i > 0) {
        // A wide gap (another column of the form) shows as one.
        const auto &prev = words_of_line[i - 1];
        double gap = (p.u - p.half_length) - (prev.u + prev.half_length);
        line += gap > 2 * std::max(p.height, 1.0) ? "   " : " ";
      }
      if (p.own && !marking) {
        line += "[[";
        marking = true;
      }
      line += p.text;
    }
    if (marking)
      line += "]]";
    out.push_back(std::move(line));
  }
  return out;
}

Json show_document(const ReviewQueue &queue, const DocumentId &document, const Keyring &keys,
                   AuditLog &audit, const std::optional<UserId> &reviewer,
                   const ShowOptions &options, const Vault *vault) {
  QueueEntry entry = pending_entry(queue, document);
  Envelope envelope = queue.load(entry);
  Json ops = open_object(envelope, "ops", keys);
  Json phi = open_object(envelope, "phi", keys);
  if (!phi.contains("fields") || !phi["fields"].is_object())
    throw Error(Reason::stage_missing, "the document has no fields (run mi-extract first)");
  const auto &h = envelope.header();
  std::vector<Field> audit_fields{Field("doc", h.document),
                                  Field("trace", h.trace),
                                  Field("record", h.record),
                                  Field("version", h.document_version),
                                  Field("fields", phi["fields"].size()),
                                  Field("images", options.image_dir.has_value())};
  if (reviewer)
    audit_fields.push_back(Field("reviewer", *reviewer));
  // Audited before anything is shown: the view is PHI in the clear.
  audit.record("review.show", AuditOutcome::ok, Reason::ok, audit_fields);

  std::optional<FieldImages> images;
  if (options.image_dir && vault)
    images.emplace(*vault, phi.contains("source") ? phi["source"] : Json(nullptr),
                   *options.image_dir, options.image_dpi);

  Json missing = Json::array();
  if (ops.contains("extract") && ops["extract"].is_object() && ops["extract"].contains("fields"))
    for (const auto &[name, field] : ops["extract"]["fields"].items())
      if (field.is_object() && field.value("status", "") == "missing")
        missing.push_back(name);

  // Fields needing review first, then the accepted ones, each group by name.
  std::vector<std::pair<std::string, const Json *>> order;
  for (const auto &[name, field] : phi["fields"].items())
    order.emplace_back(name, &field);
  std::stable_sort(order.begin(), order.end(), [](const auto &a, const auto &b) {
    return (a.second->value("status", "") == "accepted") <
           (b.second->value("status", "") == "accepted");
  });
  Json fields = Json::array();
  std::size_t index = 0;
  for (const auto &[name, field] : order) {
    ++index;
    if (!field->is_object())
      continue;
    Json item = *field;
    item["name"] = name;
    auto box = box_of(*field);
    int page = field->value("page", 0);
    Json context = Json::array();
    if (box)
      if (const Json *p = page_of(phi, page))
        for (auto &line : words_around(*p, *box, options.context_points))
          context.push_back(std::move(line));
    item["context"] = context;
    if (images && box && page > 0)
      item["image"] = images->write(h.document, h.document_version, name, index, page, *box,
                                    options.context_points);
    fields.push_back(std::move(item));
  }
  return {{"doc", h.document.str()},
          {"version", h.document_version},
          {"record", h.record.str()},
          {"document_type", ops.value("document_type", "unknown")},
          {"pages", ops.contains("pages") ? ops["pages"] : Json(nullptr)},
          {"status", ops.value("status", "")},
          {"reasons", strings_of(ops.value("reasons", Json::array()))},
          {"missing", missing},
          {"fields", fields}};
}

std::string format_document_view(const Json &view) {
  std::string out = view.value("doc", "") + " v" + std::to_string(view.value("version", 0)) + "  " +
                    printable(view.value("document_type", ""));
  const Json &pages = view["pages"];
  if (pages.is_array() && pages.size() == 2)
    out += "  pages " + pages[0].dump() + "-" + pages[1].dump();
  out += "  " + printable(view.value("status", ""));
  auto reasons = strings_of(view["reasons"]);
  if (!reasons.empty())
    out += " (" + printable(joined(reasons, ", ")) + ")";
  out += "\n";
  auto missing = strings_of(view["missing"]);
  if (!missing.empty())
    out += "missing: " + printable(joined(missing, ", ")) + "\n";
  for (const auto &f : view["fields"]) {
    out += "\n" + printable(f.value("name", "")) + ": " + printable(f.value("status", ""));
    auto field_reasons = strings_of(f.value("reasons", Json::array()));
    if (!field_reasons.empty())
      out += " (" + printable(joined(field_reasons, ", ")) + ")";
    out += "\n  value:       " + value_text(f.value("value", Json(nullptr)));
    out += "\n  normalized:  " + value_text(f.value("normalized", Json(nullptr)));
    out += "\n  confidence:  " + number_text(f.value("confidence", 0.0), 3) + "  source " +
           printable(f.value("source", "")) + "  page " + std::to_string(f.value("page", 0));
    if (auto box = box_of(f))
      out += "  box [" + number_text((*box)[0], 1) + ", " + number_text((*box)[1], 1) + ", " +
             number_text((*box)[2], 1) + ", " + number_text((*box)[3], 1) + "]";
    auto fixes = strings_of(f.value("fixes", Json::array()));
    if (!fixes.empty())
      out += "\n  fixes:       " + printable(joined(fixes, ", "));
    if (f.contains("image"))
      out += "\n  image:       " + printable(f["image"].get<std::string>());
    const auto &context = f["context"];
    if (context.is_array() && !context.empty()) {
      out += "\n  context:";
      for (const auto &line : context)
        out += "\n    | " + line.get<std::string>();
    }
    out += "\n";
  }
  return out;
}

ResolveOutcome resolve_document(const ResolveContext &ctx, const ResolveRequest &request) {
  bool edits = request.accept_all || !request.accept.empty() || !request.set.empty();
  if (!edits && !request.reject)
    throw Error(Reason::usage, "give --accept, --accept-all, --set or --reject");
  if (edits && request.reject)
    throw Error(Reason::usage, "--reject closes the document: it takes no --accept or --set");
  QueueEntry entry = pending_entry(ctx.queue, request.document);
  Envelope old = ctx.queue.load(entry);
  const auto &h = old.header();
  ResolveOutcome outcome;

  if (request.reject) {
    std::string line = old.serialize();
    if (ctx.rejects) {
      RejectInput in;
      in.reason = *request.reject;
      in.detail = "closed by a reviewer";
      in.header = &h;
      in.sealed_envelope = line;
      ctx.rejects->reject(in);
    }
    ctx.queue.resolve(entry, nullptr);
    ctx.audit.record("review.reject", AuditOutcome::rejected, *request.reject,
                     {Field("doc", h.document), Field("trace", h.trace), Field("record", h.record),
                      Field("version", h.document_version), Field("reviewer", request.reviewer)});
    outcome.status = "rejected";
    return outcome;
  }

  Json ops = open_object(old, "ops", ctx.keys);
  Json phi = open_object(old, "phi", ctx.keys);
  if (!phi.contains("fields") || !phi["fields"].is_object())
    throw Error(Reason::stage_missing, "the document has no fields (run mi-extract first)");
  std::string document_type = ops.value("document_type", "unknown");
  const DocumentTypeRule *type = ctx.rules.document_type(document_type);
  auto refused = [&](std::string_view code, std::string pointer) {
    ctx.audit.record("review.resolve", AuditOutcome::rejected, Reason::correction_invalid,
                     {Field("doc", h.document), Field("trace", h.trace), Field("record", h.record),
                      Field("version", h.document_version), Field("reviewer", request.reviewer),
                      Field("gate", reason_text(code))});
    refuse(code, std::move(pointer));
  };
  if (!type)
    refused(reason::unknown_document_type, "/extract/document_types");

  DocumentFields document;
  document.fields = fields_from_phi(phi["fields"]);
  std::set<std::string> corrected;
  for (const auto &[name, typed] : request.set) {
    correct_field(document.fields, name, typed, *type, ctx.rules, request.today);
    corrected.insert(name);
  }
  // The hard gates, exactly as mi-extract applied them, over the fields as they now stand.
  for (auto &f : document.fields)
    remove_reasons(f, [](std::string_view r) { return depends_on_other_fields(r); });
  apply_gates(document.fields, document_type, ctx.rules, request.today);
  for (const auto &[name, typed] : request.set) {
    const ExtractedField *f = find_field(document.fields, name);
    if (f && !f->reasons.empty())
      refused(f->reasons.front(), field_pointer(name));
  }

  std::vector<std::string> confirm;
  for (const auto &name : request.accept)
    if (!corrected.contains(name))
      add_unique(confirm, name);
  if (request.accept_all)
    for (const auto &f : document.fields)
      if (!f.reasons.empty() && !corrected.contains(f.name))
        add_unique(confirm, f.name);
  for (const auto &name : type->required)
    if (!find_field(document.fields, name) && request.accept_all)
      refused(reason::missing_required,
              "/extract/document_types/" +
                  (is_plain_name(document_type) ? document_type : std::string("type")) +
                  "/required");
  for (const auto &name : confirm) {
    ExtractedField *f = find_field(document.fields, name);
    if (!f) {
      if (std::find(type->required.begin(), type->required.end(), name) != type->required.end())
        refused(reason::missing_required, field_pointer(name));
      throw Error(Reason::usage, "--accept names a field this document does not have");
    }
    for (const auto &r : f->reasons)
      if (!reviewer_may_clear(r))
        refused(r, field_pointer(name));
    remove_reasons(*f, may_clear);
    add_unique(f->fixes, "reviewed");
    f->source = "review";
  }

  for (const auto &name : type->required)
    if (!find_field(document.fields, name))
      document.missing.push_back(name);
  settle_status(document);
  outcome.status = document.status;
  outcome.corrected = corrected.size();
  outcome.confirmed = confirm.size();
  for (const auto &f : document.fields)
    outcome.still_needing_review += f.status == "accepted" ? 0 : 1;
  outcome.still_needing_review += document.missing.size();

  bool accepted = document.status == "accepted";
  ops["stage"] = "review";
  ops["extract"] = fields_to_ops(document);
  ops["status"] = document.status;
  ops["reasons"] = document.reasons;
  ops["review"] = {{"reviewer", request.reviewer.str()},
                   {"action", accepted ? "accepted" : "partial"},
                   {"supersedes", {{"record", h.record.str()}, {"version", h.document_version}}},
                   {"at", format_time(now())},
                   {"corrected", outcome.corrected},
                   {"confirmed", outcome.confirmed}};
  phi["fields"] = fields_to_phi(document);
  Envelope revision = old.revision(review_stage(), h.sequence);
  revision.seal("ops", ops, ctx.keys);
  revision.seal("phi", phi, ctx.keys);

  if (accepted) {
    ctx.queue.resolve(entry, &revision);
  } else {
    // The new version waits in the old one's place; filed first, so a crash in between leaves
    // both pending (the newer one is the one shown), never neither.
    if (!ctx.queue.enqueue(revision))
      throw Error(Reason::io_failed, "a newer version of the document was already reviewed");
    ctx.queue.resolve(entry, nullptr);
  }
  const auto &nh = revision.header();
  ctx.audit.record("review.resolve", AuditOutcome::ok, Reason::ok,
                   {Field("doc", h.document), Field("trace", h.trace), Field("record", nh.record),
                    Field("parent", h.record), Field("version", nh.document_version),
                    Field("supersedes_version", h.document_version),
                    Field("reviewer", request.reviewer), Field("corrected", outcome.corrected),
                    Field("confirmed", outcome.confirmed), Field("accepted", accepted),
                    Field("fields_needing_review", outcome.still_needing_review)});
  outcome.revision = std::move(revision);
  return outcome;
}

Json document_history(const ReviewQueue &queue, const DocumentId &document, const Keyring &keys) {
  Json versions = Json::array();
  for (const auto &entry : queue.history(document))
    versions.push_back(history_item(queue.load(entry), keys, "resolved"));
  for (const auto &entry : queue.pending())
    if (entry.document == document)
      versions.push_back(history_item(queue.load(entry), keys, "pending"));
  if (versions.empty())
    throw Error(Reason::not_in_queue);
  return {{"doc", document.str()}, {"versions", versions}};
}

std::string format_history_table(const Json &history) {
  std::vector<std::vector<std::string>> rows{
      {"VER", "STATE", "STAGE", "STATUS", "RECORD", "REVIEWER", "REASONS"}};
  for (const auto &v : history["versions"]) {
    std::string reviewer = "-";
    if (v.contains("review") && v["review"].is_object())
      reviewer = printable(v["review"].value("reviewer", "-"));
    auto reasons = strings_of(v["reasons"]);
    rows.push_back({std::to_string(v.value("version", 0)), v.value("state", ""),
                    printable(v.value("stage", "")), printable(v.value("status", "")),
                    v.value("record", ""), reviewer,
                    reasons.empty() ? "-" : printable(joined(reasons, ","))});
  }
  return table(rows);
}

} // namespace mi::extract
