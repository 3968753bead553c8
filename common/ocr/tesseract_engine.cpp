#include "ocr/tesseract_engine.hpp"

#include "core/error.hpp"

#include <leptonica/allheaders.h>
#include <tesseract/baseapi.h>
#include <tesseract/resultiterator.h>

#include <cstdlib>
#include <cstring>
#include <unistd.h>

namespace mi::ocr {
namespace {

// Captured before main: what libgomp saw when it initialized.
const bool limited_at_start = [] {
  const char *value = std::getenv("OMP_THREAD_LIMIT");
  return value && std::strcmp(value, "1") == 0;
}();

} // namespace

bool openmp_limited_at_start() noexcept { return limited_at_start; }

void restart_with_openmp_limit(char **argv) {
  if (limited_at_start)
    return;
  ::setenv("OMP_THREAD_LIMIT", "1", 1);
  ::execv("/proc/self/exe", argv);
  // exec failed (no /proc): go on; limit_openmp_threads still caps runtimes initialized later.
}

void limit_openmp_threads() {
  const char *current = std::getenv("OMP_THREAD_LIMIT");
  if (!current || std::strcmp(current, "1") != 0)
    ::setenv("OMP_THREAD_LIMIT", "1", 1);
  setMsgSeverity(L_SEVERITY_NONE);
}

struct TesseractEngine::State {
  tesseract::TessBaseAPI text;
  std::unique_ptr<tesseract::TessBaseAPI> osd;
  std::string language;
};

namespace {

void quiet(tesseract::TessBaseAPI &api) { api.SetVariable("debug_file", "/dev/null"); }

} // namespace

TesseractEngine::TesseractEngine(const std::string &language) : state_(std::make_unique<State>()) {
  limit_openmp_threads();
  state_->language = language;
  quiet(state_->text);
  if (state_->text.Init(nullptr, language.c_str(), tesseract::OEM_LSTM_ONLY) != 0)
    throw Error(Reason::config_invalid, "Tesseract cannot load the OCR language");
  quiet(state_->text);
  state_->text.SetPageSegMode(tesseract::PSM_AUTO);
}

TesseractEngine::~TesseractEngine() {
  if (state_->osd)
    state_->osd->End();
  state_->text.End();
}

std::vector<RecognizedWord> TesseractEngine::recognize(Pix *image, int dpi) {
  ++recognize_calls_;
  auto &api = state_->text;
  api.SetImage(image);
  api.SetSourceResolution(dpi);
  std::vector<RecognizedWord> words;
  if (api.Recognize(nullptr) != 0) {
    api.Clear();
    throw Error(Reason::internal, "Tesseract failed to recognize a page");
  }
  std::unique_ptr<tesseract::ResultIterator> it(api.GetIterator());
  int block = -1, line = -1;
  bool upright = true;
  if (it) {
    do {
      if (it->IsAtBeginningOf(tesseract::RIL_BLOCK)) {
        ++block;
        tesseract::Orientation orientation = tesseract::ORIENTATION_PAGE_UP;
        tesseract::WritingDirection direction;
        tesseract::TextlineOrder order;
        float deskew = 0;
        it->Orientation(&orientation, &direction, &order, &deskew);
        upright = orientation == tesseract::ORIENTATION_PAGE_UP &&
                  direction != tesseract::WRITING_DIRECTION_TOP_TO_BOTTOM;
      }
      if (it->IsAtBeginningOf(tesseract::RIL_TEXTLINE))
        ++line;
      std::unique_ptr<char[]> text(it->GetUTF8Text(tesseract::RIL_WORD));
      if (!text || text[0] == '\0')
        continue;
      std::string word(text.get());
      if (word.find_first_not_of(" \t\r\n") == std::string::npos)
        continue;
      RecognizedWord w;
      w.text = std::move(word);
      it->BoundingBox(tesseract::RIL_WORD, &w.x0, &w.y0, &w.x1, &w.y1);
      w.confidence = it->Confidence(tesseract::RIL_WORD) / 100.0;
      w.block = block < 0 ? 0 : block;
      w.line = line < 0 ? 0 : line;
      w.upright = upright;
      words.push_back(std::move(w));
    } while (it->Next(tesseract::RIL_WORD));
  }
  api.Clear();
  return words;
}

std::optional<Orientation> TesseractEngine::detect_orientation(Pix *image, int dpi) {
  ++orientation_calls_;
  if (!state_->osd) {
    auto osd = std::make_unique<tesseract::TessBaseAPI>();
    quiet(*osd);
    if (osd->Init(nullptr, "osd", tesseract::OEM_TESSERACT_ONLY) != 0)
      throw Error(Reason::config_invalid, "Tesseract cannot load the osd (orientation) model");
    quiet(*osd);
    osd->SetPageSegMode(tesseract::PSM_OSD_ONLY);
    state_->osd = std::move(osd);
  }
  auto &api = *state_->osd;
  api.SetImage(image);
  api.SetSourceResolution(dpi);
  int degrees = 0;
  float confidence = 0;
  bool ok = api.DetectOrientationScript(&degrees, &confidence, nullptr, nullptr);
  api.Clear();
  if (!ok)
    return std::nullopt;
  // Tesseract reports how far the content is turned clockwise (a page whose top points right
  // reads 90); undoing it is the opposite turn (see the orientation unit test).
  Orientation o;
  o.rotate_clockwise = (360 - ((degrees % 360) + 360) % 360) % 360;
  o.confidence = confidence;
  return o;
}

} // namespace mi::ocr
