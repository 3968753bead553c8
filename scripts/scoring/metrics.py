"""The figures. Definitions (also in testdata/README.md):

packet level (needs --inputs): an input is predicted `reject` when mi-validate wrote a reject record
for its index, `accept` when some result record names its sha256, else `missing` (always wrong).
  accept_reject_accuracy  correct outcomes / inputs scored
  reject_class_accuracy   rejected bad inputs whose reason maps to an acceptable class / rejected bad inputs

document level, over accepted packets whose results carry page ranges (the split stage ran):
  split.exact_match_rate  packets whose set of document page ranges equals the truth's / packets
  documents.type_accuracy truth documents paired (see matching.py) with a result of the same type / truth documents
  documents.review_rate   result documents with status needs_review / result documents

field level, over packets whose results carry fields (the extract stage ran); a unit is one field of
one document, or one checkbox of one document:
  precision = TP / (TP + FP), recall = TP / (TP + FN), F1; a wrong value counts as FP and FN; a
  field reported where the truth has none is a FP; the quality class is that of the page holding
  the field (born_digital, scan, fax)
  fields.silent_errors / silent_error_rate  units reported `accepted` with a wrong value / accepted units
  fields.review_rate      units reported needs_review / units reported
  invalid.catch_rate      deliberately invalid truth fields reported needs_review (the field or a
                          related field, e.g. DOB after date of service) / invalid truth fields
A figure without data is None (printed n/a)."""

from .matching import pair_documents
from .ocr import score_ocr
from .normalize import checkbox_label, comparable, result_value
from .reasons import reason_class
from .truthset import page_quality

QUALITIES = ["born_digital", "scan", "fax"]
SCORED_FIELDS = ["patient_name", "dob", "mrn", "provider_name", "provider_npi", "date_of_service",
                 "signature_status", "signature_date", "checkboxes"]


def ratio(numerator, denominator):
    return None if denominator == 0 else numerator / denominator


