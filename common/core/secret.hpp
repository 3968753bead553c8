#pragma once
// Key material in memory.
//
// A Secret owns its bytes in pages of their own that are locked (never swapped, where the
// process may lock memory), excluded from core dumps (MADV_DONTDUMP), zeroed in forked children
// (MADV_WIPEONFORK) and wiped on destruction. Secrets cannot be copied by accident and have no
// operator<< or conversion to string: the only way to see the bytes is view(), which crypto code
// passes straight to OpenSSL.

#include "core/encoding.hpp"

#include <cstddef>
#include <cstdint>
#include <span>

namespace mi {

class Secret {
public:
  Secret() = default;
  explicit Secret(std::size_t size);
  Secret(ByteView bytes); // copies, then the caller should wipe its own copy
  ~Secret();
  Secret(Secret &&other) noexcept;
  Secret &operator=(Secret &&other) noexcept;
  Secret(const Secret &) = delete;
  Secret &operator=(const Secret &) = delete;

  Secret clone() const { return Secret(view()); }
  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  std::span<std::uint8_t> bytes() noexcept { return {data_, size_}; }
  ByteView view() const noexcept { return {data_, size_}; }

  static Secret random(std::size_t size);

private:
  void release() noexcept;
  std::uint8_t *data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t mapped_ = 0;
};

// Overwrites memory in a way the optimizer may not remove.
void wipe(void *data, std::size_t size) noexcept;
template <class Container> void wipe(Container &c) noexcept { wipe(c.data(), c.size()); }

// Makes the process non-dumpable (no core file, no ptrace by other users): tools that hold keys
// call this first.
void protect_process_memory() noexcept;

} // namespace mi
