#include "intake/file_type.hpp"

#include "core/error.hpp"

#include <magic.h>

#include <algorithm>
#include <array>
#include <memory>

namespace mi::intake {
namespace {

struct MagicDeleter {
  void operator()(magic_t m) const { magic_close(m); }
};

std::string lowercase(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool contains(ByteView content, std::string_view needle) {
  auto text = as_text(content);
  return text.find(needle) != std::string_view::npos;
}

} // namespace

std::string_view upload_type_mime(UploadType type) noexcept {
  switch (type) {
  case UploadType::pdf:
    return "application/pdf";
  case UploadType::tiff:
    return "image/tiff";
  case UploadType::png:
    return "image/png";
  case UploadType::jpeg:
    return "image/jpeg";
  }
  return "application/octet-stream";
}

std::optional<UploadType> type_from_extension(std::string_view file_name) noexcept {
  auto dot = file_name.rfind('.');
  if (dot == std::string_view::npos)
    return std::nullopt;
  auto ext = lowercase(file_name.substr(dot + 1));
  if (ext == "pdf")
    return UploadType::pdf;
  if (ext == "tif" || ext == "tiff")
    return UploadType::tiff;
  if (ext == "png")
    return UploadType::png;
  if (ext == "jpg" || ext == "jpeg")
    return UploadType::jpeg;
  return std::nullopt;
}

std::string sniff_mime_type(ByteView content) {
  // One cookie per process: loading the magic database costs milliseconds.
  static std::unique_ptr<std::remove_pointer_t<magic_t>, MagicDeleter> cookie = [] {
    magic_t m = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR | MAGIC_NO_CHECK_COMPRESS);
    if (!m || magic_load(m, nullptr) != 0)
      throw Error(Reason::config_invalid, "cannot load the libmagic database");
    return std::unique_ptr<std::remove_pointer_t<magic_t>, MagicDeleter>(m);
  }();
  const char *mime = magic_buffer(cookie.get(), content.data(), content.size());
  return mime ? std::string(mime) : std::string("application/octet-stream");
}

SniffVerdict classify_mime_type(std::string_view mime) noexcept {
  if (mime == "application/pdf")
    return {UploadType::pdf};
  if (mime == "image/tiff")
    return {UploadType::tiff};
  if (mime == "image/png")
    return {UploadType::png};
  if (mime == "image/jpeg")
    return {UploadType::jpeg};
  static constexpr std::array archives{"application/zip",
                                       "application/x-zip-compressed",
                                       "application/gzip",
                                       "application/x-gzip",
                                       "application/x-tar",
                                       "application/x-bzip2",
                                       "application/x-xz",
                                       "application/x-7z-compressed",
                                       "application/x-rar",
                                       "application/vnd.rar",
                                       "application/x-rar-compressed",
                                       "application/zstd",
                                       "application/java-archive",
                                       "application/x-lzma",
                                       "application/x-archive",
                                       "application/x-cpio",
                                       "application/vnd.ms-cab-compressed"};
  static constexpr std::array executables{
      "application/x-executable",     "application/x-sharedlib",
      "application/x-pie-executable", "application/x-dosexec",
      "application/x-mach-binary",    "application/x-object",
      "application/x-coredump",       "application/vnd.microsoft.portable-executable"};
  if (std::find(archives.begin(), archives.end(), mime) != archives.end())
    return {std::nullopt, Reason::archive};
  if (std::find(executables.begin(), executables.end(), mime) != executables.end())
    return {std::nullopt, Reason::executable};
  if (mime.find("script") != std::string_view::npos || mime == "text/x-shellscript" ||
      mime == "text/x-python" || mime == "text/x-perl" || mime == "text/x-php" ||
      mime == "text/html" || mime == "text/javascript" || mime == "application/javascript")
    return {std::nullopt, Reason::script};
  return {std::nullopt, Reason::type_not_allowed};
}

bool looks_like_embedded_archive(ByteView content) noexcept {
  // "PK\3\4" (local file header) and "PK\5\6" (end of central directory) together.
  return contains(content, std::string_view("PK\x03\x04", 4)) &&
         contains(content, std::string_view("PK\x05\x06", 4));
}

} // namespace mi::intake
