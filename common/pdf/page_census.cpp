#include "pdf/page_census.hpp"

#include "core/error.hpp"

#include <mupdf/fitz.h>
#include <mupdf/pdf.h>

#include <algorithm>
#include <cmath>

namespace mi::pdf {
namespace {

// A counting device: every drawing call of the page lands here, nothing is rendered.
struct CensusDevice {
  fz_device super;
  PageCensus *census;
  double page_area;
  double origin_x, origin_y; // the page bounds' top-left, subtracted to reach page space
};

CensusDevice *census_of(fz_device *device) { return reinterpret_cast<CensusDevice *>(device); }

void count_glyphs(const fz_text *text, std::size_t &glyphs, std::size_t *unmapped) {
  for (const fz_text_span *span = text->head; span; span = span->next)
    for (int i = 0; i < span->len; ++i) {
      int unicode = span->items[i].ucs;
      if (unicode == ' ' || unicode == '\t')
        continue;
      ++glyphs;
      if (unmapped && (unicode <= 0 || unicode == 0xFFFD))
        ++*unmapped;
    }
}

void on_visible_text(fz_context *, fz_device *dev, const fz_text *text) {
  auto *c = census_of(dev)->census;
  count_glyphs(text, c->visible_glyphs, &c->unmapped_glyphs);
}

void fill_text(fz_context *ctx, fz_device *dev, const fz_text *text, fz_matrix, fz_colorspace *,
               const float *, float alpha, fz_color_params) {
  // Fully transparent text is invisible too, the other way old OCR layers are drawn.
  if (alpha <= 0.0f)
    count_glyphs(text, census_of(dev)->census->invisible_glyphs, nullptr);
  else
    on_visible_text(ctx, dev, text);
}

void stroke_text(fz_context *ctx, fz_device *dev, const fz_text *text, const fz_stroke_state *,
                 fz_matrix, fz_colorspace *, const float *, float, fz_color_params) {
  on_visible_text(ctx, dev, text);
}

void ignore_text(fz_context *, fz_device *dev, const fz_text *text, fz_matrix) {
  count_glyphs(text, census_of(dev)->census->invisible_glyphs, nullptr);
}

bool larger(const ImagePlacement &a, const ImagePlacement &b) { return a.area() > b.area(); }

// Keeps the largest placements, trimming in batches so that a page of many small images costs
// amortized constant time per image and bounded memory.
void keep_placement(PageCensus &census, const ImagePlacement &placement) {
  auto &kept = census.placements;
  kept.push_back(placement);
  if (kept.size() >= 2 * PageCensus::max_placements) {
    std::nth_element(kept.begin(), kept.begin() + PageCensus::max_placements - 1, kept.end(),
                     larger);
    kept.resize(PageCensus::max_placements);
  }
}

void finish_placements(PageCensus &census) {
  auto &kept = census.placements;
  std::stable_sort(kept.begin(), kept.end(), larger);
  if (kept.size() > PageCensus::max_placements)
    kept.resize(PageCensus::max_placements);
}

void fill_image(fz_context *, fz_device *dev, fz_image *image, fz_matrix ctm, float,
                fz_color_params) {
  auto *d = census_of(dev);
  auto *c = d->census;
  ++c->images;
  // The image is drawn onto the unit square transformed by ctm: its sides on the page are the
  // lengths of ctm's two column vectors, in points.
  double width_pt = std::hypot(ctm.a, ctm.b), height_pt = std::hypot(ctm.c, ctm.d);
  double area = width_pt * height_pt;
  double coverage = d->page_area > 0 ? area / d->page_area : 0;
  if (coverage > c->image_coverage && width_pt > 0 && height_pt > 0) {
    c->image_coverage = coverage;
    c->dpi_x = image->w / (width_pt / 72.0);
    c->dpi_y = image->h / (height_pt / 72.0);
  }
  if (width_pt > 0 && height_pt > 0) {
    fz_rect box = fz_transform_rect(fz_unit_rect, ctm);
    keep_placement(*c, {box.x0 - d->origin_x, box.y0 - d->origin_y, box.x1 - d->origin_x,
                        box.y1 - d->origin_y, image->w / (width_pt / 72.0),
                        image->h / (height_pt / 72.0)});
  }
}

void fill_image_mask(fz_context *ctx, fz_device *dev, fz_image *image, fz_matrix ctm,
                     fz_colorspace *, const float *, float alpha, fz_color_params params) {
  fill_image(ctx, dev, image, ctm, alpha, params);
}

void fill_path(fz_context *, fz_device *dev, const fz_path *, int, fz_matrix, fz_colorspace *,
               const float *, float, fz_color_params) {
  ++census_of(dev)->census->paths;
}

void stroke_path(fz_context *, fz_device *dev, const fz_path *, const fz_stroke_state *, fz_matrix,
                 fz_colorspace *, const float *, float, fz_color_params) {
  ++census_of(dev)->census->paths;
}

int normalized_rotation(int degrees) {
  degrees %= 360;
  if (degrees < 0)
    degrees += 360;
  return (degrees / 90) * 90;
}

} // namespace

std::string_view text_layer_name(TextLayer layer) noexcept {
  switch (layer) {
  case TextLayer::visible:
    return "visible";
  case TextLayer::invisible:
    return "invisible";
  default:
    return "none";
  }
}

TextLayer PageCensus::text_layer() const noexcept {
  if (visible_glyphs > 0)
    return TextLayer::visible;
  if (invisible_glyphs > 0)
    return TextLayer::invisible;
  return TextLayer::none;
}

bool PageCensus::has_usable_text() const noexcept {
  // A page is born-digital when it has a real amount of visible text that maps to Unicode.
  // A handful of glyphs (a stamp, a page number over a scan) does not make it so when an image
  // covers the page, and a page whose glyphs are mostly unmapped must be read from pixels.
  if (visible_glyphs < 20)
    return false;
  if (static_cast<double>(unmapped_glyphs) > 0.1 * static_cast<double>(visible_glyphs))
    return false;
  return true;
}

PageCensus take_page_census(MupdfContext &context, const MupdfDocument &document, int page_index) {
  fz_context *ctx = context.get();
  PageCensus census;
  census.page = page_index + 1;
  // Reserved up front: the device callbacks run inside MuPDF's C frames, where an allocation
  // failure must not throw.
  census.placements.reserve(2 * PageCensus::max_placements);
  fz_page *page = nullptr;
  fz_device *device = nullptr;
  bool failed = false;
  fz_var(page);
  fz_var(device);
  fz_try(ctx) {
    page = fz_load_page(ctx, document.get(), page_index);
    fz_rect bounds = fz_bound_page(ctx, page);
    census.width = bounds.x1 - bounds.x0;
    census.height = bounds.y1 - bounds.y0;
    if (pdf_page *pdf = pdf_page_from_fz_page(ctx, page))
      census.rotate_attribute = normalized_rotation(
          pdf_to_int(ctx, pdf_dict_get_inheritable(ctx, pdf->obj, PDF_NAME(Rotate))));
    auto *dev = fz_new_derived_device(ctx, CensusDevice);
    device = &dev->super;
    dev->census = &census;
    dev->page_area = census.width * census.height;
    dev->origin_x = bounds.x0;
    dev->origin_y = bounds.y0;
    dev->super.fill_text = fill_text;
    dev->super.stroke_text = stroke_text;
    dev->super.clip_text = [](fz_context *c, fz_device *d, const fz_text *t, fz_matrix, fz_rect) {
      on_visible_text(c, d, t);
    };
    dev->super.ignore_text = ignore_text;
    dev->super.fill_image = fill_image;
    dev->super.fill_image_mask = fill_image_mask;
    dev->super.fill_path = fill_path;
    dev->super.stroke_path = stroke_path;
    fz_run_page(ctx, page, device, fz_identity, nullptr);
    fz_close_device(ctx, device);
  }
  fz_always(ctx) {
    fz_drop_device(ctx, device);
    fz_drop_page(ctx, page);
  }
  fz_catch(ctx) { failed = true; }
  if (failed)
    throw Error(Reason::pdf_corrupt, "MuPDF cannot read a page");
  finish_placements(census);
  return census;
}

std::string page_visible_text(MupdfContext &context, const MupdfDocument &document,
                              int page_index) {
  fz_context *ctx = context.get();
  fz_stext_page *text = nullptr;
  std::string out;
  bool failed = false;
  fz_var(text);
  fz_try(ctx) {
    text = fz_new_stext_page_from_page_number(ctx, document.get(), page_index, nullptr);
    for (fz_stext_block *block = text->first_block; block; block = block->next) {
      if (block->type != FZ_STEXT_BLOCK_TEXT)
        continue;
      for (fz_stext_line *line = block->u.t.first_line; line; line = line->next) {
        for (fz_stext_char *ch = line->first_char; ch; ch = ch->next) {
          char utf8[8];
          int n = fz_runetochar(utf8, ch->c > 0 ? ch->c : 0xFFFD);
          out.append(utf8, static_cast<std::size_t>(n));
        }
        out += '\n';
      }
    }
  }
  fz_always(ctx) { fz_drop_stext_page(ctx, text); }
  fz_catch(ctx) { failed = true; }
  if (failed)
    throw Error(Reason::pdf_corrupt, "MuPDF cannot extract a page's text");
  return out;
}

} // namespace mi::pdf
