"""The adversarial redaction set (testdata/redact/): one-page intake forms for testing mi-redact.

Each file is a consent or referral drawn by the ordinary layouts (so the labelled fields are on the
page as usual) plus exactly one hostile place where more synthetic PHI hides: an invisible OCR layer,
AcroForm field values, annotations, Info/XMP metadata, an attachment, an old revision kept by an
incremental update, unreferenced objects, Form XObjects, a vector signature, pixels of an embedded
image, words glued or split in the content stream, and hex / UTF-16 / custom-encoded strings.

The manifest (redact/manifest.json) lists, per file, every PHI value exactly as written and where it
is: a redactor passes a file when none of them survives anywhere in its output. Truth of the visible
fields (schema 1, testdata/README.md) goes to redact/truth/, never to testdata/truth/, so the
regression report over testdata/truth is not affected.

Bytes are reproducible like the rest of the set: fixed seeds, reportlab invariant=1, pikepdf with a
static /ID, no dates; what pikepdf cannot write (hex and UTF-16 string syntax, unreferenced objects,
an incremental update) is patched into or appended to its output by hand."""

import copy
import io
import json
import random
import re
import zlib

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream
from reportlab.lib.utils import ImageReader

from . import assemble, dates, truth
from .cards import card_front
from .documents import DocumentBuilder
from .formparts import field_right
from .forms import LAYOUTS
from .identities import CITIES, STREETS
from .painter import PAGE_HEIGHT, PDF_FONTS, PdfPainter, bezier_points, text_width
from .rawpdf import pdf_string

REDACT_DIR = "redact"
MANIFEST_SCHEMA = 1
# The SSA reserved 987-65-4320 ... 987-65-4329 for advertisements: never issued to anybody.
ADVERTISING_SSNS = ["987-65-43%02d" % n for n in range(20, 30)]
EXTRA_TOP = 500  # below every one-page layout's last line, above the footer (760)
NOTE_RECT = [584, 630, 604, 650]  # a sticky-note icon in the right margin, beside the patient fields
WHERE_ORDER = ["page", "image", "invisible_text", "form_xobject", "form_field", "annotation", "info",
               "xmp", "embedded_file", "old_revision", "orphan"]
# kinds whose values must be unique to one file across the whole set (dates and ZIPs repeat)
DISTINCTIVE = {"patient_name", "mrn", "provider_name", "provider_npi", "phone", "fax", "email", "ssn",
               "member_id", "address"}


# ------------------------------------------------------------------ drawing helpers

def pdf_number(v):
    text = ("%.3f" % v).rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class Recorder:
    """A painter that draws nothing: it records the strings a layout prints (with their positions),
    the signature ink and how far down the page the drawing reaches."""

    def __init__(self):
        self.texts, self.inks, self.bottom = [], [], 0.0

    def _reach(self, y):
        if y < 750:  # the footer line does not count
            self.bottom = max(self.bottom, y)

    def text(self, x, y, s, family="sans", size=10, bold=False, render_mode=0):
        self.texts.append((x, y, s, family, size, bold))
        self._reach(y)

    def handwriting(self, x, y, s, size=11):
        self.text(x, y, s, "sans", size)

    def line(self, x1, y1, x2, y2, width=0.8):
        self._reach(max(y1, y2))

    def rect(self, x, y, w, h, width=0.8, fill_gray=None):
        self._reach(y + h)

    def checkbox(self, x, y, size, checked):
        self._reach(y + size)

    def ink(self, curves, width=1.3):
        self.inks.append((curves, width))

    def image(self, pil_image, x, y, w, h):
        self._reach(y + h)


class DivertingPainter:
    """Passes drawing to a PdfPainter, except the text of chosen strings, which a handler writes its
    own way (split, kerned, re-encoded, moved into a Form XObject...)."""

    def __init__(self, inner, handlers):
        self.inner = inner
        self.handlers = handlers

    def text(self, x, y, s, family="sans", size=10, bold=False, render_mode=0):
        handler = self.handlers.get(s)
        if handler:
            handler(self.inner.canvas, x, y, s, family, size, bold)
        else:
            self.inner.text(x, y, s, family, size, bold, render_mode)

    def handwriting(self, x, y, s, size=11):
        self.text(x, y, s, "sans", size)

    def __getattr__(self, name):
        return getattr(self.inner, name)


class InvisiblePainter:
    """An OCR engine's text layer: every word of the page, exactly, in render mode 3."""

    def __init__(self, inner):
        self.inner = inner

    def text(self, x, y, s, family="sans", size=10, bold=False, render_mode=0):
        self.inner.text(x, y, s, family, size, bold, render_mode=3)

    def handwriting(self, x, y, s, size=11):
        self.text(x, y, s, "sans", size)

    def line(self, *args, **kwargs):
        pass

    rect = checkbox = ink = image = line


def raw_text_object(canvas, ops):
    """Appends BT ops ET to the page content as it is."""
    canvas._code.append("BT " + " ".join(ops) + " ET")


def font_op(canvas, family, size, bold=False):
    return "%s %s Tf" % (canvas._doc.getInternalFontName(PDF_FONTS[(family, bold)]), pdf_number(size))


def origin_op(x, y):
    return "1 0 0 1 %s %s Tm" % (pdf_number(x), pdf_number(PAGE_HEIGHT - y))


def words(s):
    """Lowercased runs of letters and digits: how a search that ignores case and punctuation sees s."""
    return re.findall(r"[a-z0-9]+", s.lower())


def literal(s):
    return pdf_string(s).decode("latin-1")


# ------------------------------------------------------------------ raw PDF surgery

def parse_classic(data):
    """A file as qpdf writes it (one classic xref section, no object streams): the bytes before
    the first object, each object's bytes by number (in file order) and the trailer dictionary."""
    startxref = int(data[data.rindex(b"startxref") + 9:].split()[0])
    section = data[startxref:]
    if not section.startswith(b"xref\n"):
        raise ValueError("not a classic xref table")
    lines = section.split(b"\n")
    first, count = (int(v) for v in lines[1].split())
    offsets = {}
    for index, entry in enumerate(lines[2:2 + count]):
        offset, _, kind = entry.split()
        if kind == b"n":
            offsets[first + index] = int(offset)
    order = sorted(offsets, key=offsets.get)
    ends = [offsets[n] for n in order[1:]] + [startxref]
    chunks = {n: data[offsets[n]:end] for n, end in zip(order, ends)}
    trailer = section[section.index(b"trailer") + 7:section.index(b"startxref")].strip()
    return data[:offsets[order[0]]], order, chunks, trailer


def object_chunk(number, body):
    return b"%d 0 obj\n" % number + body + b"\nendobj\n"


