"""One drawing API, two back ends: a reportlab canvas (born-digital page with a text layer) and a
PIL raster (the same page as a scanner or fax machine would have captured it).

Coordinates are PDF points (1/72 in) with the origin at the top-left corner of a US Letter page and y
growing downwards; text y is the baseline. Layouts measure text with the standard PDF font metrics,
which the Liberation fonts used for rasters match, so both back ends place every word alike.
"""

from PIL import Image, ImageDraw, ImageFont
from reportlab.pdfbase.pdfmetrics import stringWidth

PAGE_WIDTH, PAGE_HEIGHT = 612.0, 792.0

PDF_FONTS = {
    ("sans", False): "Helvetica", ("sans", True): "Helvetica-Bold",
    ("serif", False): "Times-Roman", ("serif", True): "Times-Bold",
    ("mono", False): "Courier", ("mono", True): "Courier-Bold",
}
TTF_DIR = "/usr/share/fonts/truetype/liberation/"
TTF_FONTS = {
    ("sans", False): "LiberationSans-Regular.ttf", ("sans", True): "LiberationSans-Bold.ttf",
    ("serif", False): "LiberationSerif-Regular.ttf", ("serif", True): "LiberationSerif-Bold.ttf",
    ("mono", False): "LiberationMono-Regular.ttf", ("mono", True): "LiberationMono-Bold.ttf",
}
HANDWRITING_TTF = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf"


def text_width(text, family, size, bold=False):
    return stringWidth(text, PDF_FONTS[(family, bold)], size)


def bezier_points(p0, p1, p2, p3, steps=16):
    points = []
    for i in range(steps + 1):
        t = i / steps
        u = 1 - t
        points.append((u ** 3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t ** 3 * p3[0],
                       u ** 3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t ** 3 * p3[1]))
    return points


def signature_curves(rng, x, y, width, height):
    """An ink-like signature: a chain of cubic Bezier segments looping along a baseline."""
    curves = []
    cx, cy = x + 4, y + height * 0.6
    loops = rng.randint(5, 8)
    step = (width - 8) / loops
    for i in range(loops):
        nx = cx + step * rng.uniform(0.8, 1.2)
        ny = y + height * rng.uniform(0.45, 0.8)
        up = y + height * rng.uniform(-0.1, 0.25)
        down = y + height * rng.uniform(0.85, 1.05)
        curves.append(((cx, cy), (cx + step * 0.2, up), (nx - step * 0.9, down), (min(nx, x + width), ny)))
        cx, cy = min(nx, x + width), ny
    # a final underline flourish
    curves.append(((cx, cy), (cx + 6, cy + 6), (x + width * 0.3, y + height + 4), (x + 6, y + height * 0.9)))
    return curves


