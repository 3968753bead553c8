#include "core/review_queue.hpp"

#include "core/atomic_file.hpp"
#include "core/error.hpp"

#include <algorithm>
#include <charconv>
#include <system_error>

namespace mi {
namespace {

namespace fs = std::filesystem;

std::string file_name(const DocumentId &document, std::uint32_t version) {
  return document.str() + ".v" + std::to_string(version) + ".ndjson";
}

// "<doc>.v<version>.ndjson" back to its ids; anything else in the directory is ignored.
std::optional<QueueEntry> entry_from(const fs::path &file) {
  std::string name = file.filename().string();
  constexpr std::string_view suffix = ".ndjson";
  if (!name.ends_with(suffix))
    return std::nullopt;
  name.resize(name.size() - suffix.size());
  auto dot = name.rfind(".v");
  if (dot == std::string::npos)
    return std::nullopt;
  std::uint32_t version = 0;
  const char *first = name.data() + dot + 2, *last = name.data() + name.size();
  auto [end, ec] = std::from_chars(first, last, version);
  if (ec != std::errc() || end != last || version == 0)
    return std::nullopt;
  try {
    return QueueEntry{DocumentId::parse(name.substr(0, dot)), version, file};
  } catch (const Error &) {
    return std::nullopt;
  }
}

std::vector<QueueEntry> entries_in(const fs::path &dir) {
  std::vector<QueueEntry> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return out;
  for (const auto &item : fs::directory_iterator(dir, ec))
    if (item.is_regular_file())
      if (auto e = entry_from(item.path()))
        out.push_back(std::move(*e));
  std::sort(out.begin(), out.end(), [](const QueueEntry &a, const QueueEntry &b) {
    return a.document.str() != b.document.str() ? a.document.str() < b.document.str()
                                                : a.version < b.version;
  });
  return out;
}

} // namespace

ReviewQueue::ReviewQueue(std::filesystem::path root) : root_(std::move(root)) {}

bool ReviewQueue::enqueue(const Envelope &envelope) {
  const auto &h = envelope.header();
  std::error_code ec;
  if (fs::exists(root_ / "resolved" / file_name(h.document, h.document_version), ec))
    return false;
  make_directories(root_ / "pending");
  write_file_atomically(root_ / "pending" / file_name(h.document, h.document_version),
                        envelope.serialize() + "\n");
  return true;
}

std::vector<QueueEntry> ReviewQueue::pending() const { return entries_in(root_ / "pending"); }

std::optional<QueueEntry> ReviewQueue::find_pending(const DocumentId &document) const {
  std::optional<QueueEntry> newest;
  for (auto &e : pending())
    if (e.document == document && (!newest || e.version > newest->version))
      newest = e;
  return newest;
}

Envelope ReviewQueue::load(const QueueEntry &entry) const {
  std::string text = read_file(entry.file);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
    text.pop_back();
  return Envelope::parse(text);
}

void ReviewQueue::resolve(const QueueEntry &entry, const Envelope *replacement) {
  make_directories(root_ / "resolved");
  if (replacement) {
    const auto &h = replacement->header();
    write_file_atomically(root_ / "resolved" / file_name(h.document, h.document_version),
                          replacement->serialize() + "\n");
  }
  std::error_code ec;
  fs::rename(entry.file, root_ / "resolved" / entry.file.filename(), ec);
  if (ec)
    throw Error(Reason::io_failed, "cannot move a reviewed entry out of the queue");
}

std::vector<QueueEntry> ReviewQueue::history(const DocumentId &document) const {
  std::vector<QueueEntry> out;
  for (auto &e : entries_in(root_ / "resolved"))
    if (e.document == document)
      out.push_back(std::move(e));
  return out;
}

} // namespace mi
