#include "core/audit.hpp"

#include "core/atomic_file.hpp"
#include "core/json.hpp"

#include "test_support.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <set>
#include <thread>

using namespace mi;

namespace {

struct Expected {
  std::uint64_t record;
  Reason reason;
  friend auto operator<=>(const Expected &, const Expected &) = default;
};

std::set<Expected> problems_of(const AuditVerification &v) {
  std::set<Expected> out;
  for (const auto &p : v.problems)
    out.insert({p.record, p.reason});
  return out;
}

std::string describe(const AuditVerification &v) {
  std::string out;
  for (const auto &p : v.problems)
    out += "record " + std::to_string(p.record) + ": " + std::string(reason_code(p.reason)) + "; ";
  return out;
}

bool has(const AuditVerification &v, std::uint64_t record, Reason reason) {
  return problems_of(v).count({record, reason}) == 1;
}

// A good log of 17 lines: events 1-10, checkpoint 11, events 12-16, checkpoint 17 (the head).
struct GoodLog {
  test::TempDir dir;
  Keyring keys = Keyring::create({"ops"});
  std::filesystem::path path = dir / "audit.log";
  std::vector<std::string> lines;
  std::string head;
  std::set<std::uint64_t> checkpoints{11, 17};

  GoodLog() {
    AuditLog log(path, "mi-test", keys);
    for (int i = 0; i < 10; ++i)
      log.record("test.event", AuditOutcome::ok, Reason::ok, {Field("n", i)});
    log.checkpoint();
    for (int i = 10; i < 15; ++i)
      log.record("test.event", AuditOutcome::rejected, Reason::envelope_malformed, {Field("n", i)});
    log.checkpoint();
    lines = test::split_lines(test::read_text(path));
    head = test::read_text(audit_head_path(path));
  }

  // Verifies a modified copy of the log, with the original head file beside it.
  AuditVerification verify_copy(const std::vector<std::string> &changed, bool with_head = true) {
    test::TempDir copy;
    auto p = copy / "audit.log";
    test::write_text(p, test::join_lines(changed));
    if (with_head)
      test::write_text(audit_head_path(p), head);
    return verify_audit_log(p, keys);
  }
};

// Changes one character of a record while keeping it valid JSON: the tool name.
std::string edit_one_character(std::string line) {
  auto at = line.find("\"mi-test\"");
  REQUIRE(at != std::string::npos);
  line[at + 7] = 'u';
  return line;
}

} // namespace

TEST_CASE("a fresh log verifies, with checkpoints, head file and records built from fields") {
  GoodLog good;
  REQUIRE(good.lines.size() == 17);
  auto v = verify_audit_log(good.path, good.keys);
  INFO(describe(v));
  CHECK(v.ok());
  CHECK(v.records == 17);
  CHECK(v.checkpoints == 2);
  CHECK(v.covered == 17);
  auto first = parse_json(good.lines[0]).value();
  CHECK(first["seq"] == 1);
  CHECK(first["type"] == "event");
  CHECK(first["tool"] == "mi-test");
  CHECK(first["action"] == "test.event");
  CHECK(first["outcome"] == "ok");
  CHECK(first["reason"] == "ok");
  CHECK(first["ids"]["n"] == 0);
  CHECK(first["prev"] == std::string(64, '0'));
  CHECK(first["actor"].is_string());
  auto twelfth = parse_json(good.lines[11]).value();
  CHECK(twelfth["outcome"] == "rejected");
  CHECK(twelfth["reason"] == "envelope_malformed");
  auto checkpoint = parse_json(good.lines[10]).value();
  CHECK(checkpoint["type"] == "checkpoint");
  CHECK(checkpoint["key"] == good.keys.audit_signing_key().id.str());
  CHECK(checkpoint["sig"].is_string());
  CHECK(good.head == good.lines[16] + "\n");
}

TEST_CASE("checkpoint is a no-op with nothing new, and without a signing key") {
  test::TempDir dir;
  auto keys = Keyring::create({"ops"});
  auto path = dir / "audit.log";
  {
    AuditLog log(path, "mi-test", keys);
    log.checkpoint(); // nothing appended: no checkpoint
    CHECK_FALSE(std::filesystem::exists(path));
    log.record("a", AuditOutcome::ok, Reason::ok);
    log.checkpoint();
    log.checkpoint();
  }
  CHECK(test::split_lines(test::read_text(path)).size() == 2);

  // The destructor checkpoints as a fallback.
  {
    AuditLog log(path, "mi-test", keys);
    log.record("b", AuditOutcome::failed, Reason::io_failed);
  }
  auto lines = test::split_lines(test::read_text(path));
  REQUIRE(lines.size() == 4);
  CHECK(parse_json(lines[3]).value()["type"] == "checkpoint");
  CHECK(verify_audit_log(path, keys).ok());

  auto unsigned_path = dir / "unsigned.log";
  auto no_signer = keys.export_scoped({"ops", "audit-verify"});
  {
    AuditLog log(unsigned_path, "mi-test", no_signer);
    log.record("c", AuditOutcome::denied, Reason::key_not_held);
    log.checkpoint();
  }
  CHECK(test::split_lines(test::read_text(unsigned_path)).size() == 1);
  CHECK_FALSE(std::filesystem::exists(audit_head_path(unsigned_path)));
  auto v = verify_audit_log(unsigned_path, no_signer);
  CHECK(v.ok());
  CHECK(v.covered == 0);
  CHECK(parse_json(test::read_text(unsigned_path)).value()["outcome"] == "denied");
}

