# mi-extract behind mi-validate | mi-split | mi-ocr on packets of each kind: born-digital fields
# equal the truth; a lab report with a bad NPI check digit, a consent signed before its form date
# and a referral with an impossible date go to review with the right reason codes and into the
# review queue; the signed consent reads signed and the unsigned ROI unsigned; ops.extract holds
# no value; a record that was never OCR'd is rejected (stage_missing, exit 65) and the rest flow;
# policy errors stop the run with 78; no canary in stderr, rejects, audit log or queue file names.
source "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
DATA="$MI_SOURCE_DIR/testdata"
T="$MI_TEST_TMP"
export MI_CLAMAV_DB="$DATA/clamav"
lines() { grep -c '' "$1" 2>/dev/null || true; }

packets="p01-referral-letter.pdf p03-consent-signed.pdf p04-lab-report.pdf p05-roi-unsigned.pdf
p19-invalid-npi.pdf p21-signed-before-form.pdf p18-invalid-dob.pdf p09-scan-procedure-consent.pdf"
args=()
for p in $packets; do args+=("$DATA/packets/$p"); done

expect_status 0 mi-keys init -q
expect_status 0 mi-validate -q --tenant clinic-a "${args[@]}" >"$T/validated.ndjson"
expect_status 0 mi-split -q <"$T/validated.ndjson" >"$T/split.ndjson"
expect_status 0 mi-ocr -q --jobs 2 <"$T/split.ndjson" >"$T/read.ndjson"
# A record straight from mi-validate (no pages of text) among the OCR'd ones.
{ head -n 1 "$T/validated.ndjson"; cat "$T/read.ndjson"; } >"$T/in.ndjson"
got=0
mi-extract --today 2026-12-04 --rejects "$T/rejects.ndjson" <"$T/in.ndjson" >"$T/fields.ndjson" \
  2>"$T/extract.err" || got=$?
[ "$got" -eq 65 ] && pass "a record without OCR pages: exit 65" || fail "exit $got, wanted 65"
grep -q '"stage_missing"' "$T/rejects.ndjson" && pass "rejected as stage_missing" ||
  fail "reject reason for a record without pages"
[ $(($(lines "$T/fields.ndjson") + $(lines "$T/rejects.ndjson"))) -eq "$(lines "$T/in.ndjson")" ] &&
  pass "conservation" || fail "conservation"

mi-inspect -q <"$T/fields.ndjson" >"$T/fields.inspected"
mi-inspect -q -c ops <"$T/fields.ndjson" >"$T/ops.inspected"
"$PY" - "$DATA/truth" "$T/fields.inspected" <<'PYEOF' >"$T/check.txt" 2>&1 && pass "fields against the truth" || { fail "fields against the truth"; cat "$T/check.txt" >&2; }
import json, sys, glob, os
sys.path.insert(0, os.path.join(sys.argv[1], "..", "..", "scripts"))
from scoring.normalize import comparable, result_value
truth = {}
for path in glob.glob(sys.argv[1] + "/*.json"):
    t = json.load(open(path))
    truth[os.path.basename(t["file"])] = t
bad = 0
def check(cond, what):
    global bad
    if not cond:
        print("FAIL", what)
        bad += 1
docs = [json.loads(l) for l in open(sys.argv[2])]
by_name = {}
for d in docs:
    by_name.setdefault(d["phi"]["source"]["original_name"], []).append(d)
def doc(name, pages):
    for d in by_name[name]:
        if d["ops"]["pages"] == pages:
            return d
    raise SystemExit("FAIL no document %s %s" % (name, pages))
# Born-digital packets: every truth field read exactly and accepted.
for name in ("p01-referral-letter.pdf", "p03-consent-signed.pdf", "p04-lab-report.pdf",
             "p05-roi-unsigned.pdf"):
    for td in truth[name]["documents"]:
        d = doc(name, td["pages"])
        fields = d["phi"]["fields"]
        for field, tf in td["fields"].items():
            r = fields.get(field)
            check(r is not None, "%s %s: %s not found" % (name, td["pages"], field))
            if r is None:
                continue
            if field == "checkboxes":
                check({k.lower(): v for k, v in r["value"].items()} ==
                      {k.lower(): v for k, v in tf["value"].items()}, "%s checkboxes" % name)
            else:
                check(comparable(field, result_value(field, r)) ==
                      comparable(field, tf.get("value"), tf.get("printed")),
                      "%s %s: wrong value" % (name, field))
            check(r["status"] == "accepted", "%s %s: %s" % (name, field, r["status"]))
            if r.get("box"):
                x0, y0, x1, y1 = r["box"]
                check(0 <= x0 < x1 <= 612 and 0 <= y0 < y1 <= 792, "%s %s box" % (name, field))
        check(d["ops"]["status"] == "accepted", "%s: document %s" % (name, d["ops"]["status"]))
