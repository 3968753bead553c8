#include "core/review_queue.hpp"

#include "stream_support.hpp"

#include <algorithm>

using namespace mi;

namespace {

namespace fs = std::filesystem;

struct QueueFixture {
  test::TempDir dir;
  Keyring keys = Keyring::create({"ops", "phi", "ids"});
  ReviewQueue queue{dir / "review"};

  Envelope document(std::uint64_t sequence = 1) { return test::make_envelope(keys, sequence); }

  // The next version of a document, as mi-review files a correction.
  Envelope revised(const Envelope &e) {
    Envelope next = e.revision(StageName::parse("review"), e.header().sequence);
    next.seal("ops", {{"status", "accepted"}}, keys);
    return next;
  }

  std::vector<std::string> files(const std::string &sub) const {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto &item : fs::directory_iterator(queue.root() / sub, ec))
      names.push_back(item.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }
};

std::string file_name(const Envelope &e) {
  return e.header().document.str() + ".v" + std::to_string(e.header().document_version) + ".ndjson";
}

} // namespace

TEST_CASE("an empty or absent queue has nothing pending and no history") {
  QueueFixture f;
  CHECK(f.queue.root() == f.dir / "review");
  CHECK(f.queue.pending().empty());
  CHECK_FALSE(f.queue.find_pending(DocumentId::generate()).has_value());
  CHECK(f.queue.history(DocumentId::generate()).empty());
  CHECK_FALSE(fs::exists(f.dir / "review")); // nothing is created by reading
}

TEST_CASE("enqueue files the envelope as pending/<doc>.v<version>.ndjson, as it travelled") {
  QueueFixture f;
  Envelope e = f.document();
  CHECK(f.queue.enqueue(e));
  CHECK(f.files("pending") == std::vector<std::string>{file_name(e)});
  CHECK(test::read_text(f.queue.root() / "pending" / file_name(e)) == e.serialize() + "\n");
  CHECK(test::read_text(f.queue.root() / "pending" / file_name(e)).find("Jane Canary") ==
        std::string::npos);

  auto entry = f.queue.find_pending(e.header().document);
  REQUIRE(entry.has_value());
  CHECK(entry->document == e.header().document);
  CHECK(entry->version == 1);
  CHECK(entry->file == f.queue.root() / "pending" / file_name(e));
  Envelope loaded = f.queue.load(*entry);
  CHECK(loaded.serialize() == e.serialize());
  CHECK(loaded.open("phi", f.keys)["patient_name"] == "Jane Canary");
}

TEST_CASE("enqueuing a version again replaces its entry") {
  QueueFixture f;
  Envelope e = f.document();
  REQUIRE(f.queue.enqueue(e));
  Envelope rerun = e.successor(StageName::parse("extract"), 7);
  rerun.seal("ops", {{"status", "needs_review"}}, f.keys);
  CHECK(f.queue.enqueue(rerun));
  CHECK(f.files("pending") == std::vector<std::string>{file_name(e)});
  auto pending = f.queue.pending();
  REQUIRE(pending.size() == 1);
  CHECK(f.queue.load(pending[0]).header().record == rerun.header().record);
}

TEST_CASE("pending lists entries by document id, then version; find_pending takes the newest") {
  QueueFixture f;
  std::vector<Envelope> docs;
  for (std::uint64_t i = 1; i <= 3; ++i) {
    docs.push_back(f.document(i));
    REQUIRE(f.queue.enqueue(docs.back()));
  }
  Envelope second_version = f.revised(docs[1]);
  REQUIRE(f.queue.enqueue(second_version));

  auto pending = f.queue.pending();
  REQUIRE(pending.size() == 4);
  for (std::size_t i = 1; i < pending.size(); ++i) {
    const auto &a = pending[i - 1], &b = pending[i];
    CHECK((a.document.str() < b.document.str() ||
           (a.document == b.document && a.version < b.version)));
  }
  auto newest = f.queue.find_pending(docs[1].header().document);
  REQUIRE(newest.has_value());
  CHECK(newest->version == 2);
  CHECK(f.queue.load(*newest).header().record == second_version.header().record);
  auto other = f.queue.find_pending(docs[0].header().document);
  REQUIRE(other.has_value());
  CHECK(other->version == 1);
}