def rebuild(data, replace=None, extra_bodies=()):
    """Rewrites a qpdf-written file: placeholder strings replaced by raw bytes (replace: {b"old":
    b"new"}), extra objects (unreferenced unless something points at them) appended after the last
    object, the xref table rebuilt. Returns (bytes, numbers of the extra objects)."""
    header, order, chunks, trailer = parse_classic(data)
    size = int(re.search(rb"/Size (\d+)", trailer).group(1))
    for old, new in (replace or {}).items():
        hits = [n for n in order if old in chunks[n]]
        if len(hits) != 1 or chunks[hits[0]].count(old) != 1:
            raise ValueError("placeholder %r found %d times" % (old, len(hits)))
        chunks[hits[0]] = chunks[hits[0]].replace(old, new)
    numbers = list(range(size, size + len(extra_bodies)))
    for number, body in zip(numbers, extra_bodies):
        chunks[number] = object_chunk(number, body)
        order.append(number)
    size += len(extra_bodies)
    out, offsets = bytearray(header), {}
    for number in order:
        offsets[number] = len(out)
        out += chunks[number]
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += b"%010d 00000 n \n" % offsets[number]
    trailer = re.sub(rb"/Size \d+", b"/Size %d" % size, trailer)
    out += b"trailer " + trailer + b"\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out), numbers


def append_update(data, bodies):
    """An incremental update: the objects (number -> body) appended after the file's %%EOF with
    their own xref section and a trailer whose /Prev points at the previous one."""
    header, order, chunks, trailer = parse_classic(data)
    prev = int(data[data.rindex(b"startxref") + 9:].split()[0])
    size = max(int(re.search(rb"/Size (\d+)", trailer).group(1)), max(bodies) + 1)
    root = re.search(rb"/Root \d+ 0 R", trailer).group(0)
    ident = re.search(rb"/ID \[[^\]]*\]", trailer).group(0)
    out, offsets = bytearray(data), {}
    for number in sorted(bodies):
        offsets[number] = len(out)
        out += object_chunk(number, bodies[number])
    xref = len(out)
    out += b"xref\n0 1\n0000000000 65535 f \n"
    numbers = sorted(bodies)
    start = 0
    while start < len(numbers):  # one subsection per run of consecutive numbers
        end = start
        while end + 1 < len(numbers) and numbers[end + 1] == numbers[end] + 1:
            end += 1
        out += b"%d %d\n" % (numbers[start], end - start + 1)
        for number in numbers[start:end + 1]:
            out += b"%010d 00000 n \n" % offsets[number]
        start = end + 1
    out += b"trailer\n<< /Size %d %s /Prev %d %s >>\nstartxref\n%d\n%%%%EOF\n" % (
        size, root, prev, ident, xref)
    return bytes(out)


def one_page_pdf(page_bytes):
    """A new pikepdf document holding the page of a single-page PDF (no /Info, like join_pdf)."""
    source = pikepdf.open(io.BytesIO(page_bytes))
    pdf = pikepdf.new()
    pdf.pages.extend(source.pages)
    return pdf, source


def save(pdf, source=None):
    buffer = io.BytesIO()
    pdf.save(buffer, static_id=True, compress_streams=True, min_version="1.7",
             object_stream_mode=pikepdf.ObjectStreamMode.disable)
    if source is not None:
        source.close()
    return buffer.getvalue()


def helvetica(pdf, base="Helvetica"):
    return pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name("/" + base),
                                        Encoding=Name.WinAnsiEncoding))


def form_stream(pdf, content, bbox, resources, matrix=None):
    stream = Stream(pdf, content)
    stream.Type = Name.XObject
    stream.Subtype = Name.Form
    stream.BBox = Array(bbox)
    stream.Resources = resources
    if matrix:
        stream.Matrix = Array(matrix)
    return stream


def utf16_hex(s):
    return b"<" + ("\ufeff" + s).encode("utf-16-be").hex().upper().encode() + b">"


def utf16_literal(s):
    """UTF-16BE with BOM in literal-string syntax, every byte an octal escape."""
    return b"(" + b"".join(b"\\%03o" % byte for byte in ("\ufeff" + s).encode("utf-16-be")) + b")"


def ascii_hex(s):
    return b"<" + s.encode("latin-1").hex().encode() + b">"


# ------------------------------------------------------------------ one file

class Case:
    """One file: its patient, its document (drawn by an ordinary layout), the extra PHI the file
    needs, and the canaries found while building it."""

    def __init__(self, name, pool, doc_type, layout_index, options, seeded, make_patient):
        self.name = name
        self.rng = random.Random(seeded("redact", name))
        pool.reseed(seeded("redact-identities", name))
        self.pool = pool
        self.patient = make_patient(pool, self.rng)
        self.doc = DocumentBuilder(pool, self.rng, self.patient).build(doc_type, layout_index, dict(options))
        self.layout = LAYOUTS[doc_type][layout_index]
        self.family = self.layout.family
        self.canaries = []
        self.notes = {}
        self.regions = []
        self.quality = "born_digital"
        self.scan = None  # (skew, dpi, image format) for a scanned page

    # -- synthetic PHI beyond the layout's fields
    @property
    def person(self):
        return self.patient["person"]

    def full_name(self):
        return "%s %s" % (self.person["first"], self.person["last"])

    def email(self):
        return "%s.%s@example.org" % (self.person["first"].lower(), self.person["last"].lower())

    def address(self):
        """(street address with city and ZIP, ZIP) in a city other than the clinic's."""
        clinic_city = self.doc["clinic"]["city"]
        cities = [c for c in CITIES if "%s, %s %s" % c != clinic_city]
        city, state, zipcode = self.rng.choice(cities)
        street = "%d %s" % (self.rng.randint(12, 9800), self.rng.choice(STREETS))
        return "%s, %s, %s %s" % (street, city, state, zipcode), zipcode

    def other_date_style(self, date):
        """The date in the first style the form does not print it in."""
        printed = set(self.printed_values())
        for style in ["mdy_slash", "long", "dmy_abbrev", "iso", "mdy_short"]:
            if dates.format_date(date, style) not in printed:
                return dates.format_date(date, style)
        raise ValueError("no free date style")

    def printed_values(self):
        return [f.get("printed") for f in self.doc["fields"].values() if f.get("printed")]

    # -- canaries
    def add(self, value, kind, where, note=None):
        for c in self.canaries:
            if c["value"] == value and c["kind"] == kind:
                if where not in c["where"]:
                    c["where"].append(where)
                if note:
                    c["note"] = (c["note"] + "; " + note) if c.get("note") else note
                return
        entry = {"value": value, "kind": kind, "where": [where]}
        if note:
            entry["note"] = note
        self.canaries.append(entry)

    def candidates(self, extra=()):
        """(value, kind) of the layout's printed PHI, the patient phone, then the file's extras."""
        fields = self.doc["fields"]
        pairs = [(fields[k]["printed"], k) for k in ("patient_name", "dob", "mrn", "provider_name",
                                                     "provider_npi", "date_of_service", "signature_date")
                 if k in fields and fields[k].get("printed")]
        pairs.append((self.patient["phone"], "phone"))
        return pairs + list(extra)

    def add_drawn(self, recorder, candidates, where="page", diverted=None):
        """Every candidate value printed by the recorded drawing is a canary in `where` (or in the
        place named by `diverted` for a value drawn some other way)."""
        diverted = diverted or {}
        texts = [t[2] for t in recorder.texts]
        for value, kind in candidates:
            if any(value in t for t in texts):
                place = diverted.get(value, (where, None))
                self.add(value, kind, place[0], place[1])


