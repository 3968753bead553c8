#include "intake/upload_check.hpp"

#include "intake/image_check.hpp"
#include "intake/pdf_check.hpp"
#include "intake/sandbox.hpp"

#include "core/error.hpp"
#include "core/json.hpp"

namespace mi::intake {
namespace {

UploadVerdict reject(Reason reason) {
  UploadVerdict v;
  v.reason = reason;
  return v;
}

} // namespace

Bytes UploadVerdict::serialize() const {
  Json j = {{"reason", reason_code(reason)}, {"type", upload_type_mime(type)},
            {"sniffed_mime", sniffed_mime},  {"pages", pages},
            {"stripped", stripped},          {"sanitized", sanitized.has_value()}};
  std::string header = to_json_text(j) + "\n";
  Bytes out(header.begin(), header.end());
  if (sanitized)
    out.insert(out.end(), sanitized->begin(), sanitized->end());
  return out;
}

UploadVerdict UploadVerdict::deserialize(ByteView bytes) {
  auto text = as_text(bytes);
  auto newline = text.find('\n');
  auto header = parse_json(text.substr(0, newline));
  if (newline == std::string_view::npos || !header || !header->is_object())
    throw Error(Reason::internal, "malformed verdict from the intake sandbox");
  UploadVerdict v;
  try {
    auto reason = reason_from_code(header->at("reason").get<std::string>());
    if (!reason)
      throw Error(Reason::internal, "unknown reason from the intake sandbox");
    v.reason = *reason;
    auto mime = header->at("type").get<std::string>();
    for (auto t : {UploadType::pdf, UploadType::tiff, UploadType::png, UploadType::jpeg})
      if (upload_type_mime(t) == mime)
        v.type = t;
    v.sniffed_mime = header->at("sniffed_mime").get<std::string>();
    v.pages = header->at("pages").get<std::uint64_t>();
    v.stripped = header->at("stripped").get<std::vector<std::string>>();
    if (header->at("sanitized").get<bool>())
      v.sanitized = Bytes(bytes.begin() + static_cast<std::ptrdiff_t>(newline + 1), bytes.end());
  } catch (const Json::exception &) {
    throw Error(Reason::internal, "malformed verdict from the intake sandbox");
  }
  return v;
}

UploadVerdict check_upload(ByteView content, std::string_view file_name, const IntakeRules &rules,
                           const MalwareScanner &scanner) {
  if (content.empty())
    return reject(Reason::file_empty);
  if (content.size() > rules.limits.max_file_bytes)
    return reject(Reason::file_too_large);
  try {
    if (scanner.is_infected(content))
      return reject(Reason::malware);
    UploadVerdict v;
    v.sniffed_mime = sniff_mime_type(content);
    auto sniffed = classify_mime_type(v.sniffed_mime);
    if (!sniffed.type)
      return reject(sniffed.refusal);
    auto named = type_from_extension(file_name);
    if (!named)
      return reject(Reason::type_not_allowed);
    if (*named != *sniffed.type)
      return reject(Reason::type_mismatch);
    if (looks_like_embedded_archive(content))
      return reject(Reason::polyglot);
    v.type = *named;
    if (v.type == UploadType::pdf) {
      auto pdf = check_pdf(content, rules);
      v.pages = pdf.pages;
      for (auto s : pdf.stripped)
        v.stripped.emplace_back(s.view());
      v.sanitized = std::move(pdf.sanitized);
    } else {
      v.pages = check_image(content, v.type, rules.limits).pages;
    }
    return v;
  } catch (const Error &e) {
    if (e.reason() == Reason::internal || e.reason() == Reason::crypto_failed)
      throw;
    return reject(e.reason());
  }
}

UploadVerdict check_upload_sandboxed(ByteView content, std::string_view file_name,
                                     const IntakeRules &rules, const MalwareScanner &scanner) {
  SandboxLimits limits{rules.limits.max_memory_bytes, rules.limits.max_seconds};
  auto result = run_sandboxed(
      limits, [&] { return check_upload(content, file_name, rules, scanner).serialize(); });
  if (result.failure != Reason::ok)
    return reject(result.failure);
  return UploadVerdict::deserialize(result.output);
}

} // namespace mi::intake
