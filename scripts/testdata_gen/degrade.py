"""What a scanner or a fax machine does to a clean page: skew, blur, paper tone, sensor noise,
binarization, speckle and reduced vertical resolution. All randomness comes from a seeded
random.Random, so a page degrades the same way on every run."""

import random

from PIL import Image, ImageChops, ImageDraw, ImageFilter

NOISE_TILE = 509  # prime, so the tiled noise does not line up with text rows or columns


def _noise_tile(rng, amplitude):
    data = bytes(rng.randint(0, 2 * amplitude) for _ in range(NOISE_TILE * NOISE_TILE))
    return Image.frombytes("L", (NOISE_TILE, NOISE_TILE), data)


def _tiled(tile, size):
    canvas = Image.new("L", size)
    for x in range(0, size[0], NOISE_TILE):
        for y in range(0, size[1], NOISE_TILE):
            canvas.paste(tile, (x, y))
    return canvas


def add_noise(image, rng, amplitude):
    """Adds zero-mean uniform noise of +-amplitude grey levels."""
    noise = _tiled(_noise_tile(rng, amplitude), image.size)
    return ImageChops.add(image, noise, 1.0, -amplitude)


def scan(page, seed, skew_degrees):
    """A 300 dpi grayscale office scan: slight blur, skew, paper tone and light noise."""
    rng = random.Random(seed)
    image = page.filter(ImageFilter.GaussianBlur(0.7))
    image = image.rotate(skew_degrees, resample=Image.BICUBIC, fillcolor=255)
    image = image.point(lambda v: 18 + v * 224 // 255)  # toner never fully black, paper off-white
    return add_noise(image, rng, 3)


def posterize(image, levels=16):
    """4-bit grayscale, as document scanners store lossless grayscale to keep files small."""
    step = 256 // levels
    return image.point(lambda v: (v // step) * 255 // (levels - 1))


def fax(page, seed, vertical_dpi, skew_degrees, horizontal_dpi=204):
    """A fax page: rendered at 204 dpi square, vertically resampled to 196 or 98 lines per inch,
    thresholded to black and white and sprinkled with line noise speckle."""
    rng = random.Random(seed)
    width, height = page.size
    image = page.rotate(skew_degrees, resample=Image.BILINEAR, fillcolor=255)
    image = image.resize((width, int(round(height * vertical_dpi / horizontal_dpi))), Image.BOX)
    bilevel = image.point(lambda v: 255 if v > 150 else 0).convert("1", dither=Image.NONE)
    draw = ImageDraw.Draw(bilevel)
    for _ in range(rng.randint(250, 450)):
        x, y = rng.randrange(width), rng.randrange(bilevel.size[1])
        r = rng.choice([0, 0, 1, 1, 2])
        draw.ellipse([x, y, x + r, y + r], fill=0)
    for _ in range(rng.randint(1, 3)):  # a streak from a dirty scanner glass or a line dropout
        y = rng.randrange(bilevel.size[1])
        draw.line([(0, y), (width, y)], fill=rng.choice([0, 1]), width=1)
    return bilevel


def rotate_content(image, degrees):
    """Turns the pixels clockwise by 90, 180 or 270 degrees (a page fed sideways or upside down)."""
    transposes = {90: Image.ROTATE_270, 180: Image.ROTATE_180, 270: Image.ROTATE_90}
    return image.transpose(transposes[degrees]) if degrees else image
