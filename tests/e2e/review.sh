#!/usr/bin/env bash
# mi-review end to end: a lab result whose NPI fails its check digit goes through the pipeline into
# the review queue; list shows it with no PHI (also with an ops-only keyring); show prints the
# field; a correction that fails the gate is refused and changes nothing; a valid one gives
# version 2, accepted, on stdout, with version 1 kept in resolved/; the audit chain verifies; no
# canary of the packet reaches stderr, the audit log, a listing or a file name.
source "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
DATA="$MI_SOURCE_DIR/testdata"
T="$MI_TEST_TMP"
export MI_CLAMAV_DB="$DATA/clamav"
unset MI_REVIEWER
Q="$MI_HOME/review"
count() { find "$1" -maxdepth 1 -type f -name '*.ndjson' 2>/dev/null | wc -l; }
# expect_err WANT FILE CMD...: expect_status, with only CMD's stderr going to FILE (not our notes).
expect_err() {
  local want=$1 err=$2 got=0
  shift 2
  "$@" 2>"$err" || got=$?
  if [ "$got" -eq "$want" ]; then pass "exit $want: $*"; else fail "exit $got, wanted $want: $*"; fi
}

expect_status 0 mi-keys init -q
mi-validate -q --tenant clinic-a "$DATA/packets/p19-invalid-npi.pdf" >"$T/validated.ndjson"
mi-split -q <"$T/validated.ndjson" >"$T/split.ndjson"
mi-ocr -q <"$T/split.ndjson" >"$T/read.ndjson"
expect_err 0 "$T/extract.err" mi-extract --today 2026-12-04 <"$T/read.ndjson" >"$T/fields.ndjson"
[ "$(count "$Q/pending")" -eq 1 ] && pass "the document is queued" || fail "nothing in the queue"

# --- list: ids and codes, no PHI --------------------------------------------------------------
expect_err 0 "$T/list.err" mi-review list >"$T/list.txt"
grep -q 'npi_check_digit' "$T/list.txt" && grep -q 'provider_npi' "$T/list.txt" &&
  grep -q 'lab_result' "$T/list.txt" && pass "list: type, reason code and field" ||
  fail "list output: $(cat "$T/list.txt")"
mi-keys export ops audit -o "$T/clerk.json"
expect_err 0 "$T/list-clerk.err" mi-review list --json --keyring "$T/clerk.json" >"$T/list.json"
doc=$($PY -c 'import json, sys; print(json.loads(open(sys.argv[1]).readline())["doc"])' "$T/list.json")
$PY - "$T/list.json" <<'PY' && pass "list --json with an ops-only keyring" || fail "list --json"
import json, sys
d = json.loads(open(sys.argv[1]).readline())
assert d["version"] == 1 and d["status"] == "needs_review", d
assert "npi_check_digit" in d["reasons"] and d["fields"] == ["provider_npi"], d
assert d["pages"] == [1, 2] and d["age_seconds"] >= 0, d
PY
expect_err 77 "$T/show-clerk.err" mi-review show "$doc" --keyring "$T/clerk.json"

# --- show: the field, its value and the words around it ---------------------------------------
expect_err 0 "$T/show.err" mi-review show "$doc" --reviewer qa@clinic >"$T/show.txt"
grep -q '^provider_npi: needs_review (npi_check_digit)' "$T/show.txt" &&
  grep -q '\[\[1513097718\]\]' "$T/show.txt" && pass "show: the field and its context" ||
  fail "show output"
expect_err 0 "$T/show-image.err" mi-review show "$doc" --json --context 10 --image "$T/crops" >"$T/show.json"
$PY - "$T/show.json" "$T/crops" <<'PY' && pass "show --json, --image crops (mode 0600)" || fail "show --json/--image"
import json, os, stat, sys
v = json.loads(open(sys.argv[1]).read())
npi = [f for f in v["fields"] if f["name"] == "provider_npi"][0]
assert npi["normalized"] == "1513097718" and npi["page"] == 1 and len(npi["box"]) == 4, npi
image = os.path.join(sys.argv[2], npi["image"])
assert open(image, "rb").read(8) == b"\x89PNG\r\n\x1a\n", image
assert stat.S_IMODE(os.stat(image).st_mode) == 0o600
PY
expect_err 66 "$T/show-missing.err" mi-review show doc_aaaaaaaaaaaaaaaaaaaaaaaaaa --reviewer qa@clinic

