#pragma once
// Reason codes: the only vocabulary in which mi explains a failure.
//
// Every error, reject record, audit outcome and diagnostic names one of these codes. A code
// carries a fixed description and the process exit status it maps to (sysexits), so no message
// anywhere in mi is assembled from document content.

#include <cstdint>
#include <optional>
#include <string_view>

namespace mi {

// sysexits(3) values, the process-level contract of every mi tool (see mi(7)).
namespace exit_status {
inline constexpr int ok = 0;
inline constexpr int usage = 64;
inline constexpr int data = 65;
inline constexpr int no_input = 66;
inline constexpr int internal = 70;
inline constexpr int io = 74;
inline constexpr int temporary = 75;
inline constexpr int permission = 77;
inline constexpr int config = 78;
} // namespace exit_status

// X(code, exit status, description). The code's name is its wire form.
#define MI_REASON_CODES(X)                                                                         \
  X(ok, 0, "no error")                                                                             \
  X(usage, 64, "invalid command-line usage")                                                       \
  X(input_missing, 66, "input file does not exist or cannot be read")                              \
  X(output_failed, 74, "writing output failed")                                                    \
  X(io_failed, 74, "a file operation failed")                                                      \
  X(temporary_failure, 75, "a service is temporarily unavailable; retry later")                    \
  X(permission_denied, 77, "permission denied")                                                    \
  X(key_file_permissions, 77, "keyring file is readable by group or others")                       \
  X(key_not_held, 77, "the keyring holds no key for this compartment")                             \
  X(key_unknown, 77, "the key id named by the record is not in the keyring")                       \
  X(keyring_invalid, 78, "keyring file is malformed")                                              \
  X(keyring_missing, 78, "keyring file not found (create one with mi-keys init)")                  \
  X(keyring_exists, 78, "keyring file already exists")                                             \
  X(config_invalid, 78, "configuration is invalid")                                                \
  X(policy_invalid, 78, "policy file is invalid")                                                  \
  X(internal, 70, "internal error")                                                                \
  X(crypto_failed, 70, "cryptographic library failure")                                            \
  X(envelope_malformed, 65, "record is not a well-formed envelope")                                \
  X(envelope_too_long, 65, "record exceeds the maximum line length")                               \
  X(envelope_version_unsupported, 65, "envelope format version is not supported")                  \
  X(envelope_header_invalid, 65, "envelope header field is invalid")                               \
  X(envelope_authentication_failed, 65,                                                            \
    "compartment failed authentication (tampered, spliced or wrong key)")                          \
  X(compartment_missing, 65, "record lacks a compartment this stage needs")                        \
  X(compartment_malformed, 65, "compartment payload is malformed")                                 \
  X(key_unwrap_failed, 65, "data key failed to unwrap (tampered or wrong key)")                    \
  X(audit_malformed, 65, "audit record is malformed")                                              \
  X(audit_chain_broken, 65, "audit hash chain is broken")                                          \
  X(audit_sequence_broken, 65, "audit sequence numbers are out of order or missing")               \
  X(audit_signature_invalid, 65, "audit checkpoint signature is invalid")                          \
  X(audit_truncated, 65, "audit log is shorter than its signed head")                              \
  X(audit_head_missing, 65, "audit head file is missing or does not match the log")                \
  X(audit_key_missing, 77, "no audit signing or verification key in the keyring")                  \
  X(vault_object_missing, 65, "vault object not found")                                            \
  X(vault_object_corrupt, 65, "vault object failed authentication")                                \
  X(vault_legal_hold, 65, "vault object is under legal hold")                                      \
  X(not_regular_file, 65, "upload is not a regular file (directory, device or symbolic link)")     \
  X(file_empty, 65, "upload is empty")                                                             \
  X(file_too_large, 65, "upload exceeds the file size limit")                                      \
  X(type_not_allowed, 65, "file type is not accepted (PDF, TIFF, PNG and JPEG are)")               \
  X(type_mismatch, 65, "file name extension, content sniffing and parser disagree")                \
  X(archive, 65, "upload is an archive")                                                           \
  X(executable, 65, "upload is an executable")                                                     \
  X(script, 65, "upload is a script")                                                              \
  X(polyglot, 65, "upload is valid as more than one file type")                                    \
  X(pdf_corrupt, 65, "PDF cannot be parsed")                                                       \
  X(pdf_encrypted, 65, "PDF is encrypted")                                                         \
  X(pdf_javascript, 65, "PDF contains JavaScript")                                                 \
  X(pdf_launch_action, 65, "PDF contains a launch action")                                         \
  X(pdf_uri_action, 65, "PDF contains a URI action")                                               \
  X(pdf_embedded_file, 65, "PDF contains an embedded file")                                        \
  X(pdf_xfa, 65, "PDF contains an XFA form")                                                       \
  X(page_limit, 65, "upload exceeds the page count limit")                                         \
  X(page_size_limit, 65, "a page exceeds the page size limit")                                     \
  X(object_limit, 65, "PDF exceeds the object count limit")                                        \
  X(pixel_limit, 65, "an image exceeds the pixel limit")                                           \
  X(decompression_bomb, 65, "content inflates beyond the decompression limits")                    \
  X(image_corrupt, 65, "image cannot be decoded")                                                  \
  X(malware, 65, "malware signature matched")                                                      \
  X(scan_failed, 65, "malware scan could not complete")                                            \
  X(parse_timeout, 65, "checking the upload exceeded its time limit")                              \
  X(parse_crashed, 65, "checking the upload crashed its sandbox")                                  \
  X(resource_limit, 65, "checking the upload exceeded its memory limit")                           \
  X(duplicate, 0, "upload was already accepted (same tenant and content)")                         \
  X(malware_db_missing, 78, "no malware signatures could be loaded (failing closed)")              \
  X(stage_missing, 65, "record has not been through the stage this one reads from")                \
  X(not_in_queue, 66, "document is not waiting in the review queue")                               \
  X(correction_invalid, 65, "a corrected value fails its validation gate")                         \
  X(leak_check_failed, 70, "a leak check could not run")                                           \
  X(redaction_leak, 65, "a redacted document failed the leak gate and was withheld")               \
  X(redaction_failed, 65, "a document could not be redacted and was withheld")

enum class Reason : std::uint16_t {
#define MI_REASON_ENUM(code, status, text) code,
  MI_REASON_CODES(MI_REASON_ENUM)
#undef MI_REASON_ENUM
};

// Wire name, e.g. "envelope_malformed".
std::string_view reason_code(Reason reason) noexcept;
// One fixed sentence, lowercase, no full stop (git's style).
std::string_view reason_description(Reason reason) noexcept;
// The sysexits status a tool exits with when this reason stops it.
int reason_exit_status(Reason reason) noexcept;
// Inverse of reason_code, for reading reject records.
std::optional<Reason> reason_from_code(std::string_view code) noexcept;

} // namespace mi
