#pragma once
// Helpers for the tests of stream-processing code (record_stream, reject, inspect, key_admin):
// input files as descriptors, output files as LineWriters, and sample envelopes.

#include "core/envelope.hpp"
#include "core/ndjson.hpp"

#include "test_support.hpp"

#include <fcntl.h>
#include <unistd.h>

namespace mi::test {

// An input descriptor reading the given text from a file.
class InputFile {
public:
  InputFile(const TempDir &dir, const std::string &name, const std::string &text)
      : path_(dir / name) {
    write_text(path_, text);
    fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    REQUIRE(fd_ >= 0);
  }
  ~InputFile() { ::close(fd_); }
  InputFile(const InputFile &) = delete;
  InputFile &operator=(const InputFile &) = delete;
  int fd() const { return fd_; }

private:
  std::filesystem::path path_;
  int fd_ = -1;
};

// A LineWriter into a file whose lines can be read back.
class OutputFile {
public:
  OutputFile(const TempDir &dir, const std::string &name)
      : path_(dir / name), file_(open(path_)), writer_(file_) {}
  ~OutputFile() { std::fclose(file_); }
  OutputFile(const OutputFile &) = delete;
  OutputFile &operator=(const OutputFile &) = delete;
  LineWriter &writer() { return writer_; }
  std::vector<std::string> lines() {
    std::fflush(file_);
    return split_lines(read_text(path_));
  }

private:
  static std::FILE *open(const std::filesystem::path &path) {
    std::FILE *f = std::fopen(path.c_str(), "w");
    REQUIRE(f);
    return f;
  }
  std::filesystem::path path_;
  std::FILE *file_;
  LineWriter writer_;
};

inline EnvelopeHeader make_header(std::uint64_t sequence = 1) {
  EnvelopeHeader h;
  h.record = RecordId::generate();
  h.trace = TraceId::generate();
  h.document = DocumentId::generate();
  h.tenant = TenantId::parse("acme");
  h.stage = StageName::parse("split");
  h.sequence = sequence;
  return h;
}

inline Envelope make_envelope(const Keyring &keys, std::uint64_t sequence = 1) {
  Envelope e(make_header(sequence));
  e.seal("ops", {{"pages", static_cast<int>(sequence)}}, keys);
  if (keys.holds("phi"))
    e.seal("phi", {{"patient_name", "Jane Canary"}}, keys);
  return e;
}

// The same envelope with one byte of its ops ciphertext flipped: it parses, but fails to open.
inline std::string tampered_line(const Envelope &e) {
  auto j = parse_json(e.serialize()).value();
  auto ct = base64_decode(j["sealed"]["ops"]["ct"].get<std::string>()).value();
  ct[0] ^= 1;
  j["sealed"]["ops"]["ct"] = base64_encode(ct);
  return to_json_text(j);
}

} // namespace mi::test
