#include "core/temp_dir.hpp"

#include "core/atomic_file.hpp"
#include "core/crypto.hpp"
#include "core/error.hpp"

#include <sys/stat.h>

namespace mi {

PrivateTempDir::PrivateTempDir(const std::filesystem::path &parent) {
  make_directories(parent);
  path_ = parent / ("tmp-" + base32_encode(crypto::random_bytes(10)));
  if (::mkdir(path_.c_str(), 0700) != 0)
    throw Error(Reason::io_failed, "cannot create a private temporary directory");
}

PrivateTempDir::~PrivateTempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

} // namespace mi
