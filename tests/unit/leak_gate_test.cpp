#include "redact/leak_gate.hpp"

#include "ocr/tesseract_engine.hpp"
#include "ocr/text_layer.hpp"

#include "ocr_support.hpp"

#include <qpdf/Buffer.hh>
#include <qpdf/Pl_Buffer.hh>
#include <qpdf/Pl_Flate.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>
#include <qpdf/QPDFWriter.hh>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <set>
#include <string>
#include <utility>
#include <vector>

using namespace mi;
using namespace mi::redact;

namespace {

// Terms from a packet's truth: each field's normalized and printed value, and the canaries.
std::vector<Term> truth_terms(const std::string &stem) {
  auto truth = test::packet_truth(stem);
  std::vector<Term> terms;
  for (const auto &document : truth["documents"])
    for (const auto &[name, field] : document["fields"].items()) {
      if (name == "checkboxes" || name == "signature_status")
        continue;
      for (const char *form : {"value", "printed"})
        if (field.contains(form) && field[form].is_string())
          terms.push_back(make_term(name, field[form].get<std::string>()));
    }
  for (const auto &canary : truth["canaries"])
    terms.push_back(make_term("canary", canary.get<std::string>()));
  return terms;
}

std::set<std::string> kinds_of(const std::vector<LeakFinding> &findings) {
  std::set<std::string> kinds;
  for (const auto &f : findings)
    kinds.insert(f.kind);
  return kinds;
}

std::set<std::string> checks_of(const std::vector<LeakFinding> &findings) {
  std::set<std::string> checks;
  for (const auto &f : findings)
    checks.insert(f.check);
  return checks;
}

Bytes bytes_of(const std::string &text) { return Bytes(text.begin(), text.end()); }

std::string xref_and_trailer(const std::vector<std::pair<int, std::size_t>> &entries, int size,
                             const std::string &trailer, std::size_t xref_at) {
  auto offset = [](std::size_t at) {
    std::string number = std::to_string(at);
    return std::string(10 - number.size(), '0') + number;
  };
  std::string out = "xref\n";
  bool first_section = entries.empty() || entries.front().first != 0;
  if (first_section)
    out += "0 1\n0000000000 65535 f \n";
  for (const auto &[number, at] : entries)
    out += std::to_string(number) + " 1\n" + offset(at) + " 00000 n \n";
  return out + "trailer\n<< /Size " + std::to_string(size) + " " + trailer + " >>\nstartxref\n" +
         std::to_string(xref_at) + "\n%%EOF\n";
}

// A PDF whose objects are numbered from 1 in order, with an exact cross-reference table.
// `unlisted` is written into the body but no table entry points to it (an orphan).
std::string pdf_of(const std::vector<std::string> &objects, const std::string &trailer = "",
                   const std::string &unlisted = "") {
  std::string pdf = "%PDF-1.7\n";
  std::vector<std::pair<int, std::size_t>> entries;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    entries.push_back({static_cast<int>(i + 1), pdf.size()});
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  pdf += unlisted;
  std::size_t xref = pdf.size();
  return pdf + xref_and_trailer(entries, static_cast<int>(objects.size() + 1),
                                "/Root 1 0 R " + trailer, xref);
}

// The file with an incremental update appended that replaces the given objects.
std::string with_update(std::string pdf, const std::vector<std::pair<int, std::string>> &objects,
                        int size) {
  auto at = pdf.rfind("startxref\n");
  std::string previous = pdf.substr(at + 10, pdf.find('\n', at + 10) - at - 10);
  std::vector<std::pair<int, std::size_t>> entries;
  for (const auto &[number, body] : objects) {
    entries.push_back({number, pdf.size()});
    pdf += std::to_string(number) + " 0 obj\n" + body + "\nendobj\n";
  }
  std::size_t xref = pdf.size();
  return pdf + xref_and_trailer(entries, size, "/Root 1 0 R /Prev " + previous, xref);
}

std::string plain_stream(const std::string &content) {
  return "<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "\nendstream";
}

// Objects 1-5 of a one-page document showing `content` (PDF user space) in Helvetica (/F1).
std::vector<std::string> page_objects(const std::string &content,
                                      const std::string &catalog_extra = "") {
  return {"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + " >>",
          "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
          "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
          "/Resources << /Font << /F1 5 0 R >> >> >>",
          plain_stream(content), "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"};
}

std::string shown(const std::string &string_operand) {
  return "BT /F1 14 Tf 72 700 Td " + string_operand + " Tj ET";
}

std::string utf16be(const std::string &ascii, bool bom = true) {
  std::string out = bom ? "\xFE\xFF" : "";
  for (char c : ascii) {
    out.push_back('\0');
    out.push_back(c);
  }
  return out;
}

std::string deflated(const std::string &data) {
  Pl_Buffer out("deflated");
  Pl_Flate flate("deflate", &out, Pl_Flate::a_deflate);
  flate.write(reinterpret_cast<const unsigned char *>(data.data()), data.size());
  flate.finish();
  auto buffer = out.getBufferSharedPointer();
  return std::string(reinterpret_cast<const char *>(buffer->getBuffer()), buffer->getSize());
}

std::string flate_stream(const std::string &data) {
  std::string packed = deflated(data);
  return "<< /Length " + std::to_string(packed.size()) + " /Filter /FlateDecode >>\nstream\n" +
         packed + "\nendstream";
}

Bytes written(QPDF &pdf, bool object_streams) {
  QPDFWriter writer(pdf);
  writer.setOutputMemory();
  writer.setDeterministicID(true);
  writer.setCompressStreams(true);
  if (object_streams)
    writer.setObjectStreamMode(qpdf_o_generate);
  writer.write();
  auto buffer = writer.getBufferSharedPointer();
  return Bytes(buffer->getBuffer(), buffer->getBuffer() + buffer->getSize());
}

// The file rewritten whole by qpdf: streams compressed, objects packed in object streams.
Bytes rewritten(const Bytes &bytes, bool object_streams) {
  QPDF pdf;
  pdf.processMemoryFile("test", reinterpret_cast<const char *>(bytes.data()), bytes.size());
  return written(pdf, object_streams);
}

// The first page alone, so an OCR test reads one page.
Bytes first_page_of(const Bytes &bytes) {
  QPDF pdf;
  pdf.processMemoryFile("test", reinterpret_cast<const char *>(bytes.data()), bytes.size());
  QPDFPageDocumentHelper pages(pdf);
  auto all = pages.getAllPages();
  for (std::size_t i = 1; i < all.size(); ++i)
    pages.removePage(all[i]);
  return written(pdf, false);
}

// A cosmetic "redaction": opaque black rectangles drawn over every word of page 1 that shares a
// token with a term. The text stays in the file underneath.
Bytes black_boxed(const Bytes &bytes, const std::vector<Term> &terms) {
  std::set<std::string> secret;
  for (const auto &term : terms)
    secret.insert(term.tokens.begin(), term.tokens.end());
  pdf::MupdfContext context;
  pdf::MupdfDocument document(context, bytes);
  auto words = ocr::text_layer_words(context, document, 0);
  std::string boxes = "\nQ\n0 g\n";
  for (const auto &word : words.words) {
    auto tokens = text_tokens(word.text);
    if (std::none_of(tokens.begin(), tokens.end(),
                     [&](const std::string &t) { return secret.count(t) > 0; }))
      continue;
    // Page space is y-down from the top; PDF user space is y-up from the bottom.
    char rect[128];
    std::snprintf(rect, sizeof rect, "%.2f %.2f %.2f %.2f re f\n", word.box.x0 - 1,
                  words.height - word.box.y1 - 1, word.box.x1 - word.box.x0 + 2,
                  word.box.y1 - word.box.y0 + 2);
    boxes += rect;
  }
  QPDF pdf;
  pdf.processMemoryFile("test", reinterpret_cast<const char *>(bytes.data()), bytes.size());
  auto page = QPDFPageDocumentHelper(pdf).getAllPages().at(0);
  page.addPageContents(pdf.newStream("q\n"), true);
  page.addPageContents(pdf.newStream(boxes), false);
  return written(pdf, false);
}

ocr::TesseractEngine &engine() {
  static ocr::TesseractEngine shared;
  return shared;
}

std::filesystem::path corpus_file(const std::string &name) {
  return test::testdata_dir().parent_path().parent_path() / "shared" / "corpora" / name;
}

const std::vector<Term> &p01_terms() {
  static const std::vector<Term> terms = truth_terms("p01-referral-letter");
  return terms;
}

std::vector<Term> canary_terms() { return {make_term("canary", "Tarkithmont")}; }

} // namespace

