"""Turns drawn pages into files, reproducibly: reportlab with invariant=1 for born-digital pages,
img2pdf (no dates; JPEG and CCITT G4 embedded without re-encoding, non-square fax resolution kept)
for image pages, and pikepdf to join pages, set /Rotate and write with a static /ID."""

import contextlib
import io

import img2pdf
import pikepdf
from PIL import TiffImagePlugin
from reportlab.pdfgen.canvas import Canvas

from . import degrade
from .painter import PAGE_HEIGHT, PAGE_WIDTH, PdfPainter, RasterPainter

SCAN_DPI = 300
FAX_DPI = 204


class InvisibleTextPainter:
    """Replays a layout as an old OCR engine saw it: only the words, in text render mode 3
    (invisible), with the character confusions of early OCR, so the layer differs from the image."""

    CONFUSIONS = [("rn", "m"), ("O", "0"), ("l", "1"), ("S", "5"), ("e", "c")]

    def __init__(self, pdf_painter, rng):
        self.inner = pdf_painter
        self.rng = rng

    def _misread(self, s):
        for wrong, right in self.CONFUSIONS:
            if wrong in s and self.rng.random() < 0.25:
                s = s.replace(wrong, right, 1)
        return s

    def text(self, x, y, s, family="sans", size=10, bold=False, render_mode=0):
        self.inner.text(x, y, self._misread(s), family, size, bold, render_mode=3)

    def handwriting(self, x, y, s, size=11):
        if self.rng.random() < 0.5:  # OCR rarely reads handwriting
            self.text(x, y, s, "sans", size)

    def line(self, *args, **kwargs):
        pass

    def rect(self, *args, **kwargs):
        pass

    def checkbox(self, *args, **kwargs):
        pass

    def ink(self, *args, **kwargs):
        pass

    def image(self, *args, **kwargs):
        pass


def _new_canvas(buffer):
    canvas = Canvas(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), invariant=1, pageCompression=1)
    canvas.setCreator("")
    canvas.setProducer("")
    return canvas


def born_digital_pdf(draw):
    buffer = io.BytesIO()
    canvas = _new_canvas(buffer)
    draw(PdfPainter(canvas))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def render_raster(draw, dpi):
    painter = RasterPainter(dpi)
    draw(painter)
    return painter.result()


def scanned_image(draw, seed, skew, content_rotation):
    image = degrade.scan(render_raster(draw, SCAN_DPI), seed, skew)
    return degrade.rotate_content(image, content_rotation)


def faxed_image(draw, seed, vertical_dpi, skew, content_rotation):
    image = degrade.fax(render_raster(draw, FAX_DPI), seed, vertical_dpi, skew)
    return degrade.rotate_content(image, content_rotation)


def encode_image(image, kind, dpi):
    buffer = io.BytesIO()
    if kind == "jpeg":
        image.save(buffer, "JPEG", quality=65, dpi=dpi)
    elif kind == "png":
        if image.mode == "L":
            image = degrade.posterize(image)
        image.save(buffer, "PNG", dpi=dpi, optimize=False, compress_level=9)
    elif kind == "g4":
        with single_strip_tiff(image):
            image.save(buffer, "TIFF", compression="group4", dpi=dpi)
    else:
        raise ValueError("unknown image kind " + kind)
    return buffer.getvalue()


def image_pdf(encoded):
    return img2pdf.convert(encoded, nodate=True, engine=img2pdf.Engine.internal)


def ocr_layer_pdf(draw, image, rng):
    """A scanned page image with an old OCR engine's invisible text beneath it."""
    from reportlab.lib.utils import ImageReader
    buffer = io.BytesIO()
    canvas = _new_canvas(buffer)
    draw(InvisibleTextPainter(PdfPainter(canvas), rng))
    jpeg = encode_image(image, "jpeg", (SCAN_DPI, SCAN_DPI))  # reportlab embeds JPEG as it is
    canvas.drawImage(ImageReader(io.BytesIO(jpeg)), 0, 0, PAGE_WIDTH, PAGE_HEIGHT)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def join_pdf(page_pdfs, rotate_attributes):
    """Joins single-page PDFs, sets each page's /Rotate and returns reproducible bytes."""
    out = pikepdf.new()
    sources = [pikepdf.open(io.BytesIO(data)) for data in page_pdfs]
    for source in sources:
        out.pages.extend(source.pages)
    for page, rotate in zip(out.pages, rotate_attributes):
        if rotate:
            page.obj["/Rotate"] = rotate
    buffer = io.BytesIO()
    out.save(buffer, static_id=True, compress_streams=True,
             object_stream_mode=pikepdf.ObjectStreamMode.disable)
    for source in sources:
        source.close()
    return buffer.getvalue()


def multipage_tiff(images, dpi):
    buffer = io.BytesIO()
    with single_strip_tiff(*images):
        images[0].save(buffer, "TIFF", compression="group4", dpi=dpi, save_all=True,
                       append_images=images[1:])
    return buffer.getvalue()


@contextlib.contextmanager
def single_strip_tiff(*images):
    """Writes each TIFF page as one strip: PDF's CCITTFaxDecode takes a single G4 stream, so
    img2pdf can then embed the data as it is instead of re-encoding it."""
    saved = TiffImagePlugin.STRIP_SIZE
    TiffImagePlugin.STRIP_SIZE = max(((im.size[0] + 7) // 8) * im.size[1] for im in images)
    try:
        yield
    finally:
        TiffImagePlugin.STRIP_SIZE = saved
