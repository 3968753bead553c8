#!/usr/bin/python3
"""Checks of mi-redact's promises for tests/e2e/redact.sh, with tools independent of mi's own leak
gate: poppler, MuPDF's mutool, qpdf, pikepdf, tesseract and PIL. Run it with /usr/bin/python3
(Debian's pikepdf and PIL are only visible to it).

usage:
  redact_check.py policy DEFAULT_POLICY OUT
      the test policy: the default one, attachments stripped at intake, three destinations
  redact_check.py packets TRUTH_DIR NAME...
      the sample packets are what the test says they are (quality classes of their pages)
  redact_check.py control [--jobs N] --data DIR --tmp DIR --source FILE...
      the content checks below run on the unredacted sources must see every printed canary:
      proof that they are not blind (a packet value never printed in its normalized form or a
      name whose fax OCR fails is listed as not seen)
  redact_check.py documents --data DIR --tmp DIR --inspected FILE --scoped FILE --source FILE...
      per document: ops.redact, payloads, match keys, the to:archive keyring's view, and every
      released PDF fetched with mi-vault get and checked:
        text       pdftotext, pdftotext -raw, mutool draw -F txt: no canary (case-folded,
                   whitespace collapsed or removed), no 6+ digit canary within a line's digits,
                   no name word of 4+ letters, no first/last 6 letters of a name word of 8+
        bytes      raw file, every stream body in it that inflates (found by scanning, not by the
                   xref), qpdf --qdf --object-streams=disable: literal, hex, UTF-16BE, its hex
        objects    pikepdf, every object of pdf.objects and the trailer: strings (PDFDocEncoding,
                   UTF-16), names, decoded streams but image XObjects, text runs of content streams
        structure  qpdf --check, one %%EOF, no /Prev, no /Info in the trailer, none of /Metadata
                   /AcroForm /EmbeddedFiles /EmbeddedFile /JavaScript /JS /OpenAction /AA /XFA
                   /Annots /Thumb /PieceInfo anywhere; the trailer /ID is not the source's
        OCR        tesseract on every page drawn at 300 dpi and on every image XObject that is not
                   its page's whole drawing: no canary token sequence (tokens of 5+ chars match
                   with one edit; titles and initials dropped from names), no 8+ alphanumerics
                   glued within a line, no name word
        raster     a raster output draws one picture per page and holds no font
        boxes      each page with PHI shows a black region (5x5 px at 72 dpi) its source lacks
  redact_check.py leaks --data DIR --source FILE... --names-under DIR -- FILE...
      no canary of any document in the files nor in the names of the files under DIR

Every check prints one line on stderr, "ok: ..." or "FAIL: ...", as tests/e2e/lib.sh does; the
last line on stdout is the number of failed checks.

Canaries: the manifest's for testdata/redact files; for the sample packets the truth's field
values (normalized and as printed) and the packet's canaries (surname, name, MRN, phone). Skipped
in released documents: kind provider_npi (Safe Harbor does not remove a provider's number, and mi
keeps it by design; payloads and logs are still checked for it), and the truth fields checkboxes
and signature_status (labels and "signed": not identifiers). Fax covers pass through mi-redact
to no destination and are not checked.
"""
import concurrent.futures
import glob
import hashlib
import json
import os
import re
import subprocess
import sys
import unicodedata
import zlib

sys.dont_write_bytecode = True  # importing scripts/scoring leaves nothing in the source tree
failures = 0
passes = 0


def ok(msg):
    global passes
    passes += 1
    print("ok: " + msg, file=sys.stderr, flush=True)


def fail(msg):
    global failures
    failures += 1
    print("FAIL: " + msg, file=sys.stderr, flush=True)


def check(problems, msg):
    """One check line: ok when problems is empty, else FAIL with the problems."""
    if problems:
        shown = sorted(set(problems))
        more = " (+%d more)" % (len(shown) - 12) if len(shown) > 12 else ""
        fail("%s: %s%s" % (msg, "; ".join(shown[:12]), more))
    else:
        ok(msg)


def done():
    print(failures)
    sys.exit(0)


# ---------------------------------------------------------------------------------------------
# Text forms

def plain(text):
    """Case-folded, accents dropped (OCR reads "Pelgithberg" as "Pélgithberg")."""
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text):
    """Case-folded, whitespace collapsed."""
    return " ".join(plain(text).split())


def nospace(text):
    return "".join(plain(text).split())


def digits(text):
    return re.sub(r"\D", "", str(text))


def alnum(text):
    return re.sub(r"[^0-9a-z]", "", plain(text))


def tokens(text):
    return re.findall(r"[0-9a-z]+", plain(text))


NAME_KINDS = {"patient_name", "provider_name"}
NAME_NOISE = {"jr", "sr", "md", "do", "dr", "mr", "mrs", "ms", "phd", "facp"}


def name_words(value):
    """Each name word of 4+ letters."""
    return sorted({w.casefold() for w in re.findall(r"[A-Za-z]+", value)
                   if len(w) >= 4 and w.casefold() not in NAME_NOISE})


class Canary:
    def __init__(self, value, kind, where="", origin=""):
        self.value, self.kind, self.where, self.origin = value, kind, where, origin
        self.name = kind in NAME_KINDS

    def label(self):
        return "%s %r%s" % (self.kind, self.value, " [%s]" % self.where if self.where else "")