TEST_CASE("policy version is recorded and must be a plain name") {
  test::TempDir dir;
  auto keys = Keyring::create({"ops"});
  {
    AuditLog log(dir / "audit.log", "mi-test", keys);
    CHECK(test::reason_of([&] { log.set_policy_version("2026 Jane Doe"); }) ==
          Reason::policy_invalid);
    log.set_policy_version("2026.12.0");
    log.record("x", AuditOutcome::ok, Reason::ok);
  }
  auto first = parse_json(test::split_lines(test::read_text(dir / "audit.log"))[0]).value();
  CHECK(first["policy"] == "2026.12.0");
}

TEST_CASE("threads and processes appending at once keep one intact chain") {
  test::TempDir dir;
  auto keys = Keyring::create({"ops"});
  // Secrets are wiped in forked children (MADV_WIPEONFORK): each child loads the keyring from
  // its file, as a separate mi process would.
  keys.save(dir / "keyring.json", false);
  auto path = dir / "audit.log";
  constexpr int per_writer = 15;
  constexpr int processes = 3;
  constexpr int shared_threads = 3;

  // Fork before starting threads: a child of a multithreaded process may only call
  // async-signal-safe functions.
  std::vector<pid_t> children;
  for (int c = 0; c < processes; ++c) {
    pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      int status = 0;
      try {
        auto own_keys = Keyring::load(dir / "keyring.json");
        AuditLog log(path, "mi-child", own_keys);
        for (int i = 0; i < per_writer; ++i)
          log.record("test.child", AuditOutcome::ok, Reason::ok, {Field("i", i)});
        log.checkpoint();
      } catch (...) {
        status = 1;
      }
      ::_exit(status);
    }
    children.push_back(pid);
  }
  {
    AuditLog shared(path, "mi-thread", keys);
    std::vector<std::thread> threads;
    for (int t = 0; t < shared_threads; ++t)
      threads.emplace_back([&] {
        for (int i = 0; i < per_writer; ++i)
          shared.record("test.thread", AuditOutcome::ok, Reason::ok, {Field("i", i)});
      });
    threads.emplace_back([&] { // a second AuditLog on the same file in the same process
      AuditLog own(path, "mi-thread", keys);
      for (int i = 0; i < per_writer; ++i)
        own.record("test.thread", AuditOutcome::ok, Reason::ok, {Field("i", i)});
    });
    for (auto &t : threads)
      t.join();
  }
  for (auto pid : children) {
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
  }

  auto v = verify_audit_log(path, keys);
  INFO(describe(v));
  CHECK(v.ok());
  std::uint64_t events = 0, child_events = 0, checkpoints = 0;
  for (const auto &line : test::split_lines(test::read_text(path))) {
    auto r = parse_json(line).value();
    if (r["type"] == "checkpoint")
      ++checkpoints;
    else
      ++events;
    child_events += r.value("action", "") == "test.child";
  }
  CHECK(events == (processes + shared_threads + 1) * per_writer);
  CHECK(child_events == processes * per_writer);
  CHECK(checkpoints == v.checkpoints);
  CHECK(checkpoints >= processes + 2);
  CHECK(v.records == events + checkpoints);
  CHECK(v.covered == v.records); // the last writer checkpointed
}

TEST_CASE("editing any record is reported at the next record, or at a checkpoint itself") {
  GoodLog good;
  const auto n = good.lines.size();
  for (std::size_t k = 1; k <= n; ++k) {
    auto changed = good.lines;
    changed[k - 1] = edit_one_character(changed[k - 1]);
    auto v = good.verify_copy(changed);
    INFO("edited record ", k, ": ", describe(v));
    std::set<Expected> expected;
    if (good.checkpoints.count(k))
      expected.insert({k, Reason::audit_signature_invalid});
    if (k < n)
      expected.insert({k + 1, Reason::audit_chain_broken});
    else
      expected.insert({k, Reason::audit_head_missing}); // the head no longer matches the log
    CHECK(problems_of(v) == expected);
  }
}

TEST_CASE("deleting any record is reported where the gap is") {
  GoodLog good;
  const auto n = good.lines.size();
  for (std::size_t k = 1; k <= n; ++k) {
    auto changed = good.lines;
    changed.erase(changed.begin() + static_cast<std::ptrdiff_t>(k - 1));
    auto v = good.verify_copy(changed);
    INFO("deleted record ", k, ": ", describe(v));
    CHECK_FALSE(v.ok());
    if (k < n) {
      CHECK(has(v, k, Reason::audit_chain_broken));
      CHECK(has(v, k, Reason::audit_sequence_broken));
      CHECK(v.problems.front().record == k);
    }
    // The log now ends before the checkpoint its head names.
    CHECK(has(v, n - 1, Reason::audit_truncated));
  }
}

