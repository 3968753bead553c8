"""A minimal PDF writer for hand-made files: numbered objects, a classic xref table and a trailer
with a fixed /ID. Used for the hostile inputs, whose structure must be exactly what a test expects."""

FIXED_ID = b"<6d692d746573746461746130303030><6d692d746573746461746130303030>"


def stream(entries, data):
    return b"<< " + entries + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def pdf_string(text):
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"(" + escaped.encode("latin-1") + b")"


def build(objects, root=1, version=b"1.7"):
    """objects: bodies of objects 1..n. Returns the whole file."""
    out = bytearray(b"%PDF-" + version + b"\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R /ID [%s] >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, root, FIXED_ID, xref)
    return bytes(out)


def text_page_objects(lines, catalog_extra=b"", first=1):
    """Catalog, page tree, one page with Helvetica text; object numbers start at `first`.
    Returns the list of bodies; the catalog is object `first`."""
    content = b"BT /F1 12 Tf 72 720 Td 15 TL "
    for line in lines:
        content += pdf_string(line) + b" Tj T* "
    content += b"ET"
    n = first
    return [
        b"<< /Type /Catalog /Pages %d 0 R " % (n + 1) + catalog_extra + b">>",
        b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % (n + 2),
        b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
        b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (n + 1, n + 3, n + 4),
        stream(b"", content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