class FieldCounts:
    def __init__(self):
        self.tp = self.fp = self.fn = 0

    def figures(self):
        precision = ratio(self.tp, self.tp + self.fp)
        recall = ratio(self.tp, self.tp + self.fn)
        if precision is None or recall is None:
            f1 = None
        else:
            f1 = 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)
        return {"precision": precision, "recall": recall, "f1": f1,
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


class Scorer:
    def __init__(self):
        self.figures = {}
        self.problems = []  # human-readable findings, for --verbose and the JSON report
        self.counts = {}  # (field, quality) -> FieldCounts
        self.reported = self.accepted_units = self.silent = self.review_units = 0
        self.reported_by_field = {}
        self.review_by_field = {}
        self.invalid_total = self.invalid_caught = 0

    # ------------------------------------------------------------------ packets

    def score_packets(self, inputs, rejects, results):
        if inputs is None:
            for key in ("total", "accept_reject_accuracy", "reject_class_accuracy", "false_accepts",
                        "false_rejects", "missing"):
                self.figures["packets." + key] = None
            return
        correct = class_correct = rejected_bad = false_accepts = false_rejects = missing = 0
        for index, record in inputs:
            if index in rejects:
                outcome = "reject"
            elif record["sha256"] in results:
                outcome = "accept"
            else:
                outcome = "missing"
            if outcome == record["expect"]:
                correct += 1
            elif outcome == "missing":
                missing += 1
                self.problems.append("%s: no result and no reject record" % record["file"])
            elif outcome == "accept":
                false_accepts += 1
                self.problems.append("%s: accepted, expected reject (%s)" % (record["file"], record["reject_class"]))
            else:
                false_rejects += 1
                self.problems.append("%s: rejected (%s), expected accept" % (record["file"], rejects[index]))
            if outcome == "reject" and record["expect"] == "reject":
                rejected_bad += 1
                got = reason_class(rejects[index])
                acceptable = record.get("acceptable_reject_classes") or [record["reject_class"]]
                if got in acceptable:
                    class_correct += 1
                else:
                    self.problems.append("%s: reject reason %s (class %s), expected %s"
                                         % (record["file"], rejects[index], got, "|".join(acceptable)))
        total = len(inputs)
        self.figures.update({
            "packets.total": total, "packets.accept_reject_accuracy": ratio(correct, total),
            "packets.reject_class_accuracy": ratio(class_correct, rejected_bad),
            "packets.false_accepts": false_accepts, "packets.false_rejects": false_rejects,
            "packets.missing": missing})

    # ------------------------------------------------------------------ documents

    def score_documents(self, truth, results):
        split_packets = split_exact = truth_docs = type_correct = result_docs = review_docs = 0
        field_packets = []
        for record in truth:
            records = results.get(record["sha256"])
            if record["expect"] != "accept" or not records:
                continue
            docs = sorted((r for r in records if r.pages), key=lambda r: r.pages)
            if not docs:
                continue
            split_packets += 1
            expected_ranges = sorted(tuple(d["pages"]) for d in record["documents"])
            got_ranges = sorted(d.pages for d in docs)
            if expected_ranges == got_ranges:
                split_exact += 1
            else:
                self.problems.append("%s: split %s, expected %s" % (record["file"], got_ranges, expected_ranges))
            pairs, missed, spurious = pair_documents(record["documents"], docs)
            truth_docs += len(record["documents"])
            for t, r in pairs:
                if t["type"] == r.document_type:
                    type_correct += 1
                else:
                    self.problems.append("%s pages %s: type %s, expected %s"
                                         % (record["file"], list(t["pages"]), r.document_type, t["type"]))
            for r in docs:
                if r.status is not None:
                    result_docs += 1
                    review_docs += r.status == "needs_review"
            if any(r.has_fields for r in records):
                field_packets.append((record, pairs, missed, spurious))
        self.figures.update({
            "split.packets": split_packets, "split.exact_match_rate": ratio(split_exact, split_packets),
            "documents.total": truth_docs if split_packets else None,
            "documents.type_accuracy": ratio(type_correct, truth_docs),
            "documents.review_rate": ratio(review_docs, result_docs)})
        return field_packets

    # ------------------------------------------------------------------ fields

    def _count(self, field, quality):
        return self.counts.setdefault((field, quality), FieldCounts())

    def _unit(self, record, field, quality, truth_value, predicted, status, where):
        """One comparison. truth_value / predicted are comparable forms or None when absent."""
        counts = self._count(field, quality)
        correct = truth_value is not None and predicted is not None and truth_value == predicted
        if correct:
            counts.tp += 1
        else:
            if predicted is not None:
                counts.fp += 1
            if truth_value is not None:
                counts.fn += 1
            self.problems.append("%s %s %s: got %s, expected %s%s" % (
                record["file"], where, field, predicted, truth_value,
                " (%s)" % status if predicted is not None else ""))
        if predicted is not None:
            self.reported += 1
            self.reported_by_field[field] = self.reported_by_field.get(field, 0) + 1
            if status == "needs_review":
                self.review_units += 1
                self.review_by_field[field] = self.review_by_field.get(field, 0) + 1
            elif status == "accepted":
                self.accepted_units += 1
                if not correct:
                    self.silent += 1

    def _score_pair(self, record, truth_doc, result_doc):
        truth_fields = truth_doc["fields"] if truth_doc else {}
        result_fields = result_doc.fields if result_doc else {}
        first_page = (truth_doc or {}).get("pages", [None])[0] or (result_doc.pages[0] if result_doc else 1)
        where = "pages %s" % list(truth_doc["pages"] if truth_doc else result_doc.pages)
        for field in SCORED_FIELDS:
            t = truth_fields.get(field)
            r = result_fields.get(field)
            if t is None and r is None:
                continue
            page = (t or {}).get("page") or (r or {}).get("page") or first_page
            quality = page_quality(record, page)
            status = (r or {}).get("status")
            if field == "checkboxes":
                self._score_checkboxes(record, quality, t, r, status, where)
                continue
            truth_value = comparable(field, t.get("value"), t.get("printed")) if t else None
            predicted = comparable(field, result_value(field, r)) if r else None
            self._unit(record, field, quality, truth_value, predicted, status, where)
        for field, t in truth_fields.items():
            if t.get("invalid"):
                self.invalid_total += 1
                watched = [field] + list(t.get("related", []))
                if any((result_fields.get(name) or {}).get("status") == "needs_review" for name in watched):
                    self.invalid_caught += 1
                else:
                    self.problems.append("%s %s %s: deliberately invalid (%s) but not sent to review"
                                         % (record["file"], where, field, t.get("invalid_reason")))

    def _score_checkboxes(self, record, quality, t, r, status, where):
        truth_boxes = {checkbox_label(k): bool(v) for k, v in ((t or {}).get("value") or {}).items()}
        got = (r or {}).get("value") if r else None
        got_boxes = {checkbox_label(k): bool(v) for k, v in (got or {}).items()} if isinstance(got, dict) else {}
        for label in sorted(set(truth_boxes) | set(got_boxes)):
            self._unit(record, "checkboxes", quality, truth_boxes.get(label), got_boxes.get(label), status,
                       where + " [%s]" % label)

    def score_fields(self, field_packets):
        for record, pairs, missed, spurious in field_packets:
            for t, r in pairs:
                self._score_pair(record, t, r)
            for t in missed:
                self._score_pair(record, t, None)
            for r in spurious:
                self._score_pair(record, None, r)
        have_fields = bool(field_packets)
        for field in SCORED_FIELDS + ["all"]:
            for quality in QUALITIES + ["all"]:
                merged = FieldCounts()
                for (f, q), c in self.counts.items():
                    if field in ("all", f) and quality in ("all", q):
                        merged.tp += c.tp
                        merged.fp += c.fp
                        merged.fn += c.fn
                for name, value in merged.figures().items():
                    key = "fields.%s.%s.%s" % (field, quality, name)
                    self.figures[key] = value if have_fields else None
            if field != "all":
                self.figures["fields.%s.review_rate" % field] = ratio(
                    self.review_by_field.get(field, 0), self.reported_by_field.get(field, 0))
        self.figures.update({
            "fields.packets": len(field_packets) if have_fields else None,
            "fields.reported": self.reported if have_fields else None,
            "fields.silent_errors": self.silent if have_fields else None,
            "fields.silent_error_rate": ratio(self.silent, self.accepted_units),
            "fields.review_rate": ratio(self.review_units, self.reported),
            "invalid.total": self.invalid_total if have_fields else None,
            "invalid.caught": self.invalid_caught if have_fields else None,
            "invalid.catch_rate": ratio(self.invalid_caught, self.invalid_total)})


def score(truth, results, rejects, inputs):
    """truth: truth records; results: {sha256: [ResultRecord]}; rejects: {index: reason};
    inputs: [(index, truth record)] or None. Returns (figures, problems)."""
    scorer = Scorer()
    scorer.score_packets(inputs, rejects, results)
    field_packets = scorer.score_documents(truth, results)
    scorer.score_fields(field_packets)
    ocr_figures, ocr_problems = score_ocr(truth, results)
    scorer.figures.update(ocr_figures)
    scorer.problems += ocr_problems
    known = {r["sha256"] for r in truth}
    scorer.figures["results.unknown_sources"] = sum(1 for sha in results if sha not in known)
    return scorer.figures, scorer.problems
