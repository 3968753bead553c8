"""Maps mi's reject reason codes to the reject classes used in the ground truth.

mi-validate uses the class names themselves where it can (pdf_encrypted, pdf_javascript, ...); the
aliases below cover codes that name the same finding differently. A code not listed maps to itself.
"""

CLASSES = [
    "pdf_encrypted", "pdf_javascript", "pdf_launch_action", "pdf_embedded_file", "pdf_xfa",
    "pdf_corrupt", "type_mismatch", "archive", "executable", "script", "decompression_bomb",
    "pixel_limit", "malware", "polyglot", "image_corrupt", "size_limit", "page_limit",
]

ALIASES = {
    "encrypted": "pdf_encrypted", "pdf_password": "pdf_encrypted",
    "javascript": "pdf_javascript", "pdf_js": "pdf_javascript", "pdf_open_action": "pdf_javascript",
    "launch_action": "pdf_launch_action", "pdf_launch": "pdf_launch_action",
    "embedded_file": "pdf_embedded_file", "pdf_attachment": "pdf_embedded_file",
    "xfa": "pdf_xfa", "pdf_xfa_form": "pdf_xfa",
    "pdf_damaged": "pdf_corrupt", "pdf_parse_error": "pdf_corrupt", "pdf_truncated": "pdf_corrupt",
    "parse_failed": "pdf_corrupt", "corrupt": "pdf_corrupt",
    "mime_mismatch": "type_mismatch", "extension_mismatch": "type_mismatch",
    "unsupported_type": "type_mismatch", "content_type_mismatch": "type_mismatch",
    "zip": "archive", "archive_file": "archive",
    "elf": "executable", "executable_file": "executable",
    "shell_script": "script", "script_file": "script",
    "bomb": "decompression_bomb", "zip_bomb": "decompression_bomb",
    "decompressed_size_limit": "decompression_bomb", "stream_too_large": "decompression_bomb",
    "pixel_limit_exceeded": "pixel_limit", "image_too_large": "pixel_limit", "too_many_pixels": "pixel_limit",
    "virus": "malware", "av_detected": "malware", "av_found": "malware", "malware_detected": "malware",
    "image_damaged": "image_corrupt",
}


def reason_class(code):
    code = (code or "").strip().lower()
    return ALIASES.get(code, code)
