#include "core/atomic_file.hpp"

#include "core/crypto.hpp"
#include "core/error.hpp"

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace mi {
namespace {

class FileDescriptor {
public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0)
      ::close(fd_);
  }
  FileDescriptor(const FileDescriptor &) = delete;
  FileDescriptor &operator=(const FileDescriptor &) = delete;
  int get() const { return fd_; }
  bool close() {
    int fd = fd_;
    fd_ = -1;
    return ::close(fd) == 0;
  }

private:
  int fd_;
};

void sync_directory(const std::filesystem::path &dir) {
  FileDescriptor fd(::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() >= 0)
    (void)::fsync(fd.get());
}

} // namespace

bool write_all(int fd, ByteView data) {
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

void write_file_atomically(const std::filesystem::path &target, ByteView contents, mode_t mode) {
  auto dir = target.parent_path();
  // The temporary name is random, never derived from the target's name.
  auto temp = dir / (".tmp-" + base32_encode(crypto::random_bytes(10)));
  FileDescriptor fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode));
  if (fd.get() < 0)
    throw Error(errno == EACCES ? Reason::permission_denied : Reason::io_failed,
                "cannot create a temporary file");
  bool ok =
      ::fchmod(fd.get(), mode) == 0 && write_all(fd.get(), contents) && ::fsync(fd.get()) == 0;
  ok = fd.close() && ok;
  if (!ok || ::rename(temp.c_str(), target.c_str()) != 0) {
    ::unlink(temp.c_str());
    throw Error(Reason::io_failed, "cannot write file atomically");
  }
  sync_directory(dir);
}

std::string read_file(const std::filesystem::path &path) {
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0)
    throw Error(errno == EACCES ? Reason::permission_denied : Reason::input_missing);
  std::string out;
  char buffer[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      throw Error(Reason::io_failed, "reading a file failed");
    if (n == 0)
      break;
    out.append(buffer, static_cast<std::size_t>(n));
  }
  return out;
}

void make_directories(const std::filesystem::path &path, mode_t mode) {
  std::filesystem::path partial;
  for (const auto &part : path) {
    partial /= part;
    if (::mkdir(partial.c_str(), mode) != 0 && errno != EEXIST)
      throw Error(errno == EACCES ? Reason::permission_denied : Reason::io_failed,
                  "cannot create a directory");
  }
}

} // namespace mi
