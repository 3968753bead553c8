# No PHI and no upload file name leaves mi-validate in clear. Uploads are named after canary
# patients (testdata/truth/*.json "canaries") and dropped in a folder named after one; one upload
# carries canary text in clear in its bytes. Then no canary, no original file name and no folder
# name may appear in stdout (envelope headers), stderr, the rejects file, the audit log, or any
# file name under MI_HOME (vault, quarantine); the vault holds no upload content in clear; no
# temporary file is left behind; and the audit chain verifies.
source "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
DATA="$MI_SOURCE_DIR/testdata"
DB="$DATA/clamav"
T="$MI_TEST_TMP"
unset MI_CLAMAV_DB

canary() { "$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["canaries"][int(sys.argv[2])])' "$DATA/truth/$1.json" "$2"; }
name1=$(canary p01-referral-letter 1) # first + last name
mrn1=$(canary p01-referral-letter 2)
name2=$(canary p03-consent-signed 1)
name3=$(canary u01-fax-upload 1)
name4=$(canary p05-roi-unsigned 1)
phone4=$(canary p05-roi-unsigned 3)
phrase="MI-CLEAR-TEXT-MARKER-7Q2ZK"

expect_status 0 mi-keys init -q

# --- the drop: canary folder, canary file names, good and hostile uploads -----------------------
drop="$T/uploads/$name1 (MRN $mrn1)"
mkdir -p "$drop/scans of $name3"
cp "$DATA/packets/p01-referral-letter.pdf" "$drop/Referral for $name1.pdf"
cp "$DATA/packets/p03-consent-signed.pdf" "$drop/Consent - $name2 - signed.pdf"
cp "$DATA/packets/u01-fax-upload.tif" "$drop/scans of $name3/$name3 fax.tif"
cp "$DATA/bad/javascript-openaction.pdf" "$drop/Labs $name2 (open me).pdf"
cp "$DATA/bad/eicar-stream.pdf" "$drop/$name3 insurance.pdf"
cp "$DATA/bad/corrupt.pdf" "$drop/MRN $mrn1 chart.pdf"
ln -s "$drop/Referral for $name1.pdf" "$drop/link to $name1.pdf"
# A born-digital PDF with the canary name, phone and a marker phrase in clear in its bytes (an
# uncompressed content stream and /Info), so "the vault holds no content in clear" can fail.
clear_pdf="$drop/Release for $name4.pdf"
"$PY" - "$clear_pdf" "$name4" "$phone4" "$phrase" <<'EOF'
import sys
out, name, phone, phrase = sys.argv[1:]
text = "BT /F1 14 Tf 72 720 Td (Patient: %s  Phone: %s) Tj 0 -20 Td (%s) Tj ET" % (name, phone, phrase)
objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
    "/Resources << /Font << /F1 5 0 R >> >> >>",
    "<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    "<< /Title (Release for %s) /Subject (%s) >>" % (name, phrase),
]
body = b"%PDF-1.4\n"
offsets = []
for n, o in enumerate(objects, 1):
    offsets.append(len(body))
    body += b"%d 0 obj\n%s\nendobj\n" % (n, o.encode())
xref = len(body)
body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
body += b"".join(b"%010d 00000 n \n" % o for o in offsets)
body += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
open(out, "wb").write(body)
EOF
grep -q -a -F "$name4" "$clear_pdf" && grep -q -a -F "$phrase" "$clear_pdf" ||
  fail "the clear-text test upload does not carry its canary in clear"
missing="$T/uploads/gone/$name4 discharge.pdf"

good_uploads=4 # p01, p03, u01, the clear-text PDF
bad_uploads=3  # JavaScript, EICAR, corrupt (moved to quarantine)
mkdir -p "$T/tmpdir"
run() { # run LABEL: one intake run over the drop and the missing path, everything captured
  local got=0
  TMPDIR="$T/tmpdir" mi-validate --tenant clinic-a --case case-1 --user u-17 \
    --clamav-db "$DB" --quarantine "$MI_HOME/quarantine" --rejects "$T/rejects.ndjson" \
    "$T/uploads" "$missing" >"$T/$1.out" 2>"$T/$1.err" || got=$?
  [ "$got" -eq 65 ] || fail "$1 run: exit $got, wanted 65"
}
run first
[ "$(wc -l <"$T/first.out")" -eq "$good_uploads" ] ||
  fail "first run: $(wc -l <"$T/first.out") envelopes, wanted $good_uploads"
