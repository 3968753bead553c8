#include "redact/redactor.hpp"

#include "redact/page_geometry.hpp"
#include "redact/pdf_sanitizer.hpp"

#include "ocr/text_layer.hpp"

#include "core/error.hpp"

#include <mupdf/fitz.h>
#include <mupdf/pdf.h>

#include <algorithm>
#include <cmath>

namespace mi::redact {
namespace {

// A device that records the page-space bounds of every drawn shape that is content rather
// than layout: a path with curves (handwriting, outlined text, a logo) or with more straight
// segments than a rectangle has. Rules, boxes and cell borders are left out.
struct ShapeDevice {
  fz_device super;
  std::vector<ocr::Box> *shapes;
};

// A path's segments counted and its drawn extent measured: curves are sampled along their
// length (their control points can lie far outside what is drawn), no stroke width added.
struct PathWalk {
  fz_matrix ctm;
  int lines = 0, curves = 0;
  fz_point current{0, 0};
  fz_rect bounds = fz_empty_rect;
  void add(fz_point p) {
    fz_point t = fz_transform_point(p, ctm);
    bounds = fz_union_rect(bounds, fz_make_rect(t.x, t.y, t.x, t.y));
    current = p;
  }
};

void walk_move(fz_context *, void *arg, float x, float y) {
  static_cast<PathWalk *>(arg)->add({x, y});
}
void walk_line(fz_context *, void *arg, float x, float y) {
  auto *w = static_cast<PathWalk *>(arg);
  ++w->lines;
  w->add({x, y});
}
void walk_curve(fz_context *, void *arg, float x1, float y1, float x2, float y2, float x3,
                float y3) {
  auto *w = static_cast<PathWalk *>(arg);
  ++w->curves;
  fz_point p0 = w->current;
  constexpr int steps = 16;
  for (int i = 1; i <= steps; ++i) {
    float t = static_cast<float>(i) / steps, u = 1 - t;
    float a = u * u * u, b = 3 * u * u * t, c = 3 * u * t * t, d = t * t * t;
    w->add({a * p0.x + b * x1 + c * x2 + d * x3, a * p0.y + b * y1 + c * y2 + d * y3});
  }
}
void walk_close(fz_context *, void *) {}

void record_shape(fz_context *ctx, fz_device *dev, const fz_path *path, fz_matrix ctm) {
  static const fz_path_walker walker{walk_move, walk_line, walk_curve, walk_close,
                                     nullptr,   nullptr,   nullptr,    nullptr};
  PathWalk walk;
  walk.ctm = ctm;
  fz_walk_path(ctx, path, &walker, &walk);
  if ((walk.curves == 0 && walk.lines <= 4) || fz_is_empty_rect(walk.bounds))
    return;
  const fz_rect &r = walk.bounds;
  reinterpret_cast<ShapeDevice *>(dev)->shapes->push_back({r.x0, r.y0, r.x1, r.y1});
}

void on_fill_path(fz_context *ctx, fz_device *dev, const fz_path *path, int, fz_matrix ctm,
                  fz_colorspace *, const float *, float, fz_color_params) {
  record_shape(ctx, dev, path, ctm);
}

void on_stroke_path(fz_context *ctx, fz_device *dev, const fz_path *path, const fz_stroke_state *,
                    fz_matrix ctm, fz_colorspace *, const float *, float, fz_color_params) {
  record_shape(ctx, dev, path, ctm);
}

std::vector<ocr::Box> page_shapes(fz_context *ctx, fz_page *page) {
  std::vector<ocr::Box> shapes;
  fz_device *device = nullptr;
  bool ok = true;
  fz_var(device);
  fz_try(ctx) {
    auto *d = static_cast<ShapeDevice *>(
        static_cast<void *>(fz_new_device_of_size(ctx, sizeof(ShapeDevice))));
    d->shapes = &shapes;
    d->super.fill_path = on_fill_path;
    d->super.stroke_path = on_stroke_path;
    device = &d->super;
    fz_run_page(ctx, page, device, fz_identity, nullptr);
    fz_close_device(ctx, device);
  }
  fz_always(ctx) { fz_drop_device(ctx, device); }
  fz_catch(ctx) { ok = false; }
  if (!ok)
    throw Error(Reason::pdf_corrupt, "MuPDF cannot draw a page");
  return shapes;
}

fz_rect ordered(fz_rect r) {
  return fz_make_rect(std::min(r.x0, r.x1), std::min(r.y0, r.y1), std::max(r.x0, r.x1),
                      std::max(r.y0, r.y1));
}

PageGeometry geometry_of(fz_context *ctx, pdf_page *page) {
  PageGeometry g;
  bool ok = true;
  fz_try(ctx) {
    fz_rect media = pdf_to_rect(ctx, pdf_dict_get_inheritable(ctx, page->obj, PDF_NAME(MediaBox)));
    pdf_obj *crop_obj = pdf_dict_get_inheritable(ctx, page->obj, PDF_NAME(CropBox));
    fz_rect crop = pdf_is_array(ctx, crop_obj) ? pdf_to_rect(ctx, crop_obj) : media;
    fz_rect visible = fz_intersect_rect(ordered(crop), ordered(media));
    if (fz_is_empty_rect(visible))
      visible = ordered(media);
    g.visible = {visible.x0, visible.y0, visible.x1, visible.y1};
    g.rotate = pdf_to_int(ctx, pdf_dict_get_inheritable(ctx, page->obj, PDF_NAME(Rotate)));
  }
  fz_catch(ctx) { ok = false; }
  if (!ok)
    throw Error(Reason::pdf_corrupt, "a page has no readable MediaBox");
  return g;
}

void redact_vector_page(fz_context *ctx, pdf_document *doc, pdf_page *page,
                        const std::vector<ocr::Box> &boxes) {
  auto to_user = page_to_user(geometry_of(ctx, page));
  pdf_annot *annot = nullptr;
  bool ok = true;
  fz_var(annot);
  fz_try(ctx) {
    for (const auto &box : boxes) {
      auto u = to_user.apply(box);
      annot = pdf_create_annot(ctx, page, PDF_ANNOT_REDACT);
      pdf_dict_put_rect(ctx, pdf_annot_obj(ctx, annot), PDF_NAME(Rect),
                        fz_make_rect(static_cast<float>(u.x0), static_cast<float>(u.y0),
                                     static_cast<float>(u.x1), static_cast<float>(u.y1)));
      pdf_drop_annot(ctx, annot);
      annot = nullptr;
    }
    pdf_redact_options options{};
    options.black_boxes = 1;
    options.image_method = PDF_REDACT_IMAGE_PIXELS;
    if (!boxes.empty())
      pdf_redact_page(ctx, doc, page, &options);
    // Applying redactions leaves the page an empty /Annots array: a page keeps only what it
    // is drawn with.
    pdf_dict_del(ctx, page->obj, PDF_NAME(Annots));
  }
  fz_always(ctx) { pdf_drop_annot(ctx, annot); }
  fz_catch(ctx) { ok = false; }
  if (!ok)
    throw Error(Reason::pdf_corrupt, "MuPDF cannot redact a page");
}

// Pixels of an 8-bit gray pixmap without alpha inside a pixel-space box set to black.
void paint_black(fz_pixmap *pix, const ocr::Box &px) {
  int x0 = std::max(pix->x, static_cast<int>(std::floor(px.x0)));
  int y0 = std::max(pix->y, static_cast<int>(std::floor(px.y0)));
  int x1 = std::min(pix->x + pix->w, static_cast<int>(std::ceil(px.x1)));
  int y1 = std::min(pix->y + pix->h, static_cast<int>(std::ceil(px.y1)));
  for (int y = y0; y < y1; ++y) {
    unsigned char *row = pix->samples + static_cast<std::ptrdiff_t>(y - pix->y) * pix->stride;
    for (int x = x0; x < x1; ++x)
      row[(x - pix->x) * pix->n] = 0;
  }
}

// The page drawn as gray pixels with the boxes painted black, as the only content of a new page
// of the same displayed size, inserted at `at` (-1: at the end).
void add_raster_page(fz_context *ctx, pdf_document *out, fz_page *page,
                     const std::vector<ocr::Box> &boxes, int dpi, int at = -1) {
  fz_pixmap *pix = nullptr;
  fz_image *image = nullptr;
  pdf_obj *image_ref = nullptr, *resources = nullptr, *page_obj = nullptr;
  fz_buffer *contents = nullptr;
  bool ok = true;
  fz_var(pix);
  fz_var(image);
  fz_var(image_ref);
  fz_var(resources);
  fz_var(page_obj);
  fz_var(contents);
  fz_try(ctx) {
    fz_rect bounds = fz_bound_page(ctx, page);
    float scale = static_cast<float>(dpi) / 72.0f;
    pix = fz_new_pixmap_from_page(ctx, page, fz_scale(scale, scale), fz_device_gray(ctx), 0);
    // Page space -> pixels through the render matrix, stated as the image_to_page mi-ocr uses.
    ocr::Matrix image_to_page{1.0 / scale, 0, 0, 1.0 / scale, 0, 0};
    for (const auto &box : boxes) {
      auto px = page_to_pixels(box, image_to_page);
      paint_black(pix, px);
    }
    image = fz_new_image_from_pixmap(ctx, pix, nullptr);
    image_ref = pdf_add_image(ctx, out, image);
    resources = pdf_new_dict(ctx, out, 1);
    pdf_obj *xobjects = pdf_dict_put_dict(ctx, resources, PDF_NAME(XObject), 1);
    pdf_dict_puts(ctx, xobjects, "Im0", image_ref);
    float w = bounds.x1 - bounds.x0, h = bounds.y1 - bounds.y0;
    contents = fz_new_buffer(ctx, 64);
    fz_append_printf(ctx, contents, "q %g 0 0 %g 0 0 cm /Im0 Do Q\n", w, h);
    page_obj = pdf_add_page(ctx, out, fz_make_rect(0, 0, w, h), 0, resources, contents);
    pdf_insert_page(ctx, out, at, page_obj);
  }
  fz_always(ctx) {
    pdf_drop_obj(ctx, page_obj);
    fz_drop_buffer(ctx, contents);
    pdf_drop_obj(ctx, resources);
    pdf_drop_obj(ctx, image_ref);
    fz_drop_image(ctx, image);
    fz_drop_pixmap(ctx, pix);
  }
  fz_catch(ctx) { ok = false; }
  if (!ok)
    throw Error(Reason::pdf_corrupt, "MuPDF cannot draw a page as a picture");
}

std::string write_whole(fz_context *ctx, pdf_document *doc) {
  fz_buffer *buffer = nullptr;
  fz_output *out = nullptr;
  std::string bytes;
  bool ok = true;
  fz_var(buffer);
  fz_var(out);
  fz_try(ctx) {
    buffer = fz_new_buffer(ctx, 1 << 16);
    out = fz_new_output_with_buffer(ctx, buffer);
    // The file identity of the source (/ID) would tie the copy to the original: none is kept.
    pdf_obj *trailer = pdf_trailer(ctx, doc);
    pdf_dict_del(ctx, trailer, PDF_NAME(ID));
    pdf_dict_del(ctx, trailer, PDF_NAME(Info));
    pdf_write_options options = pdf_default_write_options;
    options.do_incremental = 0;
    options.do_garbage = 3; // collect, renumber and merge duplicates: only what pages use
    options.do_compress = 1;
    options.do_compress_images = 1;
    options.do_compress_fonts = 1;
    pdf_write_document(ctx, doc, out, &options);
    fz_close_output(ctx, out);
    unsigned char *data = nullptr;
    size_t size = fz_buffer_storage(ctx, buffer, &data);
    bytes.assign(reinterpret_cast<const char *>(data), size);
  }
  fz_always(ctx) {
    fz_drop_output(ctx, out);
    fz_drop_buffer(ctx, buffer);
  }
  fz_catch(ctx) { ok = false; }
  if (!ok)
    throw Error(Reason::pdf_corrupt, "MuPDF cannot write the redacted document");
  return bytes;
}

// An empty document the redacted pages go into, dropped with the object.
class OutputDocument {
public:
  explicit OutputDocument(fz_context *ctx) : ctx_(ctx) {
    bool ok = true;
    fz_try(ctx) { doc_ = pdf_create_document(ctx); }
    fz_catch(ctx) { ok = false; }
    if (!ok)
      throw Error(Reason::internal, "MuPDF cannot create a document");
  }
  ~OutputDocument() { pdf_drop_document(ctx_, doc_); }
  OutputDocument(const OutputDocument &) = delete;
  OutputDocument &operator=(const OutputDocument &) = delete;
  pdf_document *get() const { return doc_; }

private:
  fz_context *ctx_;
  pdf_document *doc_ = nullptr;
};

const std::vector<ocr::Box> &boxes_of(const RedactRequest &request, int page) {
  static const std::vector<ocr::Box> none;
  auto it = request.boxes.find(page);
  return it == request.boxes.end() ? none : it->second;
}

RedactedPdf redact_raster(pdf::MupdfContext &context, const RedactRequest &request) {
  fz_context *ctx = context.get();
  const auto &prepared = request.source;
  pdf::MupdfDocument source(context, prepared.view(), prepared.mime);
  OutputDocument out(ctx);
  RedactedPdf result;
  for (std::size_t i = 0; i < prepared.pages.size(); ++i) {
    int number = prepared.pages[i];
    int index = prepared.sanitized ? static_cast<int>(i) : number - 1;
    if (index < 0 || index >= source.page_count())
      throw Error(Reason::pdf_corrupt, "a document page is not in its source");
    fz_page *page = nullptr;
    bool ok = true;
    fz_try(ctx) { page = fz_load_page(ctx, source.get(), index); }
    fz_catch(ctx) { ok = false; }
    if (!ok)
      throw Error(Reason::pdf_corrupt, "MuPDF cannot load a page");
    try {
      add_raster_page(ctx, out.get(), page, boxes_of(request, number), request.raster_dpi);
    } catch (...) {
      fz_drop_page(ctx, page);
      throw;
    }
    fz_drop_page(ctx, page);
    ++result.raster_pages;
  }
  result.bytes = write_whole(ctx, out.get());
  return result;
}

// The sanitized document is redacted in place and written whole with garbage collection, so
// only objects its pages still draw with are written.
RedactedPdf redact_vector(pdf::MupdfContext &context, const RedactRequest &request) {
  fz_context *ctx = context.get();
  const auto &prepared = request.source;
  pdf::MupdfDocument source(context, prepared.view());
  pdf_document *doc = pdf_document_from_fz_document(ctx, source.get());
  if (!doc)
    throw Error(Reason::pdf_corrupt, "the sanitized document is not a PDF");
  RedactedPdf result;
  for (std::size_t i = 0; i < prepared.pages.size(); ++i) {
    const auto &boxes = boxes_of(request, prepared.pages[i]);
    int index = static_cast<int>(i);
    pdf_page *page = nullptr;
    bool ok = true;
    fz_try(ctx) { page = pdf_load_page(ctx, doc, index); }
    fz_catch(ctx) { ok = false; }
    if (!ok)
      throw Error(Reason::pdf_corrupt, "MuPDF cannot load a page");
    bool raster = false;
    try {
      raster = covers_vector_art(page_shapes(ctx, &page->super), boxes);
      if (raster)
        add_raster_page(ctx, doc, &page->super, boxes, request.raster_dpi, index);
      else
        redact_vector_page(ctx, doc, page, boxes);
    } catch (...) {
      fz_drop_page(ctx, &page->super);
      throw;
    }
    fz_drop_page(ctx, &page->super);
    if (raster) {
      // The picture went in before the page it was drawn from; the page itself goes.
      fz_try(ctx) { pdf_delete_page(ctx, doc, index + 1); }
      fz_catch(ctx) { ok = false; }
      if (!ok)
        throw Error(Reason::pdf_corrupt, "MuPDF cannot replace a page with its picture");
      ++result.raster_pages;
    } else {
      ++result.vector_pages;
    }
  }
  result.bytes = write_whole(ctx, doc);
  return result;
}

} // namespace

bool covers_vector_art(const std::vector<ocr::Box> &shapes, const std::vector<ocr::Box> &boxes) {
  // The share of a shape's bounds under the boxes, sampled on a grid: boxes overlap (a word is
  // often covered as a field value and as a detected name), so their areas cannot be summed.
  constexpr int grid = 16;
  constexpr double mostly_inside = 0.5;
  for (const auto &s : shapes) {
    int inside = 0;
    for (int i = 0; i < grid; ++i)
      for (int j = 0; j < grid; ++j) {
        double x = s.x0 + (s.x1 - s.x0) * (i + 0.5) / grid;
        double y = s.y0 + (s.y1 - s.y0) * (j + 0.5) / grid;
        inside += std::any_of(boxes.begin(), boxes.end(), [&](const ocr::Box &b) {
          return x >= b.x0 && x <= b.x1 && y >= b.y0 && y <= b.y1;
        });
      }
    if (inside >= mostly_inside * grid * grid)
      return true;
  }
  return false;
}

PreparedSource prepare_source(ByteView source, const std::string &mime,
                              const std::vector<int> &pages) {
  PreparedSource prepared;
  prepared.mime = mime;
  prepared.pages = pages;
  if (mime == "application/pdf") {
    prepared.bytes = sanitize_pdf(source, pages);
    prepared.sanitized = true;
  } else {
    prepared.bytes.assign(reinterpret_cast<const char *>(source.data()), source.size());
  }
  return prepared;
}

std::map<int, ocr::PageText> printed_words(pdf::MupdfContext &context,
                                           const PreparedSource &source) {
  std::map<int, ocr::PageText> out;
  if (!source.sanitized)
    return out;
  pdf::MupdfDocument document(context, source.view());
  for (std::size_t i = 0; i < source.pages.size(); ++i) {
    auto words = ocr::text_layer_words(context, document, static_cast<int>(i));
    words.page = source.pages[i];
    out.emplace(source.pages[i], std::move(words));
  }
  return out;
}

RedactedPdf redact_document(pdf::MupdfContext &context, const RedactRequest &request) {
  if (request.mode == RedactMode::vector && request.source.sanitized)
    return redact_vector(context, request);
  return redact_raster(context, request);
}

} // namespace mi::redact