def draw_with_extras(case, rows=(), title=None, after=None):
    """The layout, then (from EXTRA_TOP down) a titled block of labelled rows, then `after`."""
    family = case.family

    def draw(p):
        case.layout.draw(p, case.doc, 1)
        y = EXTRA_TOP
        if title:
            p.text(54, y, title, family, 11, True)
            y += 22
        for label, value in rows:
            field_right(p, 54, y, label, value, family, 10, line_to=400)
            y += 22
        if after:
            after(p, y)
    return draw


def record(draw):
    recorder = Recorder()
    draw(recorder)
    if recorder.bottom > 745:
        raise ValueError("drawing runs into the footer")
    return recorder


def check_extra_top(case):
    layout_only = Recorder()
    case.layout.draw(layout_only, case.doc, 1)
    if layout_only.bottom > EXTRA_TOP - 24:
        raise ValueError("%s: layout reaches y=%.0f, too low for the extra block"
                         % (case.name, layout_only.bottom))


# ------------------------------------------------------------------ the hostile features

def invisible_ocr_layer(case):
    """A 300 dpi scan (JPEG) over an old OCR engine's invisible text (render mode 3): the layer
    holds every word of the page, plus the patient's phone number, which the image does not show."""
    phone = case.patient["phone"]
    draw = draw_with_extras(case)
    skew = round(case.rng.uniform(0.3, 1.2) * case.rng.choice([-1, 1]), 2) + 0.0
    image = assemble.scanned_image(draw, case.rng.randrange(1 << 30), skew, 0)

    def invisible(p):
        draw(p)
        p.text(340, EXTRA_TOP + 40, "Phone: " + phone, case.family, 10)

    buffer = io.BytesIO()
    canvas = assemble._new_canvas(buffer)
    invisible(InvisiblePainter(PdfPainter(canvas)))
    jpeg = assemble.encode_image(image, "jpeg", (assemble.SCAN_DPI, assemble.SCAN_DPI))
    canvas.drawImage(ImageReader(io.BytesIO(jpeg)), 0, 0, 612, 792)
    canvas.showPage()
    canvas.save()
    pdf, source = one_page_pdf(buffer.getvalue())
    data = save(pdf, source)
    drawn = record(draw)
    for value, kind in case.candidates():
        if any(value in t[2] for t in drawn.texts):
            case.add(value, kind, "image")
            case.add(value, kind, "invisible_text")
    case.add(phone, "phone", "invisible_text", "only in the invisible layer, not in the image")
    case.quality = "scan"
    case.scan = (skew, [assemble.SCAN_DPI, assemble.SCAN_DPI], "jpeg")
    case.notes["hostile"] = ("the page is a JPEG scan; under it an OCR text layer in render mode 3 "
                             "(invisible) repeats every word, and adds the patient's phone, which "
                             "the image lacks")
    return data


def acroform_fields(case):
    """Fill-in lines whose values live in AcroForm text fields: two with appearance streams, one
    with only /V (no /AP, /NeedAppearances true)."""
    cell = case.pool.phone()
    email = case.email()
    name = case.full_name()
    rows = [("Email:", ""), ("Cell Phone:", ""), ("Print Name:", "")]
    draw = draw_with_extras(case, rows, "Patient contact (fillable)")
    pdf, source = one_page_pdf(assemble.born_digital_pdf(draw))
    page = pdf.pages[0]
    font = helvetica(pdf)
    fields = []
    values = [("patient_email", email, True), ("patient_cell_phone", cell, True),
              ("patient_print_name", name, False)]
    y = EXTRA_TOP + 22
    for (label, _), (field_name, value, with_ap) in zip(rows, values):
        x0 = 54 + text_width(label, case.family, 10, True) + 6
        rect = [x0, PAGE_HEIGHT - y - 4, 400, PAGE_HEIGHT - y + 11]
        widget = Dictionary(Type=Name.Annot, Subtype=Name.Widget, FT=Name.Tx, T=field_name,
                            V=value, Rect=Array(rect), F=4, P=page.obj, DA="/Helv 10 Tf 0 g")
        if with_ap:
            width, height = rect[2] - rect[0], rect[3] - rect[1]
            content = ("/Tx BMC q BT /Helv 10 Tf 0 g 2 4 Td %s Tj ET Q EMC" % literal(value)).encode()
            widget.AP = Dictionary(N=form_stream(pdf, content, [0, 0, width, height],
                                                 Dictionary(Font=Dictionary(Helv=font))))
        fields.append(pdf.make_indirect(widget))
        y += 22
    page.Annots = Array(fields)
    pdf.Root.AcroForm = Dictionary(Fields=Array(fields), NeedAppearances=True, DA="/Helv 0 Tf 0 g",
                                   DR=Dictionary(Font=Dictionary(Helv=font)))
    data = save(pdf, source)
    case.add_drawn(record(draw), case.candidates())
    case.add(email, "email", "form_field", "field patient_email: /V and its appearance stream")
    case.add(cell, "phone", "form_field", "field patient_cell_phone: /V and its appearance stream")
    case.add(name, "patient_name", "form_field",
             "field patient_print_name: /V only, no appearance stream (/NeedAppearances true)")
    case.notes["hostile"] = ("AcroForm text fields over three fill-in lines; two carry appearance "
                             "streams, the third only /V (a viewer builds its appearance)")
    return data