[ "$(find "$MI_HOME/quarantine" -type f | wc -l)" -eq "$bad_uploads" ] ||
  fail "quarantine holds $(find "$MI_HOME/quarantine" -type f | wc -l) files, wanted $bad_uploads"
# Second run over the same drop: duplicates (and the link and the missing file again).
run second
[ ! -s "$T/second.out" ] || fail "second run emitted envelopes for duplicates"
mi-inspect -q -c ops <"$T/first.out" >"$T/ops.json" || fail "mi-inspect -c ops failed"
mi-inspect -q <"$T/first.out" >"$T/all.json" || fail "mi-inspect failed"
grep -q -F "$name1" "$T/all.json" ||
  fail "the sealed phi compartment does not hold the original name (the grep below would prove nothing)"
mi-audit -q show >"$T/audit-show.txt" || fail "mi-audit show failed"

# --- the search ---------------------------------------------------------------------------------
needles=("$name1" "$mrn1" "$name2" "$name3" "$name4" "$phone4" "$phrase"
  "$(canary p01-referral-letter 0)" "$(canary p03-consent-signed 0)" "$(canary u01-fax-upload 0)"
  "$(canary p05-roi-unsigned 0)" "Referral for" "Consent - " "insurance.pdf" "chart.pdf"
  "discharge.pdf" "open me" "link to" "uploads/" "$T")
find "$MI_HOME" -mindepth 1 -printf '%P\n' >"$T/home-names.txt"
sources=("$T/first.out" "$T/second.out" "$T/first.err" "$T/second.err" "$T/rejects.ndjson"
  "$MI_HOME/audit.log" "$T/audit-show.txt" "$T/ops.json" "$T/home-names.txt")
for needle in "${needles[@]}"; do
  for s in "${sources[@]}"; do
    if grep -q -a -i -F -- "$needle" "$s"; then
      fail "'$needle' appears in $(basename "$s"): $(grep -a -i -F -m1 -- "$needle" "$s" | cut -c1-160)"
    fi
  done
  if grep -r -q -a -i -F -- "$needle" "$MI_HOME/vault"; then
    fail "'$needle' appears in clear in the vault: $(grep -r -l -a -i -F -- "$needle" "$MI_HOME/vault" | head -1)"
  fi
done
# The vault holds no upload in clear: no file magic of any accepted type, no run of bytes of one.
"$PY" - "$MI_HOME/vault" "$drop/Referral for $name1.pdf" "$clear_pdf" <<'EOF' || fail "upload content found in clear in the vault"
import os, sys
vault, sources = sys.argv[1], sys.argv[2:]
magics = [b"%PDF-", b"II*\x00", b"MM\x00*", b"\x89PNG", b"\xff\xd8\xff"]
chunks = []
for s in sources:
    data = open(s, "rb").read()
    chunks += [data[i:i + 48] for i in range(0, len(data) - 48, max(48, len(data) // 20))]
bad = 0
count = 0
for root, _, files in os.walk(vault):
    for f in files:
        count += 1
        data = open(os.path.join(root, f), "rb").read()
        for m in magics:
            if data.startswith(m) or (m == b"%PDF-" and m in data):
                print("FAIL: vault file", f, "holds", m); bad += 1
        if any(c in data for c in chunks):
            print("FAIL: vault file", f, "holds bytes of an upload"); bad += 1
if count == 0:
    print("FAIL: the vault is empty"); bad += 1
sys.exit(1 if bad else 0)
EOF
pass "no canary, file name or upload content in clear in any output, log or file name"

# Quarantined uploads are kept, named by trace id, unreadable by others.
for q in "$MI_HOME"/quarantine/*; do
  case "$(basename "$q")" in
  tr_*.upload) ;;
  *) fail "quarantine file name $(basename "$q") is not <trace>.upload" ;;
  esac
  [ "$(stat -c %a "$q")" = 600 ] || fail "quarantined $(basename "$q") has mode $(stat -c %a "$q"), wanted 600"
done
# No temporary file left behind, in MI_HOME/tmp or in TMPDIR.
[ -z "$(ls -A "$MI_HOME/tmp" 2>/dev/null)" ] || fail "MI_HOME/tmp is not empty: $(ls -A "$MI_HOME/tmp" | head -3)"
[ -z "$(ls -A "$T/tmpdir")" ] || fail "TMPDIR is not empty: $(ls -A "$T/tmpdir" | head -3)"
expect_status 0 mi-audit -q verify
finish