TEST_CASE("the text checks see the PHI of an unredacted born-digital packet") {
  auto original = test::packet_bytes("p01-referral-letter.pdf");
  const auto &terms = p01_terms();
  pdf::MupdfContext context;

  auto mupdf = check_mupdf_text(context, original, terms);
  auto poppler = check_pdftotext(original, terms);
  auto objects = check_objects(original, terms);
  for (const auto *findings : {&mupdf, &poppler, &objects}) {
    auto kinds = kinds_of(*findings);
    CHECK(kinds.count("patient_name") == 1);
    CHECK(kinds.count("mrn") == 1);
    CHECK(kinds.count("dob") == 1);
    CHECK(kinds.count("canary") == 1);
  }
  // The text extractors say where: the patient is named on page 1.
  CHECK(std::any_of(mupdf.begin(), mupdf.end(), [](const LeakFinding &f) {
    return f.check == "mupdf_text" && f.kind == "patient_name" && f.page == 1;
  }));
  CHECK(std::any_of(poppler.begin(), poppler.end(), [](const LeakFinding &f) {
    return f.check == "pdftotext" && f.kind == "patient_name" && f.page == 1;
  }));
  // Findings name kinds, never values.
  std::set<std::string> term_kinds;
  for (const auto &t : terms)
    term_kinds.insert(t.kind);
  for (const auto *findings : {&mupdf, &poppler, &objects})
    for (const auto &f : *findings)
      CHECK(term_kinds.count(f.kind) == 1);

  auto gate = run_leak_gate(context, nullptr, original, terms, GateOptions{.ocr = false});
  CHECK_FALSE(gate.passed());
  CHECK(checks_of(gate.findings) == std::set<std::string>{"mupdf_text", "pdftotext", "objects"});
}

