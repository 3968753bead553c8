#pragma once
// The leak gate: independent checks a redacted PDF must pass before it leaves mi.
//
// The redactor trusts none of its own work. Each check reads the output by another route — two
// text extractors (MuPDF's, including invisible text; poppler's pdftotext in a child process),
// the raw bytes, every object qpdf can parse (including orphans and objects of superseded
// revisions), OCR of the rendered pages — and looks for the terms (the PHI the redactor was to
// remove) with TextIndex. A leak must get past all of them to escape: a black box drawn over
// text fools OCR but not the extractors; text in a compressed stream fools the raw bytes but
// not qpdf. check_structure refuses what the redactor must never write at all: document
// metadata, forms, attachments, actions and incremental updates.
//
// Findings carry the check, the term's kind and the page: codes and numbers, never a value, so
// they may be logged and audited. A file a check cannot open is a finding of kind "unreadable",
// never a pass (pdftotext refusing a file, or looping on it for a minute, is such a finding).
// A check that cannot run at all (pdftotext missing, or dying) throws Error(leak_check_failed):
// the gate fails closed.

#include "redact/term_match.hpp"

#include "core/encoding.hpp"
#include "pdf/mupdf.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace mi::ocr {
class TesseractEngine;
}

namespace mi::redact {

struct LeakFinding {
  std::string check; // "mupdf_text", "pdftotext", "raw_bytes", "objects", "ocr", "structure"
  std::string kind;  // the term's kind, the offending key (structure), "unreadable" or
                     // "stream_too_large" (objects)
  int page = 0;      // 1-based; 0 when the finding is not about one page
};

struct GateOptions {
  bool ocr = true;
  int ocr_dpi = 300;
};

struct GateResult {
  std::vector<LeakFinding> findings;
  bool passed() const { return findings.empty(); }
};

// Every text MuPDF extracts from each page, invisible text (render mode 3) and text outside the
// media box included; exact matching. One finding per kind and page.
std::vector<LeakFinding> check_mupdf_text(pdf::MupdfContext &context, ByteView pdf,
                                          const std::vector<Term> &terms);

inline constexpr const char *default_pdftotext = "/usr/bin/pdftotext";

// poppler's text of each page (pages split at form feeds). The PDF reaches the child through a
// sealed memfd, its text comes back through a pipe: no file is ever written. A file poppler
// cannot read (exit status 1) or takes over a minute on is an "unreadable" finding; throws
// Error(leak_check_failed) when the program is missing, dies or fails otherwise.
std::vector<LeakFinding> check_pdftotext(ByteView pdf, const std::vector<Term> &terms,
                                         const char *program = default_pdftotext);

// The file's bytes read as text in several forms: as they are (bytes that are not UTF-8 split
// words); the runs of UTF-16 text (NUL-interleaved ASCII, either byte order); and every literal
// and hex string decoded (escapes, UTF-16 after its byte order mark, PDFDocEncoding), each on
// its own, and the strings of one array joined (a TJ operand splits words). Terms' digits-only
// forms are matched in the strings only: a line of content or binary data holds enough digits
// to contain any six by chance. Sees only what is not compressed.
std::vector<LeakFinding> check_raw_bytes(ByteView pdf, const std::vector<Term> &terms);

// Every object qpdf finds through the cross-reference table, plus every "N G obj" in the raw
// bytes that the table does not point to (orphans, and the objects of revisions an incremental
// update superseded). Strings by their UTF-8 value; streams decoded (lossless filters; the raw
// data when decoding fails) and read in the forms of check_raw_bytes. Image streams are left to
// the OCR check: their decoded data is pixels. A stream that decodes to more than
// max_stream_bytes is not inspected but reported, as kind "stream_too_large": no page of a
// redacted file needs that much content, and decoding a bomb whole would exhaust memory.
inline constexpr std::size_t default_max_stream_bytes = 64u << 20;
std::vector<LeakFinding> check_objects(ByteView pdf, const std::vector<Term> &terms,
                                       std::size_t max_stream_bytes = default_max_stream_bytes);

// Each page rendered at `dpi` and read by Tesseract (with ocr_rendered_page's orientation
// retry); fuzzy matching, as OCR misreads letters.
std::vector<LeakFinding> check_ocr(pdf::MupdfContext &context, ocr::TesseractEngine &engine,
                                   ByteView pdf, const std::vector<Term> &terms, int dpi = 300);

// Keys that must not appear in a released file, reported by name as the finding's kind:
// "Info" and "Prev" in the trailer; "Metadata", "EmbeddedFiles", "EF", "AcroForm",
// "JavaScript", "JS", "OpenAction", "AA" in any dictionary; "eof_count" unless the raw bytes
// hold exactly one %%EOF (a file written whole, not updated); "unreadable" when qpdf cannot
// open the file.
std::vector<LeakFinding> check_structure(ByteView pdf);

// All checks, structure first and OCR last. engine may be null only when options.ocr is false.
GateResult run_leak_gate(pdf::MupdfContext &context, ocr::TesseractEngine *engine, ByteView pdf,
                         const std::vector<Term> &terms, const GateOptions &options = {});

} // namespace mi::redact
