# mi-validate against real files nobody on this project made ($MI_SHARED_DIR/corpora):
#  - OCRmyPDF's test resources: each gets its verdict within a time bound; invalid, huge and
#    enormous files are refused with the reason the default limits imply, the rest are accepted;
#  - qpdf's test suite and OSS-Fuzz reproducers (broken on purpose; some crash qpdf 11.3 itself):
#    one batch that must finish, with every input accounted for (envelope or reject record with a
#    known reason code) and mi-validate itself never crashing.
source "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
DB="$MI_SOURCE_DIR/testdata/clamav"
T="$MI_TEST_TMP"
CORPORA="${MI_SHARED_DIR:?}/corpora"
unset MI_CLAMAV_DB
if [ ! -d "$CORPORA/ocrmypdf" ] || [ ! -d "$CORPORA/qpdf/qtest" ]; then
  fail "corpora not found under $CORPORA"
  finish
fi
# The reason codes mi knows, from the one list in common/core/reason.hpp.
grep -o '^ *X([a-z_0-9]*,' "$MI_SOURCE_DIR/common/core/reason.hpp" | sed 's/ *X(//; s/,//' >"$T/reasons.txt"
[ "$(wc -l <"$T/reasons.txt")" -gt 40 ] || fail "could not read the reason codes from reason.hpp"

expect_status 0 mi-keys init -q

