#include "ocr/text_layer.hpp"

#include "ocr/mupdf_page.hpp"

#include "core/error.hpp"

#include <mupdf/fitz.h>

#include <algorithm>

namespace mi::ocr {
namespace {

bool is_space(int c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 || c == 0x2002 ||
         c == 0x2003 || c == 0x2009 || c == 0x3000;
}

void append_utf8(std::string &out, int c) {
  char buffer[8];
  int n = fz_runetochar(buffer, c);
  out.append(buffer, static_cast<std::size_t>(n));
}

struct WordBuilder {
  std::vector<Word> &words;
  double origin_x, origin_y;
  Word current;
  bool open = false;

  void add(int c, const fz_rect &r, int block, int line) {
    if (!open) {
      current = Word{};
      current.box = {r.x0, r.y0, r.x1, r.y1};
      current.block = block;
      current.line = line;
      open = true;
    } else {
      current.box.x0 = std::min(current.box.x0, static_cast<double>(r.x0));
      current.box.y0 = std::min(current.box.y0, static_cast<double>(r.y0));
      current.box.x1 = std::max(current.box.x1, static_cast<double>(r.x1));
      current.box.y1 = std::max(current.box.y1, static_cast<double>(r.y1));
    }
    append_utf8(current.text, c);
  }
  void close() {
    if (!open)
      return;
    current.box.x0 -= origin_x;
    current.box.x1 -= origin_x;
    current.box.y0 -= origin_y;
    current.box.y1 -= origin_y;
    current.confidence = 1.0;
    words.push_back(std::move(current));
    open = false;
  }
};

} // namespace

PageText text_layer_words(pdf::MupdfContext &context, const pdf::MupdfDocument &document,
                          int page_index) {
  LoadedPage page(context, document, page_index);
  fz_context *ctx = context.get();
  PageText out;
  out.page = page_index + 1;
  out.width = page.width();
  out.height = page.height();
  out.source = TextSource::text_layer;

  fz_stext_page *text = nullptr;
  bool ok = false;
  fz_var(ok);
  fz_var(text);
  fz_try(ctx) {
    fz_stext_options options{};
    options.flags = FZ_STEXT_PRESERVE_WHITESPACE;
    text = fz_new_stext_page_from_page(ctx, page.get(), &options);
    ok = true;
  }
  fz_catch(ctx) { ok = false; }
  if (!ok)
    throw Error(Reason::pdf_corrupt, "MuPDF cannot read the text of a page");

  WordBuilder builder{out.words, page.origin_x(), page.origin_y()};
  int block_index = 0, line_index = 0;
  // Characters by the clockwise turn that would make their line read left to right.
  std::size_t by_turn[4] = {0, 0, 0, 0};
  for (fz_stext_block *block = text->first_block; block; block = block->next) {
    if (block->type != FZ_STEXT_BLOCK_TEXT)
      continue;
    bool block_has_words = false;
    for (fz_stext_line *line = block->u.t.first_line; line; line = line->next) {
      std::size_t before = out.words.size();
      for (fz_stext_char *ch = line->first_char; ch; ch = ch->next) {
        if (is_space(ch->c) || ch->c < 0x20) {
          builder.close();
          continue;
        }
        builder.add(ch->c, fz_rect_from_quad(ch->quad), block_index, line_index);
      }
      builder.close();
      if (out.words.size() > before) {
        // dir is the writing direction in page space (y down): (0, 1) runs down the page, so
        // the page must turn 270 degrees clockwise to read it.
        int turn = line->dir.x > 0.7f    ? 0
                   : line->dir.y > 0.7f  ? 270
                   : line->dir.x < -0.7f ? 180
                   : line->dir.y < -0.7f ? 90
                                         : 0;
        for (std::size_t i = before; i < out.words.size(); ++i)
          by_turn[turn / 90] += out.words[i].text.size();
        ++line_index;
        block_has_words = true;
      }
    }
    if (block_has_words)
      ++block_index;
  }
  fz_drop_stext_page(ctx, text);
  int dominant = 0;
  for (int i = 1; i < 4; ++i)
    if (by_turn[i] > by_turn[dominant])
      dominant = i;
  out.content_rotation = dominant * 90;
  return out;
}

} // namespace mi::ocr
