#include "intake/image_check.hpp"

#include "core/error.hpp"

#include <leptonica/allheaders.h>

#include <cstdio>

namespace mi::intake {
namespace {

void silence_leptonica() {
  static const bool done = [] {
    setMsgSeverity(L_SEVERITY_NONE);
    return true;
  }();
  (void)done;
}

void check_pixels(l_int32 w, l_int32 h, const IntakeLimits &limits) {
  if (w <= 0 || h <= 0)
    throw Error(Reason::image_corrupt, "image header has no dimensions");
  if (static_cast<double>(w) * static_cast<double>(h) >
      static_cast<double>(limits.max_image_pixels))
    throw Error(Reason::pixel_limit);
}

void decode(PIX *pix) {
  if (!pix)
    throw Error(Reason::image_corrupt);
  pixDestroy(&pix);
}

std::uint64_t tiff_page_count(ByteView image) {
  FILE *stream = fmemopen(const_cast<std::uint8_t *>(image.data()), image.size(), "rb");
  if (!stream)
    throw Error(Reason::internal, "cannot open the image in memory");
  l_int32 count = 0;
  bool ok = tiffGetCount(stream, &count) == 0;
  std::fclose(stream);
  if (!ok || count <= 0)
    throw Error(Reason::image_corrupt, "cannot count the TIFF pages");
  return static_cast<std::uint64_t>(count);
}

} // namespace

ImageCheck check_image(ByteView image, UploadType type, const IntakeLimits &limits) {
  silence_leptonica();
  ImageCheck result;
  if (type == UploadType::tiff) {
    result.pages = tiff_page_count(image);
    if (result.pages > limits.max_pages)
      throw Error(Reason::page_limit);
    // Every page's header first, so a flood on page 40 is refused before page 1 is decoded.
    for (std::uint64_t page = 0; page < result.pages; ++page) {
      l_int32 w = 0, h = 0, bps = 0, spp = 0, res = 0, cmap = 0, format = 0;
      if (readHeaderMemTiff(image.data(), image.size(), static_cast<l_int32>(page), &w, &h, &bps,
                            &spp, &res, &cmap, &format) != 0)
        throw Error(Reason::image_corrupt, "unreadable TIFF page header");
      check_pixels(w, h, limits);
    }
    for (std::uint64_t page = 0; page < result.pages; ++page)
      decode(pixReadMemTiff(image.data(), image.size(), static_cast<l_int32>(page)));
    return result;
  }
  l_int32 format = 0, w = 0, h = 0, bps = 0, spp = 0, cmap = 0;
  if (pixReadHeaderMem(image.data(), image.size(), &format, &w, &h, &bps, &spp, &cmap) != 0)
    throw Error(Reason::image_corrupt, "unreadable image header");
  bool format_agrees = (type == UploadType::png && format == IFF_PNG) ||
                       (type == UploadType::jpeg && format == IFF_JFIF_JPEG);
  if (!format_agrees)
    throw Error(Reason::type_mismatch, "the image parser sees another format");
  check_pixels(w, h, limits);
  decode(pixReadMem(image.data(), image.size()));
  result.pages = 1;
  return result;
}

} // namespace mi::intake
