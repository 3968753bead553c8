"""Reads what the pipeline produced: mi-inspect's NDJSON (one opened envelope per line), the
rejects NDJSON of mi-validate and the ordered list of inputs given to mi-validate."""

import json
import os

from .truthset import file_sha256


class ResultsError(Exception):
    pass


def read_ndjson(path):
    records = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                records.append(json.loads(line))
            except ValueError as error:
                raise ResultsError("%s:%d: %s" % (path, number, error))
    return records


class ResultRecord:
    """One mi-inspect record, reduced to what scoring needs."""

    def __init__(self, raw):
        ops = raw.get("ops") or {}
        phi = raw.get("phi") or {}
        self.sha256 = ((phi.get("source") or {}).get("sha256") or "").lower()
        self.document_type = ops.get("document_type")
        pages = ops.get("pages")
        self.pages = tuple(pages) if isinstance(pages, list) and len(pages) == 2 else None
        self.status = ops.get("status")
        self.reasons = ops.get("reasons") or []
        self.has_fields = isinstance(phi.get("fields"), dict)
        self.fields = phi.get("fields") or {}
        self.page_words = [p for p in (phi.get("pages") or []) if isinstance(p, dict) and "page" in p]
        # mi-redact's output: what each destination got (ops) and the payloads themselves.
        self.redact = ops.get("redact")
        self.payloads = {k[3:]: v for k, v in raw.items() if k.startswith("to:") and isinstance(v, dict)}


def load_results(path):
    """Result records grouped by the sha256 of their source packet."""
    by_source = {}
    for raw in read_ndjson(path):
        record = ResultRecord(raw)
        if not record.sha256:
            raise ResultsError("%s: a record has no phi.source.sha256" % path)
        by_source.setdefault(record.sha256, []).append(record)
    return by_source


def load_rejects(path):
    """{1-based input index: reason code} from reject records."""
    rejects = {}
    for record in read_ndjson(path):
        if record.get("type", "reject") != "reject":
            continue
        index = (record.get("input") or {}).get("index")
        if not isinstance(index, int):
            continue  # a later stage's reject (input.line): its packet is scored as missing

        rejects[index] = record.get("reason") or ""
    return rejects


def load_inputs(path, truth):
    """Maps each line of the inputs list to a truth record: by the file's sha256 when it can be
    read (relative paths: from the current directory, then from the list's directory), else by its
    path ending in the truth's relative file name. Returns [(index, record)]."""
    by_sha = {r["sha256"]: r for r in truth}
    base = os.path.dirname(os.path.abspath(path))
    mapped = []
    with open(path, encoding="utf-8") as f:
        lines = [line.rstrip("\n") for line in f if line.strip()]
    for index, line in enumerate(lines, 1):
        record = None
        for candidate in (line, os.path.join(base, line)):  # relative to the cwd, then to the list
            if record is None and os.path.isfile(candidate):
                record = by_sha.get(file_sha256(candidate))
        if record is None:
            record = next((r for r in truth if line.replace("\\", "/").endswith(r["file"])), None)
        if record is not None:
            mapped.append((index, record))
    return mapped
