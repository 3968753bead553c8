# mi-validate as a batch driver: a mixed drop (good and bad) accepts all good uploads and rejects
# all bad ones with exit 65, every input accounted for; re-runs are idempotent (duplicates, no new
# vault objects; --reemit-duplicates gives the same ids); "-" and --manifest inputs with per-file
# bindings; missing paths, symbolic links and FIFOs; --fail-fast; --quarantine; and the exit codes
# for output failure (74), an unsafe keyring (77) and missing tenant (64).
source "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
DATA="$MI_SOURCE_DIR/testdata"
DB="$DATA/clamav"
T="$MI_TEST_TMP"
unset MI_CLAMAV_DB
export MI_CLAMAV_DB="$DB"

blobs() { find "$MI_HOME/vault" -name '*.blob' 2>/dev/null | wc -l; }
lines() { if [ -f "$1" ]; then grep -c '' "$1" || true; else echo 0; fi; }
# field FILE EXPR: one line per record of an NDJSON file, EXPR evaluated on r (a dict).
field() { "$PY" -c 'import json,sys
for l in open(sys.argv[1]):
    if l.strip(): r=json.loads(l); print(eval(sys.argv[2]))' "$1" "$2"; }
# validate NAME WANT ARGS...: runs mi-validate with stdout/stderr/rejects in $T/NAME.*
validate() {
  local name=$1 want=$2 got=0
  shift 2
  rm -f "$T/$name.rejects"
  mi-validate --rejects "$T/$name.rejects" "$@" >"$T/$name.out" 2>"$T/$name.err" || got=$?
  if [ "$got" -ne "$want" ]; then
    fail "$name: exit $got, wanted $want"
    sed 's/^/    /' "$T/$name.err" | tail -5 >&2
  fi
}

expect_status 0 mi-keys init -q

good=(p01-referral-letter.pdf p07-fax-referral.pdf p10-scan-roi-png.pdf p23-eight-page-fax.pdf
  u01-fax-upload.tif u02-consent-photo.png u03-card-photo.jpg)
bad=(javascript-openaction.pdf encrypted-user-password.pdf zip-renamed.pdf truncated.pdf
  huge-pixels.png eicar.pdf)
drop="$T/drop"
mkdir -p "$drop/good" "$drop/bad"
for f in "${good[@]}"; do cp "$DATA/packets/$f" "$drop/good/"; done
for f in "${bad[@]}"; do cp "$DATA/bad/$f" "$drop/bad/"; done
n_good=${#good[@]}
n_bad=${#bad[@]}
n=$((n_good + n_bad))

# --- 1. a mixed drop -----------------------------------------------------------------------------
validate mixed 65 --tenant clinic-a "$drop"
[ "$(lines "$T/mixed.out")" -eq "$n_good" ] || fail "mixed: $(lines "$T/mixed.out") envelopes, wanted $n_good"
[ "$(lines "$T/mixed.rejects")" -eq "$n_bad" ] || fail "mixed: $(lines "$T/mixed.rejects") rejects, wanted $n_bad"
[ $(($(lines "$T/mixed.out") + $(lines "$T/mixed.rejects"))) -eq "$n" ] || fail "mixed: envelopes + rejects != $n inputs"
# The drop is walked in sorted order: bad/ (inputs 1..n_bad) before good/.
idx=$(field "$T/mixed.rejects" 'r["input"]["index"]' | tr '\n' ' ')
[ "$idx" = "$(seq -s ' ' 1 "$n_bad") " ] || fail "mixed: rejected input indexes '$idx', wanted the $n_bad bad files"
if field "$T/mixed.rejects" 'r["reason"]' | grep -q -x duplicate; then fail "mixed: a first-time upload reported as duplicate"; fi
grep -q "done: inputs $n, accepted $n_good, rejected $n_bad, duplicates 0" "$T/mixed.err" ||
  fail "mixed: summary line wrong: $(grep 'done:' "$T/mixed.err")"
[ "$(blobs)" -eq "$n_good" ] || fail "mixed: $(blobs) vault objects, wanted $n_good"
mi-inspect -q <"$T/mixed.out" >"$T/mixed.opened" || fail "mixed: mi-inspect failed"
[ "$(field "$T/mixed.opened" 'r["ops"]["status"]' | sort -u)" = accepted ] || fail "mixed: an envelope is not accepted"
field "$T/mixed.opened" 'r["phi"]["source"]["original_name"]' >"$T/mixed.names"
printf '%s\n' "${good[@]}" | LC_ALL=C sort | diff -q - "$T/mixed.names" >/dev/null ||
  fail "mixed: accepted uploads are not the good files in order"
field "$T/mixed.out" 'r["trace"] + " " + r["doc"]' >"$T/mixed.ids"
pass "mixed drop: $n_good accepted, $n_bad rejected, exit 65"

# --- 2. re-runs are idempotent -------------------------------------------------------------------
validate rerun-good 0 --tenant clinic-a "$drop/good"
[ ! -s "$T/rerun-good.out" ] || fail "rerun-good: envelopes emitted for duplicates"
[ "$(lines "$T/rerun-good.rejects")" -eq "$n_good" ] || fail "rerun-good: $(lines "$T/rerun-good.rejects") records, wanted $n_good"
[ "$(field "$T/rerun-good.rejects" 'r["reason"]' | sort -u)" = duplicate ] || fail "rerun-good: a record is not a duplicate"
grep -q "duplicates $n_good" "$T/rerun-good.err" || fail "rerun-good: summary does not count $n_good duplicates"
validate rerun-mixed 65 --tenant clinic-a "$drop"
[ ! -s "$T/rerun-mixed.out" ] || fail "rerun-mixed: envelopes emitted for duplicates"
[ "$(field "$T/rerun-mixed.rejects" 'r["reason"]' | grep -c -x duplicate)" -eq "$n_good" ] || fail "rerun-mixed: not $n_good duplicates"
[ "$(lines "$T/rerun-mixed.rejects")" -eq "$n" ] || fail "rerun-mixed: envelopes + rejects != $n inputs"
[ "$(blobs)" -eq "$n_good" ] || fail "re-runs: $(blobs) vault objects, wanted still $n_good"
validate reemit 0 --tenant clinic-a --reemit-duplicates "$drop/good"
field "$T/reemit.out" 'r["trace"] + " " + r["doc"]' >"$T/reemit.ids"
diff -q "$T/mixed.ids" "$T/reemit.ids" >/dev/null || fail "--reemit-duplicates: trace/doc ids differ from the first run"
[ "$(lines "$T/reemit.out")" -eq "$n_good" ] || fail "--reemit-duplicates: $(lines "$T/reemit.out") envelopes, wanted $n_good"
[ "$(field "$T/mixed.out" 'r["record"]' | sort | comm -12 - <(field "$T/reemit.out" 'r["record"]' | sort) | wc -l)" -eq 0 ] ||
  fail "--reemit-duplicates: a record id was reused"
mi-inspect -q -c ops <"$T/reemit.out" >"$T/reemit.opened" || fail "reemit: mi-inspect failed"
[ "$(field "$T/reemit.opened" 'r["ops"]["receipt"]["duplicate"]' | sort -u)" = True ] ||
  fail "--reemit-duplicates: receipts not marked duplicate"
[ "$(blobs)" -eq "$n_good" ] || fail "--reemit-duplicates: new vault objects"
# Duplicates are per tenant: the same files for another tenant are new uploads with other ids.
validate other-tenant 0 --tenant clinic-z "$drop/good"
[ "$(lines "$T/other-tenant.out")" -eq "$n_good" ] || fail "another tenant: not $n_good new envelopes"
field "$T/other-tenant.out" 'r["trace"] + " " + r["doc"]' | sort | comm -12 - <(sort "$T/mixed.ids") | grep -q . &&
  fail "another tenant: ids shared with tenant clinic-a"
pass "re-runs: duplicates, no new objects, same ids when re-emitted"

# --- 3. "-" (paths on stdin) and --manifest (per-file bindings) ---------------------------------
got=0
printf '%s\n' "$drop/good/${good[0]}" "" "$drop/good/${good[4]}" |
  mi-validate -q --tenant clinic-stdin --rejects "$T/stdin.rejects" - >"$T/stdin.out" 2>"$T/stdin.err" || got=$?
[ "$got" -eq 0 ] || fail "- : exit $got"
mi-inspect -q <"$T/stdin.out" >"$T/stdin.opened" || fail "-: mi-inspect failed"
[ "$(field "$T/stdin.opened" 'r["phi"]["source"]["original_name"] + "@" + r["ops"]["receipt"]["tenant"]' | tr '\n' ' ')" = \
  "${good[0]}@clinic-stdin ${good[4]}@clinic-stdin " ] || fail "-: the paths read from stdin were not the uploads"
cat >"$T/manifest.ndjson" <<EOF
{"path": "$drop/good/${good[1]}", "tenant": "clinic-m1", "case": "case-7", "user": "nurse-3"}

{"path": "$drop/good/${good[2]}", "tenant": "clinic-m2"}
{"path": "$drop/good/${good[5]}"}
EOF
validate manifest 0 --tenant clinic-default --case case-default --manifest "$T/manifest.ndjson"
mi-inspect -q <"$T/manifest.out" >"$T/manifest.opened" || fail "manifest: mi-inspect failed"
want="${good[1]} clinic-m1 clinic-m1 case-7 nurse-3
${good[2]} clinic-m2 clinic-m2 case-default None
${good[5]} clinic-default clinic-default case-default None"
gotb=$(field "$T/manifest.opened" '" ".join(str(x) for x in (r["phi"]["source"]["original_name"], r["header"]["tenant"], r["ops"]["receipt"]["tenant"], r["ops"]["receipt"]["case"], r["ops"]["receipt"]["user"]))')
[ "$gotb" = "$want" ] || fail "manifest bindings: got
$gotb
wanted
$want"
echo '{"path": "x.pdf", "tenant": "Not A Slug!"}' >"$T/bad-manifest.ndjson"
validate bad-manifest 78 --manifest "$T/bad-manifest.ndjson"
[ ! -s "$T/bad-manifest.out" ] || fail "a malformed manifest still produced envelopes"
pass "- and --manifest bind each upload"

# --- 4. missing paths, symbolic links, FIFOs -----------------------------------------------------
mkdir -p "$T/odd"
cp "$DATA/packets/p02-referral-grid.pdf" "$T/odd/a.pdf"
cp "$DATA/packets/p04-lab-report.pdf" "$T/odd/c.pdf"
ln -s "$T/odd/a.pdf" "$T/odd/link.pdf"
ln -s /etc/passwd "$T/odd/passwd.pdf"
mkfifo "$T/odd/fifo.pdf"
validate odd 65 --tenant clinic-odd "$T/odd/a.pdf" "$T/odd/missing.pdf" "$T/odd/link.pdf" \
  "$T/odd/passwd.pdf" "$T/odd/fifo.pdf" "$T/odd/c.pdf"
[ "$(lines "$T/odd.out")" -eq 2 ] || fail "odd: $(lines "$T/odd.out") envelopes, wanted 2 (a.pdf, c.pdf)"
got=$(field "$T/odd.rejects" 'str(r["input"]["index"]) + ":" + r["reason"]' | tr '\n' ' ')
[ "$got" = "2:input_missing 3:not_regular_file 4:not_regular_file 5:not_regular_file " ] ||
  fail "odd: rejects '$got', wanted 2:input_missing 3..5:not_regular_file"
pass "missing path, symbolic links and a FIFO are rejected; the others are processed"

# --- 5. --fail-fast --------------------------------------------------------------------------------
before=$(blobs)
validate failfast 65 --tenant clinic-ff --fail-fast "$drop/bad/${bad[0]}" "$drop/good/${good[0]}" "$drop/bad/${bad[1]}"
[ "$(lines "$T/failfast.rejects")" -eq 1 ] || fail "--fail-fast: $(lines "$T/failfast.rejects") rejects, wanted 1"
[ ! -s "$T/failfast.out" ] || fail "--fail-fast: processed uploads after the first reject"
[ "$(blobs)" -eq "$before" ] || fail "--fail-fast: the vault grew after the first reject"
pass "--fail-fast stops at the first reject"

# --- 6. --quarantine ---------------------------------------------------------------------------------
q="$T/quarantine"
mkdir -p "$T/qdrop"
cp "$DATA/packets/p05-roi-unsigned.pdf" "$T/qdrop/good.pdf"
cp "$DATA/bad/launch-action.pdf" "$T/qdrop/bad1.pdf"
cp "$DATA/bad/script-renamed.pdf" "$T/qdrop/bad2.pdf"
sha_bad1=$(sha256sum <"$T/qdrop/bad1.pdf" | cut -d' ' -f1)
sha_bad2=$(sha256sum <"$T/qdrop/bad2.pdf" | cut -d' ' -f1)
validate quarantine 65 --tenant clinic-q --quarantine "$q" "$T/qdrop/bad1.pdf" "$T/qdrop/good.pdf" "$T/qdrop/bad2.pdf"
[ -f "$T/qdrop/good.pdf" ] || fail "--quarantine: the good upload was moved"
[ ! -e "$T/qdrop/bad1.pdf" ] && [ ! -e "$T/qdrop/bad2.pdf" ] || fail "--quarantine: a rejected upload was left in the drop"
[ "$(lines "$T/quarantine.out")" -eq 1 ] || fail "--quarantine: the good upload was not accepted"
while read -r trace sha; do
  f="$q/$trace.upload"
  if [ ! -f "$f" ]; then
    fail "--quarantine: no $trace.upload for a reject"
    continue
  fi
  [ "$(sha256sum <"$f" | cut -d' ' -f1)" = "$sha" ] || fail "--quarantine: $trace.upload is not the rejected file"
done < <(field "$T/quarantine.rejects" 'r["trace"] + " " + r["input"]["sha256"]')
[ "$(ls "$q" | wc -l)" -eq 2 ] || fail "--quarantine: $(ls "$q" | wc -l) files in quarantine, wanted 2"
sort <(sha256sum "$q"/* | cut -d' ' -f1) | diff -q - <(printf '%s\n' "$sha_bad1" "$sha_bad2" | sort) >/dev/null ||
  fail "--quarantine: quarantined contents are not the two rejected uploads"
pass "--quarantine moves rejected uploads (renamed to <trace>.upload), leaves good ones"

# --- 7. exit codes: output failure, unsafe keyring, no tenant -------------------------------------
cp "$DATA/packets/p06-insurance-card.pdf" "$T/full.pdf"
got=0
mi-validate -q --tenant clinic-full "$T/full.pdf" >/dev/full 2>"$T/full.err" || got=$?
[ "$got" -eq 74 ] || fail "stdout /dev/full: exit $got, wanted 74"
grep -q output_failed "$T/full.err" || fail "stdout /dev/full: stderr does not name output_failed"
chmod 644 "$MI_HOME/keyring.json"
validate keyring 77 --tenant clinic-a "$drop/good/${good[0]}"
grep -q key_file_permissions "$T/keyring.err" || fail "keyring 0644: stderr does not name key_file_permissions"
[ ! -s "$T/keyring.out" ] || fail "keyring 0644: output written"
chmod 600 "$MI_HOME/keyring.json"
validate no-tenant 64 "$drop/good/${good[0]}"
[ ! -s "$T/no-tenant.out" ] || fail "no tenant: output written"
validate no-input 64 --tenant clinic-a
validate bad-slug 64 --tenant "Clinic A" "$drop/good/${good[0]}"
pass "exit codes 74, 77, 64"

[ -z "$(ls -A "$MI_HOME/tmp" 2>/dev/null)" ] || fail "temporary files left in MI_HOME/tmp"
expect_status 0 mi-audit -q verify
finish
