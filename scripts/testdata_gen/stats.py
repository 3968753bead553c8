"""Statistics of a generated set, read back from its truth files (gen-testdata --stats)."""

import collections
import json
import os


def collect(out_dir):
    truth_dir = os.path.join(out_dir, "truth")
    records = [json.load(open(os.path.join(truth_dir, n), encoding="utf-8"))
               for n in sorted(os.listdir(truth_dir)) if n.endswith(".json")]
    s = collections.OrderedDict()
    accepted = [r for r in records if r["expect"] == "accept"]
    s["inputs"] = len(records)
    s["packets (accept)"] = len(accepted)
    s["bad inputs (reject)"] = len(records) - len(accepted)
    s["containers"] = dict(collections.Counter(os.path.splitext(r["file"])[1][1:] for r in accepted))
    pages = [p for r in accepted for p in r["pages"]]
    s["pages"] = len(pages)
    s["pages by quality"] = dict(collections.Counter(p["quality"] for p in pages))
    s["pages by text layer"] = dict(collections.Counter(p["text_layer"] for p in pages))
    s["fax pages by resolution"] = dict(collections.Counter("%dx%d" % tuple(p["dpi"]) for p in pages
                                                            if p["quality"] == "fax"))
    s["pages displayed rotated"] = dict(collections.Counter(str(p["rotation"]) for p in pages if p["rotation"]))
    s["pages with /Rotate"] = sum(1 for p in pages if p["rotate_attribute"])
    s["pages with rotated pixels"] = sum(1 for p in pages if p["content_rotation"])
    s["pages per packet"] = dict(sorted(collections.Counter(str(len(r["pages"])) for r in accepted).items()))
    s["mixed-quality packets"] = sum(1 for r in accepted if len({p["quality"] for p in r["pages"]}) > 1)
    docs = [d for r in accepted for d in r["documents"]]
    s["documents"] = len(docs)
    s["documents by type"] = dict(collections.Counter(d["type"] for d in docs))
    s["layouts"] = len({d["layout"] for d in docs})
    fields = [(name, f) for d in docs for name, f in d["fields"].items()]
    s["fields"] = len(fields)
    s["fields by name"] = dict(collections.Counter(name for name, _ in fields))
    s["checkboxes"] = sum(len(f["value"]) for name, f in fields if name == "checkboxes")
    s["checkboxes checked"] = sum(sum(f["value"].values()) for name, f in fields if name == "checkboxes")
    s["signature status"] = dict(collections.Counter(f["value"] for name, f in fields if name == "signature_status"))
    s["invalid fields"] = dict(collections.Counter(f["invalid_reason"] for _, f in fields if f["invalid"]))
    s["reject classes"] = dict(collections.Counter(r["reject_class"] for r in records if r["expect"] == "reject"))
    s["canaries"] = sum(len(r["canaries"]) for r in records)
    return s


def render(stats):
    return "\n".join("%-26s %s" % (key, value) for key, value in stats.items()) + "\n"