def annotations(case):
    """A sticky note (/Text with a /Popup) and a FreeText box with an appearance stream."""
    phone = case.patient["phone"]
    author = case.pool.person()
    author_name = "%s %s (intake)" % (author["first"], author["last"])
    full = case.full_name()
    dob_other = case.other_date_style(case.patient["dob"])
    note_text = "Called %s at %s to confirm DOB %s and MRN %s. Left voicemail." % (
        full, phone, dob_other, case.patient["mrn"])
    box_lines = ["Verified ID: %s" % full, "Phone on file: %s" % phone]
    draw = draw_with_extras(case)
    pdf, source = one_page_pdf(assemble.born_digital_pdf(draw))
    page = pdf.pages[0]
    font = helvetica(pdf)
    note = pdf.make_indirect(Dictionary(
        Type=Name.Annot, Subtype=Name.Text, Rect=Array(NOTE_RECT), Contents=note_text,
        T=author_name, Name=Name.Comment, C=Array([1, 0.85, 0.2]), F=28, Open=False, P=page.obj))
    popup = pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.Popup,
                                         Rect=Array([384, 530, 604, 630]), Parent=note, Open=False, F=28))
    note.Popup = popup
    width, height = 250, 34
    x0, y0 = 306, PAGE_HEIGHT - EXTRA_TOP - 10 - height
    content = ("q 1 1 0.85 rg 0 0 %d %d re f 0 0 0.6 RG 0.8 w 0.4 0.4 %s %s re S "
               "BT /Helv 9 Tf 0 0 0.6 rg 5 %s Td %s Tj 0 -12 Td %s Tj ET Q" % (
                   width, height, pdf_number(width - 0.8), pdf_number(height - 0.8),
                   pdf_number(height - 13), literal(box_lines[0]), literal(box_lines[1]))).encode()
    freetext = pdf.make_indirect(Dictionary(
        Type=Name.Annot, Subtype=Name.FreeText, Rect=Array([x0, y0, x0 + width, y0 + height]),
        Contents="\n".join(box_lines), T=author_name, DA="/Helv 9 Tf 0 0 0.6 rg", Q=0, F=4, P=page.obj,
        AP=Dictionary(N=form_stream(pdf, content, [0, 0, width, height],
                                    Dictionary(Font=Dictionary(Helv=font))))))
    page.Annots = Array([note, popup, freetext])
    data = save(pdf, source)
    case.add_drawn(record(draw), case.candidates())
    case.add(full, "patient_name", "annotation", "sticky note /Contents and FreeText /Contents + appearance")
    case.add(phone, "phone", "annotation", "sticky note /Contents and FreeText")
    case.add(dob_other, "dob", "annotation", "sticky note /Contents")
    case.add(case.patient["mrn"], "mrn", "annotation", "sticky note /Contents")
    case.notes["hostile"] = ("a /Text sticky note (with its /Popup) whose /Contents names the patient, "
                             "and a FreeText annotation showing the name and phone; author /T is staff")
    return data


def xmp_packet(title, creator, description, subjects, keywords):
    def esc(s):
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    items = "".join("<rdf:li>%s</rdf:li>" % esc(s) for s in subjects)
    text = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '  <rdf:Description rdf:about=""\n'
        '    xmlns:dc="http://purl.org/dc/elements/1.1/"\n'
        '    xmlns:pdf="http://ns.adobe.com/pdf/1.3/">\n'
        '   <dc:format>application/pdf</dc:format>\n'
        '   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">%s</rdf:li></rdf:Alt></dc:title>\n'
        '   <dc:creator><rdf:Seq><rdf:li>%s</rdf:li></rdf:Seq></dc:creator>\n'
        '   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">%s</rdf:li></rdf:Alt></dc:description>\n'
        '   <dc:subject><rdf:Bag>%s</rdf:Bag></dc:subject>\n'
        '   <pdf:Keywords>%s</pdf:Keywords>\n'
        '  </rdf:Description>\n'
        ' </rdf:RDF>\n'
        '</x:xmpmeta>\n' % (esc(title), esc(creator), esc(description), items, esc(keywords)))
    padding = (" " * 99 + "\n") * 20  # the customary room for in-place edits
    return (text + padding + '<?xpacket end="w"?>').encode("utf-8")


def metadata(case):
    """/Info and an XMP stream (/Metadata on the catalog) naming the patient, DOB and MRN."""
    person = case.person
    provider = case.doc["fields"]["provider_name"]["printed"]
    iso_dob = case.patient["dob"].isoformat()
    mrn = case.patient["mrn"]
    surname_first = "%s, %s" % (person["last"].upper(), person["first"].upper())
    full = case.full_name()
    title = "Referral - %s" % surname_first
    description = "Referral for %s, DOB %s, MRN %s" % (full, iso_dob, mrn)
    keywords = "referral; MRN %s; DOB %s" % (mrn, iso_dob)
    draw = draw_with_extras(case)
    pdf, source = one_page_pdf(assemble.born_digital_pdf(draw))
    pdf.trailer.Info = pdf.make_indirect(Dictionary(
        Title=title, Author=provider, Subject=description, Keywords=keywords,
        Creator="%s EHR export" % case.doc["clinic"]["name"], PatientID=mrn))
    xmp = Stream(pdf, xmp_packet(title, provider, description, ["MRN %s" % mrn, "DOB %s" % iso_dob],
                                 keywords))
    xmp.Type = Name.Metadata
    xmp.Subtype = Name.XML
    pdf.Root.Metadata = pdf.make_indirect(xmp)
    data = save(pdf, source)
    case.add_drawn(record(draw), case.candidates())
    for where in ("info", "xmp"):
        case.add(surname_first, "patient_name", where)
        case.add(full, "patient_name", where)
        case.add(iso_dob, "dob", where)
        case.add(mrn, "mrn", where)
        case.add(provider, "provider_name", where)
    case.notes["hostile"] = ("/Info (Title, Author, Subject, Keywords, a custom /PatientID) and an "
                             "uncompressed XMP packet (dc:title, dc:creator, dc:description, "
                             "dc:subject, pdf:Keywords) hold the patient's name, DOB and MRN")
    return data


def embedded_file(case):
    """A text attachment (/Names /EmbeddedFiles) with the patient's details."""
    address, zipcode = case.address()
    ssn = ADVERTISING_SSNS[0]
    full = case.full_name()
    iso_dob = case.patient["dob"].isoformat()
    payload = ("INTAKE NOTES (attachment)\n"
               "Patient: %s\nDOB: %s\nMRN: %s\nSSN: %s\nPhone: %s\nAddress: %s\n" % (
                   full, iso_dob, case.patient["mrn"], ssn, case.patient["phone"], address)
               ).encode("ascii")
    draw = draw_with_extras(case)
    pdf, source = one_page_pdf(assemble.born_digital_pdf(draw))
    attachment = Stream(pdf, payload)
    attachment.Type = Name.EmbeddedFile
    attachment.Subtype = Name("/text/plain")
    attachment.Params = Dictionary(Size=len(payload))
    spec = pdf.make_indirect(Dictionary(Type=Name.Filespec, F="intake-notes.txt", UF="intake-notes.txt",
                                        Desc="Intake notes", EF=Dictionary(F=pdf.make_indirect(attachment))))
    pdf.Root.Names = Dictionary(EmbeddedFiles=Dictionary(Names=Array(["intake-notes.txt", spec])))
    data = save(pdf, source)
    case.add_drawn(record(draw), case.candidates())
    for value, kind in [(full, "patient_name"), (iso_dob, "dob"), (case.patient["mrn"], "mrn"),
                        (ssn, "ssn"), (case.patient["phone"], "phone"), (address, "address"),
                        (zipcode, "zip")]:
        case.add(value, kind, "embedded_file")
    case.notes["hostile"] = ("intake-notes.txt attached through /Names /EmbeddedFiles (Flate "
                             "compressed); mi-validate refuses attachments by default")
    return data


