"""Writes the whole sample set: packets, bad inputs, the ClamAV test signature and ground truth."""

import hashlib
import json
import os
import random

from . import adversarial, assemble, bad, truth
from .documents import DocumentBuilder
from .forms import LAYOUTS
from .identities import IdentityPool
from .packets import PACKETS

SEED = "mi-testdata-v1"

# capture code -> (quality, text layer, image format, dpi)
CAPTURE = {
    "B": ("born_digital", "visible", None, None),
    "S": ("scan", "none", "jpeg", [300, 300]),
    "P": ("scan", "none", "png", [300, 300]),
    "O": ("scan", "invisible", "jpeg", [300, 300]),
    "F": ("fax", "none", "ccitt_g4", [204, 196]),
    "f": ("fax", "none", "ccitt_g4", [204, 98]),
}


def seeded(*parts):
    return int.from_bytes(hashlib.sha256("/".join((SEED,) + parts).encode()).digest()[:8], "big")


def make_patient(pool, rng):
    from .dates import random_date
    person = pool.person()
    return {"person": person, "name_style": rng.randrange(4), "dob": random_date(rng, 1938, 2012),
            "mrn": pool.mrn(), "phone": pool.phone(), "sex": rng.choice(["F", "M"]),
            "member_id": pool.member_id(), "provider": pool.person(), "npi": pool.npi(),
            "service_date": random_date(rng, 2023, 2024)}


def canaries_of(patient, docs):
    person = patient["person"]
    digits = "".join(c for c in patient["phone"] if c.isdigit())
    values = [person["last"], "%s %s" % (person["first"], person["last"]), patient["mrn"],
              patient["phone"], digits]
    if any(d["type"] == "insurance_card" for d in docs):
        values.append(patient["member_id"])
    return values


def page_plan(docs):
    """(document index, layout, page within document) for each packet page."""
    plan = []
    for index, d in enumerate(docs):
        layout = LAYOUTS[d["type"]][d["layout"]]
        plan.extend((index, layout, page) for page in range(1, layout.pages + 1))
    return plan


def render_page(code, draw, rng, content_rotation):
    """Returns (PDF bytes of one page or None, image or None, skew)."""
    quality, text_layer, image_format, dpi = CAPTURE[code]
    if quality == "born_digital":
        return assemble.born_digital_pdf(draw), None, 0.0
    if quality == "scan":
        skew = round(rng.uniform(0.3, 1.5) * rng.choice([-1, 1]), 2) + 0.0
        image = assemble.scanned_image(draw, rng.randrange(1 << 30), skew, content_rotation)
        if text_layer == "invisible":
            return assemble.ocr_layer_pdf(draw, image, rng), image, skew
        encoded = assemble.encode_image(image, image_format, tuple(dpi))
        return assemble.image_pdf(encoded), image, skew
    skew = round(rng.uniform(-0.6, 0.6), 2) + 0.0  # no "-0.0" in the truth
    image = assemble.faxed_image(draw, rng.randrange(1 << 30), dpi[1], skew, content_rotation)
    return assemble.image_pdf(assemble.encode_image(image, "g4", tuple(dpi))), image, skew


