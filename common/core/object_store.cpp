#include "core/object_store.hpp"

#include "core/atomic_file.hpp"
#include "core/error.hpp"

#include <algorithm>

namespace mi {
namespace {

bool is_valid_object_name(const std::string &name) {
  if (name.empty() || name.size() > 128 || name.front() == '.')
    return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
  });
}

} // namespace

DirectoryObjectStore::DirectoryObjectStore(std::filesystem::path root) : root_(std::move(root)) {
  make_directories(root_);
}

std::filesystem::path DirectoryObjectStore::path_of(const std::string &name) const {
  if (!is_valid_object_name(name))
    throw Error(Reason::internal, "invalid object name");
  // Shard on the characters after the kind prefix so one directory never grows without bound.
  auto underscore = name.find('_');
  auto shard = name.substr(underscore == std::string::npos ? 0 : underscore + 1, 2);
  return root_ / shard / name;
}

void DirectoryObjectStore::put(const std::string &name, ByteView bytes) {
  auto path = path_of(name);
  make_directories(path.parent_path());
  write_file_atomically(path, bytes, 0600);
}

std::optional<Bytes> DirectoryObjectStore::get(const std::string &name) const {
  auto path = path_of(name);
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    return std::nullopt;
  auto text = read_file(path);
  return Bytes(text.begin(), text.end());
}

bool DirectoryObjectStore::exists(const std::string &name) const {
  std::error_code ec;
  return std::filesystem::exists(path_of(name), ec);
}

bool DirectoryObjectStore::remove(const std::string &name) {
  std::error_code ec;
  return std::filesystem::remove(path_of(name), ec);
}

std::vector<std::string> DirectoryObjectStore::list() const {
  std::vector<std::string> names;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(root_, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file())
      continue;
    auto name = it->path().filename().string();
    if (is_valid_object_name(name))
      names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

} // namespace mi
