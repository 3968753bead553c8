#pragma once
// The first step of vector redaction, done with qpdf: keep only the document's pages, print
// every annotation and form field into its page (so what a reader saw becomes content that
// redaction can remove, and nothing hides in /V values, /Contents of notes or popups), then
// keep only what a page needs to be drawn. Everything a PDF can carry besides its drawing —
// document info, XMP, attachments, JavaScript and actions, outlines, structure trees with
// their alternate text, optional content, thumbnails, piece info, old revisions, orphan
// objects — is dropped, and the file is written whole.

#include "core/encoding.hpp"

#include <string>
#include <vector>

namespace mi::redact {

// pages: 1-based page numbers of the source, in output order. Throws Error(pdf_corrupt) when
// qpdf cannot read or write the file.
std::string sanitize_pdf(ByteView pdf, const std::vector<int> &pages);

} // namespace mi::redact