TEST_CASE("OCR sees the PHI printed on a born-digital page") {
  auto page = first_page_of(test::packet_bytes("p01-referral-letter.pdf"));
  pdf::MupdfContext context;
  auto findings = check_ocr(context, engine(), page, p01_terms(), 300);
  auto kinds = kinds_of(findings);
  CHECK(kinds.count("patient_name") == 1);
  CHECK(kinds.count("mrn") == 1);
  CHECK(kinds.count("canary") == 1);
  for (const auto &f : findings) {
    CHECK(f.check == "ocr");
    CHECK(f.page == 1);
  }
}

TEST_CASE("a cosmetic black box fools OCR, not the text checks") {
  const auto &terms = p01_terms();
  auto boxed = black_boxed(first_page_of(test::packet_bytes("p01-referral-letter.pdf")), terms);
  pdf::MupdfContext context;
  CHECK(kinds_of(check_mupdf_text(context, boxed, terms)).count("patient_name") == 1);
  CHECK(kinds_of(check_pdftotext(boxed, terms)).count("patient_name") == 1);
  CHECK(kinds_of(check_objects(boxed, terms)).count("patient_name") == 1);
  // What a reader sees is clean: this is why OCR alone cannot be the gate.
  CHECK(check_ocr(context, engine(), boxed, terms, 300).empty());
}