class PdfPainter:
    """Draws onto one reportlab canvas page; text is real text (a born-digital page)."""

    def __init__(self, canvas):
        self.canvas = canvas

    def text(self, x, y, s, family="sans", size=10, bold=False, render_mode=0):
        c = self.canvas
        t = c.beginText()
        t.setTextRenderMode(render_mode)
        t.setFont(PDF_FONTS[(family, bold)], size)
        t.setTextOrigin(x, PAGE_HEIGHT - y)
        t.textOut(s)
        c.drawText(t)

    def handwriting(self, x, y, s, size=11):
        """A hand-entered value (a date beside a signature): typed text on a born-digital page."""
        self.text(x, y, s, "sans", size)

    def line(self, x1, y1, x2, y2, width=0.8):
        self.canvas.setLineWidth(width)
        self.canvas.line(x1, PAGE_HEIGHT - y1, x2, PAGE_HEIGHT - y2)

    def rect(self, x, y, w, h, width=0.8, fill_gray=None):
        c = self.canvas
        c.setLineWidth(width)
        if fill_gray is not None:
            c.setFillGray(fill_gray)
        c.rect(x, PAGE_HEIGHT - y - h, w, h, stroke=1 if width else 0, fill=1 if fill_gray is not None else 0)
        c.setFillGray(0)

    def checkbox(self, x, y, size, checked):
        self.rect(x, y, size, size, 0.8)
        if checked:
            self.line(x + 2, y + 2, x + size - 2, y + size - 2, 1.2)
            self.line(x + size - 2, y + 2, x + 2, y + size - 2, 1.2)

    def ink(self, curves, width=1.3):
        c = self.canvas
        c.setStrokeColorRGB(0.05, 0.1, 0.45)
        c.setLineWidth(width)
        path = c.beginPath()
        for p0, p1, p2, p3 in curves:
            path.moveTo(p0[0], PAGE_HEIGHT - p0[1])
            path.curveTo(p1[0], PAGE_HEIGHT - p1[1], p2[0], PAGE_HEIGHT - p2[1], p3[0], PAGE_HEIGHT - p3[1])
        c.drawPath(path, stroke=1, fill=0)
        c.setStrokeColorRGB(0, 0, 0)

    def image(self, pil_image, x, y, w, h):
        from reportlab.lib.utils import ImageReader
        self.canvas.drawImage(ImageReader(pil_image), x, PAGE_HEIGHT - y - h, w, h)


class RasterPainter:
    """Draws the same page into an 8-bit grayscale image at a given resolution (no text layer)."""

    def __init__(self, dpi):
        self.scale = dpi / 72.0
        size = (int(round(PAGE_WIDTH * self.scale)), int(round(PAGE_HEIGHT * self.scale)))
        self.image_ = Image.new("L", size, 255)
        self.draw = ImageDraw.Draw(self.image_)
        self.fonts = {}

    def _font(self, path, size):
        key = (path, size)
        if key not in self.fonts:
            self.fonts[key] = ImageFont.truetype(path, max(1, int(round(size * self.scale))))
        return self.fonts[key]

    def _xy(self, x, y):
        return (x * self.scale, y * self.scale)

    def text(self, x, y, s, family="sans", size=10, bold=False, render_mode=0):
        font = self._font(TTF_DIR + TTF_FONTS[(family, bold)], size)
        self.draw.text(self._xy(x, y), s, fill=0, font=font, anchor="ls")

    def handwriting(self, x, y, s, size=11):
        font = self._font(HANDWRITING_TTF, size)
        self.draw.text(self._xy(x, y), s, fill=40, font=font, anchor="ls")

    def _width(self, width):
        return max(1, int(round(width * self.scale)))

    def line(self, x1, y1, x2, y2, width=0.8):
        self.draw.line([self._xy(x1, y1), self._xy(x2, y2)], fill=0, width=self._width(width))

    def rect(self, x, y, w, h, width=0.8, fill_gray=None):
        fill = None if fill_gray is None else int(fill_gray * 255)
        self.draw.rectangle([self._xy(x, y), self._xy(x + w, y + h)], fill=fill,
                            outline=0 if width else None, width=self._width(width) if width else 0)

    def checkbox(self, x, y, size, checked):
        self.rect(x, y, size, size, 0.8)
        if checked:
            self.line(x + 2, y + 2, x + size - 2, y + size - 2, 1.2)
            self.line(x + size - 2, y + 2, x + 2, y + size - 2, 1.2)

    def ink(self, curves, width=1.3):
        for curve in curves:
            points = [self._xy(px, py) for px, py in bezier_points(*curve)]
            self.draw.line(points, fill=30, width=self._width(width), joint="curve")

    def image(self, pil_image, x, y, w, h):
        box = [int(round(v * self.scale)) for v in (x, y, x + w, y + h)]
        scaled = pil_image.convert("L").resize((box[2] - box[0], box[3] - box[1]), Image.LANCZOS)
        self.image_.paste(scaled, (box[0], box[1]))

    def result(self):
        return self.image_