def incremental_update(case):
    """Revision 1 printed an old MRN, an old phone and the patient's former address; an incremental
    update (appended objects, xref section, /Prev, a second %%EOF) replaces the page content, and
    the first revision's objects stay in the file."""
    fields = case.doc["fields"]
    old_mrn = case.pool.mrn()
    old_phone = case.pool.phone()
    address, zipcode = case.address()
    new_draw = draw_with_extras(case)
    old_doc = copy.deepcopy(case.doc)
    old_doc["fields"]["mrn"]["printed"] = old_mrn
    old_doc["extra"]["patient_phone"] = old_phone

    def old_draw(p):
        case.layout.draw(p, old_doc, 1)
        p.text(54, EXTRA_TOP, "Previous address:", case.family, 10, True)
        p.text(54 + text_width("Previous address:", case.family, 10, True) + 8, EXTRA_TOP,
               address, case.family, 10)

    base = save(*one_page_pdf(assemble.born_digital_pdf(old_draw)))
    new = pikepdf.open(io.BytesIO(assemble.born_digital_pdf(new_draw)))
    new_page = new.pages[0]
    content = zlib.compress(new_page.Contents.read_bytes(), 9)
    old = pikepdf.open(io.BytesIO(base))
    old_page = old.pages[0].obj
    page_number = old_page.objgen[0]
    kept = Dictionary({key: old_page[key] for key in old_page.keys()
                       if key not in ("/Contents", "/Resources")}).unparse()[2:-2].strip()
    size = int(old.trailer.Size)
    old.close()
    bodies = {size: b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content
              + b"\nendstream"}
    if set(new_page.Resources.keys()) != {"/Font", "/ProcSet"}:
        raise ValueError("the corrected page needs resources besides fonts")
    fonts = []
    for index, (key, font) in enumerate(sorted(new_page.Resources.Font.items()), 1):
        body = Dictionary(font).unparse()
        if b" R" in body:
            raise ValueError("font with indirect parts")
        bodies[size + index] = body
        fonts.append(b"%s %d 0 R" % (key.encode(), size + index))
    new.close()
    bodies[page_number] = (b"<< %s /Contents %d 0 R "
                           b"/Resources << /Font << %s >> /ProcSet [ /PDF /Text ] >> >>"
                           % (kept, size, b" ".join(fonts)))
    data = append_update(base, bodies)
    old_recorder = record(old_draw)
    new_recorder = record(new_draw)
    candidates = case.candidates([(old_mrn, "mrn"), (old_phone, "phone"), (address, "address"),
                                  (zipcode, "zip")])
    case.add_drawn(new_recorder, candidates)
    case.add_drawn(old_recorder, candidates, "old_revision")
    for value in (old_mrn, old_phone, address, zipcode):
        next(c for c in case.canaries if c["value"] == value)["note"] = "only in revision 1"
    if fields["mrn"]["printed"] == old_mrn:
        raise ValueError("old and new MRN agree")
    case.notes["hostile"] = ("two revisions: revision 1 (up to the first %%EOF) printed an old MRN, an old "
                             "phone and a former address; the appended update replaces the page "
                             "object and its content, the old content stream stays in the file")
    return data


