#include "intake/pdf_check.hpp"

#include "pdf/mupdf.hpp"

#include <qpdf/Buffer.hh>
#include <qpdf/Pipeline.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFExc.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>
#include <qpdf/QPDFWriter.hh>

#include <cmath>
#include <set>

namespace mi::intake {
namespace {

enum class ActionKind { none, javascript, launch, uri };

// Counts decoded stream bytes and stops qpdf once the budget is spent.
class BoundedCounter final : public Pipeline {
public:
  explicit BoundedCounter(std::uint64_t budget)
      : Pipeline("mi-counter", nullptr), budget_(budget) {}
  void write(unsigned char const *, size_t len) override {
    total_ += len;
    if (total_ > budget_) {
      exceeded_ = true;
      throw std::length_error("decoded stream budget exceeded");
    }
  }
  void finish() override {}
  std::uint64_t total() const { return total_; }
  bool exceeded() const { return exceeded_; }

private:
  std::uint64_t budget_;
  std::uint64_t total_ = 0;
  bool exceeded_ = false;
};

std::string name_of(QPDFObjectHandle h) { return h.isName() ? h.getName() : std::string(); }

ActionKind action_kind(QPDFObjectHandle action) {
  if (!action.isDictionary())
    return ActionKind::none;
  if (action.hasKey("/JS"))
    return ActionKind::javascript;
  auto s = name_of(action.getKey("/S"));
  if (s == "/JavaScript" || s == "/Rendition")
    return ActionKind::javascript;
  if (s == "/Launch" || s == "/GoToR" || s == "/GoToE")
    return ActionKind::launch;
  if (s == "/URI" || s == "/SubmitForm" || s == "/ImportData")
    return ActionKind::uri;
  return ActionKind::none;
}

void note(ActiveContentFound &found, ActionKind kind) {
  if (kind == ActionKind::javascript)
    found.javascript = true;
  else if (kind == ActionKind::launch)
    found.launch = true;
  else if (kind == ActionKind::uri)
    found.uri = true;
}

bool stripped_by(const ActiveContentRules &rules, ActionKind kind) {
  switch (kind) {
  case ActionKind::javascript:
    return rules.javascript == ActiveContentRule::strip;
  case ActionKind::launch:
    return rules.launch == ActiveContentRule::strip;
  case ActionKind::uri:
    return rules.uri == ActiveContentRule::strip;
  default:
    return false;
  }
}

// Looks at every object once. With rules, also removes what the rules strip.
ActiveContentFound scan_objects(QPDF &pdf, const ActiveContentRules *strip) {
  ActiveContentFound found;
  auto root = pdf.getRoot();
  auto names = root.getKey("/Names");
  if (names.isDictionary()) {
    if (names.hasKey("/JavaScript")) {
      found.javascript = true;
      if (strip && strip->javascript == ActiveContentRule::strip)
        names.removeKey("/JavaScript");
    }
    if (names.hasKey("/EmbeddedFiles")) {
      found.embedded_files = true;
      if (strip && strip->embedded_files == ActiveContentRule::strip)
        names.removeKey("/EmbeddedFiles");
    }
  }
  auto acroform = root.getKey("/AcroForm");
  if (acroform.isDictionary() && acroform.hasKey("/XFA")) {
    found.xfa = true;
    if (strip && strip->xfa == ActiveContentRule::strip)
      acroform.removeKey("/XFA");
  }
  for (auto &object : pdf.getAllObjects()) {
    QPDFObjectHandle dict = object.isStream() ? object.getDict() : object;
    if (!dict.isDictionary())
      continue;
    note(found, action_kind(dict));
    auto type = name_of(dict.getKey("/Type"));
    if (type == "/EmbeddedFile" || dict.hasKey("/EF") ||
        name_of(dict.getKey("/Subtype")) == "/FileAttachment") {
      found.embedded_files = true;
      if (strip && strip->embedded_files == ActiveContentRule::strip) {
        dict.removeKey("/EF");
        dict.removeKey("/FS");
      }
    }
    for (const char *key : {"/A", "/OpenAction", "/Next"}) {
      auto kind = action_kind(dict.getKey(key));
      note(found, kind);
      if (strip && stripped_by(*strip, kind))
        dict.removeKey(key);
    }
    auto triggers = dict.getKey("/AA");
    if (triggers.isDictionary())
      for (const auto &key : triggers.getKeys()) {
        auto kind = action_kind(triggers.getKey(key));
        note(found, kind);
        if (strip && stripped_by(*strip, kind))
          triggers.removeKey(key);
      }
  }
  return found;
}

void check_limits(QPDF &pdf, ByteView bytes, const IntakeLimits &limits, std::uint64_t pages) {
  if (pages > limits.max_pages)
    throw Error(Reason::page_limit);
  if (static_cast<std::uint64_t>(pdf.getObjectCount()) > limits.max_objects)
    throw Error(Reason::object_limit);
  double max_points = limits.max_page_inches * 72.0;
  for (auto &page : QPDFPageDocumentHelper(pdf).getAllPages()) {
    auto box = page.getMediaBox(false);
    if (!box.isRectangle())
      continue;
    auto r = box.getArrayAsRectangle();
    double unit = 1.0;
    auto user_unit = page.getObjectHandle().getKey("/UserUnit");
    if (user_unit.isNumber())
      unit = user_unit.getNumericValue();
    double w = std::fabs(r.urx - r.llx) * unit, h = std::fabs(r.ury - r.lly) * unit;
    if (w > max_points || h > max_points)
      throw Error(Reason::page_size_limit);
  }
  std::uint64_t decoded = 0;
  for (auto &object : pdf.getAllObjects()) {
    if (!object.isStream())
      continue;
    auto dict = object.getDict();
    if (name_of(dict.getKey("/Subtype")) == "/Image") {
      auto w = dict.getKey("/Width"), h = dict.getKey("/Height");
      if (w.isInteger() && h.isInteger() &&
          static_cast<double>(w.getIntValue()) * static_cast<double>(h.getIntValue()) >
              static_cast<double>(limits.max_image_pixels))
        throw Error(Reason::pixel_limit);
    }
    BoundedCounter counter(limits.max_decoded_bytes - std::min(decoded, limits.max_decoded_bytes));
    try {
      object.pipeStreamData(&counter, 0, qpdf_dl_generalized, true, false);
    } catch (const std::exception &) {
      // qpdf reports undecodable streams as warnings; only the budget matters here.
    }
    if (counter.exceeded())
      throw Error(Reason::decompression_bomb);
    decoded += counter.total();
    if (decoded > (16u << 20) &&
        static_cast<double>(decoded) / static_cast<double>(std::max<std::size_t>(bytes.size(), 1)) >
            limits.max_decompression_ratio)
      throw Error(Reason::decompression_bomb, "decompression ratio above the limit");
  }
}

void open_with_qpdf(QPDF &pdf, ByteView bytes) {
  pdf.setSuppressWarnings(true);
  pdf.setAttemptRecovery(true);
  try {
    pdf.processMemoryFile("upload", reinterpret_cast<const char *>(bytes.data()), bytes.size());
  } catch (const QPDFExc &e) {
    if (e.getErrorCode() == qpdf_e_password)
      throw Error(Reason::pdf_encrypted);
    throw Error(Reason::pdf_corrupt, "qpdf cannot parse the document");
  }
  if (pdf.isEncrypted())
    throw Error(Reason::pdf_encrypted);
}

// The reason a finding is refused for, when the rules reject rather than strip it.
std::optional<Reason> refusal(const ActiveContentFound &found, const ActiveContentRules &rules) {
  auto rejects = [](bool present, ActiveContentRule rule) {
    return present && rule == ActiveContentRule::reject;
  };
  if (rejects(found.javascript, rules.javascript))
    return Reason::pdf_javascript;
  if (rejects(found.launch, rules.launch))
    return Reason::pdf_launch_action;
  if (rejects(found.embedded_files, rules.embedded_files))
    return Reason::pdf_embedded_file;
  if (rejects(found.xfa, rules.xfa))
    return Reason::pdf_xfa;
  if (rejects(found.uri, rules.uri))
    return Reason::pdf_uri_action;
  return std::nullopt;
}

std::vector<StaticText> describe(const ActiveContentFound &found) {
  std::vector<StaticText> out;
  if (found.javascript)
    out.push_back("javascript");
  if (found.launch)
    out.push_back("launch");
  if (found.uri)
    out.push_back("uri");
  if (found.embedded_files)
    out.push_back("embedded_files");
  if (found.xfa)
    out.push_back("xfa");
  return out;
}

} // namespace

ActiveContentFound find_active_content(ByteView bytes) {
  QPDF pdf;
  open_with_qpdf(pdf, bytes);
  return scan_objects(pdf, nullptr);
}

PdfCheck check_pdf(ByteView bytes, const IntakeRules &rules) {
  PdfCheck result;
  QPDF pdf;
  open_with_qpdf(pdf, bytes);
  try {
    result.pages = QPDFPageDocumentHelper(pdf).getAllPages().size();
    if (result.pages == 0)
      throw Error(Reason::pdf_corrupt, "the document has no pages");
    check_limits(pdf, bytes, rules.limits, result.pages);
    result.active = scan_objects(pdf, nullptr);
  } catch (const QPDFExc &) {
    throw Error(Reason::pdf_corrupt, "qpdf cannot read the document structure");
  }

  // The renderer later stages use must agree with qpdf about the document.
  pdf::MupdfContext context;
  pdf::MupdfDocument document(context, bytes);
  if (static_cast<std::uint64_t>(document.page_count()) != result.pages)
    throw Error(Reason::pdf_corrupt, "qpdf and MuPDF disagree on the page count");

  if (!result.active.any())
    return result;
  if (auto reason = refusal(result.active, rules.active_content))
    throw Error(*reason);

  // Everything found is to be stripped: rewrite the file whole without it, then prove it.
  scan_objects(pdf, &rules.active_content);
  QPDFWriter writer(pdf);
  writer.setOutputMemory();
  writer.setDeterministicID(true);
  writer.write();
  auto buffer = writer.getBufferSharedPointer();
  Bytes sanitized(buffer->getBuffer(), buffer->getBuffer() + buffer->getSize());
  if (find_active_content(sanitized).any())
    throw Error(Reason::internal, "active content survived stripping");
  result.stripped = describe(result.active);
  result.sanitized = std::move(sanitized);
  return result;
}

} // namespace mi::intake
