#!/usr/bin/env bash
# mi-redact end to end, proven with tools independent of mi's own leak gate (poppler, mutool, qpdf,
# pikepdf, tesseract, PIL; the checks are in redact_check.py). A test policy (the default one,
# attachments stripped at intake) sends every document to "archive" (internal, Safe Harbor,
# vector), "export" (external, Safe Harbor, raster by default) and "ehr" (name, DOB, MRN, match
# key, no document). The 13 adversarial PDFs of testdata/redact and three sample packets (p24: two
# born-digital consents of one patient, one signed; p09: a scan; p07: a fax) go through
# validate | split | ocr | extract | redact, with conservation of records checked.
#  - control: on the unredacted sources the checks see every printed canary (they are not blind);
#  - per document: archive and export released; each PDF, fetched with mi-vault get, shows no
#    canary to pdftotext, mutool, its raw, inflated and qpdf --qdf bytes (literal, hex, UTF-16BE),
#    pikepdf's view of every object, tesseract on its pages and images; passes qpdf --check with
#    one revision; no /Info, not the source's /ID, no /Annots /Metadata /AcroForm, attachments or
#    scripts; raster outputs are pictures only; pages with PHI show black boxes;
#  - payloads: archive/export hold no canary, ehr only name, DOB, MRN; match keys mk1_<hex>, equal
#    exactly for one patient; a to:archive keyring opens to:archive only, and fetches its document;
#  - fail closed: records that skipped mi-extract are rejected (stage_missing, 65); a keyring
#    without a destination's key stops mi-redact with 77 before it reads input;
#  - no canary in stderr, rejects, the audit log (which verifies), ops, or file names.
source "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
CHECK="$MI_SOURCE_DIR/tests/e2e/redact_check.py"
DATA="$MI_SOURCE_DIR/testdata"
T="$MI_TEST_TMP"
export MI_CLAMAV_DB="$DATA/clamav"
export MI_POLICY="$T/policy.json"
TODAY=2026-12-04
started=$SECONDS
lines() { grep -c '' "$1" 2>/dev/null || true; }

# py_checks ARGS...: the helper prints ok/FAIL lines on stderr and the number of failures last.
py_checks() {
  local n
  if "$PY" "$CHECK" "$@" >"$T/py.out"; then
    n=$(tail -n 1 "$T/py.out")
    case "$n" in
    '' | *[!0-9]*) fail "redact_check.py $1: no failure count" ;;
    *) failures=$((failures + n)) ;;
    esac
  else
    fail "redact_check.py $1 crashed"
  fi
}

# stage NAME IN OUT CMD...: runs a pipeline stage with its stderr in $T/NAME.err; 0 or 65 allowed.
stage() {
  local name=$1 in=$2 out=$3 got=0 t0=$SECONDS
  shift 3
  "$@" <"$in" >"$out" 2>"$T/$name.err" || got=$?
  if [ "$got" -eq 0 ] || [ "$got" -eq 65 ]; then pass "$name: exit $got ($((SECONDS - t0)) s)"; else
    fail "$name: exit $got"
    cat "$T/$name.err" >&2
  fi
}

# --- policy and keys ------------------------------------------------------------------------
"$PY" "$CHECK" policy "$MI_SOURCE_DIR/common/policy/default-policy.json" "$MI_POLICY"
expect_status 0 mi-keys init -q
mi-keys list >"$T/keys.txt" 2>"$T/keys.err"
for d in archive export ehr; do
  grep -q "to:$d" "$T/keys.txt" && pass "mi-keys init made to:$d (from MI_POLICY)" || fail "no to:$d key"
done