TEST_CASE("swapping two adjacent records is reported at the first of them") {
  GoodLog good;
  const auto n = good.lines.size();
  for (std::size_t k = 1; k < n; ++k) {
    auto changed = good.lines;
    std::swap(changed[k - 1], changed[k]);
    auto v = good.verify_copy(changed);
    INFO("swapped records ", k, " and ", k + 1, ": ", describe(v));
    CHECK(has(v, k, Reason::audit_sequence_broken));
    CHECK(has(v, k, Reason::audit_chain_broken));
    CHECK(v.problems.front().record == k);
  }
}

TEST_CASE("truncating the log after a checkpoint is reported against the head file") {
  GoodLog good;
  const auto n = good.lines.size();
  for (std::size_t drop : {1u, 2u, 5u, 6u, 7u, 12u, 16u, 17u}) {
    std::vector<std::string> changed(good.lines.begin(),
                                     good.lines.end() - static_cast<std::ptrdiff_t>(drop));
    auto v = good.verify_copy(changed);
    INFO("dropped the last ", drop, " lines: ", describe(v));
    CHECK(problems_of(v) == std::set<Expected>{{n - drop, Reason::audit_truncated}});
  }
}

TEST_CASE("an edited checkpoint signature is reported at that checkpoint") {
  GoodLog good;
  for (std::uint64_t k : good.checkpoints) {
    auto changed = good.lines;
    auto record = parse_json(changed[k - 1]).value();
    auto sig = base64_decode(record["sig"].get<std::string>()).value();
    sig[5] ^= 0x10;
    record["sig"] = base64_encode(sig);
    changed[k - 1] = to_json_text(record);
    auto v = good.verify_copy(changed);
    INFO("checkpoint ", k, ": ", describe(v));
    CHECK(has(v, k, Reason::audit_signature_invalid));
    CHECK(v.problems.front().record == k);
    if (k == 17)
      CHECK(v.covered == 11); // the earlier checkpoint still covers what came before it
  }
}

TEST_CASE("a removed or altered head file is reported") {
  GoodLog good;
  auto v = good.verify_copy(good.lines, false);
  CHECK(problems_of(v) == std::set<Expected>{{0, Reason::audit_head_missing}});

  test::TempDir copy;
  auto p = copy / "audit.log";
  test::write_text(p, test::join_lines(good.lines));
  test::write_text(audit_head_path(p), "garbage");
  CHECK(problems_of(verify_audit_log(p, good.keys)) ==
        std::set<Expected>{{0, Reason::audit_head_missing}});
  // A head naming the earlier checkpoint does not match the log's record at that position.
  test::write_text(audit_head_path(p), edit_one_character(good.lines[10]) + "\n");
  CHECK(problems_of(verify_audit_log(p, good.keys)) ==
        std::set<Expected>{{11, Reason::audit_head_missing}});
}

TEST_CASE("checkpoints do not verify with another keyring's audit key") {
  GoodLog good;
  auto stranger = Keyring::create({"ops"});
  auto v = verify_audit_log(good.path, stranger);
  CHECK(problems_of(v) == std::set<Expected>{{11, Reason::audit_signature_invalid},
                                             {17, Reason::audit_signature_invalid}});
  CHECK(v.covered == 0);
  // The public half alone is enough to verify.
  CHECK(verify_audit_log(good.path, good.keys.export_scoped({"audit-verify"})).ok());
}

TEST_CASE("garbage and incomplete lines are audit_malformed") {
  GoodLog good;
  auto changed = good.lines;
  changed[3] = "not json";
  auto v = good.verify_copy(changed);
  CHECK(has(v, 4, Reason::audit_malformed));
  CHECK(has(v, 5, Reason::audit_chain_broken));

  test::TempDir copy;
  auto p = copy / "audit.log";
  test::write_text(p, test::join_lines(good.lines) + "{\"seq\":18");
  CHECK(has(verify_audit_log(p, good.keys), 18, Reason::audit_malformed));
  // Appending after an incomplete last line is refused rather than chaining onto garbage.
  AuditLog log(p, "mi-test", good.keys);
  CHECK(test::reason_of([&] { log.record("x", AuditOutcome::ok, Reason::ok); }) ==
        Reason::audit_malformed);
  test::write_text(p, "");
  log.record("x", AuditOutcome::ok, Reason::ok);
  log.checkpoint();
  CHECK(verify_audit_log(p, good.keys).ok());
}

TEST_CASE("appending continues the chain of an existing log, across log objects") {
  GoodLog good;
  {
    AuditLog log(good.path, "mi-test", good.keys);
    log.record("more", AuditOutcome::ok, Reason::ok);
  }
  auto v = verify_audit_log(good.path, good.keys);
  INFO(describe(v));
  CHECK(v.ok());
  CHECK(v.records == 19);
  CHECK(audit_head_path(good.path).string() == good.path.string() + ".head");
}
