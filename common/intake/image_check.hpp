#pragma once
// The real parse of an uploaded image with Leptonica: TIFF (every page, including CCITT G3/G4
// faxes), PNG and JPEG. Dimensions are read from headers before anything is decoded, so a pixel
// flood is refused without allocating its pixels; then each page is decoded to prove it is an
// image and not just a header. Runs inside the intake sandbox.

#include "intake/file_type.hpp"
#include "intake/limits.hpp"

namespace mi::intake {

struct ImageCheck {
  std::uint64_t pages = 0;
};

// Throws Error(pixel_limit | page_limit | image_corrupt | type_mismatch).
ImageCheck check_image(ByteView image, UploadType type, const IntakeLimits &limits);

} // namespace mi::intake