TEST_CASE("MuPDF's text includes invisible and off-page text; poppler's only invisible") {
  pdf::MupdfContext context;
  auto invisible =
      bytes_of(pdf_of(page_objects("BT 3 Tr /F1 14 Tf 72 700 Td (Tarkithmont) Tj ET")));
  CHECK(kinds_of(check_mupdf_text(context, invisible, canary_terms())) ==
        std::set<std::string>{"canary"});
  CHECK(kinds_of(check_pdftotext(invisible, canary_terms())) == std::set<std::string>{"canary"});

  auto off_page = bytes_of(pdf_of(page_objects("BT /F1 14 Tf 72 900 Td (Tarkithmont) Tj ET")));
  CHECK(kinds_of(check_mupdf_text(context, off_page, canary_terms())) ==
        std::set<std::string>{"canary"});
  // poppler drops text outside the page: one reason the gate asks both extractors.
  CHECK(check_pdftotext(off_page, canary_terms()).empty());
}

TEST_CASE("the raw bytes check decodes strings: hex, escapes, UTF-16, split TJ operands") {
  struct Case {
    const char *name;
    std::string pdf;
  };
  auto info = page_objects(shown("(Nothing)"));
  info.push_back("<< /Title (Tarkithmont) /Producer (mi) >>");
  std::vector<Case> cases = {
      {"literal string in /Info", pdf_of(info, "/Info 6 0 R")},
      {"hex", pdf_of(page_objects(shown("<5461726b6974686d6f6e74>")))},
      {"hex with spaces", pdf_of(page_objects(shown("<54 61 72 6B 69 74 68 6D 6F 6E 74>")))},
      {"octal escapes", pdf_of(page_objects(shown("(T\\141rkith\\155ont)")))},
      {"UTF-16BE literal", pdf_of(page_objects(shown("(" + utf16be("Tarkithmont") + ")")))},
      {"UTF-16 hex",
       pdf_of(page_objects(shown("<FEFF005400610072006B006900740068006D006F006E0074>")))},
      {"UTF-16LE without mark",
       pdf_of(page_objects(shown("(" + utf16be("Tarkithmont", false).substr(1) + "\\000)")))},
      {"TJ pieces",
       pdf_of(page_objects("BT /F1 14 Tf 72 700 Td [(Tar) -15 (kith) 20 (mont)] TJ ET"))},
  };
  auto plain = pdf_of(page_objects(shown("(Nothing to see)")));
  CHECK(check_raw_bytes(bytes_of(plain), canary_terms()).empty());
  for (const auto &c : cases) {
    CAPTURE(c.name);
    auto findings = check_raw_bytes(bytes_of(c.pdf), canary_terms());
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].check == "raw_bytes");
    CHECK(findings[0].kind == "canary");
    CHECK(findings[0].page == 0);
  }
  // A phone printed with separators is found by a digits-only term inside a string.
  auto phone = bytes_of(pdf_of(page_objects(shown("(Tel. \\(503\\) 555-0117)"))));
  CHECK(kinds_of(check_raw_bytes(phone, {make_term("phone", "5035550117")})) ==
        std::set<std::string>{"phone"});
}

TEST_CASE("compressed streams hide text from the raw bytes, not from the objects check") {
  auto objects = page_objects("");
  objects[3] = flate_stream(shown("(Tarkithmont)"));
  auto compressed = bytes_of(pdf_of(objects));
  CHECK(check_raw_bytes(compressed, canary_terms()).empty());
  auto findings = check_objects(compressed, canary_terms());
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].check == "objects");
  CHECK(findings[0].kind == "canary");

  // /Info with a UTF-16 title, packed into a compressed object stream by qpdf.
  auto info = page_objects(shown("(Nothing)"));
  info.push_back("<< /Title <FEFF005400610072006B006900740068006D006F006E0074> >>");
  auto packed = rewritten(bytes_of(pdf_of(info, "/Info 6 0 R")), true);
  CHECK(as_text(packed).find("/ObjStm") != std::string_view::npos);
  CHECK(check_raw_bytes(packed, canary_terms()).empty());
  CHECK(kinds_of(check_objects(packed, canary_terms())) == std::set<std::string>{"canary"});

  // Non-ASCII names, in PDFDocEncoding (Latin-1) and in UTF-8 written without its mark.
  const std::string latin1_name = "Ren\xE9" + std::string("e M\xFCller");
  const std::string utf8_name = "Ren\xC3\xA9" + std::string("e M\xC3\xBCller");
  std::vector<Term> accented = {make_term("patient_name", utf8_name)};
  for (const auto &name : {latin1_name, utf8_name}) {
    auto named = page_objects(shown("(Nothing)"));
    named.push_back("<< /Title (" + name + ") >>");
    auto file = rewritten(bytes_of(pdf_of(named, "/Info 6 0 R")), true);
    CHECK(kinds_of(check_objects(file, accented)) == std::set<std::string>{"patient_name"});
  }
}