def find_in_text(canaries, text, with_digits=True, with_parts=True, fragments=True):
    """Canaries found in extracted text: case-folded with whitespace collapsed (and with no
    whitespace at all), digits-only forms of 6+ digits within any line's digits, name words."""
    problems = []
    f, ns = fold(text), nospace(text)
    line_digits = [digits(line) for line in str(text).splitlines()]
    words = set(re.findall(r"[a-z]+", plain(text)))
    for c in canaries:
        if fold(c.value) in f or nospace(c.value) in ns:
            problems.append(c.label())
            continue
        d = digits(c.value)
        if with_digits and len(d) >= 6 and any(d in ld for ld in line_digits):
            problems.append("digits of " + c.label())
            continue
        if with_parts and c.name:
            for w in name_words(c.value):
                if (len(w) >= 5 and w in ns) or w in words:
                    problems.append("name word %r of %s" % (w, c.label()))
                # What a box over part of a long name would leave: its first or last 6 letters.
                elif len(w) >= 8 and fragments and (w[:6] in ns or w[-6:] in ns):
                    problems.append("a fragment of name word %r of %s" % (w, c.label()))
    return problems


def find_in_bytes(canaries, data):
    """Canaries in bytes: as literal (case-insensitive), as hex (either case), as UTF-16BE."""
    problems = []
    low = data.lower()
    for c in canaries:
        raw = c.value.encode("utf-8")
        forms = [("literal", raw.lower()), ("hex", raw.hex().encode()),
                 ("UTF-16BE", c.value.lower().encode("utf-16-be")),
                 ("UTF-16BE hex", c.value.encode("utf-16-be").hex().encode())]
        for how, needle in forms:
            if needle in low:
                problems.append("%s %s" % (how, c.label()))
    return problems


def within_one_edit(a, b):
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    i = 0
    while i < min(la, lb) and a[i] == b[i]:
        i += 1
    if la == lb:
        return a[i + 1:] == b[i + 1:]
    if la > lb:
        return a[i + 1:] == b[i:]
    return a[i:] == b[i + 1:]


def token_match(page_token, canary_token):
    if page_token == canary_token:
        return True
    return len(canary_token) >= 5 and within_one_edit(page_token, canary_token)


def find_in_ocr(canaries, text):
    """Canary token sequences in OCR text: case-folded alphanumeric tokens, tokens of 5+ chars
    matched with one edit; also a canary's 8+ alphanumerics glued within one line, and name words
    (one-token sequences)."""
    problems = []
    page = tokens(text)
    lines = [alnum(line) for line in text.splitlines()]

    def seq_in(seq):
        n = len(seq)
        return n > 0 and any(all(token_match(page[i + j], seq[j]) for j in range(n))
                             for i in range(len(page) - n + 1))

    for c in canaries:
        seq = tokens(c.value)
        if c.name:  # titles, degrees and initials identify no one and OCR reads them worst
            seq = [t for t in seq if len(t) > 1 and t not in NAME_NOISE] or seq
        if seq_in(seq):
            problems.append(c.label())
            continue
        a = alnum(c.value)
        if len(a) >= 8 and any(a in line for line in lines):
            problems.append("glued " + c.label())
            continue
        if c.name:
            for w in name_words(c.value):
                if seq_in([w]):
                    problems.append("name word %r of %s" % (w, c.label()))
    return problems


# ---------------------------------------------------------------------------------------------
# Canaries of each document

def load_manifest(data):
    m = json.load(open(os.path.join(data, "redact", "manifest.json")))
    return {f["file"]: f for f in m["files"]}


def load_truths(data):
    out = {}
    for path in glob.glob(os.path.join(data, "truth", "*.json")):
        t = json.load(open(path))
        out[os.path.basename(t["file"])] = t
    return out


def load_redact_truths(data):
    return {os.path.basename(t["file"]): t for t in
            (json.load(open(p)) for p in glob.glob(os.path.join(data, "redact", "truth", "*.json")))}


def truth_patient(truth, pages):
    """Who a document is about, by the truth: (name words, ISO date of birth)."""
    for d in truth["documents"]:
        if d["pages"][0] <= pages[-1] and d["pages"][1] >= pages[0] and "patient_name" in d["fields"]:
            f = d["fields"]
            return (comparable("patient_name", f["patient_name"]["value"]),
                    (f.get("dob") or {}).get("value"))
    return None


TRUTH_FIELDS = ("patient_name", "dob", "mrn", "provider_name", "date_of_service", "signature_date")
PHONE = re.compile(r"^\(?\d{3}\)?[ -]?\d{3}-?\d{4}$")


def classify(value, fields):
    """The kind of a packet canary (truth canaries carry no kind)."""
    if re.fullmatch(r"[A-Za-z .,'-]+", value):
        return "patient_name"
    if PHONE.match(value):
        return "phone"
    if "mrn" in fields and alnum(value) == alnum(fields["mrn"].get("value") or ""):
        return "mrn"
    return "member_id"


def document_canaries(name, pages, manifest, truths):
    """(canaries, truth fields) of one document: manifest canaries of a testdata/redact file
    (provider_npi skipped), or the truth of a sample packet's document(s) on those pages."""
    out, seen = [], set()

    def add(value, kind, where="", origin=""):
        if value and (value, kind) not in seen:
            seen.add((value, kind))
            out.append(Canary(value, kind, where, origin))

    if name in manifest:
        for c in manifest[name]["canaries"]:
            if c["kind"] != "provider_npi":
                add(c["value"], c["kind"], ",".join(c.get("where", [])), "manifest")
        return out
    t = truths[name]
    first, last = pages
    fields = {}
    for d in t["documents"]:
        if d["pages"][0] <= last and d["pages"][1] >= first and d["type"] != "fax_cover":
            for field, f in d["fields"].items():
                fields.setdefault(field, f)
                if field in TRUTH_FIELDS:
                    add(f.get("printed"), field, "page %s printed" % f.get("page"), "truth")
                    add(f.get("value"), field, "page %s" % f.get("page"), "truth")
    for value in t.get("canaries", []):
        add(value, classify(value, fields), "packet canary", "truth")
    return out


# ---------------------------------------------------------------------------------------------
# Commands

