#!/usr/bin/python3
"""Checks mi-ocr output (as opened by mi-inspect) against testdata/truth; used by ocr-*.sh.

usage: ocr_check.py TRUTH_DIR INSPECTED_NDJSON
Prints one line per page and exits 1 with FAIL lines when a page is wrong:
 - a page with a visible text layer must come from it (source text_layer, no OCR time);
 - any other page must be OCR'd;
 - the patient's surname must be among the words of the page that holds the patient name;
 - every page must end upright: OCR'd pages turned by (360 - displayed rotation) % 360, and
   no page displayed upright turned at all; text-layer pages report the same content_rotation.
"""
import glob
import json
import re
import sys


def norm(word):
    return re.sub(r"[^0-9a-z]", "", word.lower())


truth_dir, inspected = sys.argv[1], sys.argv[2]
truths = {}
for path in glob.glob(truth_dir + "/*.json"):
    t = json.load(open(path))
    if t.get("expect") == "accept":
        truths[t["sha256"]] = t

failures = 0


def fail(msg):
    global failures
    failures += 1
    print("FAIL: " + msg)


print("%-28s %4s %-10s %7s %5s %5s %4s %s" % ("packet", "page", "source", "seconds", "words",
                                              "conf", "turn", "surname"))
for line in open(inspected):
    if not line.strip():
        continue
    r = json.loads(line)
    ops, phi = r["ops"], r["phi"]
    t = truths.get(phi["source"]["sha256"])
    if t is None:
        fail("no truth for a record")
        continue
    name = t["file"].split("/")[-1]
    if ops.get("document_type") == "fax_cover" or ops.get("status") == "set_aside":
        if "ocr" in ops or "pages" in phi:
            fail("%s: a set-aside document was OCR'd" % name)
        continue
    surname = norm(t["canaries"][0])
    name_pages = {d["fields"]["patient_name"]["page"] for d in t["documents"]
                  if "patient_name" in d["fields"] and d["fields"]["patient_name"].get("page")}
    for fig, page in zip(ops["ocr"]["pages"], phi["pages"]):
        n = page["page"]
        tp = t["pages"][n - 1]
        words = [norm(w["text"]) for w in page["words"]]
        has_surname = surname in words or any(surname in w for w in words if len(w) > 4)
        want_turn = (360 - tp["rotation"]) % 360
        print("%-28s %4d %-10s %7.3f %5d %5.2f %4d %s" % (
            name[:28], n, page["source"], fig["seconds"], fig["words"], fig["mean_confidence"],
            page.get("applied_rotation", page.get("content_rotation", 0)),
            "yes" if has_surname else ("no" if n in name_pages else "-")))
        if tp["text_layer"] == "visible":
            if page["source"] != "text_layer":
                fail("%s p%d: born-digital page was OCR'd" % (name, n))
            # Text-layer reading costs milliseconds; a page with a picture on it also pays for
            # reading the picture (ocr_regions), which is OCR and timed as such.
            if fig["seconds"] > 0.05 and not page.get("ocr_regions"):
                fail("%s p%d: text-layer page took %.3f s" % (name, n, fig["seconds"]))
            if page.get("content_rotation", 0) != want_turn:
                fail("%s p%d: content_rotation %s, wanted %d" % (
                    name, n, page.get("content_rotation"), want_turn))
        else:
            if page["source"] != "ocr":
                fail("%s p%d: image page not OCR'd" % (name, n))
                continue
            if page["applied_rotation"] != want_turn:
                fail("%s p%d: turned %d, wanted %d (displayed rotation %d)" % (
                    name, n, page["applied_rotation"], want_turn, tp["rotation"]))
        if n in name_pages and not has_surname:
            fail("%s p%d: the patient's surname is not among the words" % (name, n))
        if fig["words"] != len(page["words"]):
            fail("%s p%d: ops word count disagrees with phi" % (name, n))

sys.exit(1 if failures else 0)
