#include "ocr/page_text.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace mi::ocr {
namespace {

// Page geometry is written to 1/100 pt: finer than any renderer places a glyph, and it keeps a
// page of 500 words to a few tens of kilobytes in the phi compartment.
double rounded(double v) { return std::round(v * 100.0) / 100.0; }

Json box_json(const Box &b) {
  return Json::array({rounded(b.x0), rounded(b.y0), rounded(b.x1), rounded(b.y1)});
}

Box box_from_json(const Json &j) {
  if (!j.is_array() || j.size() != 4)
    throw Error(Reason::compartment_malformed, "a word box is [x0, y0, x1, y1]");
  return {j[0].get<double>(), j[1].get<double>(), j[2].get<double>(), j[3].get<double>()};
}

Json matrix_json(const Matrix &m) { return Json::array({m.a, m.b, m.c, m.d, m.e, m.f}); }

Matrix matrix_from_json(const Json &m) {
  if (!m.is_array() || m.size() != 6)
    throw Error(Reason::compartment_malformed, "to_page is [a, b, c, d, e, f]");
  return {m[0].get<double>(), m[1].get<double>(), m[2].get<double>(),
          m[3].get<double>(), m[4].get<double>(), m[5].get<double>()};
}

Json region_json(const OcrRegion &r) {
  return {{"box", box_json(r.box)},
          {"to_page", matrix_json(r.image_to_page)},
          {"image", {{"width", r.image_width}, {"height", r.image_height}}},
          {"first_word", r.first_word},
          {"word_count", r.word_count}};
}

std::size_t count_from_json(const Json &j) {
  if (!j.is_number_integer() || j.get<std::int64_t>() < 0)
    throw Error(Reason::compartment_malformed, "a word index or count is a whole number");
  return j.get<std::size_t>();
}

// Regions must name words of the page, in order and without overlap.
std::vector<OcrRegion> regions_from_json(const Json &j, const std::vector<Word> &words) {
  if (!j.is_array())
    throw Error(Reason::compartment_malformed, "ocr_regions is an array");
  std::vector<OcrRegion> out;
  std::size_t next_free = 0;
  for (const auto &r : j) {
    if (!r.is_object())
      throw Error(Reason::compartment_malformed, "an OCR region is an object");
    OcrRegion region;
    region.box = box_from_json(r.at("box"));
    region.image_to_page = matrix_from_json(r.at("to_page"));
    const auto &image = r.at("image");
    region.image_width = image.at("width").get<int>();
    region.image_height = image.at("height").get<int>();
    region.first_word = count_from_json(r.at("first_word"));
    region.word_count = count_from_json(r.at("word_count"));
    if (region.first_word < next_free || region.first_word > words.size() ||
        region.word_count > words.size() - region.first_word)
      throw Error(Reason::compartment_malformed, "an OCR region names words the page lacks");
    next_free = region.first_word + region.word_count;
    double sum = 0;
    for (std::size_t i = region.first_word; i < next_free; ++i)
      sum += words[i].confidence;
    region.mean_confidence =
        region.word_count > 0 ? sum / static_cast<double>(region.word_count) : 0;
    out.push_back(region);
  }
  return out;
}

} // namespace

Box Matrix::apply(const Box &p) const {
  const double xs[4] = {p.x0, p.x1, p.x0, p.x1};
  const double ys[4] = {p.y0, p.y0, p.y1, p.y1};
  Box out{1e300, 1e300, -1e300, -1e300};
  for (int i = 0; i < 4; ++i) {
    double x = a * xs[i] + c * ys[i] + e;
    double y = b * xs[i] + d * ys[i] + f;
    out.x0 = std::min(out.x0, x);
    out.y0 = std::min(out.y0, y);
    out.x1 = std::max(out.x1, x);
    out.y1 = std::max(out.y1, y);
  }
  return out;
}

