#!/usr/bin/env bash
# redact-bench: what mi-redact costs per redacted page, beside the cost of the tesseract CLI
# reading the same released pages at the leak gate's resolution (the gate's dominant check),
# measured in the same run. Not a test: run by hand (see bench/README.md).
#
#   bench/redact-bench.sh [-b BIN_DIR] [-k]      (default build/bin; -k keeps the work directory)
#
# The sample packets of testdata/ go through validate | split | ocr | extract once (not timed);
# then mi-redact runs with the built-in policy (destinations ehr, records, research), timed with
# /usr/bin/time (wall clock, user + system CPU, maximum resident set size). Baseline: every page
# of every released copy rendered at 300 dpi gray (pdftoppm, not timed) and read by one
# tesseract process (OMP_THREAD_LIMIT=1), timed the same way.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
bin="$here/build/bin"
keep=0
while getopts "b:kh" opt; do
  case $opt in
  b) bin=$OPTARG ;;
  k) keep=1 ;;
  *)
    sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
    exit 64
    ;;
  esac
done
for tool in /usr/bin/time pdftoppm tesseract "$bin/mi-redact" "$bin/mi-vault" "$bin/mi-inspect"; do
  command -v "$tool" >/dev/null || {
    echo "redact-bench: $tool not found (scripts/install-deps; build first)" >&2
    exit 69
  }
done
work=$(mktemp -d "${TMPDIR:-/tmp}/mi-redact-bench.XXXXXX")
[ "$keep" = 1 ] || trap 'rm -rf "$work"' EXIT
export MI_HOME="$work/home" MI_BIN_DIR="$bin"
unset MI_POLICY

echo "redact-bench: preparing the sample documents (validate | split | ocr | extract)" >&2
"$here/scripts/run-pipeline" "$work/out" >/dev/null 2>"$work/pipeline.err"

# timed LABEL COMMAND...: one line of wall, CPU and peak memory.
timed() {
  local label=$1
  shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@"
  read -r wall user sys rss <"$work/time"
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
  printf '%-34s wall %6.2f s   CPU %6.2f s   peak %5d MiB\n' "$label" "$wall" "$cpu" $((rss / 1024))
}

timed "mi-redact (57 documents)" "$bin/mi-redact" -q --today 2026-12-04 \
  <"$work/out/fields.ndjson" >"$work/redacted.ndjson"
redact_cpu=$cpu

mkdir -p "$work/copies" "$work/pages"
"$bin/mi-vault" list | awk -F'\t' '$3 == "redacted_pdf" { print $1 }' >"$work/objects"
while read -r id; do
  "$bin/mi-vault" -q get "$id" -o "$work/copies/$id.pdf"
  pdftoppm -r 300 -gray -png "$work/copies/$id.pdf" "$work/pages/$id"
done <"$work/objects"
find "$work/pages" -name '*.png' | sort >"$work/pages.txt"
pages=$(grep -c . "$work/pages.txt")
copies=$(grep -c . "$work/objects")
OMP_THREAD_LIMIT=1 timed "tesseract on the released pages" tesseract "$work/pages.txt" "$work/ocr" \
  quiet
tess_cpu=$cpu

echo
echo "redacted copies: $copies, pages: $pages"
awk -v r="$redact_cpu" -v t="$tess_cpu" -v p="$pages" 'BEGIN {
  printf "mi-redact CPU per redacted page:   %.2f s (planning, redaction, payloads and the whole leak gate)\n", r / p
  printf "tesseract CPU per page (baseline): %.2f s (the gate reads every page once at 300 dpi)\n", t / p
  printf "mi-redact / tesseract:             %.2fx\n", r / t
}'