def cmd_policy(src, dst):
    p = json.load(open(src))
    p.setdefault("intake", {}).setdefault("active_content", {})["embedded_files"] = "strip"
    p["destinations"] = {
        "archive": {"external": False, "document_types": ["*"], "fields": ["document_type"],
                    "document": {"redact": ["safe_harbor"], "mode": "vector"}},
        "export": {"external": True, "document_types": ["*"], "fields": ["document_type"],
                   "document": {"redact": ["safe_harbor"]}},
        "ehr": {"external": False, "document_types": ["*"],
                "fields": ["patient_name", "dob", "mrn", "document_type"], "match_key": True},
    }
    json.dump(p, open(dst, "w"), indent=1)


def cmd_packets(truth_dir, names):
    want = {"born_digital": None, "scan": None, "fax": None}
    for name in names:
        t = json.load(open(os.path.join(truth_dir, os.path.splitext(name)[0] + ".json")))
        classes = {p["quality"] for p in t["pages"]}
        if len(classes) == 1:
            q = classes.pop()
            if q in want and want[q] is None:
                signed_consent = any(d["type"] == "consent" and
                                     d["fields"].get("signature_status", {}).get("value") == "signed"
                                     for d in t["documents"])
                if q != "born_digital" or signed_consent:
                    want[q] = name
    check(["no %s packet" % q for q, n in want.items() if n is None],
          "sample packets by truth quality class: %s" %
          ", ".join("%s=%s" % (q, n) for q, n in want.items()))
    done()


def run(args, **kw):
    return subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)


TESS_ENV = dict(os.environ, OMP_THREAD_LIMIT="1")


def ocr_png(path):
    r = run(["tesseract", path, "stdout"], env=TESS_ENV)
    if r.returncode != 0:
        raise RuntimeError("tesseract failed on %s: %s" % (path, r.stderr.decode(errors="replace")[-200:]))
    return r.stdout.decode("utf-8", errors="replace")


# --- one released PDF ---------------------------------------------------------------------------

def pdf_text_checks(pdf, work, canaries):
    problems = []
    out = os.path.join(work, "poppler.txt")
    r = run(["/usr/bin/pdftotext", "-enc", "UTF-8", pdf, out])
    if r.returncode != 0:
        problems.append("pdftotext exit %d" % r.returncode)
    else:
        problems += ["pdftotext: " + p for p in find_in_text(canaries, open(out, encoding="utf-8", errors="replace").read())]
    out2 = os.path.join(work, "poppler-raw.txt")
    r = run(["/usr/bin/pdftotext", "-raw", "-enc", "UTF-8", pdf, out2])
    if r.returncode == 0:
        problems += ["pdftotext -raw: " + p for p in find_in_text(canaries, open(out2, encoding="utf-8", errors="replace").read())]
    out3 = os.path.join(work, "mutool.txt")
    r = run(["mutool", "draw", "-q", "-F", "txt", "-o", out3, pdf])
    if r.returncode != 0:
        problems.append("mutool draw -F txt exit %d" % r.returncode)
    else:
        problems += ["mutool txt: " + p for p in find_in_text(canaries, open(out3, encoding="utf-8", errors="replace").read())]
    return problems


def raster_only_checks(pdf):
    """A raster output is pictures only: each page draws one image (q cm Do Q), no font anywhere."""
    import pikepdf
    problems = []
    with pikepdf.open(pdf) as p:
        for n, page in enumerate(p.pages, 1):
            ops = [str(op) for _, op in pikepdf.parse_content_stream(page)]
            if sorted(set(ops)) != ["Do", "Q", "cm", "q"] or ops.count("Do") != 1:
                problems.append("page %d draws %s" % (n, " ".join(ops[:12])))
        for o in p.objects:
            if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/Font":
                problems.append("a font %s" % (o.objgen,))
    return problems


def inflate_all(data):
    """Every stream body of the raw file that inflates, found by scanning the bytes, not the xref:
    objects of old revisions and objects no xref names are included."""
    out = []
    for m in re.finditer(rb"stream\r?\n", data):
        start = m.end()
        end = data.find(b"endstream", start)
        if end < 0:
            continue
        body = data[start:end]
        try:
            out.append(zlib.decompressobj().decompress(body, 64 << 20))
        except zlib.error:
            pass
    return out


def pdf_byte_checks(pdf, work, canaries):
    problems = []
    data = open(pdf, "rb").read()
    problems += ["raw bytes: " + p for p in find_in_bytes(canaries, data)]
    for body in inflate_all(data):
        problems += ["inflated stream in raw bytes: " + p for p in find_in_bytes(canaries, body)]
    qdf = os.path.join(work, "qdf.pdf")
    r = run(["qpdf", "--qdf", "--object-streams=disable", pdf, qdf])
    if r.returncode not in (0, 3):
        problems.append("qpdf --qdf exit %d" % r.returncode)
    else:
        problems += ["qpdf --qdf bytes: " + p for p in find_in_bytes(canaries, open(qdf, "rb").read())]
    return problems


def pdf_string_text(s):
    import pikepdf
    out = []
    try:
        out.append(str(s))
    except Exception:
        pass
    raw = bytes(s)
    out.append(raw.decode("latin-1"))
    if len(raw) >= 2 and raw[:2] in (b"\xfe\xff", b"\xff\xfe"):
        out.append(raw[2:].decode("utf-16-be" if raw[:1] == b"\xfe" else "utf-16-le", errors="replace"))
    return out


