#pragma once
// Where vault objects live: a flat namespace of names to bytes.
//
// The vault encrypts before it stores, so a store only ever sees ciphertext and keyed-hash names.
// DirectoryObjectStore is the embedded default; an S3-compatible store implements the same four
// operations (put is all-or-nothing, like a PUT of a whole object).

#include "core/encoding.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace mi {

class ObjectStore {
public:
  virtual ~ObjectStore() = default;
  // Names are [a-z0-9_.] and at most 128 characters; put replaces atomically.
  virtual void put(const std::string &name, ByteView bytes) = 0;
  virtual std::optional<Bytes> get(const std::string &name) const = 0;
  virtual bool exists(const std::string &name) const = 0;
  virtual bool remove(const std::string &name) = 0;
  virtual std::vector<std::string> list() const = 0;
};

// <root>/<first two characters of the hash>/<name>, directories 0700, files 0600.
class DirectoryObjectStore final : public ObjectStore {
public:
  explicit DirectoryObjectStore(std::filesystem::path root);
  void put(const std::string &name, ByteView bytes) override;
  std::optional<Bytes> get(const std::string &name) const override;
  bool exists(const std::string &name) const override;
  bool remove(const std::string &name) override;
  std::vector<std::string> list() const override;

private:
  std::filesystem::path path_of(const std::string &name) const;
  std::filesystem::path root_;
};

} // namespace mi
