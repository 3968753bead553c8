#pragma once
// Helpers for the tests of common/ocr: sample packets and their truth from testdata/, read in
// memory; not a *_test.cpp, so the test glob skips it.

#include "core/encoding.hpp"
#include "core/json.hpp"

#include "test_support.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <string>

namespace mi::test {

inline std::filesystem::path testdata_dir() {
  return std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() / "testdata";
}

inline Bytes packet_bytes(const std::string &name) {
  auto text = read_text(testdata_dir() / "packets" / name);
  return Bytes(text.begin(), text.end());
}

inline Json packet_truth(const std::string &stem) {
  return parse_json(read_text(testdata_dir() / "truth" / (stem + ".json"))).value();
}

// Letters and digits only, lower case: OCR punctuation around a word should not fail a match.
inline std::string normalized_word(const std::string &word) {
  std::string out;
  for (unsigned char c : word)
    if (std::isalnum(c))
      out.push_back(static_cast<char>(std::tolower(c)));
  return out;
}

} // namespace mi::test