def content_text_runs(obj):
    """The string operands of each text object of a content stream, glued: what the raw text of
    kerned or glyph-by-glyph shown values reads as."""
    import pikepdf
    runs, current = [], []
    try:
        instructions = pikepdf.parse_content_stream(obj)
    except Exception:
        return runs
    for operands, op in instructions:
        op = str(op)
        if op == "BT":
            current = []
        elif op == "ET":
            runs.append("".join(current))
            current = []
        elif op in ("Tj", "'", '"', "TJ"):
            for operand in operands:
                items = operand if isinstance(operand, pikepdf.Array) else [operand]
                for item in items:
                    if isinstance(item, pikepdf.String):
                        current.append(bytes(item).decode("latin-1"))
    if current:
        runs.append("".join(current))
    return runs


FORBIDDEN_KEYS = {"/Metadata", "/AcroForm", "/EmbeddedFiles", "/JavaScript", "/OpenAction",
                  "/Annots", "/JS", "/AA", "/XFA", "/EmbeddedFile", "/Prev", "/Thumb", "/PieceInfo"}


def pdf_object_checks(pdf, canaries):
    """Every object the file holds (pdf.objects: unreferenced ones too): strings, names and the
    decoded data of every stream but image XObjects; content streams also as glued text runs."""
    import pikepdf
    problems, keys_found = [], set()
    texts = []
    with pikepdf.open(pdf) as p:
        seen = set()

        def walk(o, depth=0):
            if depth > 40:
                return
            if isinstance(o, pikepdf.String):
                texts.extend(pdf_string_text(o))
            elif isinstance(o, pikepdf.Name):
                texts.append(str(o))
            elif isinstance(o, pikepdf.Array):
                for item in o:
                    walk(item, depth + 1)
            elif isinstance(o, (pikepdf.Dictionary, pikepdf.Stream)):
                if o.is_indirect:
                    key = o.objgen
                    if key in seen:
                        return
                    seen.add(key)
                for k in o.keys():
                    if k in FORBIDDEN_KEYS:
                        v = o[k]
                        if isinstance(v, pikepdf.Array):
                            keys_found.add("%s (an array of %d)" % (k, len(v)) if len(v) else
                                           "%s (an empty array)" % k)
                        else:
                            keys_found.add(k)
                    texts.append(k)
                    walk(o[k], depth + 1)
                if isinstance(o, pikepdf.Stream):
                    if o.get("/Subtype") == "/Image":
                        return
                    try:
                        data = o.read_bytes()
                    except Exception:
                        data = o.read_raw_bytes()
                    texts.append(data.decode("latin-1"))
                    problems.extend("stream %s: %s" % (o.objgen, x) for x in find_in_bytes(canaries, data))
                    if b"BT" in data:
                        texts.extend(content_text_runs(o))

        for o in p.objects:
            walk(o)
        walk(p.trailer)
    joined = "\n".join(texts)
    problems += ["object strings/streams: " + x for x in find_in_text(canaries, joined, with_digits=False, fragments=False)]
    return problems, keys_found


def pdf_revision_checks(pdf):
    """qpdf --check passes; one revision: one %%EOF, no /Prev."""
    problems = []
    r = run(["qpdf", "--check", pdf])
    if r.returncode != 0:
        problems.append("qpdf --check exit %d: %s" % (r.returncode, r.stdout.decode(errors="replace").strip().splitlines()[-1:]))
    data = open(pdf, "rb").read()
    eofs = data.count(b"%%EOF")
    if eofs != 1:
        problems.append("%d %%%%EOF markers" % eofs)
    if re.search(rb"/Prev(?![A-Za-z0-9])", data):
        problems.append("/Prev in the file (an incremental update)")
    return problems


def pdf_trailer_checks(pdf, source_pdf):
    """No /Info; the /ID is not the source's (it would link the redacted copy to its source)."""
    import pikepdf
    problems = []
    with pikepdf.open(pdf) as out:
        if "/Info" in out.trailer:
            problems.append("trailer has /Info")
        if source_pdf:
            with pikepdf.open(source_pdf) as src:
                ids = {bytes(x) for x in src.trailer.get("/ID", [])}
            if any(bytes(x) in ids for x in out.trailer.get("/ID", [])):
                problems.append("trailer /ID keeps the source's file identifier")
    return problems


def pdf_key_checks(work, keys_found):
    """None of FORBIDDEN_KEYS in any object (pikepdf's walk) nor in the qpdf --qdf text."""
    qdf = os.path.join(work, "qdf.pdf")
    if os.path.exists(qdf):
        text = open(qdf, "rb").read()
        for name in sorted(FORBIDDEN_KEYS):
            if re.search(re.escape(name.encode()) + rb"(?![A-Za-z0-9])", text) and \
                    not any(k.split()[0] == name for k in keys_found):
                keys_found.add(name + " (in the qdf text)")
    return ["%s present" % k for k in sorted(keys_found)]


def render_pages(pdf, work, dpi, tag, gray=False):
    pattern = os.path.join(work, "%s-%%d.png" % tag)
    args = ["mutool", "draw", "-q", "-r", str(dpi), "-o", pattern]
    if gray:
        args[3:3] = ["-c", "gray"]
    r = run(args + [pdf])
    if r.returncode != 0:
        raise RuntimeError("mutool draw failed: %s" % r.stderr.decode(errors="replace")[-200:])
    out = []
    n = 1
    while os.path.exists(pattern % n):
        out.append(pattern % n)
        n += 1
    return out


