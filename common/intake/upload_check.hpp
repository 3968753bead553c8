#pragma once
// The verdict on one upload: scanned for malware first (a signature match outranks every other
// finding), then sniffed (archives, executables and scripts are refused whatever their name),
// then the extension, the sniffed type and a real parse must agree, within the limits.
//
// check_upload() runs in the process that calls it; check_upload_sandboxed() runs it in a
// sandbox child (sandbox.hpp) and carries the verdict back over a pipe.

#include "intake/file_type.hpp"
#include "intake/limits.hpp"
#include "intake/malware_scanner.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mi::intake {

struct UploadVerdict {
  Reason reason = Reason::ok; // ok: accepted
  UploadType type = UploadType::pdf;
  std::string sniffed_mime;
  std::uint64_t pages = 0;
  std::vector<std::string> stripped; // active content removed ("javascript", "uri", ...)
  std::optional<Bytes> sanitized;    // the rewritten file, when something was stripped

  bool accepted() const noexcept { return reason == Reason::ok; }
  Bytes serialize() const;
  static UploadVerdict deserialize(ByteView bytes);
};

UploadVerdict check_upload(ByteView content, std::string_view file_name, const IntakeRules &rules,
                           const MalwareScanner &scanner);

UploadVerdict check_upload_sandboxed(ByteView content, std::string_view file_name,
                                     const IntakeRules &rules, const MalwareScanner &scanner);

} // namespace mi::intake
