"""OCR figures, over packets whose results carry page words (phi.pages: the OCR stage ran).

The truth has no full-page transcripts, so recall is measured on what matters: the printed values
of the key fields. Text is folded to lowercase alphanumeric tokens ("03/04/2024" -> 03 04 2024).
  ocr.word_recall.<quality>  truth field tokens found among the words of the page holding the
                             field / truth field tokens (quality: born_digital, scan, fax, all)
  ocr.field_exact.<quality>  fields all of whose tokens were found on their page / fields
  ocr.pages                  result pages with words
Checkboxes and signature status are not text and are left out."""

import re

from .truthset import page_quality

TEXT_FIELDS = ["patient_name", "dob", "mrn", "provider_name", "provider_npi", "date_of_service",
               "signature_date"]
QUALITIES = ["born_digital", "scan", "fax"]


def tokens(text):
    return re.findall(r"[a-z0-9]+", str(text).lower())


def page_tokens(results):
    """{page number: set of tokens} over every result record of one packet."""
    pages = {}
    for record in results:
        for page in record.page_words:
            pages.setdefault(page["page"], set()).update(
                t for word in page.get("words", []) for t in tokens(word.get("text", "")))
    return pages


def score_ocr(truth, results):
    found = {q: 0 for q in QUALITIES}
    total = {q: 0 for q in QUALITIES}
    exact = {q: 0 for q in QUALITIES}
    fields = {q: 0 for q in QUALITIES}
    page_count = 0
    problems = []
    for record in truth:
        packet = results.get(record["sha256"], [])
        words = page_tokens(packet)
        if not words:
            continue
        page_count += len(words)
        for doc in record.get("documents", []):
            for name in TEXT_FIELDS:
                field = (doc.get("fields") or {}).get(name)
                if not field or not field.get("page"):
                    continue
                printed = field.get("printed") or field.get("value")
                wanted = tokens(printed) if printed else []
                if not wanted or field["page"] not in words:
                    continue
                quality = page_quality(record, field["page"])
                if quality not in QUALITIES:
                    continue
                got = [t for t in wanted if t in words[field["page"]]]
                found[quality] += len(got)
                total[quality] += len(wanted)
                fields[quality] += 1
                if len(got) == len(wanted):
                    exact[quality] += 1
                else:
                    problems.append("%s page %d: %s not fully read (%d of %d tokens)" % (
                        record["file"], field["page"], name, len(got), len(wanted)))
    figures = {"ocr.pages": page_count if page_count else None}
    for q in QUALITIES + ["all"]:
        f = sum(found.values()) if q == "all" else found[q]
        t = sum(total.values()) if q == "all" else total[q]
        e = sum(exact.values()) if q == "all" else exact[q]
        n = sum(fields.values()) if q == "all" else fields[q]
        figures["ocr.word_recall." + q] = f / t if t else None
        figures["ocr.field_exact." + q] = e / n if n else None
    return figures, problems