def image_xobjects(pdf, work):
    """Every image XObject of the file saved as PNG, to OCR the pixels themselves (not the page
    drawn over them): a box painted over an image that still holds the PHI would show here.
    Skipped: an image that is all its page draws (q cm Do Q, a raster page), whose pixels the
    page's own OCR reads already."""
    import pikepdf
    from pikepdf import PdfImage
    out = []
    with pikepdf.open(pdf) as p:
        whole_page = set()
        for page in p.pages:
            try:
                ops = pikepdf.parse_content_stream(page)
            except Exception:
                continue
            names = [str(op) for _, op in ops]
            painted = [operands[0] for operands, op in ops if str(op) == "Do"]
            xobjects = page.obj.get("/Resources", {}).get("/XObject", {})
            if set(names) <= {"q", "Q", "cm", "Do"} and len(painted) == 1 and painted[0] in xobjects:
                whole_page.add(xobjects[painted[0]].objgen)
        for o in p.objects:
            if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image" and \
                    o.objgen not in whole_page:
                w, h = int(o.get("/Width", 0)), int(o.get("/Height", 0))
                if w < 200 or h < 50:
                    continue
                try:
                    im = PdfImage(o).as_pil_image()
                except Exception as e:
                    out.append((None, "image %s cannot be decoded: %s" % (o.objgen, e)))
                    continue
                path = os.path.join(work, "image-%d-%d.png" % o.objgen)
                if im.mode not in ("L", "RGB", "1"):
                    im = im.convert("RGB")
                im.save(path)
                out.append((path, "image %s %dx%d" % (o.objgen, w, h)))
    return out


def pdf_ocr_checks(pdf, work, canaries):
    problems = []
    pages = render_pages(pdf, work, 300, "page")
    for i, png in enumerate(pages, 1):
        problems += ["OCR of page %d: %s" % (i, p) for p in find_in_ocr(canaries, ocr_png(png))]
    for path, what in image_xobjects(pdf, work):
        if path is None:
            problems.append(what)
            continue
        problems += ["OCR of %s: %s" % (what, p) for p in find_in_ocr(canaries, ocr_png(path))]
    return problems, len(pages)


def black_area(png):
    """Pixels of near-black regions at least 5x5 px (72 dpi): boxes, not glyph strokes."""
    from PIL import Image, ImageFilter
    im = Image.open(png).convert("L")
    mask = im.point(lambda v: 255 if v < 48 else 0)
    eroded = mask.filter(ImageFilter.MinFilter(5))
    return sum(1 for v in eroded.getdata() if v)


def pdf_box_checks(pdf, source_pdf, source_pages, phi_pages, work):
    """Each page that had PHI shows a black region (5x5 px at 72 dpi) that its source page lacks."""
    problems = []
    out_pages = render_pages(pdf, work, 72, "low", gray=True)
    src_pages = render_pages(source_pdf, work, 72, "src", gray=True) if source_pdf else []
    if len(out_pages) != len(source_pages):
        problems.append("%d pages, the document has %d" % (len(out_pages), len(source_pages)))
        return problems
    for png, n in zip(out_pages, source_pages):
        if n not in phi_pages:
            continue
        after = black_area(png)
        before = black_area(src_pages[n - 1]) if src_pages and n <= len(src_pages) else 0
        if after <= before + 25:
            problems.append("page %d: no new black box (black area %d px, source %d px)" % (n, after, before))
    return problems


def check_pdf(job):
    """All the checks of one released PDF; returns [(check name, problems)]."""
    pdf, work, canaries = job["pdf"], job["work"], job["canaries"]
    results = []

    def guarded(name, fn):
        try:
            return fn()
        except Exception as e:  # a check that cannot run fails
            return ["%s could not run: %s: %s" % (name, type(e).__name__, e)]

    results.append(("text (pdftotext, pdftotext -raw, mutool txt)", guarded("text", lambda: pdf_text_checks(pdf, work, canaries))))
    results.append(("bytes (raw, inflated streams, qpdf --qdf)", guarded("bytes", lambda: pdf_byte_checks(pdf, work, canaries))))
    keys = set()

    def objects():
        problems, found = pdf_object_checks(pdf, canaries)
        keys.update(found)
        return problems

    results.append(("pikepdf objects (strings, names, decoded streams, text runs)", guarded("objects", objects)))
    results.append(("qpdf --check passes, one revision (one %%EOF, no /Prev)",
                    guarded("revision", lambda: pdf_revision_checks(pdf))))
    results.append(("trailer: no /Info, /ID not the source's",
                    guarded("trailer", lambda: pdf_trailer_checks(pdf, job["source_pdf"]))))
    results.append(("no /Annots /Metadata /AcroForm /EmbeddedFiles /JavaScript /OpenAction /AA /Thumb ... anywhere",
                    guarded("keys", lambda: pdf_key_checks(work, keys))))
    pages = []

    def ocr():
        problems, n = pdf_ocr_checks(pdf, work, canaries)
        pages.append(n)
        return problems

    results.append(("OCR (tesseract of 300 dpi pages and of each image XObject)", guarded("ocr", ocr)))
    if job.get("raster"):
        results.append(("raster: one picture per page, no fonts", guarded("raster", lambda: raster_only_checks(pdf))))
    results.append(("black boxes on pages with PHI", guarded("boxes", lambda: pdf_box_checks(
        pdf, job["source_pdf"], job["source_pages"], job["phi_pages"], work))))
    if not any(problems for _, problems in results):
        remove_bulk(work)  # renders and the qdf copy are kept only where a check failed
    return results


def remove_bulk(work):
    for f in glob.glob(os.path.join(work, "*.png")) + [os.path.join(work, "qdf.pdf")]:
        if os.path.exists(f):
            os.unlink(f)


# --- documents ----------------------------------------------------------------------------------

ALLOWED_EHR = {"patient_name", "dob", "mrn"}
PAYLOAD_KEYS = {"destination", "tenant", "document", "document_version", "document_type", "status",
                "policy_version", "fields", "match_key", "redacted_document",
                "redacted_document_withheld"}


def comparable(kind, value):
    sys.path.insert(0, os.path.join(os.environ.get("MI_SOURCE_DIR", "."), "scripts"))
    from scoring.normalize import comparable as comp
    if kind in ("dob", "date_of_service", "signature_date"):
        return comp("dob", value)
    if kind in NAME_KINDS:
        return comp("patient_name", value)
    if kind in ("mrn", "member_id"):
        return comp("mrn", value)
    return alnum(value)


