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
#include <vector>

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

// An 8-bit gray image for one_page_pdf: samples row by row, width * height bytes.
struct TestImage {
  int width = 0, height = 0;
  std::string gray;
};

// A one-page PDF whose content stream is `content` (PDF user space: origin bottom-left), with
// the images as XObjects /Im0, /Im1, ... and Helvetica as /F1; the xref is exact. page_keys are
// added to the page dictionary as written ("/Rotate 90 /CropBox [...]").
inline Bytes one_page_pdf(const std::string &content, const std::vector<TestImage> &images = {},
                          const std::string &media_box = "0 0 612 792",
                          const std::string &page_keys = "") {
  std::vector<std::string> objects;
  objects.push_back("<< /Type /Catalog /Pages 2 0 R >>");
  objects.push_back("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
  std::string xobjects;
  for (std::size_t i = 0; i < images.size(); ++i)
    xobjects += "/Im" + std::to_string(i) + " " + std::to_string(6 + i) + " 0 R ";
  objects.push_back("<< /Type /Page /Parent 2 0 R /MediaBox [" + media_box + "] " + page_keys +
                    " /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> /XObject << " + xobjects +
                    ">> >> >>");
  objects.push_back("<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content +
                    "\nendstream");
  objects.push_back("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
  for (const auto &image : images)
    objects.push_back(
        "<< /Type /XObject /Subtype /Image /Width " + std::to_string(image.width) + " /Height " +
        std::to_string(image.height) + " /ColorSpace /DeviceGray /BitsPerComponent 8 /Length " +
        std::to_string(image.gray.size()) + " >>\nstream\n" + image.gray + "\nendstream");
  std::string pdf = "%PDF-1.4\n";
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  std::size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (auto offset : offsets) {
    std::string number = std::to_string(offset);
    pdf += std::string(10 - number.size(), '0') + number + " 00000 n \n";
  }
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
         " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return Bytes(pdf.begin(), pdf.end());
}

} // namespace mi::test
