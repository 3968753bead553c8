#pragma once
// MuPDF behind RAII: a context whose warning and error printers are silenced (MuPDF would print
// object contents of hostile files to stderr), and documents opened from memory so no page ever
// touches a temporary file.

#include "core/encoding.hpp"

#include <string>
#include <string_view>

struct fz_context;
struct fz_document;

namespace mi::pdf {

class MupdfContext {
public:
  MupdfContext();
  ~MupdfContext();
  MupdfContext(const MupdfContext &) = delete;
  MupdfContext &operator=(const MupdfContext &) = delete;
  fz_context *get() const noexcept { return context_; }

private:
  fz_context *context_;
};

class MupdfDocument {
public:
  // Opens a PDF held in memory (the bytes must outlive the document). Throws
  // Error(pdf_corrupt) if MuPDF cannot open it, Error(pdf_encrypted) if it needs a password.
  MupdfDocument(MupdfContext &context, ByteView pdf);
  // Any type MuPDF opens: "application/pdf", "image/tiff" (every page of a multi-page TIFF),
  // "image/png", "image/jpeg". Images become one page per frame at their native resolution.
  MupdfDocument(MupdfContext &context, ByteView bytes, std::string_view mime);
  ~MupdfDocument();
  MupdfDocument(const MupdfDocument &) = delete;
  MupdfDocument &operator=(const MupdfDocument &) = delete;

  int page_count() const;
  fz_document *get() const noexcept { return document_; }

private:
  MupdfContext &context_;
  fz_document *document_ = nullptr;
};

} // namespace mi::pdf