def build_packet(spec, pool):
    name = spec["name"]
    rng = random.Random(seeded("packet", name))
    pool.reseed(seeded("identities", name))
    patient = make_patient(pool, rng)
    builder = DocumentBuilder(pool, rng, patient)
    docs = [builder.build(t, layout, dict(options)) for t, layout, options in spec["docs"]]
    plan = page_plan(docs)
    capture = spec["capture"]
    if len(capture) != len(plan):
        raise ValueError("%s: %d capture codes for %d pages" % (name, len(capture), len(plan)))
    for d in docs:
        if d["type"] == "fax_cover":
            d["extra"]["page_total"] = len(plan)

    page_pdfs, images, rotate_attributes, pages = [], [], [], []
    for number, ((doc_index, layout, page_in_doc), code) in enumerate(zip(plan, capture), 1):
        content_rotation, rotate_attribute = spec["rotations"].get(number, (0, 0))
        d = docs[doc_index]

        def draw(painter, layout=layout, d=d, page_in_doc=page_in_doc):
            layout.draw(painter, d, page_in_doc)
        pdf, image, skew = render_page(code, draw, rng, content_rotation)
        page_pdfs.append(pdf)
        images.append(image)
        rotate_attributes.append(rotate_attribute)
        quality, text_layer, image_format, dpi = CAPTURE[code]
        pages.append(truth.page_record(number, quality, text_layer, content_rotation, rotate_attribute,
                                       dpi, skew, image_format))

    data = container_bytes(spec, page_pdfs, images, rotate_attributes, pages)
    relative = "packets/%s.%s" % (name, spec["container"])
    documents, first = [], 1
    for d in docs:
        layout = LAYOUTS[d["type"]][d["layout"]]
        documents.append(truth.document_record(d, layout, first))
        first += layout.pages
    description = "%s; capture %s" % (", ".join(d["type"] for d in docs), capture)
    return relative, data, truth.packet_record(relative, data, pages, documents,
                                               canaries_of(patient, docs), description)


def container_bytes(spec, page_pdfs, images, rotate_attributes, pages):
    container = spec["container"]
    if container == "pdf":
        return assemble.join_pdf(page_pdfs, rotate_attributes)
    if any(r for r in rotate_attributes):
        raise ValueError("%s: /Rotate needs a PDF container" % spec["name"])
    for page in pages:
        page["rotate_attribute"] = None
        if container != "tif":
            page["image_format"] = container == "jpg" and "jpeg" or container
    if container == "tif":
        if any(p["image_format"] != "ccitt_g4" for p in pages) or len({tuple(p["dpi"]) for p in pages}) != 1:
            raise ValueError("%s: a TIFF upload holds fax pages of one resolution" % spec["name"])
        return assemble.multipage_tiff(images, tuple(pages[0]["dpi"]))
    if len(images) != 1:
        raise ValueError("%s: a %s upload holds one page" % (spec["name"], container))
    kind = {"png": "png", "jpg": "jpeg"}[container]
    return assemble.encode_image(images[0], kind, tuple(pages[0]["dpi"]))


def check_canaries_unique(records):
    """No canary of one packet may appear anywhere in another packet's truth."""
    texts = {r["file"]: json.dumps(r, ensure_ascii=False) for r in records}
    for r in records:
        for canary in r["canaries"]:
            for other, text in texts.items():
                if other != r["file"] and canary in text:
                    raise ValueError("canary %r of %s also appears in %s" % (canary, r["file"], other))


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def truth_name(relative):
    return os.path.splitext(os.path.basename(relative))[0] + ".json"


def generate(out_dir, log=lambda message: None):
    pool = IdentityPool(SEED)
    records = []
    for spec in PACKETS:
        relative, data, record = build_packet(spec, pool)
        write(os.path.join(out_dir, relative), data)
        records.append(record)
        log("%-40s %8d bytes" % (relative, len(data)))
    check_canaries_unique(records)
    for name, make, reject_class, acceptable, description in bad.BAD_INPUTS:
        relative = "bad/" + name
        data = make()
        write(os.path.join(out_dir, relative), data)
        records.append(truth.reject_record(relative, data, reject_class, acceptable, description))
        log("%-40s %8d bytes" % (relative, len(data)))
    names = [truth_name(r["file"]) for r in records]
    if len(set(names)) != len(names):
        raise ValueError("two inputs share a truth file name")
    for name, record in zip(names, records):
        write(os.path.join(out_dir, "truth", name), truth.dumps(record).encode())
    write(os.path.join(out_dir, "clamav", "eicar.ndb"), bad.clamav_signature_db())
    # the adversarial redaction set (redact/), last, so the identities above are already taken
    adversarial.generate_redact_set(out_dir, pool, records, seeded, make_patient, write, log)
    return records
