#include "ocr/page_ocr.hpp"

#include "core/error.hpp"

#include <leptonica/allheaders.h>

#include <cmath>
#include <numbers>

namespace mi::ocr {
namespace {

// One way of reading the page: the image Tesseract saw and how its pixels map to the page.
struct Reading {
  std::vector<RecognizedWord> words;
  Matrix image_to_page;
  int width = 0, height = 0;
  int rotation = 0;
  double skew_degrees = 0;

  double mean_confidence() const { return mean_confidence_of(words); }
  // How much plausible text it holds: words that Tesseract is fairly sure of, weighted by
  // length, so that a rotated page's scattered one-letter guesses do not win.
  double score() const {
    double s = 0;
    for (const auto &w : words)
      if (w.confidence >= 0.5)
        s += w.confidence * static_cast<double>(std::min<std::size_t>(w.text.size(), 12));
    return s;
  }
  // Whether most of the text (by characters) stands upright, so that a sideways photo caption
  // does not turn a page.
  bool upright() const {
    std::size_t up = 0, sideways = 0;
    for (const auto &w : words)
      (w.upright ? up : sideways) += w.text.size();
    return up >= sideways;
  }
  std::size_t sure_words() const {
    std::size_t n = 0;
    for (const auto &w : words)
      n += w.confidence >= 0.5 ? 1 : 0;
    return n;
  }
};

// Skew of a gray page in degrees (clockwise rotation that straightens it), if Leptonica is
// confident enough.
std::optional<double> measure_skew(Pix *gray, const PageOcrOptions &options) {
  PixPtr binary(pixConvertTo1(gray, 160));
  if (!binary)
    return std::nullopt;
  l_float32 angle = 0, confidence = 0;
  if (pixFindSkew(binary.get(), &angle, &confidence) != 0)
    return std::nullopt;
  if (confidence < options.deskew_min_confidence)
    return std::nullopt;
  return static_cast<double>(angle);
}

// Deskews (when it is worth it) and recognizes; `to_source` maps this image to the rendered one.
Reading read_image(TesseractEngine &engine, Pix *image, const Matrix &to_rendered, int rotation,
                   const RenderedPage &page, const PageOcrOptions &options) {
  Reading r;
  r.rotation = rotation;
  PixPtr straightened;
  Pix *read = image;
  Matrix to_page = then(to_rendered, page.image_to_page);
  if (options.deskew) {
    if (auto skew = measure_skew(image, options)) {
      r.skew_degrees = *skew;
      if (std::abs(*skew) >= options.deskew_min_degrees) {
        double radians = *skew * std::numbers::pi / 180.0;
        straightened.reset(pixRotate(image, static_cast<l_float32>(radians), L_ROTATE_AREA_MAP,
                                     L_BRING_IN_WHITE, 0, 0));
        if (straightened) {
          read = straightened.get();
          to_page = then(small_rotation_to_source(radians, pixGetWidth(image), pixGetHeight(image)),
                         to_page);
        }
      }
    }
  }
  r.width = pixGetWidth(read);
  r.height = pixGetHeight(read);
  r.image_to_page = to_page;
  PixPtr clean = without_specks(read);
  r.words = engine.recognize(clean ? clean.get() : read, page.dpi);
  return r;
}

PageText to_page_text(Reading best) {
  PageText out;
  out.source = TextSource::ocr;
  out.image_to_page = best.image_to_page;
  out.image_width = best.width;
  out.image_height = best.height;
  out.applied_rotation = best.rotation;
  out.content_rotation = best.rotation;
  out.skew_degrees = best.skew_degrees;
  out.words.reserve(best.words.size());
  for (auto &w : best.words) {
    Word word;
    word.text = std::move(w.text);
    word.box = best.image_to_page.apply({static_cast<double>(w.x0), static_cast<double>(w.y0),
                                         static_cast<double>(w.x1), static_cast<double>(w.y1)});
    word.confidence = w.confidence;
    word.block = w.block;
    word.line = w.line;
    out.words.push_back(std::move(word));
  }
  return out;
}

} // namespace

PixPtr without_specks(Pix *gray) {
  PixPtr binary(pixConvertTo1(gray, 160));
  if (!binary)
    return nullptr;
  // Components larger than 3x3 stay; what is left after removing them is the specks.
  PixPtr kept(pixSelectBySize(binary.get(), 4, 4, 8, L_SELECT_IF_EITHER, L_SELECT_IF_GTE, nullptr));
  if (!kept)
    return nullptr;
  PixPtr specks(pixSubtract(nullptr, binary.get(), kept.get()));
  l_int32 count = 0;
  if (!specks || pixCountPixels(specks.get(), &count, nullptr) != 0 || count == 0)
    return nullptr;
  PixPtr out(pixCopy(nullptr, gray));
  if (!out || pixSetMasked(out.get(), specks.get(), 255) != 0)
    return nullptr;
  return out;
}

Matrix quarter_turn_to_source(int clockwise_degrees, int w, int h) {
  switch (((clockwise_degrees % 360) + 360) % 360) {
  case 90: // source (x, y) went to (h - y, x)
    return {0, -1, 1, 0, 0, static_cast<double>(h)};
  case 180:
    return {-1, 0, 0, -1, static_cast<double>(w), static_cast<double>(h)};
  case 270: // source (x, y) went to (y, w - x)
    return {0, 1, -1, 0, static_cast<double>(w), 0};
  default:
    return {};
  }
}

Matrix small_rotation_to_source(double radians, int w, int h) {
  // Leptonica (rotateAMGrayLow): src = centre + [cos sin; -sin cos] (dst - centre), with the
  // centre at integer (w/2, h/2).
  double xc = w / 2, yc = h / 2;
  double cs = std::cos(radians), sn = std::sin(radians);
  Matrix m;
  m.a = cs;
  m.c = sn;
  m.b = -sn;
  m.d = cs;
  m.e = xc - cs * xc - sn * yc;
  m.f = yc + sn * xc - cs * yc;
  return m;
}

PageText ocr_rendered_page(TesseractEngine &engine, const RenderedPage &page,
                           const PageOcrOptions &options, int suggested_rotation) {
  Pix *rendered = page.image.get();
  auto read_turned = [&](int clockwise) {
    if (clockwise == 0)
      return read_image(engine, rendered, Matrix{}, 0, page, options);
    PixPtr turned(pixRotateOrth(rendered, clockwise / 90));
    if (!turned)
      throw Error(Reason::resource_limit, "cannot rotate a page image");
    auto to_rendered =
        quarter_turn_to_source(clockwise, pixGetWidth(rendered), pixGetHeight(rendered));
    return read_image(engine, turned.get(), to_rendered, clockwise, page, options);
  };
  suggested_rotation = ((suggested_rotation % 360) + 360) % 360 / 90 * 90;
  Reading best = read_turned(options.orientation ? suggested_rotation : 0);
  if (!options.orientation)
    return to_page_text(std::move(best));

  // Sideways text (Tesseract reads it as vertical writing) or a poor reading: ask OSD.
  bool sideways = !best.upright();
  bool reads_badly = best.mean_confidence() < options.retry_below_confidence ||
                     best.sure_words() < options.retry_below_words;
  if (sideways || reads_badly) {
    auto orientation = engine.detect_orientation(rendered, page.dpi);
    if (orientation && orientation->rotate_clockwise != best.rotation &&
        orientation->confidence >= options.osd_min_confidence) {
      Reading candidate = read_turned(orientation->rotate_clockwise);
      if (candidate.upright() && (sideways || candidate.score() > best.score()))
        best = std::move(candidate);
    }
  }
  return to_page_text(std::move(best));
}

} // namespace mi::ocr
