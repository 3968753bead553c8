# mi-ocr on the sample packets, straight from mi-validate and behind mi-split: born-digital pages
# come from the text layer with no OCR time; scans, faxes (204x98 and 204x196), a TIFF upload and
# pages under an old invisible OCR layer are OCR'd and the patient's surname is read on the page
# that holds it; every rotated page ends upright and no upright page is turned (ocr_check.py);
# fax covers pass through untouched; conservation (outputs + rejects = inputs, exit 65 for the
# one bad record); no canary in stderr, rejects or the audit log; the audit chain verifies.
source "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
DATA="$MI_SOURCE_DIR/testdata"
T="$MI_TEST_TMP"
CHECK="$(dirname "$0")/ocr_check.py"
export MI_CLAMAV_DB="$DATA/clamav"
lines() { grep -c '' "$1" 2>/dev/null || true; }

expect_status 0 mi-keys init -q

# --- 1. mi-validate | mi-ocr: the whole source is one range, the census decides per page ---------
packets="p01-referral-letter.pdf p03-consent-signed.pdf p14-rotate-attribute.pdf
p09-scan-procedure-consent.pdf p15-rotated-scans.pdf p16-rotation-corrected.pdf
p07-fax-referral.pdf u01-fax-upload.tif p29-mixed-scan-invalid.pdf p17-old-ocr-layer.pdf"
args=()
for p in $packets; do args+=("$DATA/packets/$p"); done
expect_status 0 mi-validate -q --tenant clinic-a "${args[@]}" >"$T/validated.ndjson"
# One record that is not an envelope: it must become a reject, and the rest must flow.
{ head -n 3 "$T/validated.ndjson"; echo '{"v":1,"garbage":true}'; tail -n +4 "$T/validated.ndjson"; } >"$T/in.ndjson"
start=$(date +%s)
got=0
mi-ocr --jobs 2 --rejects "$T/rejects.ndjson" <"$T/in.ndjson" >"$T/ocr.ndjson" 2>"$T/ocr.err" || got=$?
echo "mi-ocr: $(($(date +%s) - start)) s for $(lines "$T/validated.ndjson") packets" >&2
[ "$got" -eq 65 ] && pass "one bad record: exit 65" || fail "exit $got, wanted 65"
in=$(lines "$T/in.ndjson")
out=$(lines "$T/ocr.ndjson")
rej=$(lines "$T/rejects.ndjson")
[ $((out + rej)) -eq "$in" ] && [ "$rej" -eq 1 ] && pass "conservation: $out + $rej = $in" ||
  fail "conservation: $out outputs + $rej rejects != $in inputs"
grep -q envelope_malformed "$T/rejects.ndjson" && pass "the bad record is envelope_malformed" ||
  fail "reject reason"
mi-inspect -q <"$T/ocr.ndjson" >"$T/ocr.inspected"
# Output order is input order.
"$PY" - "$T/validated.ndjson" "$T/ocr.ndjson" <<'PYEOF' && pass "records leave in input order" || fail "order"
import json, sys
a = [json.loads(l)["doc"] for l in open(sys.argv[1]) if l.strip()]
b = [json.loads(l)["doc"] for l in open(sys.argv[2]) if l.strip()]
sys.exit(0 if a == b else 1)
PYEOF
if "$PY" "$CHECK" "$DATA/truth" "$T/ocr.inspected" >"$T/check.txt"; then
  pass "every page: source, surname, orientation (validate | ocr)"
else
  fail "page checks (validate | ocr):"
  grep FAIL "$T/check.txt" >&2
fi
cat "$T/check.txt" >&2
# The checks can fail: without orientation, p15's turned pages must be caught.
sed -n 5p "$T/validated.ndjson" >"$T/p15.ndjson"
mi-ocr -q --jobs 2 --no-orientation <"$T/p15.ndjson" | mi-inspect -q >"$T/p15.inspected"
if "$PY" "$CHECK" "$DATA/truth" "$T/p15.inspected" >"$T/p15.check"; then
  fail "ocr_check.py accepted p15 read without orientation"
else
  grep -q "turned 0, wanted" "$T/p15.check" && pass "the orientation check fails when it should" ||
    fail "the orientation check failed for another reason"
fi

# --- 2. mi-validate | mi-split | mi-ocr: page ranges, page_info hints, fax covers set aside ------
expect_status 0 mi-validate -q --tenant clinic-b "$DATA/packets/p12-mixed-new-patient.pdf" \
  "$DATA/packets/p08-fax-lab-consent.pdf" >"$T/v2.ndjson"
mi-split -q <"$T/v2.ndjson" >"$T/split.ndjson" 2>"$T/split.err" || fail "mi-split failed"
expect_status 0 mi-ocr -q --jobs 2 <"$T/split.ndjson" >"$T/ocr2.ndjson" 2>"$T/ocr2.err"
[ "$(lines "$T/ocr2.ndjson")" -eq "$(lines "$T/split.ndjson")" ] && pass "one output per document" ||
  fail "documents lost behind mi-split"
mi-inspect -q <"$T/ocr2.ndjson" >"$T/ocr2.inspected"
if "$PY" "$CHECK" "$DATA/truth" "$T/ocr2.inspected" >"$T/check2.txt"; then
  pass "every page: source, surname, orientation (validate | split | ocr)"
else
  fail "page checks (validate | split | ocr):"
  grep FAIL "$T/check2.txt" >&2
fi
"$PY" - "$T/ocr2.inspected" <<'PYEOF' && pass "ranges OCR'd exactly; fax covers pass through" || fail "ranges"
import json, sys
covers = 0
for l in open(sys.argv[1]):
    r = json.loads(l)
    ops, phi = r["ops"], r["phi"]
    if ops.get("document_type") == "fax_cover":
        covers += 1
        assert "ocr" not in ops and "pages" not in phi and ops["stage"] == "split"
        continue
    first, last = ops["pages"]
    assert [p["page"] for p in phi["pages"]] == list(range(first, last + 1)), "range"
    assert ops["stage"] == "ocr"
assert covers >= 1, "no fax cover seen"
PYEOF

# --- 3. no PHI outside the sealed compartments ---------------------------------------------------
leaks=0
for p in $packets p12-mixed-new-patient.pdf p08-fax-lab-consent.pdf; do
  truth="$DATA/truth/${p%.*}.json"
  while IFS= read -r canary; do
    for f in "$T/ocr.err" "$T/ocr2.err" "$T/rejects.ndjson" "$MI_HOME/audit.log" "$T/ocr.ndjson"; do
      if grep -qiF -- "$canary" "$f"; then
        fail "a canary of $p leaked into $(basename "$f")"
        leaks=$((leaks + 1))
      fi
    done
  done < <("$PY" -c 'import json,sys; print("\n".join(json.load(open(sys.argv[1]))["canaries"]))' "$truth")
done
[ "$leaks" -eq 0 ] && pass "no canary in stderr, rejects, audit log or envelope headers"
grep -q '"ocr.document"' "$MI_HOME/audit.log" && pass "ocr.document audited" || fail "no ocr.document audit record"
expect_status 0 mi-audit verify -q

finish
