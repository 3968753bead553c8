"""Building blocks shared by the form layouts: letterheads, labelled fields, paragraphs, tables,
checkbox rows and signature blocks. Every block draws through a painter, so one layout yields the
born-digital page and its scanned or faxed twin."""

from .painter import PAGE_WIDTH, signature_curves, text_width

import random


def centered(p, y, s, family, size, bold=False):
    p.text((PAGE_WIDTH - text_width(s, family, size, bold)) / 2, y, s, family, size, bold)


def right_aligned(p, x_right, y, s, family, size, bold=False):
    p.text(x_right - text_width(s, family, size, bold), y, s, family, size, bold)


def letterhead(p, clinic, family, style):
    """Three letterhead styles: left block, centred, and a shaded band."""
    if style == 0:
        p.text(54, 64, clinic["name"], family, 17, True)
        p.text(54, 80, "%s, %s" % (clinic["street"], clinic["city"]), family, 9)
        p.text(54, 92, "Tel %s   Fax %s" % (clinic["phone"], clinic["fax"]), family, 9)
        p.line(54, 100, 558, 100, 1.5)
        return 124
    if style == 1:
        centered(p, 60, clinic["name"].upper(), family, 15, True)
        centered(p, 75, "%s  |  %s" % (clinic["street"], clinic["city"]), family, 9)
        centered(p, 87, "Phone %s  |  Fax %s" % (clinic["phone"], clinic["fax"]), family, 9)
        p.line(54, 96, 558, 96, 0.6)
        p.line(54, 99, 558, 99, 0.6)
        return 122
    p.rect(40, 40, 532, 48, 0, fill_gray=0.85)
    p.text(52, 62, clinic["name"], family, 16, True)
    p.text(52, 78, clinic["street"] + "  " + clinic["city"], family, 8.5)
    right_aligned(p, 560, 62, "P " + clinic["phone"], family, 8.5)
    right_aligned(p, 560, 78, "F " + clinic["fax"], family, 8.5)
    return 112


def field_right(p, x, y, label, value, family, size=10, line_to=None):
    """Label with its value to the right, optionally on a fill-in line."""
    p.text(x, y, label, family, size, True)
    vx = x + text_width(label, family, size, True) + 6
    if line_to:
        p.line(vx - 2, y + 2.5, line_to, y + 2.5, 0.5)
    if value:
        p.text(vx + 2, y, value, family, size)
    return vx


def field_below(p, x, y, label, value, family, width, size=10):
    """Small caption above a fill-in line, the value written on the line."""
    p.text(x, y, label, family, 7.5)
    p.line(x, y + 17, x + width, y + 17, 0.5)
    if value:
        p.text(x + 2, y + 14, value, family, size)


def field_box(p, x, y, w, h, label, value, family, size=10):
    """A ruled cell with a caption in its corner and the value inside."""
    p.rect(x, y, w, h, 0.7)
    p.text(x + 3, y + 8, label, family, 6.5)
    if value:
        p.text(x + 5, y + h - 6, value, family, size)


def wrap(s, family, size, width):
    lines, current = [], ""
    for word in s.split():
        trial = (current + " " + word).strip()
        if current and text_width(trial, family, size) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    if current:
        lines.append(current)
    return lines


def paragraph(p, x, y, width, s, family, size=9.5, leading=None):
    leading = leading or size * 1.3
    for line in wrap(s, family, size, width):
        p.text(x, y, line, family, size)
        y += leading
    return y + leading * 0.4


def numbered_clauses(p, x, y, width, clauses, family, size=9.5):
    for index, clause in enumerate(clauses, 1):
        p.text(x, y, "%d." % index, family, size)
        y = paragraph(p, x + 16, y, width - 16, clause, family, size)
    return y


def checkbox_rows(p, x, y, boxes, family, size=9.5, columns=1, column_width=250):
    """boxes: list of (label, checked). Returns the y below the last row."""
    for index, (label, checked) in enumerate(boxes):
        cx = x + (index % columns) * column_width
        cy = y + (index // columns) * 17
        p.checkbox(cx, cy - 8.5, 9.5, checked)
        p.text(cx + 15, cy, label, family, size)
    rows = (len(boxes) + columns - 1) // columns
    return y + rows * 17 + 6


def table(p, x, y, columns, rows, family, size=9):
    """columns: list of (title, width). Draws a header band and ruled rows."""
    total = sum(w for _, w in columns)
    p.rect(x, y - 11, total, 15, 0, fill_gray=0.88)
    cx = x
    for title, w in columns:
        p.text(cx + 3, y, title, family, size, True)
        cx += w
    y += 16
    for row in rows:
        cx = x
        for (title, w), cell in zip(columns, row):
            p.text(cx + 3, y, cell, family, size, bold=(title == "Flag" and cell not in ("", "N")))
            cx += w
        p.line(x, y + 4, x + total, y + 4, 0.3)
        y += 15
    return y + 6


def signature_block(p, x, y, doc, family, caption, date_caption="Date", width=260):
    """A signature line, ink above it when the document is signed, and a date beside it."""
    signature = doc["signature"]
    p.line(x, y, x + width, y, 0.7)
    p.text(x, y + 11, caption, family, 8)
    if signature["signed"]:
        rng = random.Random(signature["ink_seed"])
        p.ink(signature_curves(rng, x + 10, y - 30, min(170, width - 30), 26))
    dx = x + width + 24
    p.line(dx, y, dx + 120, y, 0.7)
    p.text(dx, y + 11, date_caption, family, 8)
    printed = doc["fields"].get("signature_date", {}).get("printed")
    if printed:
        p.handwriting(dx + 6, y - 4, printed)
    return y + 30


def page_footer(p, doc, page, pages, family):
    form_code = doc["extra"]["form_code"]
    p.text(54, 760, form_code, family, 7)
    right_aligned(p, 558, 760, "Page %d of %d" % (page, pages), family, 7)


def printed(doc, name):
    return doc["fields"].get(name, {}).get("printed", "")
