#pragma once
// Text that a born-digital page carries only in a picture: a photocopied insurance card, a
// scanned letterhead pasted into a generated form. The text layer does not hold it, so mi-ocr
// reads such pictures with Tesseract, region by region, and adds their words to the page
// (PageText::regions records each region and the words it contributed).
//
// A placement is worth reading when it is large enough to hold text (a logo is not), sharp
// enough to read, not most of the page (a full-page image under a visible text layer is a scan
// with its OCR layer, read elsewhere), and not mostly under text-layer words (a background or a
// watermark behind text). Only the region is rendered, so a card costs a card's OCR, not a
// page's; pages without images cost nothing more.

#include "ocr/page_ocr.hpp"
#include "ocr/page_text.hpp"

#include "pdf/page_census.hpp"

#include <vector>

namespace mi::ocr {

struct ImageRegionOptions {
  bool enabled = true; // mi-ocr --no-image-regions turns it off
  // A business card is 3.5 x 2 in; a logo or a signature is smaller than this.
  double min_area_square_inches = 2.0;
  double min_side_inches = 0.75;
  // Effective resolution of the image where it is placed, on both axes.
  double min_dpi = 100;
  // A region (after clipping to the page and merging) covering this share of the page or more
  // is a scan, not a picture on a page.
  double max_page_coverage = 0.8;
  // Text-layer word boxes covering more than this share of a region make it a background.
  double max_text_coverage = 0.25;
  // Placements closer than this (points) are one region: an image cut into strips or tiles.
  double merge_gap_points = 2.0;
};

// The page-space regions to OCR, top to bottom then left to right: placements sharp enough,
// clipped to the page, merged when they touch or overlap (an image stored as tiles or strips is
// one picture), then kept when the merged region passes the size, page and text coverage rules.
// Empty when options.enabled is false.
std::vector<Box> regions_to_ocr(const pdf::PageCensus &census,
                                const std::vector<Word> &text_layer_words,
                                const ImageRegionOptions &options);

// Renders `region` of the page (render_region, at dpi) and reads it with ocr_rendered_page,
// orientation disabled: a picture on an upright page is upright, and the OSD retry a small
// image's few words would trigger doubles the cost for nothing. The result's words are in page
// space; its image_to_page maps the pixels Tesseract read to page space (the region's offset
// included).
PageText read_region(TesseractEngine &engine, pdf::MupdfContext &context,
                     const pdf::MupdfDocument &document, int page_index, const Box &region, int dpi,
                     const PageOcrOptions &options);

// Appends the words of a region reading to a page and records the region (PageText::regions):
// a word whose box lies more than half (of its own area) over a word already on the page is
// dropped (the text layer has it); blocks and lines are renumbered to continue after the
// page's last block and line.
void add_region_words(PageText &page, const Box &region, PageText reading);

} // namespace mi::ocr
