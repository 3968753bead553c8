"""Presents the figures: a text table for people, JSON for programs, Prometheus textfile for
monitoring (node_exporter's textfile collector)."""

import json
import os
import tempfile

from .metrics import QUALITIES, SCORED_FIELDS


def fmt(value, percent=True):
    if value is None:
        return "n/a"
    if isinstance(value, float) and percent:
        return "%.1f%%" % (100 * value)
    return str(value)


def table(figures):
    f = figures
    lines = ["mi extraction score", ""]
    lines.append("packets scored            %s" % fmt(f["packets.total"]))
    lines.append("accept/reject accuracy    %s   (false accepts %s, false rejects %s, missing %s)" % (
        fmt(f["packets.accept_reject_accuracy"]), fmt(f["packets.false_accepts"]),
        fmt(f["packets.false_rejects"]), fmt(f["packets.missing"])))
    lines.append("reject class accuracy     %s" % fmt(f["packets.reject_class_accuracy"]))
    lines.append("split exact match         %s   (%s packets)" % (fmt(f["split.exact_match_rate"]), fmt(f["split.packets"])))
    lines.append("document type accuracy    %s   (%s documents)" % (fmt(f["documents.type_accuracy"]), fmt(f["documents.total"])))
    lines.append("document review rate      %s" % fmt(f["documents.review_rate"]))
    lines.append("OCR key-field tokens      %s   (born-digital %s, scan %s, fax %s; %s pages)" % (
        fmt(f.get("ocr.word_recall.all")), fmt(f.get("ocr.word_recall.born_digital")),
        fmt(f.get("ocr.word_recall.scan")), fmt(f.get("ocr.word_recall.fax")), fmt(f.get("ocr.pages"))))
    lines.append("OCR key fields exact      %s   (born-digital %s, scan %s, fax %s)" % (
        fmt(f.get("ocr.field_exact.all")), fmt(f.get("ocr.field_exact.born_digital")),
        fmt(f.get("ocr.field_exact.scan")), fmt(f.get("ocr.field_exact.fax"))))
    lines.append("field review rate         %s" % fmt(f["fields.review_rate"]))
    lines.append("silent errors             %s   (%s of accepted fields)" % (
        fmt(f["fields.silent_errors"]), fmt(f["fields.silent_error_rate"])))
    lines.append("invalid fields caught     %s   (%s of %s)" % (
        fmt(f["invalid.catch_rate"]), fmt(f["invalid.caught"]), fmt(f["invalid.total"])))
    if f.get("payloads.total"):
        lines.append("payloads                  %s   (canary outside allowed fields: %s; redacted copies released %s, withheld %s)" % (
            fmt(f["payloads.total"]), fmt(f["payloads.canary_leaks"]), fmt(f["redaction.released"]),
            fmt(f["redaction.withheld"])))
    lines.append("")
    header = "%-17s" % "field F1 (P/R)" + "".join("%-25s" % q for q in QUALITIES + ["all"]) + "review"
    lines.append(header)
    lines.append("-" * len(header))
    for field in SCORED_FIELDS + ["all"]:
        row = "%-17s" % field
        for quality in QUALITIES + ["all"]:
            key = "fields.%s.%s." % (field, quality)
            if f[key + "tp"] is not None and f[key + "tp"] + f[key + "fp"] + f[key + "fn"] == 0:
                cell = "-"
            else:
                cell = "%s (%s/%s)" % (fmt(f[key + "f1"]), fmt(f[key + "precision"]), fmt(f[key + "recall"]))
            row += "%-25s" % cell
        review = f.get("fields.%s.review_rate" % field, f["fields.review_rate"])
        lines.append(row + fmt(review))
    return "\n".join(lines) + "\n"


def write_atomically(path, text):
    directory = os.path.dirname(os.path.abspath(path))
    fd, temp = tempfile.mkstemp(dir=directory, prefix=".score-")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(temp, path)


def json_report(figures, problems):
    return json.dumps({"figures": figures, "problems": problems}, indent=2, sort_keys=True) + "\n"


PROMETHEUS_SIMPLE = {
    "packets.accept_reject_accuracy": ("mi_eval_packet_accept_reject_accuracy", "Share of inputs accepted or rejected as the truth expects."),
    "packets.reject_class_accuracy": ("mi_eval_packet_reject_class_accuracy", "Share of rejected bad inputs rejected for an acceptable reason."),
    "packets.total": ("mi_eval_packets", "Inputs scored."),
    "split.exact_match_rate": ("mi_eval_split_exact_match_ratio", "Share of packets split exactly as the truth."),
    "documents.type_accuracy": ("mi_eval_document_type_accuracy", "Share of documents with the right type."),
    "documents.review_rate": ("mi_eval_document_review_ratio", "Share of documents sent to review."),
    "fields.review_rate": ("mi_eval_field_review_ratio", "Share of reported fields sent to review."),
    "ocr.word_recall.all": ("mi_eval_ocr_key_token_recall", "Share of key-field tokens found among a page's words."),
    "ocr.field_exact.all": ("mi_eval_ocr_key_field_exact_ratio", "Share of key fields whose every token was read."),
    "fields.silent_errors": ("mi_eval_field_silent_errors", "Fields accepted automatically with a wrong value."),
    "fields.silent_error_rate": ("mi_eval_field_silent_error_ratio", "Share of accepted fields with a wrong value."),
    "invalid.catch_rate": ("mi_eval_invalid_field_catch_ratio", "Share of deliberately invalid fields sent to review."),
}


def prometheus_report(figures):
    out = []
    for key, (metric, help_text) in PROMETHEUS_SIMPLE.items():
        if figures.get(key) is not None:
            out += ["# HELP %s %s" % (metric, help_text), "# TYPE %s gauge" % metric,
                    "%s %s" % (metric, float(figures[key]))]
    for measure in ("precision", "recall", "f1"):
        metric = "mi_eval_field_%s" % measure
        samples = []
        for field in SCORED_FIELDS + ["all"]:
            for quality in QUALITIES + ["all"]:
                value = figures.get("fields.%s.%s.%s" % (field, quality, measure))
                if value is not None:
                    samples.append('%s{field="%s",quality="%s"} %s' % (metric, field, quality, float(value)))
        if samples:
            out += ["# HELP %s Field extraction %s by field and page quality class." % (metric, measure),
                    "# TYPE %s gauge" % metric] + samples
    return "\n".join(out) + "\n"
