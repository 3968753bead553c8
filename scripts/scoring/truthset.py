"""Loads ground truth: one JSON file per input under a truth directory (schema: testdata/README.md).
The input files are looked up beside the truth directory (testdata/<file>) to confirm their hash."""

import hashlib
import json
import os


class TruthError(Exception):
    pass


def file_sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load_truth(truth_dir):
    """Returns the truth records, each with 'path' (the input file, absolute) added, sorted by file."""
    if not os.path.isdir(truth_dir):
        raise TruthError("truth directory not found: %s" % truth_dir)
    root = os.path.dirname(os.path.abspath(truth_dir.rstrip("/")))
    records = []
    for name in sorted(os.listdir(truth_dir)):
        if not name.endswith(".json"):
            continue
        with open(os.path.join(truth_dir, name), encoding="utf-8") as f:
            try:
                record = json.load(f)
            except ValueError as error:
                raise TruthError("%s: %s" % (name, error))
        for key in ("file", "sha256", "expect"):
            if key not in record:
                raise TruthError("%s: missing key %r" % (name, key))
        record["path"] = os.path.join(root, record["file"])
        if os.path.exists(record["path"]) and file_sha256(record["path"]) != record["sha256"]:
            raise TruthError("%s: sha256 of %s differs from its truth (regenerate the truth or the file)"
                             % (name, record["file"]))
        record.setdefault("pages", [])
        record.setdefault("documents", [])
        records.append(record)
    if not records:
        raise TruthError("no truth files in %s" % truth_dir)
    return sorted(records, key=lambda r: r["file"])


def page_quality(record, page):
    for p in record["pages"]:
        if p["page"] == page:
            return p["quality"]
    return "unknown"