Matrix then(const Matrix &first, const Matrix &second) {
  // second(first(p)): rows of second times the columns of first.
  Matrix m;
  m.a = second.a * first.a + second.c * first.b;
  m.b = second.b * first.a + second.d * first.b;
  m.c = second.a * first.c + second.c * first.d;
  m.d = second.b * first.c + second.d * first.d;
  m.e = second.a * first.e + second.c * first.f + second.e;
  m.f = second.b * first.e + second.d * first.f + second.f;
  return m;
}

double PageText::mean_confidence() const noexcept { return mean_confidence_of(words); }

std::string_view text_source_name(TextSource source) noexcept {
  return source == TextSource::ocr ? "ocr" : "text_layer";
}

Json to_json(const PageText &page) {
  Json words = Json::array();
  for (const auto &w : page.words)
    words.push_back({{"text", w.text},
                     {"box", box_json(w.box)},
                     {"confidence", rounded(w.confidence)},
                     {"block", w.block},
                     {"line", w.line}});
  Json j = {{"page", page.page},
            {"width", rounded(page.width)},
            {"height", rounded(page.height)},
            {"rotate_attribute", page.rotate_attribute},
            {"source", text_source_name(page.source)},
            {"content_rotation", page.content_rotation},
            {"words", std::move(words)},
            {"seconds", std::round(page.seconds * 1e4) / 1e4}};
  if (page.source == TextSource::ocr) {
    j["image"] = {{"width", page.image_width},
                  {"height", page.image_height},
                  {"to_page", matrix_json(page.image_to_page)}};
    j["applied_rotation"] = page.applied_rotation;
    j["skew_degrees"] = rounded(page.skew_degrees);
    j["dpi"] = page.dpi_x > 0 && page.dpi_y > 0
                   ? Json::array({rounded(page.dpi_x), rounded(page.dpi_y)})
                   : Json(nullptr);
  }
  if (!page.regions.empty()) {
    Json regions = Json::array();
    for (const auto &r : page.regions)
      regions.push_back(region_json(r));
    j["ocr_regions"] = std::move(regions);
  }
  return j;
}

PageText page_text_from_json(const Json &j) {
  try {
    PageText p;
    p.page = j.at("page").get<int>();
    p.width = j.at("width").get<double>();
    p.height = j.at("height").get<double>();
    p.rotate_attribute = j.at("rotate_attribute").get<int>();
    auto source = j.at("source").get<std::string>();
    if (source == "ocr")
      p.source = TextSource::ocr;
    else if (source == "text_layer")
      p.source = TextSource::text_layer;
    else
      throw Error(Reason::compartment_malformed, "page source is text_layer or ocr");
    p.content_rotation = j.value("content_rotation", 0);
    for (const auto &w : j.at("words")) {
      Word word;
      word.text = w.at("text").get<std::string>();
      word.box = box_from_json(w.at("box"));
      word.confidence = w.at("confidence").get<double>();
      word.block = w.at("block").get<int>();
      word.line = w.at("line").get<int>();
      p.words.push_back(std::move(word));
    }
    p.seconds = j.value("seconds", 0.0);
    if (p.source == TextSource::ocr) {
      const auto &image = j.at("image");
      p.image_width = image.at("width").get<int>();
      p.image_height = image.at("height").get<int>();
      p.image_to_page = matrix_from_json(image.at("to_page"));
      p.applied_rotation = j.at("applied_rotation").get<int>();
      p.skew_degrees = j.at("skew_degrees").get<double>();
      const auto &dpi = j.at("dpi");
      if (dpi.is_array() && dpi.size() == 2) {
        p.dpi_x = dpi[0].get<double>();
        p.dpi_y = dpi[1].get<double>();
      }
    }
    if (j.contains("ocr_regions"))
      p.regions = regions_from_json(j["ocr_regions"], p.words);
    return p;
  } catch (const Error &) {
    throw;
  } catch (const std::exception &) {
    throw Error(Reason::compartment_malformed, "a page of text is not in the mi-ocr(1) format");
  }
}

} // namespace mi::ocr