TEST_CASE("the objects check sees orphans and objects of superseded revisions") {
  // An orphan: a compressed stream in the body that no table entry points to.
  std::string orphan = "9 0 obj\n" + flate_stream("BT (Tarkithmont) Tj ET") + "\nendobj\n";
  auto with_orphan = bytes_of(pdf_of(page_objects(shown("(Nothing)")), "", orphan));
  pdf::MupdfContext context;
  CHECK(check_mupdf_text(context, with_orphan, canary_terms()).empty());
  CHECK(check_raw_bytes(with_orphan, canary_terms()).empty());
  CHECK(kinds_of(check_objects(with_orphan, canary_terms())) == std::set<std::string>{"canary"});

  // An update that replaced the page's compressed content: the old revision is still there.
  auto objects = page_objects("");
  objects[3] = flate_stream(shown("(Tarkithmont)"));
  auto updated = bytes_of(with_update(pdf_of(objects), {{4, plain_stream(shown("(Nothing)"))}}, 6));
  CHECK(check_mupdf_text(context, updated, canary_terms()).empty());
  CHECK(check_pdftotext(updated, canary_terms()).empty());
  CHECK(check_raw_bytes(updated, canary_terms()).empty());
  CHECK(kinds_of(check_objects(updated, canary_terms())) == std::set<std::string>{"canary"});
  CHECK(kinds_of(check_structure(updated)) == std::set<std::string>{"Prev", "eof_count"});
}

TEST_CASE("a real incremental update keeps the text it deleted") {
  auto path = corpus_file("qpdf/qtest/incremental-1.pdf");
  if (!std::filesystem::exists(path)) {
    MESSAGE("skipped: the shared corpora are not next to the repository");
    return;
  }
  auto bytes = bytes_of(test::read_text(path));
  std::vector<Term> deleted = {make_term("canary", "Potato")};
  pdf::MupdfContext context;
  CHECK(check_mupdf_text(context, bytes, deleted).empty());
  CHECK(check_pdftotext(bytes, deleted).empty());
  CHECK(kinds_of(check_objects(bytes, deleted)) == std::set<std::string>{"canary"});
  CHECK(kinds_of(check_raw_bytes(bytes, deleted)) == std::set<std::string>{"canary"});
  CHECK(kinds_of(check_structure(bytes)) == std::set<std::string>{"Prev", "eof_count"});
  CHECK(kinds_of(check_mupdf_text(context, bytes, {make_term("canary", "Salad")})) ==
        std::set<std::string>{"canary"});
}