# Deliberately invalid values go to review with their reason code.
for name, field, reason in (("p19-invalid-npi.pdf", "provider_npi", "npi_check_digit"),
                            ("p21-signed-before-form.pdf", "signature_date", "signature_before_form_date"),
                            ("p18-invalid-dob.pdf", "dob", "impossible_date")):
    d = by_name[name][0]
    r = d["phi"]["fields"].get(field, {})
    check(r.get("status") == "needs_review" and reason in r.get("reasons", []),
          "%s %s: %s %s" % (name, field, r.get("status"), r.get("reasons")))
    check(d["ops"]["status"] == "needs_review" and reason in d["ops"]["extract"]["reasons"],
          "%s: document not sent to review for %s" % (name, reason))
# Signatures from ink: p03 signed, p05 unsigned.
check(doc("p03-consent-signed.pdf", [1, 2])["phi"]["fields"]["signature_status"]["value"] == "signed", "p03 signed")
check(by_name["p05-roi-unsigned.pdf"][0]["phi"]["fields"]["signature_status"]["value"] == "unsigned", "p05 unsigned")
# A scan: the boxed procedure consent.
d = by_name["p09-scan-procedure-consent.pdf"][0]
check(d["phi"]["fields"].get("patient_name", {}).get("source") == "ocr", "p09 name read by OCR")
sys.exit(1 if bad else 0)
PYEOF

# ops.extract carries statuses and codes, never a value: no canary in the ops compartment.
"$PY" - "$DATA/truth" "$T/ops.inspected" "$T/extract.err" "$T/rejects.ndjson" "$MI_HOME/audit.log" <<'PYEOF' && pass "no canary in ops, stderr, rejects or the audit log" || fail "a canary leaked"
import json, sys, glob
canaries = set()
for path in glob.glob(sys.argv[1] + "/*.json"):
    canaries.update(c for c in json.load(open(path)).get("canaries", []) if len(c) >= 4)
leaks = 0
for path in sys.argv[2:]:
    text = open(path, errors="replace").read()
    for c in canaries:
        if c in text:
            print("LEAK", path, file=sys.stderr)
            leaks += 1
sys.exit(1 if leaks else 0)
PYEOF

# The review queue holds the documents needing review, named by ids only.
queued=$(find "$MI_HOME/review/pending" -type f | wc -l)
review=$(grep -c '"needs_review"' "$T/ops.inspected" || true)
[ "$queued" -ge 3 ] && pass "$queued documents in the review queue" || fail "review queue holds $queued"
find "$MI_HOME/review" -type f | grep -qv -E '/doc_[a-z0-9]+\.v[0-9]+\.ndjson$' &&
  fail "a queue file is not named by ids" || pass "queue files are named by ids"
# A re-run files the same documents again, not twice.
mi-extract -q --today 2026-12-04 <"$T/read.ndjson" >/dev/null
[ "$(find "$MI_HOME/review/pending" -type f | wc -l)" -eq "$queued" ] &&
  pass "a re-run does not duplicate queue entries" || fail "queue grew on a re-run"
# --no-queue leaves the queue alone; the statuses are the same.
mi-extract -q --today 2026-12-04 --no-queue --review-dir "$T/other-queue" <"$T/read.ndjson" >/dev/null
[ ! -e "$T/other-queue" ] && pass "--no-queue files nothing" || fail "--no-queue wrote a queue"

# A policy error stops the run before any record (78) and names the place.
"$PY" - "$MI_SOURCE_DIR/common/policy/default-policy.json" "$T/bad-policy.json" <<'PYEOF'
import json, sys
p = json.load(open(sys.argv[1]))
p["extract"]["mrn_patterns"] = ["([0-9"]
json.dump(p, open(sys.argv[2], "w"))
PYEOF
got=0
mi-extract --policy "$T/bad-policy.json" <"$T/read.ndjson" >"$T/none.ndjson" 2>"$T/policy.err" || got=$?
[ "$got" -eq 78 ] && pass "bad MRN pattern: exit 78" || fail "bad policy: exit $got"
grep -q "/extract/mrn_patterns" "$T/policy.err" && pass "the error names /extract/mrn_patterns" ||
  fail "policy error location"
[ "$(lines "$T/none.ndjson")" -eq 0 ] && pass "no output on a policy error" || fail "output written"

expect_status 0 mi-audit verify -q
finish
