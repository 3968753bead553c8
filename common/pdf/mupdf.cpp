#include "pdf/mupdf.hpp"

#include "core/error.hpp"

#include <mupdf/fitz.h>

namespace mi::pdf {
namespace {

void discard_message(void *, const char *) {}

} // namespace

MupdfContext::MupdfContext() : context_(fz_new_context(nullptr, nullptr, FZ_STORE_DEFAULT)) {
  if (!context_)
    throw Error(Reason::internal, "cannot create a MuPDF context");
  fz_set_warning_callback(context_, discard_message, nullptr);
  fz_set_error_callback(context_, discard_message, nullptr);
  fz_try(context_) { fz_register_document_handlers(context_); }
  fz_catch(context_) {
    fz_drop_context(context_);
    throw Error(Reason::internal, "cannot register MuPDF document handlers");
  }
}

MupdfContext::~MupdfContext() { fz_drop_context(context_); }

MupdfDocument::MupdfDocument(MupdfContext &context, ByteView pdf)
    : MupdfDocument(context, pdf, "application/pdf") {}

MupdfDocument::MupdfDocument(MupdfContext &context, ByteView pdf, std::string_view mime)
    : context_(context) {
  fz_context *ctx = context_.get();
  std::string magic(mime);
  fz_stream *stream = nullptr;
  bool needs_password = false;
  fz_var(stream);
  fz_try(ctx) {
    stream = fz_open_memory(ctx, pdf.data(), pdf.size());
    document_ = fz_open_document_with_stream(ctx, magic.c_str(), stream);
    needs_password = fz_needs_password(ctx, document_);
  }
  fz_always(ctx) { fz_drop_stream(ctx, stream); }
  fz_catch(ctx) {
    document_ = nullptr;
    throw Error(Reason::pdf_corrupt, "MuPDF cannot open the document");
  }
  if (needs_password) {
    fz_drop_document(ctx, document_);
    document_ = nullptr;
    throw Error(Reason::pdf_encrypted);
  }
}

MupdfDocument::~MupdfDocument() {
  if (document_)
    fz_drop_document(context_.get(), document_);
}

int MupdfDocument::page_count() const {
  fz_context *ctx = context_.get();
  int count = -1;
  fz_try(ctx) { count = fz_count_pages(ctx, document_); }
  fz_catch(ctx) { count = -1; }
  if (count < 0)
    throw Error(Reason::pdf_corrupt, "MuPDF cannot count the pages");
  return count;
}

} // namespace mi::pdf
