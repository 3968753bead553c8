#pragma once
// Tesseract through its C++ API. One engine per worker thread, initialized once (loading the
// model costs ~0.3 s); OMP_THREAD_LIMIT=1 is set before the first engine exists, because
// Debian's OpenMP build otherwise spends ~5x the CPU for the same page. The orientation model
// (osd) is a second TessBaseAPI, loaded the first time a page of this thread needs it.
//
// Tesseract's own diagnostics go to /dev/null: they can quote recognized text.

#include "ocr/page_text.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

struct Pix;

namespace mi::ocr {

// Sets OMP_THREAD_LIMIT=1 unless already 1, and silences Leptonica's stderr messages; call
// before any engine is created (engines do) and before other threads start.
//
// Setting the variable from inside the process is NOT enough on its own: libgomp reads its
// environment in a constructor that runs when the program is loaded, before main. A tool that
// links Tesseract therefore calls restart_with_openmp_limit(argv) first thing in main: when the
// variable is not already 1 it sets it and re-executes the program (/proc/self/exe, same argv),
// so the limit is in force from the start. Measured on Debian 12: without it a page costs
// 3-5x the CPU (OpenMP workers spin) for the same words.
void limit_openmp_threads();
void restart_with_openmp_limit(char **argv);
// Whether the OpenMP runtime of this process started with OMP_THREAD_LIMIT=1.
bool openmp_limited_at_start() noexcept;

struct Orientation {
  int rotate_clockwise = 0; // 0, 90, 180, 270: how far to rotate the image to make it upright
  double confidence = 0;    // Tesseract OSD orientation confidence
};

struct RecognizedWord {
  std::string text;
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0; // image pixels
  double confidence = 0;              // 0..1
  int block = 0, line = 0;
  // False when Tesseract found this word's block sideways or upside down (vertical writing, or
  // a block orientation other than page-up). Its layout analysis reads a page turned 90 degrees
  // as vertical text, often well, while the layout is still sideways.
  bool upright = true;
};

class TesseractEngine {
public:
  // Uses Tesseract's default tessdata directory; throws Error(config_invalid) when the language
  // cannot be loaded (detect_orientation throws the same when the osd model is missing).
  explicit TesseractEngine(const std::string &language = "eng");
  ~TesseractEngine();
  TesseractEngine(const TesseractEngine &) = delete;
  TesseractEngine &operator=(const TesseractEngine &) = delete;

  // Words of an upright 8-bit or 1-bit image at the given resolution (always set).
  std::vector<RecognizedWord> recognize(Pix *image, int dpi);
  // Tesseract OSD; nullopt when OSD cannot decide (too little text).
  std::optional<Orientation> detect_orientation(Pix *image, int dpi);

  std::size_t recognize_calls() const noexcept { return recognize_calls_; }
  std::size_t orientation_calls() const noexcept { return orientation_calls_; }

private:
  struct State;
  std::unique_ptr<State> state_;
  std::size_t recognize_calls_ = 0, orientation_calls_ = 0;
};

} // namespace mi::ocr
