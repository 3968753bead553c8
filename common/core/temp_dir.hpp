#pragma once
// A private (0700) directory with a random name that is removed, with everything in it, when
// the object goes out of scope. For the few libraries that insist on writing files (libclamav
// unpacking nested archives); nothing of mi's own ever touches a temporary file.

#include <filesystem>

namespace mi {

class PrivateTempDir {
public:
  explicit PrivateTempDir(const std::filesystem::path &parent);
  ~PrivateTempDir();
  PrivateTempDir(const PrivateTempDir &) = delete;
  PrivateTempDir &operator=(const PrivateTempDir &) = delete;
  const std::filesystem::path &path() const noexcept { return path_; }

private:
  std::filesystem::path path_;
};

} // namespace mi
