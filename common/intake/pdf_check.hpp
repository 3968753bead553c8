#pragma once
// The structural check of an uploaded PDF, with qpdf: encryption, active content, limits
// (pages, page size, objects, image pixels, decoded stream bytes) and, where the policy says
// "strip", a rewritten copy with the active content removed. Runs inside the intake sandbox.

#include "intake/limits.hpp"

#include "core/encoding.hpp"
#include "core/error.hpp"

#include <optional>
#include <vector>

namespace mi::intake {

struct ActiveContentFound {
  bool javascript = false;
  bool launch = false;
  bool uri = false;
  bool embedded_files = false;
  bool xfa = false;
  bool any() const noexcept { return javascript || launch || uri || embedded_files || xfa; }
};

struct PdfCheck {
  std::uint64_t pages = 0;
  ActiveContentFound active;
  std::optional<Bytes> sanitized;   // set when active content was stripped
  std::vector<StaticText> stripped; // what was stripped, for the receipt and audit
};

// Throws Error with the reason to reject (pdf_corrupt, pdf_encrypted, pdf_javascript, ...,
// page_limit, page_size_limit, object_limit, pixel_limit, decompression_bomb).
PdfCheck check_pdf(ByteView pdf, const IntakeRules &rules);

// Only the detection part, for tests and for verifying a sanitized copy.
ActiveContentFound find_active_content(ByteView pdf);

} // namespace mi::intake