def payload_strings(payload):
    out = []

    def walk(o):
        if isinstance(o, dict):
            for v in o.values():
                walk(v)
        elif isinstance(o, list):
            for v in o:
                walk(v)
        elif isinstance(o, str):
            out.append(o)
    walk(payload)
    return out


def field_values(payload):
    return [f["value"] for f in payload.get("fields", {}).values()
            if isinstance(f, dict) and isinstance(f.get("value"), str)]


def cmd_documents(opts):
    data, tmp = opts["data"], opts["tmp"]
    manifest, truths = load_manifest(data), load_truths(data)
    redact_truths = load_redact_truths(data)
    sources = {os.path.basename(s): s for s in opts["sources"]}
    records = [json.loads(line) for line in open(opts["inspected"]) if line.strip()]
    check([] if records else ["no records"], "%d documents out of mi-redact" % len(records))
    jobs, match_keys = [], []
    per_file = {}
    for r in records:
        ops, phi, h = r.get("ops", {}), r.get("phi", {}), r["header"]
        name = phi.get("source", {}).get("original_name", "?")
        pages = ops.get("pages", [1, 1])
        tag = "%s p%d-%d" % (name, pages[0], pages[-1])
        per_file.setdefault(name, []).append(tag)
        if ops.get("document_type") == "fax_cover" or ops.get("status") == "set_aside":
            kinds = [k for k in r if k.startswith("to:")]
            check(["a passed-through document has payloads %s" % kinds] if kinds else [],
                  "%s: %s passes through (no destination receives it)" % (tag, ops.get("document_type")))
            continue
        canaries = document_canaries(name, pages, manifest, truths)
        if not canaries:
            fail("%s: no canaries known for this document" % tag)
            continue
        redact = ops.get("redact", {})
        dests = redact.get("destinations", {})
        # ops.redact: released for archive and export, no document for ehr.
        for dest in ("archive", "export"):
            rep = dests.get(dest)
            if rep is None:
                fail("%s: ops.redact has no %s" % (tag, dest))
                continue
            if rep.get("document") != "released":
                codes = ["%s/%s/p%s" % (f.get("check"), f.get("kind"), f.get("page")) for f in rep.get("findings", [])]
                fail("%s -> %s: document %s (reason %s, gate %s, findings %s, error %s)" % (
                    tag, dest, rep.get("document"), rep.get("reason"), rep.get("gate"),
                    ", ".join(codes) or "none", rep.get("error")))
                continue
            ok("%s -> %s: released (gate %s, vector_pages %s, raster_pages %s, raster_retry %s, boxes %s)" % (
                tag, dest, rep.get("gate"), rep.get("vector_pages"), rep.get("raster_pages"),
                rep.get("raster_retry"), rep.get("boxes")))
        rep = dests.get("ehr", {})
        check([] if rep.get("document") == "none" else ["document %s" % rep.get("document")],
              "%s -> ehr: no document" % tag)

        # Payloads.
        for dest in ("archive", "export"):
            payload = r.get("to:" + dest)
            if not isinstance(payload, dict):
                fail("%s: no to:%s payload opened" % (tag, dest))
                continue
            problems = []
            if set(payload.get("fields", {})) != {"document_type"}:
                problems.append("fields %s" % sorted(payload.get("fields", {})))
            text = "\n".join(payload_strings(payload))
            all_canaries = canaries + [Canary(c["value"], c["kind"], "", "manifest")
                                       for c in manifest.get(name, {}).get("canaries", [])
                                       if c["kind"] == "provider_npi"]
            problems += find_in_text(all_canaries, text, with_digits=False)
            for v in field_values(payload):
                problems += ["field value: " + p for p in find_in_text(all_canaries, v)]
            check(problems, "%s: to:%s payload holds no canary (fields: document_type only)" % (tag, dest))
            rd = payload.get("redacted_document")
            rep = dests.get(dest, {})
            if rep.get("document") == "released":
                if not (isinstance(rd, dict) and re.fullmatch(r"obj_[a-z0-9]+", rd.get("object", ""))):
                    fail("%s: to:%s payload has no redacted_document object" % (tag, dest))
                    continue
                want_mode = "raster" if dest == "export" else None
                check([] if want_mode is None or rd.get("mode") == want_mode else
                      ["mode %s, the policy's external default is raster" % rd.get("mode")],
                      "%s -> %s: redacted document mode %s" % (tag, dest, rd.get("mode")))
                work = os.path.join(tmp, "pdfs", "%s-%s-p%d-%s" % (h["doc"], dest, pages[0], os.path.splitext(name)[0]))
                os.makedirs(work, exist_ok=True)
                pdf = os.path.join(work, "redacted.pdf")
                if os.path.exists(pdf):
                    os.unlink(pdf)
                err = os.path.join(tmp, "vault-get.err")
                with open(err, "ab") as e:
                    st = subprocess.run(["mi-vault", "get", rd["object"], "-o", pdf], stderr=e).returncode
                if st != 0 or not os.path.exists(pdf):
                    fail("%s: mi-vault get %s exit %d" % (tag, rd["object"], st))
                    continue
                digest = hashlib.sha256(open(pdf, "rb").read()).hexdigest()
                check([] if digest == rd.get("sha256") else ["sha256 differs from the payload's"],
                      "%s -> %s: fetched %s, sha256 as in the payload" % (tag, dest, rd["object"]))
                first, last = pages[0], pages[-1]
                if name in manifest:
                    phi_pages = set(range(first, last + 1))
                else:
                    phi_pages = set()
                    for d in truths[name]["documents"]:
                        for f in d["fields"].values():
                            if f.get("page") and first <= f["page"] <= last and d["type"] != "fax_cover":
                                phi_pages.add(f["page"])
                src = sources.get(name)
                jobs.append({"tag": "%s -> %s" % (tag, dest), "pdf": pdf, "work": work,
                             "canaries": canaries,
                             "source_pdf": src if src and src.endswith(".pdf") else None,
                             "source_pages": list(range(first, last + 1)), "phi_pages": phi_pages,
                             "raster": rd.get("mode") == "raster"})

        # ehr: only the allowed kinds.
        payload = r.get("to:ehr")
        if not isinstance(payload, dict):
            fail("%s: no to:ehr payload opened" % tag)
            continue
        problems = []
        extra = set(payload) - PAYLOAD_KEYS
        if extra or "redacted_document" in payload:
            problems.append("unexpected keys %s" % sorted(extra | ({"redacted_document"} & set(payload))))
        if set(payload.get("fields", {})) != ALLOWED_EHR | {"document_type"}:
            problems.append("fields %s" % sorted(payload.get("fields", {})))
        allowed = [c for c in canaries if c.kind in ALLOWED_EHR]
        allowed_words = {w for c in allowed if c.name for w in name_words(c.value)}
        allowed_forms = {(comparable(c.kind, c.value)) for c in allowed}
        disallowed = [c for c in canaries if c.kind not in ALLOWED_EHR
                      and comparable(c.kind, c.value) not in allowed_forms]
        for c in manifest.get(name, {}).get("canaries", []):
            if c["kind"] == "provider_npi":
                disallowed.append(Canary(c["value"], c["kind"], "", "manifest"))
        text = "\n".join(payload_strings(payload))
        for c in disallowed:
            if fold(c.value) in fold(text) or nospace(c.value) in nospace(text):
                problems.append("disallowed " + c.label())
            d = digits(c.value)
            if len(d) >= 6 and any(d in digits(v) for v in field_values(payload)):
                problems.append("digits of disallowed " + c.label())
            if c.name:
                for w in name_words(c.value):
                    if w not in allowed_words and any(w in v.casefold() for v in field_values(payload)):
                        problems.append("name word %r of disallowed %s" % (w, c.label()))
        for field in sorted(ALLOWED_EHR):
            f = payload.get("fields", {}).get(field, {})
            if f.get("status") == "accepted":
                v = comparable(field, f.get("value", ""))
                own = {comparable(field, c.value) for c in canaries if c.kind == field}
                if v not in own:
                    problems.append("%s value matches no %s of the document" % (field, field))
        check(problems, "%s: to:ehr payload holds only patient_name, dob, mrn (+document_type), no other kind" % tag)
        mk = payload.get("match_key")
        if mk is not None:
            check([] if re.fullmatch(r"mk1_[0-9a-f]{64}", mk) else ["shape %r" % mk[:8]],
                  "%s: ehr match_key is mk1_<64 hex>" % tag)
            truth = (redact_truths if name in redact_truths else truths).get(name)
            who = truth_patient(truth, pages) if truth else None
            if who is None:
                fail("%s: no truth patient for the match key" % tag)
            else:
                match_keys.append((who, mk, tag))
        else:
            ok("%s: ehr has no match_key (name or dob not accepted: %s, %s)" % (
                tag, payload.get("fields", {}).get("patient_name", {}).get("status"),
                payload.get("fields", {}).get("dob", {}).get("status")))
        for dest in ("archive", "export"):
            if isinstance(r.get("to:" + dest), dict):
                check(["has match_key"] if "match_key" in r["to:" + dest] else [],
                      "%s: to:%s has no match_key" % (tag, dest))

    # The test covers every input: documents of each file.
    for name in list(manifest) + [n for n in sources if n not in manifest]:
        if name not in sources:
            continue
        check([] if name in per_file else ["no document"], "%s: %d document(s) out" % (name, len(per_file.get(name, []))))

    # Match keys: equal exactly when the patient is.
    problems = []
    same = 0
    for i in range(len(match_keys)):
        for j in range(i + 1, len(match_keys)):
            (wa, ka, ta), (wb, kb, tb) = match_keys[i], match_keys[j]
            if (wa == wb) != (ka == kb):
                problems.append("%s and %s: same patient %s, same key %s" % (ta, tb, wa == wb, ka == kb))
            same += wa == wb
    check(problems, "match keys equal exactly for the same patient (%d keys, %d same-patient pairs)" % (len(match_keys), same))
    if same == 0:
        ok("note: no two documents of one patient carry a match key, so only shapes and "
           "distinctness were checked")

    # The PDFs, two at a time.
    with concurrent.futures.ThreadPoolExecutor(max_workers=int(opts.get("jobs", 2))) as pool:
        for job, results in zip(jobs, pool.map(check_pdf, jobs)):
            for what, problems in results:
                check(problems, "%s: %s" % (job["tag"], what))
    check([] if jobs else ["none"], "%d released PDFs checked" % len(jobs))

    # The scoped keyring: to:archive only.
    scoped = [json.loads(line) for line in open(opts["scoped"]) if line.strip()] if opts.get("scoped") else []
    problems = []
    if len(scoped) != len(records):
        problems.append("%d records printed of %d" % (len(scoped), len(records)))
    full = {r["header"]["record"]: r for r in records}
    for r in scoped:
        sealed = set(r.get("sealed", []))
        same = full.get(r.get("header", {}).get("record"), {})
        if "to:archive" in r and r["to:archive"] != same.get("to:archive"):
            problems.append("its to:archive payload differs from the full keyring's")
        for c in ("phi", "to:export", "to:ehr", "ops"):
            if c in r:
                problems.append("%s opened" % c)
        passes_through = "to:archive" not in sealed and "to:archive" not in r
        if not passes_through and "to:archive" not in r:
            problems.append("to:archive not opened")
        if not passes_through and not {"phi", "to:export"} <= sealed:
            problems.append("sealed lists %s" % sorted(sealed))
    check(problems, "a to:archive keyring opens to:archive only, the same payload (phi, ops, "
          "to:export, to:ehr stay sealed)")
    done()