# --- 1. OCRmyPDF resources, one run per file, each under a time bound ---------------------------
# What the default limits (common/intake/limits.hpp) imply:
#  invalid.pdf   a header then EOF                                  -> pdf_corrupt
#  hugemono.pdf  35000 x 35000 CCITT image = 1225 Mpx > 100 Mpx      -> pixel_limit
#                (its 8400 pt page is 117 in, under the 200 in page limit)
#  enormous.pdf  2160 pt (30 in) page: under the page size limit; its 9000 x 9000 RGB image
#                (81 Mpx, under the pixel limit) inflates 310 KB to 243 MB, a ratio of ~780 above
#                the 500 allowed once more than 16 MiB is decoded       -> decompression_bomb
#  everything else (multipage.pdf's 9000 x 9000 image too: 1.1 MB file, ratio ~220) -> accepted
declare -A expected=([invalid.pdf]=pdf_corrupt [hugemono.pdf]=pixel_limit [enormous.pdf]=decompression_bomb)
n=0
for f in "$CORPORA"/ocrmypdf/*.pdf "$CORPORA"/ocrmypdf/*.png; do
  name=$(basename "$f")
  want=${expected[$name]:-accepted}
  rm -f "$T/one.rejects"
  start=$(date +%s)
  got=0
  timeout 60 mi-validate -q --tenant corpus --clamav-db "$DB" --rejects "$T/one.rejects" "$f" \
    >"$T/one.out" 2>"$T/one.err" || got=$?
  took=$(($(date +%s) - start))
  n=$((n + 1))
  if [ "$got" -eq 124 ]; then
    fail "ocrmypdf/$name: no verdict within 60 s"
    continue
  fi
  if [ -s "$T/one.out" ]; then verdict=accepted; else
    verdict=$("$PY" -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["reason"])' "$T/one.rejects" 2>/dev/null || echo none)
  fi
  if [ "$verdict" != "$want" ]; then
    fail "ocrmypdf/$name: verdict '$verdict' (exit $got), wanted '$want'"
  elif { [ "$want" = accepted ] && [ "$got" -ne 0 ]; } || { [ "$want" != accepted ] && [ "$got" -ne 65 ]; }; then
    fail "ocrmypdf/$name: verdict '$verdict' but exit $got"
  else
    pass "ocrmypdf/$name: $verdict (${took}s)"
  fi
done
[ "$n" -ge 20 ] || fail "only $n OCRmyPDF files found"

# The enormous page is refused for its decompression ratio and nothing else: a policy allowing a
# higher ratio accepts it; one with a 20 inch page limit refuses it as page_size_limit.
cat >"$T/ratio.json" <<'EOF'
{"schema":"mi-policy/1","policy_version":"test.ratio","limits":{"max_decompression_ratio":1000}}
EOF
cat >"$T/pagesize.json" <<'EOF'
{"schema":"mi-policy/1","policy_version":"test.pagesize","limits":{"max_page_inches":20}}
EOF
got=0
mi-validate -q --policy "$T/ratio.json" --tenant corpus-ratio --clamav-db "$DB" \
  "$CORPORA/ocrmypdf/enormous.pdf" >"$T/ratio.out" 2>/dev/null || got=$?
{ [ "$got" -eq 0 ] && [ "$(wc -l <"$T/ratio.out")" -eq 1 ]; } ||
  fail "enormous.pdf with max_decompression_ratio 1000: exit $got, wanted accepted"
got=0
rm -f "$T/pagesize.rejects"
mi-validate -q --policy "$T/pagesize.json" --tenant corpus-pagesize --clamav-db "$DB" \
  --rejects "$T/pagesize.rejects" "$CORPORA/ocrmypdf/enormous.pdf" >/dev/null 2>&1 || got=$?
{ [ "$got" -eq 65 ] && grep -q '"reason":"page_size_limit"' "$T/pagesize.rejects"; } ||
  fail "enormous.pdf with max_page_inches 20: exit $got, wanted page_size_limit"

# --- 2. qpdf's hostile corpus in one batch -----------------------------------------------------
drop="$T/qpdf-drop"
mkdir -p "$drop/qtest" "$drop/fuzz"
cp "$CORPORA"/qpdf/qtest/* "$drop/qtest/"
for f in "$CORPORA"/qpdf/fuzz-reproducers/*.fuzz; do cp "$f" "$drop/fuzz/$(basename "$f" .fuzz).pdf"; done
chmod -R u+w "$drop"
inputs=$(find "$drop" -type f | wc -l)
[ "$inputs" -ge 700 ] || fail "only $inputs qpdf corpus files copied"
cat >"$T/tight.json" <<'EOF'
{"schema":"mi-policy/1","policy_version":"test.tight","limits":{"max_seconds":5,"max_memory_mb":512}}
EOF
start=$(date +%s)
got=0
timeout 300 mi-validate --policy "$T/tight.json" --tenant corpus-qpdf --clamav-db "$DB" \
  --rejects "$T/qpdf.rejects" "$drop" >"$T/qpdf.out" 2>"$T/qpdf.err" || got=$?
took=$(($(date +%s) - start))
echo "qpdf corpus: $inputs inputs in ${took}s, exit $got"
case "$got" in
0 | 65) pass "qpdf corpus batch finished (exit $got)" ;;
124) fail "qpdf corpus batch did not finish within 300 s" ;;
*) fail "qpdf corpus batch: exit $got, wanted 0 or 65"; tail -5 "$T/qpdf.err" >&2 ;;
esac
mi-inspect -q -c phi <"$T/qpdf.out" >"$T/qpdf.opened" 2>"$T/inspect.err" || fail "mi-inspect could not open the corpus envelopes"
find "$drop" -type f | LC_ALL=C sort >"$T/qpdf.list"
"$PY" - "$T/qpdf.list" "$T/qpdf.opened" "$T/qpdf.rejects" "$T/reasons.txt" <<'EOF' || fail "qpdf corpus: inputs not accounted for (see above)"
import collections, json, os, sys
files = open(sys.argv[1]).read().split("\n")[:-1]
opened = [json.loads(l) for l in open(sys.argv[2]) if l.strip()]
rejects = [json.loads(l) for l in open(sys.argv[3]) if l.strip()]
known = set(open(sys.argv[4]).read().split())
bad = 0
# mi-validate walks a directory in sorted path order; envelopes and rejects come in input order.
rejected = {}
for r in rejects:
    i = r.get("input", {}).get("index")
    if r.get("reason") not in known:
        print("FAIL: unknown reason code", r.get("reason")); bad += 1
    if r.get("reason") in ("internal", "crypto_failed", "ok"):
        print("FAIL: input", i, "got reason", r.get("reason")); bad += 1
    if i in rejected or not isinstance(i, int) or not 1 <= i <= len(files):
        print("FAIL: reject record with a bad or repeated input index", i); bad += 1
    rejected[i] = r["reason"]
accepted_names = [rec["phi"]["source"]["original_name"] for rec in opened]
expected_names = [os.path.basename(f) for i, f in enumerate(files, 1) if i not in rejected]
if len(opened) + len(rejects) != len(files):
    print("FAIL: %d envelopes + %d rejects != %d inputs" % (len(opened), len(rejects), len(files))); bad += 1
elif accepted_names != expected_names:
    print("FAIL: the accepted uploads are not exactly the inputs without a reject record"); bad += 1
# The file that crashes qpdf 11.3's own checker gets a verdict like any other.
for i, f in enumerate(files, 1):
    if os.path.basename(f) == "xref-compressed-in-compressed.pdf":
        print("xref-compressed-in-compressed.pdf:", rejected.get(i, "accepted"))
dist = collections.Counter(rejected.values())
dist["accepted"] = len(opened)
print("verdicts over %d inputs:" % len(files))
for reason, count in dist.most_common():
    print("  %-22s %d" % (reason, count))
for name, sub in (("qtest", "/qtest/"), ("fuzz", "/fuzz/")):
    d = collections.Counter(rejected.get(i, "accepted") for i, f in enumerate(files, 1) if sub in f)
    print("  %s: %s" % (name, ", ".join("%s %d" % kv for kv in d.most_common())))
sys.exit(1 if bad else 0)
EOF
# mi-validate's summary line agrees with the records.
grep -q "done: inputs $inputs," "$T/qpdf.err" || fail "summary line does not count $inputs inputs"
if grep -qiE 'segmentation|core dumped|terminate called|internal error' "$T/qpdf.err"; then
  fail "mi-validate reported a crash or internal error on the qpdf corpus"
  grep -iE 'segmentation|core dumped|terminate called|internal error' "$T/qpdf.err" | head >&2
fi
[ -z "$(ls -A "$MI_HOME/tmp" 2>/dev/null)" ] || fail "temporary files left in MI_HOME/tmp"
expect_status 0 mi-audit -q verify
finish