def orphan_objects(case):
    """Objects no page or catalog references: a string, a removed sticky note and a Flate stream
    of an old content fragment, all with PHI."""
    full = case.full_name()
    member_id = case.patient["member_id"]
    ssn = ADVERTISING_SSNS[1]
    phone = case.patient["phone"]
    draw = draw_with_extras(case)
    data = save(*one_page_pdf(assemble.born_digital_pdf(draw)))
    fragment = ("BT /F1 10 Tf 54 260 Td (Patient: %s) Tj 0 -14 Td (SSN: %s  Member ID: %s) Tj ET"
                % (full, ssn, member_id)).encode()
    compressed = zlib.compress(fragment, 9)
    data, numbers = rebuild(data, extra_bodies=[
        pdf_string("%s, member %s" % (full, member_id)),
        b"<< /Type /Annot /Subtype /Text /Rect [ 560 700 580 720 ] /Contents "
        + pdf_string("Callback %s re: SSN %s" % (phone, ssn)) + b" >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(compressed) + compressed + b"\nendstream"])
    case.add_drawn(record(draw), case.candidates())
    case.add(full, "patient_name", "orphan")
    case.add(member_id, "member_id", "orphan")
    case.add(ssn, "ssn", "orphan")
    case.add(phone, "phone", "orphan")
    case.notes["hostile"] = ("objects %s are in the xref table but referenced by nothing: a string, a "
                             "detached /Text annotation and a Flate stream (old content fragment); a "
                             "whole-file rewrite drops them, an incremental save keeps them"
                             % ", ".join(str(n) for n in numbers))
    case.notes["orphan_objects"] = numbers
    return data


def form_xobjects(case):
    """The patient's values drawn by a Form XObject on the page, the provider's by another Form
    XObject nested in it; both with a transformation the text positions compensate."""
    fields = case.doc["fields"]
    outer_values = [fields[k]["printed"] for k in ("patient_name", "dob", "mrn")]
    inner_values = [fields[k]["printed"] for k in ("provider_name", "provider_npi", "date_of_service")]
    placed = {}

    def divert(canvas, x, y, s, family, size, bold):
        placed[s] = (x, y, family, size)
    handlers = {v: divert for v in outer_values + inner_values}
    draw = draw_with_extras(case)
    buffer = io.BytesIO()
    canvas = assemble._new_canvas(buffer)
    draw(DivertingPainter(PdfPainter(canvas), handlers))
    canvas.showPage()
    canvas.save()
    if set(placed) != set(handlers):
        raise ValueError("values not drawn: %s" % sorted(set(handlers) - set(placed)))
    pdf, source = one_page_pdf(buffer.getvalue())
    page = pdf.pages[0]
    family = placed[outer_values[0]][2]
    font = helvetica(pdf, PDF_FONTS[(family, False)])
    shift_outer = (18, -24)  # the page's cm before Do
    shift_inner = (-7, 11)   # the inner form's /Matrix

    def shows(values, dx, dy):
        ops = []
        for v in values:
            x, y, _, size = placed[v]
            ops.append("BT /FV %s Tf %s %s Td %s Tj ET" % (
                pdf_number(size), pdf_number(x - dx), pdf_number(PAGE_HEIGHT - y - dy), literal(v)))
        return " ".join(ops)
    font_resources = Dictionary(FV=font)
    inner = pdf.make_indirect(form_stream(
        pdf, shows(inner_values, shift_outer[0] + shift_inner[0], shift_outer[1] + shift_inner[1]).encode(),
        [-100, -100, 712, 892], Dictionary(Font=font_resources), [1, 0, 0, 1] + list(shift_inner)))
    outer = pdf.make_indirect(form_stream(
        pdf, ("q %s /FxProvider Do Q" % shows(outer_values, *shift_outer)).encode(),
        [-100, -100, 712, 892], Dictionary(Font=font_resources, XObject=Dictionary(FxProvider=inner))))
    resources = page.Resources
    resources.XObject = Dictionary(FxPatient=outer)
    page.contents_add(Stream(pdf, b"q 1 0 0 1 %d %d cm /FxPatient Do Q" % shift_outer), prepend=False)
    data = save(pdf, source)
    diverted = {v: ("form_xobject", "Form XObject /FxPatient") for v in outer_values}
    diverted.update({v: ("form_xobject", "nested Form XObject /FxProvider inside /FxPatient")
                     for v in inner_values})
    case.add_drawn(record(draw), case.candidates(), diverted=diverted)
    case.notes["hostile"] = ("the patient's name, DOB and MRN are shown by Form XObject /FxPatient "
                             "(invoked after a cm translation), the provider, NPI and date by "
                             "/FxProvider nested in it (with its own /Matrix); the page content "
                             "stream holds none of them")
    return data


def vector_signature(case):
    """The signature as vector Bezier strokes (the layouts' ink), the printed name and relation
    beside it."""
    probe = record(draw_with_extras(case))
    if not probe.inks:
        raise ValueError("no signature ink")
    curves, width = probe.inks[0]
    points = [pt for curve in curves for pt in bezier_points(*curve)]
    x0, x1 = min(p[0] for p in points) - width, max(p[0] for p in points) + width
    top, bottom = min(p[1] for p in points) - width, max(p[1] for p in points) + width
    printed_name = "%s %s. %s" % (case.person["first"], case.person["middle"], case.person["last"])

    def after(p, y):
        p.text(54, bottom + 30, "Printed name: " + printed_name + " (patient, self)", case.family, 9)
    draw = draw_with_extras(case, after=after)
    data = save(*one_page_pdf(assemble.born_digital_pdf(draw)))
    case.add_drawn(record(draw), case.candidates([(printed_name, "patient_name")]))
    case.regions.append({"kind": "signature", "page": 1,
                         "bbox": [round(x0, 1), round(PAGE_HEIGHT - bottom, 1),
                                  round(x1, 1), round(PAGE_HEIGHT - top, 1)],
                         "note": "vector ink: %d cubic Bezier segments stroked in the page content"
                                 % len(curves)})
    case.notes["hostile"] = ("the patient's signature is vector ink (cubic Bezier curves, no text, "
                             "no image) on the signature line, with the printed name below it")
    return data


def text_in_image(case):
    """A photocopied insurance card (300 dpi pixels at 4 x 2.5 in, so 253 dpi on the page) with
    the member's name, DOB and member ID; the text layer has none of these strings."""
    person = case.person
    # a spelling whose words differ from the form's (case aside): only OCR of the card finds it
    if case.patient["name_style"] == 0:
        card_name = "%s %s %s" % (person["last"].upper(), person["first"].upper(), person["middle"])
    else:
        card_name = "%s %s %s" % (person["first"].upper(), person["middle"], person["last"].upper())
    card_dob = case.other_date_style(case.patient["dob"])
    member_id = case.patient["member_id"]
    card_doc = {"fields": {"patient_name": {"printed": card_name}, "dob": {"printed": card_dob}},
                "extra": {"payer": case.pool.payer(), "member_id": member_id,
                          "group": "G%05d" % case.rng.randint(0, 99999),
                          "copays": [25, 50, 250], "plan": "PPO Select"}}
    card = card_front(card_doc, 1)
    x, y, w = 54, EXTRA_TOP + 14, 288.0
    h = w * card.size[1] / card.size[0]

    def after(p, _):
        p.image(card, x, y, w, h)
    draw = draw_with_extras(case, title="Insurance card on file (copy of front)", after=after)
    data = save(*one_page_pdf(assemble.born_digital_pdf(draw)))
    drawn = record(draw)
    case.add_drawn(drawn, case.candidates())
    page_words = " %s " % " ".join(words(" ".join(t[2] for t in drawn.texts)))
    for value, kind in [(card_name, "patient_name"), (card_dob, "dob"), (member_id, "member_id")]:
        if " %s " % " ".join(words(value)) in page_words:
            raise ValueError("card value %r is also in the text layer" % value)
        case.add(value, kind, "image", "pixels of the card image only")
    dpi = card.size[0] / (w / 72.0)
    case.regions.append({"kind": "image", "page": 1,
                         "bbox": [x, round(PAGE_HEIGHT - y - h, 1), x + w, round(PAGE_HEIGHT - y, 1)],
                         "pixels": list(card.size), "dpi": round(dpi, 1),
                         "values": [card_name, card_dob, member_id]})
    case.notes["hostile"] = ("an RGB image (%dx%d px, %.1f x %.2f in, %.0f dpi) of an insurance card "
                             "carries the name, DOB and member ID as pixels; the page's text has the "
                             "name and DOB only in other spellings" % (card.size + (w / 72, h / 72, dpi)))
    return data


def partial_words(case):
    """PHI glued to its label, inside an email address, kerned apart in a TJ array, split between
    text objects and set glyph by glyph."""
    fields = case.doc["fields"]
    mrn = fields["mrn"]["printed"]
    dob = fields["dob"]["printed"]
    name = fields["patient_name"]["printed"]
    provider = fields["provider_name"]["printed"]
    glued_name = "%s,%s" % (case.person["last"].upper(), case.person["first"])
    digits_dob = case.patient["dob"].strftime("%m%d%Y")
    email = case.email()

    def kerned(canvas, x, y, s, family, size, bold):
        cuts = [len(s) // 3, 2 * len(s) // 3]
        pieces = [s[:cuts[0]], s[cuts[0]:cuts[1]], s[cuts[1]:]]
        array = "%s -45 %s 60 %s" % tuple(literal(p) for p in pieces)
        raw_text_object(canvas, [font_op(canvas, family, size, bold), origin_op(x, y), "[%s] TJ" % array])

    def two_objects(canvas, x, y, s, family, size, bold):
        cut = (len(s) * 3) // 5
        for piece, px in ((s[:cut], x), (s[cut:], x + text_width(s[:cut], family, size, bold))):
            raw_text_object(canvas, [font_op(canvas, family, size, bold), origin_op(px, y),
                                     "%s Tj" % literal(piece)])

    def glyph_by_glyph(canvas, x, y, s, family, size, bold):
        ops = [font_op(canvas, family, size, bold), origin_op(x, y)]
        for index, ch in enumerate(s):
            if index:
                ops.append("%s 0 Td" % pdf_number(text_width(s[index - 1], family, size, bold)))
            ops.append("%s Tj" % literal(ch))
        raw_text_object(canvas, ops)

    handlers = {mrn: kerned, dob: two_objects, provider: two_objects, name: glyph_by_glyph}
    rows = [("Email:", email)]

    def after(p, y):
        p.text(54, y + 6, "Wristband print: Name:%s|DOB:%s|MRN:%s" % (glued_name, digits_dob,
                                                                     case.patient["mrn"]),
               "mono", 9)
    draw = draw_with_extras(case, rows, "Contact and identification", after)
    buffer = io.BytesIO()
    canvas = assemble._new_canvas(buffer)
    draw(DivertingPainter(PdfPainter(canvas), handlers))
    canvas.showPage()
    canvas.save()
    data = save(*one_page_pdf(buffer.getvalue()))
    how = {mrn: "a TJ array with kerning splitting it into three strings",
           dob: "split across two text objects (BT ... ET)",
           provider: "split across two text objects, mid-word",
           case.patient["mrn"]: "a TJ array with kerning splitting it into three strings; also glued "
                                "in the wristband line (MRN:...)",
           name: "one Tj per glyph, each positioned with Td"}
    diverted = {v: ("page", note) for v, note in how.items()}
    case.add_drawn(record(draw), case.candidates([(glued_name, "patient_name"), (digits_dob, "dob"),
                                                  (email, "email")]), diverted=diverted)
    next(c for c in case.canaries if c["value"] == glued_name)["note"] = "glued: Name:%s|DOB:..." % glued_name
    next(c for c in case.canaries if c["value"] == digits_dob)["note"] = "glued, digits only"
    next(c for c in case.canaries if c["value"] == email)["note"] = "the name inside an email address"
    case.notes["hostile"] = ("values kerned apart in a TJ array, split across text objects, set glyph "
                             "by glyph, glued to labels without spaces, and inside an email address")
    return data


GLYPH_NAMES = {" ": "space", ",": "comma", ".": "period", "-": "hyphen", "/": "slash", ":": "colon",
               "(": "parenleft", ")": "parenright", "@": "at", "'": "quotesingle", "|": "bar",
               "0": "zero", "1": "one", "2": "two", "3": "three", "4": "four", "5": "five",
               "6": "six", "7": "seven", "8": "eight", "9": "nine"}


def encoded_strings(case):
    """PHI in hex strings, in UTF-16BE strings with a byte order mark, and in page text set in a
    font whose custom /Encoding maps other byte values to the letters."""
    fields = case.doc["fields"]
    name = fields["patient_name"]["printed"]
    dob = fields["dob"]["printed"]
    full = case.full_name()
    iso_dob = case.patient["dob"].isoformat()
    mrn = case.patient["mrn"]
    phone = case.patient["phone"]
    email = case.email()
    chars = sorted(set(name + dob))
    shuffled = chars[:]
    case.rng.shuffle(shuffled)
    code_of = {ch: 0x80 + index for index, ch in enumerate(shuffled)}

    def encoded(canvas, x, y, s, family, size, bold):
        hex_codes = "".join("%02X" % code_of[ch] for ch in s)
        raw_text_object(canvas, ["/FE %s Tf" % pdf_number(size), origin_op(x, y), "<%s> Tj" % hex_codes])
    draw = draw_with_extras(case)
    buffer = io.BytesIO()
    canvas = assemble._new_canvas(buffer)
    draw(DivertingPainter(PdfPainter(canvas), {name: encoded, dob: encoded}))
    canvas.showPage()
    canvas.save()
    pdf, source = one_page_pdf(buffer.getvalue())
    page = pdf.pages[0]
    differences = Array([0x80] + [Name("/" + GLYPH_NAMES.get(ch, ch)) for ch in shuffled])
    page.Resources.Font.FE = pdf.make_indirect(Dictionary(
        Type=Name.Font, Subtype=Name.Type1, BaseFont=Name("/" + PDF_FONTS[(case.family, False)]),
        Encoding=Dictionary(Type=Name.Encoding, Differences=differences)))
    note_text = "Patient %s (%s) asked for callbacks at %s" % (full, email, phone)
    page.Annots = Array([pdf.make_indirect(Dictionary(
        Type=Name.Annot, Subtype=Name.Text, Rect=Array(NOTE_RECT), Contents="@@HEX-CONTENTS@@",
        T="@@UTF16-AUTHOR@@", Name=Name.Note, C=Array([1, 0.85, 0.2]), F=28, P=page.obj))])
    pdf.trailer.Info = pdf.make_indirect(Dictionary(Title="@@UTF16HEX-TITLE@@",
                                                    Subject="@@UTF16LIT-SUBJECT@@"))
    title = "Consent - %s" % full
    subject = "MRN %s, DOB %s" % (mrn, iso_dob)
    data, _ = rebuild(save(pdf, source), replace={
        b"(@@HEX-CONTENTS@@)": ascii_hex(note_text),
        b"(@@UTF16-AUTHOR@@)": utf16_literal(full),
        b"(@@UTF16HEX-TITLE@@)": utf16_hex(title),
        b"(@@UTF16LIT-SUBJECT@@)": utf16_literal(subject)})
    diverted = {name: ("page", "custom /Encoding: each byte maps to a glyph by /Differences, "
                               "written as a hex string"),
                dob: ("page", "custom /Encoding, hex string")}
    case.add_drawn(record(draw), case.candidates(), diverted=diverted)
    case.add(full, "patient_name", "annotation", "/Contents as an ASCII hex string; /T as UTF-16BE "
             "with BOM, octal escapes")
    case.add(email, "email", "annotation", "/Contents as an ASCII hex string")
    case.add(phone, "phone", "annotation", "/Contents as an ASCII hex string")
    case.add(full, "patient_name", "info", "/Title: UTF-16BE with BOM, hex string")
    case.add(mrn, "mrn", "info", "/Subject: UTF-16BE with BOM, literal string of octal escapes")
    case.add(iso_dob, "dob", "info", "/Subject: UTF-16BE with BOM, literal string of octal escapes")
    case.notes["hostile"] = ("a sticky note whose /Contents is a hex string and /T UTF-16BE; /Info "
                             "/Title and /Subject in UTF-16BE (hex, octal escapes); the name and "
                             "DOB on the page in a font with a custom /Encoding (bytes 0x80+)")
    return data


def safe_harbor(case):
    """SSN, phone, fax, email, street address with ZIP and member ID printed under labels, none of
    them an extracted field."""
    ssn = ADVERTISING_SSNS[2]
    phone = case.pool.phone()
    fax = case.pool.phone()
    email = case.email()
    address, zipcode = case.address()
    member_id = case.patient["member_id"]
    rows = [("SSN:", ssn), ("Phone:", phone), ("Fax:", fax), ("Email:", email),
            ("Address:", address), ("Member ID:", member_id)]
    draw = draw_with_extras(case, rows, "Patient identifiers")
    data = save(*one_page_pdf(assemble.born_digital_pdf(draw)))
    case.add_drawn(record(draw), case.candidates([
        (ssn, "ssn"), (phone, "phone"), (fax, "fax"), (email, "email"), (address, "address"),
        (zipcode, "zip"), (member_id, "member_id")]))
    case.notes["hostile"] = ("Safe Harbor identifiers that are not extracted fields, each under its "
                             "label: SSN (SSA advertising range 987-65-432x), phone, fax, email, "
                             "street address with ZIP, member ID")
    return data


# name, feature, maker, document type, layout index, document options, description
FILES = [
    ("r01-invisible-ocr-layer.pdf", "invisible_text", invisible_ocr_layer, "consent", 1,
     {"signed": True, "dated": True}, "scanned consent over an invisible OCR text layer"),
    ("r02-acroform-fields.pdf", "form_fields", acroform_fields, "referral", 1, {},
     "referral with AcroForm text fields (with and without appearance streams)"),
    ("r03-annotations.pdf", "annotations", annotations, "consent", 2, {"signed": True, "dated": True},
     "procedure consent with a sticky note (+ popup) and a FreeText annotation"),
    ("r04-info-xmp-metadata.pdf", "metadata", metadata, "referral", 2, {},
     "referral printout whose /Info and XMP metadata name the patient"),
    ("r05-embedded-file.pdf", "embedded_file", embedded_file, "consent", 1,
     {"signed": True, "dated": True}, "consent with a text attachment"),
    ("r06-incremental-update.pdf", "incremental_update", incremental_update, "referral", 1, {},
     "referral corrected by an incremental update; revision 1 still in the file"),
    ("r07-orphan-objects.pdf", "orphan_objects", orphan_objects, "consent", 2,
     {"signed": True, "dated": True}, "procedure consent with unreferenced objects holding PHI"),
    ("r08-form-xobjects.pdf", "form_xobjects", form_xobjects, "referral", 2, {},
     "referral printout whose values are drawn by (nested) Form XObjects"),
    ("r09-vector-signature.pdf", "vector_signature", vector_signature, "consent", 1,
     {"signed": True, "dated": True}, "consent signed in vector ink, printed name beside it"),
    ("r10-text-in-image.pdf", "text_in_image", text_in_image, "referral", 1, {},
     "referral with a copy of the insurance card as an image"),
    ("r11-partial-words.pdf", "partial_words", partial_words, "consent", 2,
     {"signed": True, "dated": True}, "procedure consent with glued, kerned and split PHI"),
    ("r12-hex-utf16-encoding.pdf", "encoded_strings", encoded_strings, "consent", 1,
     {"signed": True, "dated": True}, "consent with hex, UTF-16BE and custom-encoded PHI"),
    ("r13-safe-harbor-identifiers.pdf", "safe_harbor_identifiers", safe_harbor, "referral", 1, {},
     "referral with SSN, phone, fax, email, address and member ID under labels"),
]
REJECTED = {"embedded_file": "pdf_embedded_file"}


def build_file(entry, pool, seeded, make_patient):
    name, feature, maker, doc_type, layout_index, options, description = entry
    case = Case(name, pool, doc_type, layout_index, options, seeded, make_patient)
    check_extra_top(case)
    data = maker(case)
    for c in case.canaries:
        c["where"].sort(key=WHERE_ORDER.index)
    skew, dpi, image_format = case.scan or (0.0, None, None)
    text_layer = "invisible" if case.quality == "scan" else "visible"
    pages = [truth.page_record(1, case.quality, text_layer, 0, 0, dpi, skew, image_format)]
    documents = [truth.document_record(case.doc, case.layout, 1)]
    reject = REJECTED.get(feature)
    values = []
    for c in case.canaries:
        if c["value"] not in values:
            values.append(c["value"])
    if reject:
        record = truth.reject_record(name, data, reject, [], description)
        record.update(pages=pages, documents=documents, canaries=values)
    else:
        record = truth.packet_record(name, data, pages, documents, values, description)
    entry = {"file": name, "sha256": truth.sha256(data), "feature": feature, "description": description,
             "hostile_place": case.notes["hostile"], "accepted_by_default_policy": reject is None,
             "expected_reject_reason": reject, "qpdf_check": "pass", "document_type": doc_type,
             "layout": type(case.layout).__name__, "quality": case.quality,
             "truth": "truth/" + name[:-4] + ".json", "canaries": case.canaries}
    if case.regions:
        entry["regions"] = case.regions
    if "orphan_objects" in case.notes:
        entry["orphan_objects"] = case.notes["orphan_objects"]
    return data, entry, record


def check_unique(entries, main_records):
    """A distinctive canary (not a date or ZIP) belongs to one file of the whole set."""
    main_text = "\n".join(json.dumps(r, ensure_ascii=False) for r in main_records)
    owner = {}
    for e in entries:
        for c in e["canaries"]:
            if c["kind"] not in DISTINCTIVE:
                continue
            if c["value"] in main_text:
                raise ValueError("canary %r of %s also appears in testdata/truth" % (c["value"], e["file"]))
            if owner.setdefault(c["value"], e["file"]) != e["file"]:
                raise ValueError("canary %r in both %s and %s" % (c["value"], owner[c["value"]], e["file"]))
    for r in main_records:
        for canary in r["canaries"]:
            if any(canary in json.dumps(e, ensure_ascii=False) for e in entries):
                raise ValueError("canary %r of %s appears in the redaction set" % (canary, r["file"]))


MANIFEST_NOTE = (
    "Adversarial inputs for mi-redact: each PDF shows synthetic PHI on a one-page form and hides more "
    "in one hostile place. canaries: every PHI value exactly as written (decoded text for hex, UTF-16 "
    "and custom-encoded strings) with its kind and every place it occurs; after redaction none may "
    "remain in the output (bytes, decoded streams and strings, rendered and OCRed page). where: page "
    "(page content text), image (pixels: the scanned page or an embedded image), invisible_text "
    "(render mode 3), form_xobject, form_field (/V and appearance), annotation, info, xmp, "
    "embedded_file, old_revision (objects of an earlier revision kept by an incremental update), "
    "orphan (objects nothing references). regions: PHI without text (signature ink, images), bbox in "
    "PDF points [x0 y0 x1 y1] from the lower-left corner. truth: visible fields, schema of "
    "testdata/truth (file names relative to testdata/redact/). qpdf --check passes on every file "
    "(and on r06 cut after its first %%EOF, i.e. revision 1 alone).")


def generate_redact_set(out_dir, pool, main_records, seeded, make_patient, write, log):
    entries = []
    for file_entry in FILES:
        data, entry, record = build_file(file_entry, pool, seeded, make_patient)
        write("%s/%s/%s" % (out_dir, REDACT_DIR, entry["file"]), data)
        write("%s/%s/%s" % (out_dir, REDACT_DIR, entry["truth"]), truth.dumps(record).encode())
        entries.append(entry)
        log("%-40s %8d bytes" % (REDACT_DIR + "/" + entry["file"], len(data)))
    check_unique(entries, main_records)
    manifest = {"schema": MANIFEST_SCHEMA, "note": MANIFEST_NOTE, "files": entries}
    write("%s/%s/manifest.json" % (out_dir, REDACT_DIR), truth.dumps(manifest).encode())
    return entries