def control_job(job):
    """The content checks run on an unredacted source: which canaries each one sees."""
    pdf, work, canaries = job["pdf"], job["work"], job["canaries"]
    seen = {}
    runs = [("text", lambda: pdf_text_checks(pdf, work, canaries)),
            ("bytes", lambda: pdf_byte_checks(pdf, work, canaries)),
            ("objects", lambda: pdf_object_checks(pdf, canaries)[0]),
            ("ocr", lambda: pdf_ocr_checks(pdf, work, canaries)[0])]
    for name, fn in runs:
        for problem in fn():
            if "name word" in problem:
                continue
            for c in canaries:
                if c.label() in problem:
                    seen.setdefault(c.label(), set()).add(name)
    remove_bulk(work)
    return seen


def cmd_control(opts):
    """The checks are not blind: on the unredacted sources every canary is seen by at least one
    of them (text extraction, bytes, pikepdf objects, OCR)."""
    data, tmp = opts["data"], opts["tmp"]
    manifest, truths = load_manifest(data), load_truths(data)
    jobs = []
    for src in opts["sources"]:
        name = os.path.basename(src)
        if name in manifest:
            canaries = document_canaries(name, [1, 1], manifest, truths)
        else:
            canaries = []
            for d in truths[name]["documents"]:
                if d["type"] != "fax_cover":
                    labels = {c.label() for c in canaries}
                    canaries += [c for c in document_canaries(name, d["pages"], manifest, truths)
                                 if c.label() not in labels]
        work = os.path.join(tmp, "control", os.path.splitext(name)[0])
        os.makedirs(work, exist_ok=True)
        jobs.append({"name": name, "pdf": src, "work": work, "canaries": canaries})
    with concurrent.futures.ThreadPoolExecutor(max_workers=int(opts.get("jobs", 2))) as pool:
        for job, seen in zip(jobs, pool.map(control_job, jobs)):
            # A truth value in its normalized form, or a packet canary, need not be printed.
            blind = [c.label() for c in job["canaries"] if c.label() not in seen
                     and (c.origin == "manifest" or "printed" in c.where)]
            unproven = [c.label() for c in job["canaries"] if c.label() not in seen
                        and not (c.origin == "manifest" or "printed" in c.where)]
            counts = {}
            for checks in seen.values():
                for name in checks:
                    counts[name] = counts.get(name, 0) + 1
            check(["unseen: " + b for b in blind],
                  "control: on the unredacted %s the checks see every printed canary (%d of %d "
                  "seen: %s)%s" % (
                      job["name"], len(seen), len(job["canaries"]),
                      ", ".join("%s %d" % kv for kv in sorted(counts.items())),
                      "; not printed in these forms: " + "; ".join(unproven) if unproven else ""))
    done()