# --- resolve: a bad correction is refused, a good one is version 2 -----------------------------
before=$(ls -l "$Q/pending")
expect_err 65 "$T/refused.err" mi-review resolve "$doc" --reviewer qa@clinic --set provider_npi=1234567890 \
  >"$T/refused.ndjson"
grep -q 'extract/fields/provider_npi.*npi_check_digit \[correction_invalid\]' "$T/refused.err" &&
  pass "refusal names the field and the code" || fail "refusal message: $(cat "$T/refused.err")"
grep -q 1234567890 "$T/refused.err" && fail "the refused value is echoed" || pass "value not echoed"
[ ! -s "$T/refused.ndjson" ] && [ "$before" = "$(ls -l "$Q/pending")" ] && [ "$(count "$Q/resolved")" -eq 0 ] &&
  pass "refused: no output, queue unchanged" || fail "a refused resolve changed something"
expect_err 64 "$T/no-reviewer.err" mi-review resolve "$doc" --set provider_npi=1234567893
expect_err 64 "$T/bad-reviewer.err" mi-review resolve "$doc" --reviewer 'Jane Doe' --accept-all

expect_err 0 "$T/resolve.err" mi-review resolve "$doc" --reviewer qa@clinic --set provider_npi=1234567893 \
  >"$T/v2.ndjson"
mi-inspect -q <"$T/v2.ndjson" >"$T/v2.json"
$PY - "$T/v2.json" "$doc" <<'PY' && pass "version 2: accepted, supersedes version 1" || fail "version 2 content"
import json, sys
r = json.loads(open(sys.argv[1]).readline())
h, ops, phi = r["header"], r["ops"], r["phi"]
assert h["doc"] == sys.argv[2] and h["doc_version"] == 2 and h["stage"] == "review", h
assert ops["status"] == "accepted" and ops["reasons"] == [], ops["status"]
assert ops["review"]["reviewer"] == "qa@clinic" and ops["review"]["action"] == "accepted"
assert ops["review"]["supersedes"]["version"] == 1
npi = phi["fields"]["provider_npi"]
assert npi["normalized"] == "1234567893" and npi["status"] == "accepted" and npi["source"] == "review"
assert "corrected" in npi["fixes"]
PY
[ "$(count "$Q/pending")" -eq 0 ] && [ -f "$Q/resolved/$doc.v1.ndjson" ] && [ -f "$Q/resolved/$doc.v2.ndjson" ] &&
  pass "version 1 kept in resolved/ beside version 2" || fail "queue files: $(ls -R "$Q")"
expect_err 0 "$T/history.err" mi-review history "$doc" --json >"$T/history.json"
$PY - "$T/history.json" <<'PY' && pass "history: versions 1 and 2" || fail "history"
import json, sys
h = json.loads(open(sys.argv[1]).read())
assert [(v["version"], v["status"]) for v in h["versions"]] == [(1, "needs_review"), (2, "accepted")], h
assert h["versions"][1]["parent"] == h["versions"][0]["record"]
PY
expect_err 0 "$T/list-after.err" mi-review list >"$T/list-after.txt"
[ ! -s "$T/list-after.txt" ] && grep -q 'empty' "$T/list-after.err" && pass "queue empty afterwards" ||
  fail "queue not empty"
expect_err 66 "$T/again.err" mi-review resolve "$doc" --reviewer qa@clinic --accept-all

expect_status 0 mi-audit verify
for action in review.list review.show review.resolve; do
  grep -q "\"action\":\"$action\"" "$MI_HOME/audit.log" && pass "audited: $action" || fail "no $action record"
done

# --- no canary anywhere but the reviewer's own view and the sealed records ----------------------
$PY -c 'import json, sys; print("\n".join(json.load(open(sys.argv[1]))["canaries"]))' \
  "$DATA/truth/p19-invalid-npi.json" >"$T/canaries"
names=$(find "$MI_HOME" "$T" -print)
leaks=0
while IFS= read -r c; do
  [ -n "$c" ] || continue
  if grep -qiF -- "$c" "$T"/*.err "$MI_HOME/audit.log" "$T/list.txt" "$T/list.json" || grep -qiF -- "$c" <<<"$names"; then
    fail "canary leaked: $c"
    leaks=1
  fi
done <"$T/canaries"
[ "$leaks" -eq 0 ] && pass "no canary in stderr, audit log, listings or file names"
finish
