#pragma once
// Files that appear whole or not at all.
//
// Every file mi writes (keyrings, vault objects, audit heads, outbox items) is written to a
// temporary name in the same directory, fsynced, renamed over the target and the directory
// fsynced, so a crash at any point leaves the old file or the new one, never half of one. The
// temporary is removed if anything fails.

#include "core/encoding.hpp"

#include <filesystem>
#include <string_view>
#include <sys/types.h>

namespace mi {

void write_file_atomically(const std::filesystem::path &target, ByteView contents,
                           mode_t mode = 0600);
inline void write_file_atomically(const std::filesystem::path &target, std::string_view contents,
                                  mode_t mode = 0600) {
  write_file_atomically(target, as_bytes(contents), mode);
}

// Writes all of data to fd, retrying short writes and EINTR; false on any error.
bool write_all(int fd, ByteView data);

// Reads a whole file; throws Error(input_missing) if it cannot be opened, io_failed otherwise.
std::string read_file(const std::filesystem::path &path);

// mkdir -p with the given mode for each directory created.
void make_directories(const std::filesystem::path &path, mode_t mode = 0700);

} // namespace mi
