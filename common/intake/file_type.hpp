#pragma once
// What an upload is: the three opinions mi-validate requires to agree (the file name's
// extension, libmagic's content sniffing, and later a real parser), plus the shapes that are
// refused outright whatever they are called (archives, executables, scripts, polyglots).

#include "core/encoding.hpp"
#include "core/reason.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace mi::intake {

enum class UploadType { pdf, tiff, png, jpeg };
std::string_view upload_type_mime(UploadType type) noexcept;

// From the file name's extension, case-insensitively; nullopt for anything else.
std::optional<UploadType> type_from_extension(std::string_view file_name) noexcept;

// libmagic's MIME type of the content ("application/pdf", "application/zip", ...).
std::string sniff_mime_type(ByteView content);

// The accepted type a sniffed MIME type denotes, or the reason to refuse it: archive,
// executable, script, or type_not_allowed.
struct SniffVerdict {
  std::optional<UploadType> type;
  Reason refusal = Reason::ok;
};
SniffVerdict classify_mime_type(std::string_view mime) noexcept;

// True when the content is also a ZIP archive (local file header plus end of central
// directory), the most common PDF/image polyglot.
bool looks_like_embedded_archive(ByteView content) noexcept;

} // namespace mi::intake