TEST_CASE("resolve moves the entry to resolved/ with its replacement; history lists both") {
  QueueFixture f;
  Envelope e = f.document();
  REQUIRE(f.queue.enqueue(e));
  Envelope corrected = f.revised(e);
  CHECK(corrected.header().document_version == 2);
  auto entry = f.queue.find_pending(e.header().document);
  REQUIRE(entry.has_value());
  f.queue.resolve(*entry, &corrected);

  CHECK(f.files("pending").empty());
  CHECK(f.files("resolved") == std::vector<std::string>{file_name(e), file_name(corrected)});
  CHECK_FALSE(f.queue.find_pending(e.header().document).has_value());
  auto history = f.queue.history(e.header().document);
  REQUIRE(history.size() == 2);
  CHECK(history[0].version == 1);
  CHECK(history[1].version == 2);
  CHECK(f.queue.load(history[0]).serialize() == e.serialize());
  CHECK(f.queue.load(history[1]).serialize() == corrected.serialize());
  CHECK(f.queue.history(DocumentId::generate()).empty());
}

TEST_CASE("a rejected document is resolved without a replacement") {
  QueueFixture f;
  Envelope e = f.document();
  REQUIRE(f.queue.enqueue(e));
  f.queue.resolve(*f.queue.find_pending(e.header().document), nullptr);
  CHECK(f.files("pending").empty());
  CHECK(f.files("resolved") == std::vector<std::string>{file_name(e)});
  REQUIRE(f.queue.history(e.header().document).size() == 1);
}

TEST_CASE("a version already reviewed is not enqueued again") {
  QueueFixture f;
  Envelope e = f.document();
  REQUIRE(f.queue.enqueue(e));
  Envelope corrected = f.revised(e);
  f.queue.resolve(*f.queue.find_pending(e.header().document), &corrected);

  // The batch re-run: the same version comes back needing review.
  CHECK_FALSE(f.queue.enqueue(e));
  CHECK(f.files("pending").empty());
  // The correction is filed as resolved too: it is not re-opened either.
  CHECK_FALSE(f.queue.enqueue(corrected));
  // A later version is a new question.
  Envelope third = f.revised(corrected);
  CHECK(f.queue.enqueue(third));
  auto newest = f.queue.find_pending(e.header().document);
  REQUIRE(newest.has_value());
  CHECK(newest->version == 3);
}

TEST_CASE("files not named <doc>.v<version>.ndjson are ignored") {
  QueueFixture f;
  Envelope e = f.document();
  REQUIRE(f.queue.enqueue(e));
  const fs::path pending = f.queue.root() / "pending";
  const std::string doc = e.header().document.str();
  for (const std::string &name : std::vector<std::string>{
           "notes.txt", doc + ".ndjson", doc + ".vX.ndjson", doc + ".v0.ndjson",
           doc + ".v1.ndjson.tmp", doc + ".v-1.ndjson", doc + ".v1x.ndjson", "bad-id.v1.ndjson",
           ".v1.ndjson", doc + ".v99999999999.ndjson"})
    test::write_text(pending / name, "not an envelope\n");
  fs::create_directory(pending / (DocumentId::generate().str() + ".v1.ndjson"));
  auto entries = f.queue.pending();
  REQUIRE(entries.size() == 1);
  CHECK(entries[0].document == e.header().document);
  CHECK(entries[0].version == 1);
}

TEST_CASE("loading a vanished or damaged entry fails with its reason") {
  QueueFixture f;
  Envelope e = f.document();
  REQUIRE(f.queue.enqueue(e));
  auto entry = *f.queue.find_pending(e.header().document);
  test::write_text(entry.file, "{\"not\":\"an envelope\"}\n");
  CHECK(test::reason_of([&] { f.queue.load(entry); }) == Reason::envelope_malformed);
  fs::remove(entry.file);
  CHECK(test::reason_of([&] { f.queue.load(entry); }) == Reason::input_missing);
  // Resolving an entry that is gone is an I/O failure, not a silent success.
  CHECK(test::reason_of([&] { f.queue.resolve(entry, nullptr); }) == Reason::io_failed);
}
