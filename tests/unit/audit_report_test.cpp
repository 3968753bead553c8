#include "core/audit_report.hpp"

#include "test_support.hpp"

#include <sstream>

using namespace mi;

TEST_CASE("print_verification lists problems then a summary") {
  AuditVerification good;
  good.records = 10;
  good.checkpoints = 1;
  good.covered = 10;
  std::ostringstream out;
  print_verification(good, out);
  CHECK(out.str() == "ok: 10 records, 1 checkpoints, 10 covered by a signed checkpoint\n");

  AuditVerification bad;
  bad.records = 12;
  bad.checkpoints = 1;
  bad.covered = 10;
  bad.problems.push_back({4, Reason::audit_chain_broken, "prev does not match"});
  bad.problems.push_back({0, Reason::audit_head_missing, "the head file was removed"});
  std::ostringstream report;
  print_verification(bad, report);
  CHECK(report.str() == "record 4: audit_chain_broken: prev does not match\n"
                        "log: audit_head_missing: the head file was removed\n"
                        "FAILED: 12 records, 1 checkpoints, 10 covered by a signed checkpoint, "
                        "2 after the last checkpoint\n");
}

TEST_CASE("print_audit_records selects by action, action prefix, id and last N") {
  test::TempDir dir;
  auto keys = Keyring::create({"ops"});
  auto path = dir / "audit.log";
  auto doc = DocumentId::generate();
  {
    AuditLog log(path, "mi-test", keys);
    log.record("keys.init", AuditOutcome::ok, Reason::ok);
    log.record("keys.rotate", AuditOutcome::ok, Reason::ok);
    log.record("record.reject", AuditOutcome::rejected, Reason::envelope_malformed,
               {Field("doc", doc)});
    log.record("keysmith", AuditOutcome::ok, Reason::ok);
    log.record("record.reject", AuditOutcome::rejected, Reason::envelope_malformed,
               {Field("doc", DocumentId::generate())});
  } // + checkpoint: 6 lines
  auto count = [&](const AuditSelection &s, std::vector<std::string> *actions = nullptr) {
    std::ostringstream out;
    auto n = print_audit_records(path, s, out);
    auto lines = test::split_lines(out.str());
    CHECK(lines.size() == n);
    if (actions) {
      actions->clear();
      for (const auto &l : lines)
        actions->push_back(parse_json(l).value().value("action", "<checkpoint>"));
    }
    return n;
  };
  CHECK(count({}) == 6);
  AuditSelection s;
  s.action = "keys.";
  std::vector<std::string> actions;
  CHECK(count(s, &actions) == 2);
  CHECK(actions == std::vector<std::string>{"keys.init", "keys.rotate"});
  s.action = "keys";
  CHECK(count(s) == 0); // exact match only without a trailing '.'
  s.action = "keysmith";
  CHECK(count(s) == 1);
  s = {};
  s.id = doc.str();
  CHECK(count(s, &actions) == 1);
  CHECK(actions == std::vector<std::string>{"record.reject"});
  s = {};
  s.last = 2;
  CHECK(count(s, &actions) == 2);
  CHECK(actions == std::vector<std::string>{"record.reject", "<checkpoint>"});
  s.action = "record.";
  s.last = 1;
  CHECK(count(s) == 1);
  s = {};
  s.last = 0;
  CHECK(count(s) == 0);
  CHECK(test::reason_of([&] {
          std::ostringstream out;
          print_audit_records(dir / "missing.log", {}, out);
        }) == Reason::input_missing);
}
