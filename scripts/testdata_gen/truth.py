"""Ground-truth records (schema in testdata/README.md)."""

import hashlib
import json

SCHEMA_VERSION = 1


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def dumps(record):
    return json.dumps(record, indent=2, sort_keys=False, ensure_ascii=False) + "\n"


def page_record(page, quality, text_layer, content_rotation, rotate_attribute, dpi, skew, image_format):
    return {"page": page, "quality": quality, "text_layer": text_layer,
            "rotation": (content_rotation + rotate_attribute) % 360,
            "content_rotation": content_rotation, "rotate_attribute": rotate_attribute,
            "dpi": dpi, "skew_degrees": skew, "image_format": image_format}


def field_record(field, page):
    record = {"value": field["value"]}
    if "printed" in field:
        record["printed"] = field["printed"]
    record["page"] = page
    record["invalid"] = bool(field.get("invalid", False))
    if field.get("invalid"):
        record["invalid_reason"] = field["invalid_reason"]
        if field.get("related"):
            record["related"] = field["related"]
    return record


def document_record(doc, layout, first_page):
    fields = {name: field_record(field, first_page + layout.page_of(name) - 1)
              for name, field in doc["fields"].items()}
    return {"type": doc["type"], "pages": [first_page, first_page + layout.pages - 1],
            "layout": type(layout).__name__, "fields": fields,
            "invalid_fields": sorted(name for name, field in doc["fields"].items() if field.get("invalid"))}


def packet_record(relative_path, data, pages, documents, canaries, description):
    return {"schema": SCHEMA_VERSION, "file": relative_path, "sha256": sha256(data), "expect": "accept",
            "description": description, "pages": pages, "documents": documents, "canaries": canaries}


def reject_record(relative_path, data, reject_class, acceptable, description):
    return {"schema": SCHEMA_VERSION, "file": relative_path, "sha256": sha256(data), "expect": "reject",
            "reject_class": reject_class, "acceptable_reject_classes": [reject_class] + acceptable,
            "description": description, "pages": [], "documents": [], "canaries": []}
