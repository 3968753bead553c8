#!/usr/bin/env bash
# mi-split end to end: page census facts, classification, splitting, conservation, no PHI out.
source "$(dirname "$0")/lib.sh"
export MI_CLAMAV_DB="$MI_SOURCE_DIR/testdata/clamav"
T="$MI_TEST_TMP"
P="$MI_SOURCE_DIR/testdata/packets"
C="$MI_SHARED_DIR/corpora/ocrmypdf"
mi-keys init -q

# ops of a split stream as one JSON object per line: document type, pages, status, page_info.
ops() { mi-inspect -q -c ops <"$1" | /usr/bin/python3 -c '
import json, sys
for line in sys.stdin:
    print(json.dumps(json.loads(line)["ops"]))'; }

files=("$P/p07-fax-referral.pdf" "$P/p12-mixed-new-patient.pdf" "$P/p17-old-ocr-layer.pdf"
  "$P/p01-referral-letter.pdf" "$C/aspect.pdf" "$C/graph_ocred.pdf" "$C/type3_font_nomapping.pdf")
mi-validate -q --tenant t1 "${files[@]}" >"$T/intake.ndjson"
expect_status 0 mi-split --rejects "$T/rejects.ndjson" <"$T/intake.ndjson" >"$T/docs.ndjson" 2>"$T/stderr"
ops "$T/docs.ndjson" >"$T/ops.ndjson"

/usr/bin/python3 - "$T/ops.ndjson" "$MI_SOURCE_DIR/testdata/truth" <<'PY' && pass "census, classes and ranges as expected" || fail "census/classification checks (above)"
import json, sys
docs = [json.loads(l) for l in open(sys.argv[1])]
bad = []
def check(cond, what):
    if not cond:
        bad.append(what)
by_source = {}
for d in docs:
    by_source.setdefault(d["source_document"], []).append(d)
# Conservation: every page of every upload is in exactly one document, in order.
for source, ds in by_source.items():
    pages = [p for d in ds for p in range(d["pages"][0], d["pages"][1] + 1)]
    check(pages == list(range(1, ds[0]["source_pages"] + 1)), "pages of %s: %s" % (source, pages))
    for d in ds:
        check([i["page"] for i in d["page_info"]] == list(range(d["pages"][0], d["pages"][1] + 1)),
              "page_info of a document")
check(len(by_source) == 7, "7 uploads split, got %d" % len(by_source))
infos = [i for d in docs for i in d["page_info"]]
types = [(d["document_type"], d["pages"], d["status"]) for d in docs]
# p07: a fax cover (set aside) and a referral.
check(("fax_cover", [1, 1], "set_aside") in types, "fax cover set aside: %s" % types)
# p12: referral (born digital), consent and insurance card (scans).
for t in (("referral", [1, 1], "split"), ("consent", [2, 2], "split"), ("insurance_card", [3, 3], "split")):
    check(t in types, "p12 %s in %s" % (t, types))
# p01: a two-page referral whose second page says "continued".
check(("referral", [1, 2], "split") in types, "p01 two-page referral")
# Text layers: an old invisible OCR layer is recorded and not trusted.
check(any(i["text_layer"] == "invisible" and i["needs_ocr"] for i in infos), "invisible layer page")
check(sum(1 for i in infos if i["text_layer"] == "visible" and not i["needs_ocr"]) >= 3, "born-digital pages")
# Fax resolution: 204x98 and aspect.pdf's 200x100 are measured as non-square.
dpis = [tuple(round(v) for v in i["dpi"]) for i in infos if i["dpi"]]
check((204, 98) in dpis or (204, 196) in dpis, "fax dpi measured: %s" % dpis)
check((200, 100) in dpis, "aspect.pdf 200x100 dpi: %s" % dpis)
# Glyphs without Unicode mapping send the page to OCR.
check(any(i["unmapped_glyphs"] > 0 and i["needs_ocr"] for i in infos), "unmapped glyphs need OCR")
# The census is cheap.
check(max(i["census_ms"] for i in infos) < 500, "census under 500 ms per page")
for b in bad:
    print("  -", b)
sys.exit(1 if bad else 0)
PY

# Nothing of the documents' content or file names reaches stderr or the audit log.
canaries=$(/usr/bin/python3 -c '
import json, sys
for name in ("p07-fax-referral", "p12-mixed-new-patient", "p17-old-ocr-layer", "p01-referral-letter"):
    for c in json.load(open(sys.argv[1] + "/" + name + ".json"))["canaries"]:
        print(c)' "$MI_SOURCE_DIR/testdata/truth")
leaks=0
while IFS= read -r c; do
  [ -n "$c" ] || continue
  if grep -qiF -- "$c" "$T/stderr" "$MI_HOME/audit.log"; then
    fail "canary leaked: $c"
    leaks=1
  fi
done <<<"$canaries"
[ "$leaks" -eq 0 ] && pass "no canary in stderr or audit log"
grep -q '"action":"split.document"' "$MI_HOME/audit.log" && pass "split audited" || fail "no split.document audit record"

# --no-header-ocr: image pages go to review as unknown, nothing is dropped.
mi-split -q --no-header-ocr <"$T/intake.ndjson" >"$T/fast.ndjson"
ops "$T/fast.ndjson" >"$T/fast-ops.ndjson"
grep -q '"status": "needs_review"' "$T/fast-ops.ndjson" && pass "unknown pages to review" || fail "no review documents without header OCR"

# A record whose upload is gone from the vault is rejected; the others still go through.
mi-inspect -q -c phi <"$T/intake.ndjson" >"$T/phi.ndjson"
first_object=$(/usr/bin/python3 -c 'import json, sys; print(json.loads(open(sys.argv[1]).readline())["phi"]["source"]["object"])' "$T/phi.ndjson")
find "$MI_HOME/vault" -name "$first_object.blob" -delete
expect_status 65 mi-split -q --rejects "$T/rej2.ndjson" <"$T/intake.ndjson" >"$T/partial.ndjson"
grep -q '"reason":"vault_object_missing"' "$T/rej2.ndjson" && pass "missing vault object rejected" || fail "no vault_object_missing reject"
[ "$(ops "$T/partial.ndjson" | /usr/bin/python3 -c 'import json,sys; print(len({json.loads(l)["source_document"] for l in sys.stdin}))')" -eq 6 ] && pass "the other 6 uploads were split" || fail "batch stopped"
expect_status 0 mi-audit verify
finish
