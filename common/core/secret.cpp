#include "core/secret.hpp"

#include "core/error.hpp"

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cstring>
#include <utility>

namespace mi {

void wipe(void *data, std::size_t size) noexcept {
  if (data && size)
    OPENSSL_cleanse(data, size);
}

void protect_process_memory() noexcept { prctl(PR_SET_DUMPABLE, 0, 0, 0, 0); }

Secret::Secret(std::size_t size) {
  if (size == 0)
    return;
  auto page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  mapped_ = (size + page - 1) / page * page;
  void *p = mmap(nullptr, mapped_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) {
    mapped_ = 0;
    throw Error(Reason::internal, "cannot allocate memory for key material");
  }
  // Both are best effort: an unprivileged process may exceed RLIMIT_MEMLOCK.
  (void)mlock(p, mapped_);
  (void)madvise(p, mapped_, MADV_DONTDUMP);
  // Sandboxed children (fork) that parse hostile uploads must never see key material.
  (void)madvise(p, mapped_, MADV_WIPEONFORK);
  data_ = static_cast<std::uint8_t *>(p);
  size_ = size;
}

Secret::Secret(ByteView bytes) : Secret(bytes.size()) {
  if (!bytes.empty())
    std::memcpy(data_, bytes.data(), bytes.size());
}

Secret::~Secret() { release(); }

Secret::Secret(Secret &&other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)),
      mapped_(std::exchange(other.mapped_, 0)) {}

Secret &Secret::operator=(Secret &&other) noexcept {
  if (this != &other) {
    release();
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
    mapped_ = std::exchange(other.mapped_, 0);
  }
  return *this;
}

void Secret::release() noexcept {
  if (!data_)
    return;
  wipe(data_, mapped_);
  munlock(data_, mapped_);
  munmap(data_, mapped_);
  data_ = nullptr;
  size_ = mapped_ = 0;
}

Secret Secret::random(std::size_t size) {
  Secret s(size);
  if (RAND_bytes(s.data_, static_cast<int>(size)) != 1)
    throw Error(Reason::crypto_failed, "random number generator failed");
  return s;
}

} // namespace mi
