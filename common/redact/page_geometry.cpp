#include "redact/page_geometry.hpp"

#include "extract/page_layout.hpp"

namespace mi::redact {

ocr::Matrix user_to_page(const PageGeometry &page) {
  const auto &v = page.visible;
  double w = v.x1 - v.x0, h = v.y1 - v.y0;
  // Flip y about the visible box's top edge: the page as drawn with no /Rotate.
  ocr::Matrix unrotated{1, 0, 0, -1, -v.x0, v.y1};
  int turn = ((page.rotate % 360) + 360) % 360;
  // Then turn the w x h page clockwise by quarter turns, its new top-left corner at the origin.
  ocr::Matrix rotation;
  switch (turn) {
  case 90:
    rotation = {0, 1, -1, 0, h, 0}; // (x, y) -> (h - y, x)
    break;
  case 180:
    rotation = {-1, 0, 0, -1, w, h}; // (x, y) -> (w - x, h - y)
    break;
  case 270:
    rotation = {0, -1, 1, 0, 0, w}; // (x, y) -> (y, w - x)
    break;
  default:
    break;
  }
  return ocr::then(unrotated, rotation);
}

ocr::Matrix page_to_user(const PageGeometry &page) { return extract::inverse(user_to_page(page)); }

ocr::Box page_to_pixels(const ocr::Box &page_box, const ocr::Matrix &image_to_page) {
  return extract::inverse(image_to_page).apply(page_box);
}

} // namespace mi::redact
