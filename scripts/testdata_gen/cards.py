"""Member insurance cards drawn as 300 dpi images (3.375 x 2.125 in), front and back."""

from PIL import Image, ImageDraw, ImageFont

from .formparts import printed

CARD_SIZE = (1012, 638)
FONT_DIR = "/usr/share/fonts/truetype/liberation/"
FAMILIES = {0: ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
            1: ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf")}


def _fonts(style):
    regular, bold = FAMILIES[style]
    return (lambda size: ImageFont.truetype(FONT_DIR + regular, size),
            lambda size: ImageFont.truetype(FONT_DIR + bold, size))


def card_front(doc, style):
    regular, bold = _fonts(style)
    e = doc["extra"]
    image = Image.new("RGB", CARD_SIZE, (250, 250, 250))
    d = ImageDraw.Draw(image)
    d.rounded_rectangle([4, 4, CARD_SIZE[0] - 5, CARD_SIZE[1] - 5], 36, outline=(60, 60, 60), width=4)
    band = (40, 80, 140) if style == 0 else (120, 40, 60)
    d.rectangle([6, 60, CARD_SIZE[0] - 6, 150], fill=band)
    d.text((44, 122), e["payer"], fill=(255, 255, 255), font=bold(52), anchor="ls")
    rows = [("Member", printed(doc, "patient_name")), ("Member ID", e["member_id"]),
            ("Group", e["group"])]
    if style == 0:
        rows.append(("PCP", printed(doc, "provider_name")))
    else:
        rows.append(("Date of Birth", printed(doc, "dob")))
    y = 220
    for label, value in rows:
        d.text((44, y), label, fill=(90, 90, 90), font=regular(28), anchor="ls")
        d.text((300, y), value, fill=(0, 0, 0), font=bold(38), anchor="ls")
        y += 70
    d.text((44, 560), "Office $%d   Specialist $%d   ER $%d" % tuple(e["copays"]), fill=(0, 0, 0),
           font=regular(30), anchor="ls")
    d.text((44, 605), "Plan: " + e["plan"], fill=(60, 60, 60), font=regular(26), anchor="ls")
    return image


def card_back(doc, style):
    regular, bold = _fonts(style)
    e = doc["extra"]
    image = Image.new("RGB", CARD_SIZE, (250, 250, 250))
    d = ImageDraw.Draw(image)
    d.rounded_rectangle([4, 4, CARD_SIZE[0] - 5, CARD_SIZE[1] - 5], 36, outline=(60, 60, 60), width=4)
    d.rectangle([6, 40, CARD_SIZE[0] - 6, 110], fill=(30, 30, 30))
    lines = [("Member Services", e["payer_phone"]), ("Provider Line", e["provider_line"]),
             ("Pharmacy BIN", e["bin"]), ("Claims", e["claims_address"])]
    y = 180
    for label, value in lines:
        d.text((44, y), label, fill=(0, 0, 0), font=bold(30), anchor="ls")
        d.text((330, y), value, fill=(0, 0, 0), font=regular(30), anchor="ls")
        y += 60
    d.text((44, 560), "Present this card at every visit. Possession does not guarantee",
           fill=(60, 60, 60), font=regular(24), anchor="ls")
    d.text((44, 592), "eligibility. Emergencies: call 911 or go to the nearest ER.",
           fill=(60, 60, 60), font=regular(24), anchor="ls")
    return image