# --- inputs: the redaction set and three sample packets -------------------------------------
packets="p24-two-consents.pdf p09-scan-procedure-consent.pdf p07-fax-referral.pdf"
py_checks packets "$DATA/truth" $packets
inputs=("$DATA"/redact/*.pdf)
[ "${#inputs[@]}" -eq 13 ] && pass "13 files in testdata/redact" || fail "${#inputs[@]} files in testdata/redact"
for p in $packets; do inputs+=("$DATA/packets/$p"); done
source_args=()
for f in "${inputs[@]}"; do source_args+=(--source "$f"); done

# --- the pipeline -----------------------------------------------------------------------------
: >"$T/empty"
stage mi-validate "$T/empty" "$T/validated.ndjson" \
  mi-validate --tenant clinic-a --rejects "$T/rejects-validate.ndjson" "${inputs[@]}"
stage mi-split "$T/validated.ndjson" "$T/split.ndjson" mi-split --rejects "$T/rejects-split.ndjson"
stage mi-ocr "$T/split.ndjson" "$T/read.ndjson" mi-ocr --jobs 2 --rejects "$T/rejects-ocr.ndjson"
stage mi-extract "$T/read.ndjson" "$T/fields.ndjson" \
  mi-extract --today "$TODAY" --rejects "$T/rejects-extract.ndjson"
# While mi-redact works (one core), a control on the other: on the unredacted sources the
# independent checks below see every canary that is printed, so they are not blind.
"$PY" "$CHECK" control --jobs 1 --data "$DATA" --tmp "$T" "${source_args[@]}" >"$T/control.out" 2>"$T/control.log" &
control_pid=$!
stage mi-redact "$T/fields.ndjson" "$T/redacted.ndjson" \
  mi-redact --today "$TODAY" --rejects "$T/rejects-redact.ndjson"
if wait "$control_pid"; then
  cat "$T/control.log" >&2
  n=$(tail -n 1 "$T/control.out")
  failures=$((failures + ${n:-1}))
else
  cat "$T/control.log" >&2
  fail "redact_check.py control crashed"
fi
for s in validate split ocr extract redact; do touch "$T/rejects-$s.ndjson"; done
cat "$T"/rejects-*.ndjson >"$T/rejects.ndjson"

# Conservation: every upload is a record or a reject; every record of one stage is a record or a
# reject of the next (mi-split: every upload's trace reaches a document or a reject); every
# reject names a reason.
"$PY" - "$T" "${#inputs[@]}" <<'PYEOF' >"$T/conservation.txt" 2>&1 && pass "conservation: $(cat "$T/conservation.txt")" || { fail "conservation"; cat "$T/conservation.txt" >&2; }
import json, sys
t, uploads = sys.argv[1], int(sys.argv[2])
def records(name):
    return [json.loads(l) for l in open("%s/%s.ndjson" % (t, name)) if l.strip()]
def header(r):  # an envelope's header fields are its top-level keys
    return r
rejects = {s: records("rejects-" + s) for s in ["validate", "split", "ocr", "extract", "redact"]}
bad = []
for s, rs in rejects.items():
    for r in rs:
        if r.get("type") != "reject" or not r.get("reason"):
            bad.append("a %s reject without a reason code" % s)
v = records("validated")
if len(v) + len(rejects["validate"]) != uploads:
    bad.append("mi-validate: %d records + %d rejects for %d uploads" % (len(v), len(rejects["validate"]), uploads))
traces = {header(r).get("trace") for r in v}
if None in traces or len(traces) != len(v):
    bad.append("validated records without distinct traces")
split = records("split")
reached = {header(r).get("trace") for r in split} | {r.get("trace") for r in rejects["split"]}
if traces - reached:
    bad.append("%d uploads neither split nor rejected" % len(traces - reached))
for a, b, rj in (("split", "read", "ocr"), ("read", "fields", "extract"), ("fields", "redacted", "redact")):
    n_in, n_out, n_rej = len(records(a)), len(records(b)), len(rejects[rj])
    if n_out + n_rej != n_in:
        bad.append("%s: %d in, %d out + %d rejected" % (rj, n_in, n_out, n_rej))
final = {header(r).get("trace") for r in records("redacted")}
for s, rs in rejects.items():
    final |= {r.get("trace") for r in rs}
if traces - final:
    bad.append("%d accepted uploads end neither as an envelope nor as a reject" % len(traces - final))
print("; ".join(bad) if bad else "%d uploads, %d documents, %d rejects" % (
    len(v), len(records("redacted")), sum(len(r) for r in rejects.values())))
sys.exit(1 if bad else 0)
PYEOF
[ "$(lines "$T/rejects.ndjson")" -eq 0 ] && pass "no rejects (r05's attachment stripped by the policy)" || {
  fail "$(lines "$T/rejects.ndjson") rejects"
  "$PY" -c 'import json,sys; [print(json.loads(l)["tool"], json.loads(l)["reason"], json.loads(l).get("input"), file=sys.stderr) for l in open(sys.argv[1])]' "$T/rejects.ndjson"
}

# --- documents, payloads, released PDFs -------------------------------------------------------
mi-inspect <"$T/redacted.ndjson" >"$T/inspected.ndjson" 2>"$T/inspect.err" || fail "mi-inspect exit $?"
mi-inspect -c ops <"$T/redacted.ndjson" >"$T/ops.ndjson" 2>"$T/inspect-ops.err" || fail "mi-inspect -c ops exit $?"
mi-inspect -c ops <"$T/fields.ndjson" >"$T/ops-extract.ndjson" 2>>"$T/inspect-ops.err" || fail "mi-inspect -c ops exit $?"
# A destination's keyring: its to: key only.
expect_status 0 mi-keys export to:archive -o "$T/archive-keyring.json"
got=0
mi-inspect --keyring "$T/archive-keyring.json" <"$T/redacted.ndjson" >"$T/scoped.ndjson" 2>"$T/scoped.err" || got=$?
[ "$got" -eq 0 ] && pass "mi-inspect with the to:archive keyring: exit 0 (what it cannot open is listed under sealed)" ||
  fail "mi-inspect with the to:archive keyring: exit $got: $(head -c 400 "$T/scoped.err")"
checks_started=$SECONDS
py_checks documents --data "$DATA" --tmp "$T" --inspected "$T/inspected.ndjson" \
  --scoped "$T/scoped.ndjson" "${source_args[@]}"

echo "document checks took $((SECONDS - checks_started)) s" >&2

# The vault gives a destination's keyring its own documents only.
"$PY" - "$T/inspected.ndjson" >"$T/objects.txt" <<'PYEOF'
import json, sys
for l in open(sys.argv[1]):
    r = json.loads(l)
    a, e = (r.get("to:" + d, {}).get("redacted_document") or {} for d in ("archive", "export"))
    if a.get("object") and e.get("object"):
        print(a["object"], e["object"])
        break
PYEOF
read -r archive_obj export_obj <"$T/objects.txt" || true
if [ -n "${archive_obj:-}" ]; then
  # mi-vault get's help: "mi-vault get obj_... -o redacted.pdf   # with the destination's keyring".
  got=0
  mi-vault --keyring "$T/archive-keyring.json" get "$archive_obj" -o "$T/scoped-archive.pdf" 2>"$T/vault-scoped.err" || got=$?
  [ "$got" -eq 0 ] && [ -s "$T/scoped-archive.pdf" ] && pass "mi-vault get with the to:archive keyring: its document" ||
    fail "mi-vault get with the to:archive keyring: exit $got: $(head -c 300 "$T/vault-scoped.err")"
  # With the ids key added (which the vault insists on), the vault still keeps compartments apart.
  expect_status 0 mi-keys export to:archive ids -o "$T/archive-ids-keyring.json"
  got=0
  mi-vault --keyring "$T/archive-ids-keyring.json" get "$archive_obj" -o "$T/scoped-ids-archive.pdf" 2>>"$T/vault-scoped.err" || got=$?
  [ "$got" -eq 0 ] && [ -s "$T/scoped-ids-archive.pdf" ] &&
    pass "mi-vault get with a to:archive + ids keyring: archive's document" ||
    fail "mi-vault get with a to:archive + ids keyring: exit $got: $(head -c 300 "$T/vault-scoped.err")"
  got=0
  mi-vault --keyring "$T/archive-ids-keyring.json" get "$export_obj" -o "$T/scoped-ids-export.pdf" 2>>"$T/vault-scoped.err" || got=$?
  [ "$got" -ne 0 ] && [ ! -s "$T/scoped-ids-export.pdf" ] &&
    pass "mi-vault get with a to:archive + ids keyring: export's document refused (exit $got)" ||
    fail "mi-vault get with a to:archive + ids keyring opened export's document"
else
  fail "no document released to both archive and export"
fi

# --- the gate fails closed --------------------------------------------------------------------
# Records that never went through mi-extract: stage_missing, exit 65 (fax covers pass through).
got=0
mi-redact --today "$TODAY" --rejects "$T/rejects-unextracted.ndjson" <"$T/read.ndjson" \
  >"$T/unextracted.ndjson" 2>"$T/redact-unextracted.err" || got=$?
[ "$got" -eq 65 ] && pass "mi-redact on mi-ocr output: exit 65" || fail "mi-redact on mi-ocr output: exit $got, wanted 65"
touch "$T/rejects-unextracted.ndjson"
mi-inspect -c ops <"$T/unextracted.ndjson" >"$T/unextracted-ops.ndjson" 2>>"$T/inspect-ops.err" || true
"$PY" - "$T/read.ndjson" "$T/unextracted-ops.ndjson" "$T/rejects-unextracted.ndjson" <<'PYEOF' >"$T/unextracted.txt" 2>&1 &&
import json, sys
n_in = sum(1 for l in open(sys.argv[1]) if l.strip())
out = [json.loads(l) for l in open(sys.argv[2]) if l.strip()]
rej = [json.loads(l) for l in open(sys.argv[3]) if l.strip()]
bad = [r["ops"].get("document_type") for r in out if r["ops"].get("document_type") != "fax_cover"]
reasons = sorted({r.get("reason") for r in rej})
print("%d records: %d rejected %s, %d fax covers passed through" % (n_in, len(rej), reasons, len(out)))
sys.exit(0 if not bad and reasons == ["stage_missing"] and len(out) + len(rej) == n_in and rej else 1)
PYEOF
  pass "unextracted records: $(cat "$T/unextracted.txt")" || fail "unextracted records: $(cat "$T/unextracted.txt")"

# A keyring without a destination's key: 77 before reading any input (stdin never ends here).
expect_status 0 mi-keys export ops phi ids audit to:archive to:ehr -o "$T/no-export-keyring.json"
mkfifo "$T/stdin.fifo"
exec 7<>"$T/stdin.fifo"
got=0
timeout 30 mi-redact --today "$TODAY" --keyring "$T/no-export-keyring.json" <"$T/stdin.fifo" \
  >"$T/no-key.ndjson" 2>"$T/redact-no-key.err" || got=$?
exec 7>&-
[ "$got" -eq 77 ] && pass "mi-redact without the to:export key: exit 77 before reading input" ||
  fail "mi-redact without the to:export key: exit $got (124: it waited for input)"
[ ! -s "$T/no-key.ndjson" ] && pass "no output without the key" || fail "output without the key"
grep -q 'destination=export.*\[key_not_held\]' "$T/redact-no-key.err" && pass "the error names the destination and key_not_held" ||
  fail "the error does not name the destination: $(head -c 300 "$T/redact-no-key.err")"

# --- no canary outside the sealed compartments ------------------------------------------------
got=0
mi-audit verify >"$T/audit-verify.out" 2>"$T/mi-audit.err" || got=$?
[ "$got" -eq 0 ] && pass "mi-audit verify: exit 0 ($(head -c 120 "$T/audit-verify.out" | tr '\n' ' '))" ||
  fail "mi-audit verify: exit $got: $(head -c 400 "$T/mi-audit.err")"
leak_files=()
for f in "$T"/*.err "$T"/rejects*.ndjson "$MI_HOME/audit.log" "$T/audit-verify.out" "$T/ops.ndjson" \
  "$T/ops-extract.ndjson" "$T/unextracted-ops.ndjson" "$T/keys.txt"; do
  [ -e "$f" ] && leak_files+=("$f")
done
py_checks leaks --data "$DATA" "${source_args[@]}" --names-under "$MI_HOME" -- "${leak_files[@]}"

echo "redact.sh took $((SECONDS - started)) s" >&2
finish