def cmd_leaks(opts, files):
    data = opts["data"]
    manifest, truths = load_manifest(data), load_truths(data)
    canaries = []
    for name in manifest:
        canaries += [c for c in document_canaries(name, [1, 1], manifest, {})]
        canaries += [Canary(c["value"], c["kind"]) for c in manifest[name]["canaries"] if c["kind"] == "provider_npi"]
    for s in opts["sources"]:
        name = os.path.basename(s)
        if name in truths:
            t = truths[name]
            for d in t["documents"]:
                canaries += document_canaries(name, d["pages"], {}, truths)
            for d in t["documents"]:
                for field, f in d["fields"].items():
                    if field == "provider_npi":
                        canaries.append(Canary(f["value"], field))
    for path in files:
        text = open(path, encoding="utf-8", errors="replace").read() if os.path.exists(path) else ""
        problems = []
        f, ns = fold(text), nospace(text)
        for c in canaries:
            if fold(c.value) in f or nospace(c.value) in ns:
                problems.append(c.label())
            elif c.name:
                for w in name_words(c.value):
                    if len(w) >= 6 and w in ns:
                        problems.append("name word %r of %s" % (w, c.label()))
        check(problems, "no canary in %s" % opts["label"].get(path, os.path.basename(path)))
    if opts.get("names_under"):
        names = []
        for root, dirs, fs in os.walk(opts["names_under"]):
            names += dirs + fs
        text = "\n".join(names)
        problems = []
        for c in canaries:
            if fold(c.value) in fold(text) or nospace(c.value) in nospace(text) or (
                    len(digits(c.value)) >= 6 and digits(c.value) in digits(text)):
                problems.append(c.label())
            elif c.name:
                problems += ["name word %r" % w for w in name_words(c.value) if len(w) >= 5 and w in text.casefold()]
        check(problems, "no canary in the %d file names under MI_HOME" % len(names))
    done()


def parse_opts(args):
    opts, rest, key = {"sources": [], "label": {}}, [], None
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--":
            rest = args[i + 1:]
            break
        if a.startswith("--"):
            key = a[2:].replace("-", "_")
            if key == "source":
                opts["sources"].append(args[i + 1])
            elif key == "label":
                path, _, label = args[i + 1].partition("=")
                opts["label"][path] = label
            else:
                opts[key] = args[i + 1]
            i += 2
            continue
        rest.append(a)
        i += 1
    return opts, rest


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "policy":
        cmd_policy(*args)
    elif cmd == "packets":
        cmd_packets(args[0], args[1:])
    elif cmd == "documents":
        cmd_documents(parse_opts(args)[0])
    elif cmd == "control":
        cmd_control(parse_opts(args)[0])
    elif cmd == "leaks":
        opts, files = parse_opts(args)
        cmd_leaks(opts, files)
    else:
        sys.exit("unknown command " + cmd)


if __name__ == "__main__":
    main()