TEST_CASE("every canary of the adversarial redaction set is seen by some check") {
  // testdata/redact hides PHI in invisible OCR layers, form fields, annotations, /Info and XMP,
  // attachments, old revisions, orphans, Form XObjects, hex and UTF-16 strings and pictures.
  // Each canary gets a kind of its own ("c<n>") so one run per check tells which were seen.
  auto dir = test::testdata_dir() / "redact";
  auto manifest = parse_json(test::read_text(dir / "manifest.json")).value();
  pdf::MupdfContext context;
  std::size_t canaries = 0;
  for (const auto &file : manifest["files"]) {
    auto name = file["file"].get<std::string>();
    auto bytes = bytes_of(test::read_text(dir / name));
    std::vector<Term> terms;
    for (const auto &canary : file["canaries"]) {
      std::string kind = "c";
      kind += std::to_string(terms.size());
      terms.push_back(make_term(kind, canary["value"].get<std::string>()));
    }
    std::set<std::string> seen, seen_by_objects = kinds_of(check_objects(bytes, terms));
    for (const auto &findings : {check_mupdf_text(context, bytes, terms),
                                 check_pdftotext(bytes, terms), check_raw_bytes(bytes, terms)})
      for (const auto &f : findings)
        seen.insert(f.kind);
    seen.insert(seen_by_objects.begin(), seen_by_objects.end());
    bool pictures = false;
    for (std::size_t i = 0; i < terms.size(); ++i) {
      const auto &where = file["canaries"][i]["where"];
      CAPTURE(name);
      CAPTURE(i);
      if (where == Json::array({"image"})) {
        pictures = true;
        continue;
      }
      CHECK(seen.count(terms[i].kind) == 1);
      for (const char *hidden : {"old_revision", "orphan", "embedded_file"})
        if (std::find(where.begin(), where.end(), hidden) != where.end())
          CHECK(seen_by_objects.count(terms[i].kind) == 1);
      ++canaries;
    }
    if (!pictures)
      continue;
    // PHI only in pixels: the OCR check alone reads it (r10: one page).
    auto read = kinds_of(check_ocr(context, engine(), bytes, terms, 300));
    for (std::size_t i = 0; i < terms.size(); ++i)
      if (file["canaries"][i]["where"] == Json::array({"image"})) {
        CAPTURE(name);
        CAPTURE(i);
        CHECK(read.count(terms[i].kind) == 1);
        ++canaries;
      }
  }
  CHECK(canaries > 100);
}

TEST_CASE("a clean file passes every check, OCR included") {
  auto clean =
      test::one_page_pdf("BT /F1 14 Tf 72 700 Td (Referral for a routine follow-up visit.) Tj ET");
  pdf::MupdfContext context;
  auto result = run_leak_gate(context, &engine(), clean, p01_terms(), GateOptions{});
  CHECK(result.passed());
  for (const auto &f : result.findings)
    MESSAGE(f.check << " " << f.kind << " " << f.page);

  // The same page rewritten whole by qpdf (compressed, with an /ID) passes too.
  auto rewritten_clean = rewritten(clean, true);
  CHECK(run_leak_gate(context, nullptr, rewritten_clean, p01_terms(), GateOptions{.ocr = false})
            .passed());
}

TEST_CASE("the structure check names each key a released file must not have") {
  struct Case {
    std::string expected;
    std::string catalog_extra;
    std::string trailer;
    std::vector<std::string> more_objects;
  };
  const std::string xmp = "<< /Type /Metadata /Subtype /XML /Length 0 >>\nstream\n\nendstream";
  std::vector<Case> cases = {
      {"Info", "", "/Info 6 0 R", {"<< /Producer (x) >>"}},
      {"Metadata", "/Metadata 6 0 R", "", {xmp}},
      {"AcroForm", "/AcroForm << /Fields [] >>", "", {}},
      {"OpenAction", "/OpenAction [3 0 R /Fit]", "", {}},
      {"AA", "/AA << /WC 6 0 R >>", "", {"<< /S /GoTo /D [3 0 R /Fit] >>"}},
      {"EmbeddedFiles", "/Names << /EmbeddedFiles << /Names [] >> >>", "", {}},
      {"JavaScript", "/Names << /JavaScript << /Names [] >> >>", "", {}},
      {"JS", "/Outlines << /First << /A << /S /Named /JS (x) >> >> >>", "", {}},
  };
  for (const auto &c : cases) {
    CAPTURE(c.expected);
    auto objects = page_objects(shown("(Nothing)"), c.catalog_extra);
    objects.insert(objects.end(), c.more_objects.begin(), c.more_objects.end());
    auto findings = check_structure(bytes_of(pdf_of(objects, c.trailer)));
    CHECK(kinds_of(findings) == std::set<std::string>{c.expected});
    for (const auto &f : findings)
      CHECK(f.check == "structure");
  }
  // /Metadata on a page, and a file attachment annotation's embedded file (/EF).
  auto objects = page_objects(shown("(Nothing)"));
  objects[2].insert(objects[2].size() - 3, " /Metadata 6 0 R /Annots [7 0 R]");
  objects.push_back(xmp);
  objects.push_back("<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 9 9] /FS << /Type "
                    "/Filespec /F (a.txt) /EF << /F 8 0 R >> >> >>");
  objects.push_back("<< /Type /EmbeddedFile /Length 0 >>\nstream\n\nendstream");
  CHECK(kinds_of(check_structure(bytes_of(pdf_of(objects)))) ==
        std::set<std::string>{"Metadata", "EF"});
  // Two %%EOF without /Prev (a second file appended, or a linearized file).
  auto twice = pdf_of(page_objects(shown("(Nothing)"))) + "%%EOF\n";
  CHECK(kinds_of(check_structure(bytes_of(twice))) == std::set<std::string>{"eof_count"});
  CHECK(check_structure(test::one_page_pdf("BT ET")).empty());
}

