#include "redact/pdf_sanitizer.hpp"

#include "core/error.hpp"

#include <qpdf/Buffer.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFAcroFormDocumentHelper.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFWriter.hh>

#include <algorithm>
#include <set>

namespace mi::redact {
namespace {

// What a page needs to be drawn; every other page key goes (annotations, thumbnails, metadata,
// actions, piece info, structure parents).
const std::set<std::string> &page_keys() {
  static const std::set<std::string> keys{"/Type",      "/Parent",   "/Contents",
                                          "/Resources", "/MediaBox", "/CropBox",
                                          "/Rotate",    "/UserUnit", "/Group"};
  return keys;
}

// Keys that carry data beside the drawing on streams and XObjects.
const std::set<std::string> &resource_keys_to_drop() {
  static const std::set<std::string> keys{"/Metadata",     "/PieceInfo",     "/OC", "/OPI",
                                          "/StructParent", "/StructParents", "/AF"};
  return keys;
}

void strip_resources(QPDFObjectHandle object, std::set<QPDFObjGen> &seen) {
  if (object.isIndirect()) {
    if (seen.contains(object.getObjGen()))
      return;
    seen.insert(object.getObjGen());
  }
  if (object.isArray()) {
    for (int i = 0; i < object.getArrayNItems(); ++i)
      strip_resources(object.getArrayItem(i), seen);
    return;
  }
  QPDFObjectHandle dict = object.isStream() ? object.getDict() : object;
  if (!dict.isDictionary())
    return;
  for (const auto &key : resource_keys_to_drop())
    if (dict.hasKey(key))
      dict.removeKey(key);
  for (const auto &key : dict.getKeys())
    if (key != "/Parent")
      strip_resources(dict.getKey(key), seen);
}

void strip_page(QPDFObjectHandle page, std::set<QPDFObjGen> &seen) {
  for (const auto &key : page.getKeys())
    if (!page_keys().contains(key))
      page.removeKey(key);
  if (page.hasKey("/Resources"))
    strip_resources(page.getKey("/Resources"), seen);
}

} // namespace

std::string sanitize_pdf(ByteView pdf, const std::vector<int> &pages) {
  try {
    QPDF q;
    q.setSuppressWarnings(true);
    q.processMemoryFile("document", reinterpret_cast<const char *>(pdf.data()), pdf.size());
    QPDFPageDocumentHelper documents(q);
    auto all = documents.getAllPages();
    for (auto number : pages)
      if (number < 1 || static_cast<std::size_t>(number) > all.size())
        throw Error(Reason::pdf_corrupt, "a document page is not in its source");
    // Inherited resources and boxes become each page's own before the page tree is trimmed.
    q.pushInheritedAttributesToPage();
    for (std::size_t i = 0; i < all.size(); ++i)
      if (std::find(pages.begin(), pages.end(), static_cast<int>(i + 1)) == pages.end())
        documents.removePage(all[i]);

    QPDFAcroFormDocumentHelper forms(q);
    forms.generateAppearancesIfNeeded();
    // As a reader prints them: hidden and invisible annotations are not printed (mi-ocr never
    // read them, so no box would cover them); they go with the /Annots removed below.
    documents.flattenAnnotations();

    auto root = q.getRoot();
    for (const auto &key : root.getKeys())
      if (key != "/Type" && key != "/Pages")
        root.removeKey(key);
    auto trailer = q.getTrailer();
    for (const auto &key : trailer.getKeys())
      if (key != "/Root" && key != "/Size")
        trailer.removeKey(key);
    std::set<QPDFObjGen> seen;
    for (auto &page : documents.getAllPages())
      strip_page(page.getObjectHandle(), seen);

    QPDFWriter writer(q);
    writer.setOutputMemory();
    writer.setStaticID(true); // no file identity carried over; the redacted file gets its own
    writer.setObjectStreamMode(qpdf_o_disable);
    writer.setStreamDataMode(qpdf_s_compress);
    writer.setPreserveEncryption(false);
    writer.write();
    auto buffer = writer.getBufferSharedPointer();
    return {reinterpret_cast<const char *>(buffer->getBuffer()), buffer->getSize()};
  } catch (const Error &) {
    throw;
  } catch (const std::exception &) {
    throw Error(Reason::pdf_corrupt, "qpdf cannot sanitize the document");
  }
}

} // namespace mi::redact
