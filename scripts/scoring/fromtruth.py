"""Writes the results a perfect pipeline would produce for the truth: mi-inspect NDJSON, the
rejects NDJSON and the inputs list. Scored against the truth it gives perfect figures; the
self-test and the documentation examples start from it. `stage` imitates a partial pipeline:
validate (packet records only), split (documents and types, no fields), extract (everything)."""

import json
import os

STAGES = ("validate", "split", "extract")


def _field(name, truth_field):
    value = truth_field.get("value")
    invalid = truth_field.get("invalid", False)
    out = {"value": truth_field.get("printed", value), "normalized": value,
           "status": "needs_review" if invalid else "accepted",
           "reasons": [truth_field["invalid_reason"]] if invalid else [],
           "confidence": 1.0, "page": truth_field.get("page")}
    if name in ("checkboxes", "signature_status"):
        out["value"] = value
    return out


def _header(sequence, stage):
    return {"record": "rec_selftest_%04d" % sequence, "trace": "tr_selftest_%04d" % sequence,
            "doc": "doc_selftest_%04d" % sequence, "doc_version": 1, "tenant": "selftest",
            "stage": "mi-" + stage, "seq": sequence}


def perfect_results(truth, stage="extract"):
    """Returns (result records, reject records, input paths)."""
    if stage not in STAGES:
        raise ValueError("stage must be one of " + ", ".join(STAGES))
    results, rejects, inputs = [], [], []
    for index, record in enumerate(truth, 1):
        inputs.append(record["path"])
        if record["expect"] == "reject":
            rejects.append({"type": "reject", "reason": record["reject_class"], "input": {"index": index}})
            continue
        source = {"sha256": record["sha256"]}
        if stage == "validate":
            results.append({"header": _header(len(results) + 1, stage), "ops": {"status": "accepted", "reasons": []},
                            "phi": {"source": source}})
            continue
        for doc in record["documents"]:
            invalid = [name for name, f in doc["fields"].items() if f.get("invalid")]
            ops = {"document_type": doc["type"], "pages": list(doc["pages"]),
                   "status": "needs_review" if invalid else "accepted",
                   "reasons": sorted({doc["fields"][n]["invalid_reason"] for n in invalid})}
            phi = {"source": source}
            if stage == "extract":
                phi["fields"] = {name: _field(name, f) for name, f in doc["fields"].items()}
            results.append({"header": _header(len(results) + 1, stage), "ops": ops, "phi": phi})
    return results, rejects, inputs


def write_perfect_results(truth, out_dir, stage="extract"):
    results, rejects, inputs = perfect_results(truth, stage)
    os.makedirs(out_dir, exist_ok=True)
    paths = {name: os.path.join(out_dir, name) for name in ("results.ndjson", "rejects.ndjson", "inputs.txt")}
    with open(paths["results.ndjson"], "w", encoding="utf-8") as f:
        f.writelines(json.dumps(r, sort_keys=True, ensure_ascii=False) + "\n" for r in results)
    with open(paths["rejects.ndjson"], "w", encoding="utf-8") as f:
        f.writelines(json.dumps(r, sort_keys=True) + "\n" for r in rejects)
    with open(paths["inputs.txt"], "w", encoding="utf-8") as f:
        f.writelines(path + "\n" for path in inputs)
    return paths