TEST_CASE("the structure check flags real files") {
  auto bad = [](const std::string &name) {
    return bytes_of(test::read_text(test::testdata_dir() / "bad" / name));
  };
  CHECK(kinds_of(check_structure(bad("javascript-openaction.pdf"))) ==
        std::set<std::string>{"OpenAction", "JS"});
  CHECK(kinds_of(check_structure(bad("javascript-names.pdf"))) ==
        std::set<std::string>{"JavaScript", "JS"});
  CHECK(kinds_of(check_structure(bad("embedded-file.pdf"))).count("EmbeddedFiles") == 1);
  CHECK(kinds_of(check_structure(bad("xfa-form.pdf"))).count("AcroForm") == 1);
  auto negzero = corpus_file("ocrmypdf/negzero.pdf");
  if (std::filesystem::exists(negzero)) {
    auto kinds = kinds_of(check_structure(bytes_of(test::read_text(negzero))));
    CHECK(kinds.count("Info") == 1);
    CHECK(kinds.count("Metadata") == 1);
  }
}

TEST_CASE("a file that cannot be opened is a finding, never a pass") {
  auto garbage = bytes_of("this is not a PDF at all\n");
  pdf::MupdfContext context;
  auto unreadable = std::set<std::string>{"unreadable"};
  CHECK(kinds_of(check_mupdf_text(context, garbage, canary_terms())) == unreadable);
  CHECK(kinds_of(check_objects(garbage, canary_terms())) == unreadable);
  CHECK(kinds_of(check_ocr(context, engine(), garbage, canary_terms(), 300)) == unreadable);
  CHECK(kinds_of(check_structure(garbage)) == std::set<std::string>{"unreadable", "eof_count"});
  // pdftotext refusing the file (its exit status 1) is a finding: that document is withheld,
  // the batch goes on.
  CHECK(kinds_of(check_pdftotext(garbage, canary_terms())) == unreadable);
}

TEST_CASE("a stream too large to inspect is a finding, not a pass") {
  auto objects = page_objects("");
  objects[3] = flate_stream(std::string(2u << 20, ' ') + shown("(Tarkithmont)"));
  auto file = bytes_of(pdf_of(objects));
  CHECK(kinds_of(check_objects(file, canary_terms(), 1u << 20)) ==
        std::set<std::string>{"stream_too_large"});
  CHECK(kinds_of(check_objects(file, canary_terms(), 4u << 20)) == std::set<std::string>{"canary"});
}

TEST_CASE("the gate fails closed when a check cannot run") {
  auto clean = test::one_page_pdf("BT /F1 14 Tf 72 700 Td (Nothing) Tj ET");
  CHECK(test::reason_of([&] {
          check_pdftotext(clean, canary_terms(), "/nonexistent/pdftotext");
        }) == Reason::leak_check_failed);
  // A program that exits 1 on everything withholds everything: closed, not open.
  CHECK(kinds_of(check_pdftotext(clean, canary_terms(), "/bin/false")) ==
        std::set<std::string>{"unreadable"});
  pdf::MupdfContext context;
  CHECK(test::reason_of([&] { run_leak_gate(context, nullptr, clean, canary_terms()); }) ==
        Reason::leak_check_failed);
}
