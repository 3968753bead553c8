#!/usr/bin/env bash
# ocr-bench: CPU per page of mi-ocr beside the tesseract CLI and OCRmyPDF on the same scanned
# pages, the cost of born-digital pages, --jobs 2 against --jobs 1, and peak memory on a 100-page
# packet. Not a test: run by hand (see bench/README.md).
#
#   bench/ocr-bench.sh [-b BIN_DIR] [-k]      (default build/bin; -k keeps the work directory)
#
# Pages: every upright scan and fax page of the PDF packets in testdata/ (from testdata/truth;
# pages displayed rotated are left out, because neither baseline turns pages and mi-ocr spends a
# second reading on them), gathered into one PDF with qpdf --pages. Each command is timed with
# /usr/bin/time: wall clock, user + system CPU, maximum resident set size (children included).
#  - mi-ocr --jobs 1 (and 2) on the packet from mi-validate: rendering at 300 dpi, deskew check,
#    recognition, boxes, sealing; the figure includes process start and model loading.
#  - tesseract (OMP_THREAD_LIMIT=1) on pre-rendered images (pdftoppm -r 300 -gray; rendering time
#    not counted), one process reading a list of the images.
#  - ocrmypdf --jobs 2 --sidecar with its fast settings (-O0, --output-type pdf, --force-ocr since
#    two pages carry an old OCR layer).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
bin="$here/build/bin"
keep=0
while getopts "b:kh" opt; do
  case $opt in
  b) bin=$OPTARG ;;
  k) keep=1 ;;
  *)
    sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'
    exit 64
    ;;
  esac
done
for tool in /usr/bin/time /usr/bin/python3 qpdf pdftoppm tesseract ocrmypdf "$bin/mi-ocr" \
  "$bin/mi-validate" "$bin/mi-keys" "$bin/mi-inspect"; do
  command -v "$tool" >/dev/null || {
    echo "ocr-bench: $tool not found (scripts/install-deps; build first)" >&2
    exit 69
  }
done
work=$(mktemp -d "${TMPDIR:-/tmp}/mi-ocr-bench.XXXXXX")
if [ "$keep" -eq 0 ]; then trap 'rm -rf "$work"' EXIT; else echo "work directory: $work"; fi
export MI_HOME="$work/home" MI_CLAMAV_DB="$here/testdata/clamav" NO_COLOR=1
unset MI_KEYRING MI_AUDIT_LOG MI_VAULT MI_POLICY
PATH="$bin:$PATH"

# --- the page sets, from the truth ----------------------------------------------------------------
/usr/bin/python3 - "$here/testdata" "$work" <<'PYEOF'
import glob, json, sys
data, work = sys.argv[1], sys.argv[2]
scanned, born = [], []
for path in sorted(glob.glob(data + "/truth/p*.json")):
    t = json.load(open(path))
    if t.get("expect") != "accept" or not t["file"].endswith(".pdf"):
        continue
    for p in t["pages"]:
        item = "%s/%s %d" % (data, t["file"], p["page"])
        if p["quality"] == "born_digital":
            born.append(item)
        elif p["rotation"] == 0:
            scanned.append(item)
open(work + "/scanned.list", "w").write("\n".join(scanned) + "\n")
open(work + "/born.list", "w").write("\n".join(born) + "\n")
PYEOF
gather() { # gather LIST OUT: one PDF of the listed pages
  local args=()
  while read -r file page; do args+=("$file" "$page"); done <"$1"
  qpdf --empty --pages "${args[@]}" -- "$2"
}
gather "$work/scanned.list" "$work/scanned.pdf"
gather "$work/born.list" "$work/born.pdf"
pages=$(qpdf --show-npages "$work/scanned.pdf")
born_pages=$(qpdf --show-npages "$work/born.pdf")
big=()
for _ in $(seq $(((100 + pages - 1) / pages))); do big+=("$work/scanned.pdf"); done
qpdf --empty --pages "${big[@]}" -- "$work/big-all.pdf"
qpdf --empty --pages "$work/big-all.pdf" 1-100 -- "$work/packet-100.pdf"

mi-keys init -q
mi-validate -q --tenant bench "$work/scanned.pdf" >"$work/scanned.ndjson"
mi-validate -q --tenant bench "$work/born.pdf" >"$work/born.ndjson"
mi-validate -q --tenant bench "$work/packet-100.pdf" >"$work/packet-100.ndjson"

# timed NAME CMD...: runs CMD under /usr/bin/time; "wall user sys maxrss_kb" into $work/NAME.time
timed() {
  local name=$1
  shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/$name.time" "$@"
}
echo "ocr-bench: $pages scanned pages, $born_pages born-digital pages (load: $(cut -d' ' -f1-3 /proc/loadavg))" >&2

timed mi-ocr-j1 mi-ocr -q --jobs 1 <"$work/scanned.ndjson" >"$work/ocr-j1.ndjson"
timed mi-ocr-j2 mi-ocr -q --jobs 2 <"$work/scanned.ndjson" >"$work/ocr-j2.ndjson"
# Text only: the one born-digital page that carries a picture (p06's insurance card) would
# otherwise add two OCR'd regions to a figure meant for text-layer reading.
timed mi-ocr-born mi-ocr -q --jobs 1 --no-image-regions <"$work/born.ndjson" >"$work/ocr-born.ndjson"
timed mi-ocr-100 mi-ocr -q --jobs 2 <"$work/packet-100.ndjson" >"$work/ocr-100.ndjson"

mkdir -p "$work/png"
pdftoppm -r 300 -gray -png "$work/scanned.pdf" "$work/png/page"
ls "$work"/png/*.png >"$work/png.list"
OMP_THREAD_LIMIT=1 timed tesseract tesseract "$work/png.list" "$work/tesseract" --dpi 300 \
  2>/dev/null
OMP_THREAD_LIMIT=1 timed ocrmypdf ocrmypdf -q --jobs 2 --force-ocr -O 0 --output-type pdf \
  --sidecar "$work/ocrmypdf.txt" "$work/scanned.pdf" "$work/ocrmypdf.pdf"

# Per-page thread CPU from mi-ocr's own ops figures (rendering + OCR, or text layer).
mi-inspect -q -c ops <"$work/ocr-j1.ndjson" >"$work/ops-ocr.json"
mi-inspect -q -c ops <"$work/ocr-born.ndjson" >"$work/ops-born.json"

/usr/bin/python3 - "$work" "$pages" "$born_pages" <<'PYEOF'
import json, sys
work, pages, born = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def t(name):
    wall, user, sys_, rss = open("%s/%s.time" % (work, name)).read().split()[-4:]
    return float(wall), float(user) + float(sys_), int(rss) / 1024
def page_seconds(name):
    return [p["seconds"] for l in open("%s/%s" % (work, name)) for p in json.loads(l)["ops"]["ocr"]["pages"]]
rows = [("mi-ocr --jobs 1", "mi-ocr-j1", pages), ("mi-ocr --jobs 2", "mi-ocr-j2", pages),
        ("tesseract CLI (pre-rendered PNG)", "tesseract", pages),
        ("ocrmypdf --jobs 2 --sidecar", "ocrmypdf", pages),
        ("mi-ocr born-digital pages", "mi-ocr-born", born),
        ("mi-ocr --jobs 2, 100-page packet", "mi-ocr-100", 100)]
print("| command | pages | wall s | CPU s | CPU s/page | pages/s | peak RSS MiB |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
figures = {}
for label, name, n in rows:
    wall, cpu, rss = t(name)
    figures[name] = (wall, cpu, rss, n)
    print("| %s | %d | %.1f | %.1f | %.3f | %.2f | %.0f |" % (label, n, wall, cpu, cpu / n, n / wall, rss))
ocr_pages = page_seconds("ops-ocr.json")
born_pages = page_seconds("ops-born.json")
mi = figures["mi-ocr-j1"][1] / pages
tess = figures["tesseract"][1] / pages
ocrmypdf = figures["ocrmypdf"][1] / pages
print()
print("mi-ocr CPU/page over tesseract CLI:          %.2fx  (target <= 1.1x)" % (mi / tess))
print("ocrmypdf CPU/page over mi-ocr:               %.2fx  (target >= 2.5x)" % (ocrmypdf / mi))
print("OCR page / born-digital page (thread CPU):   %.0fx  (%.4f s vs %.4f s mean; target >= 300x)"
      % ((sum(ocr_pages) / len(ocr_pages)) / (sum(born_pages) / len(born_pages)),
         sum(ocr_pages) / len(ocr_pages), sum(born_pages) / len(born_pages)))
print("OCR page / born-digital page (process CPU):  %.0fx" % (mi / (figures["mi-ocr-born"][1] / born)))
print("--jobs 2 throughput over --jobs 1:           %.2fx  (target >= 1.8x on an idle machine)"
      % (figures["mi-ocr-j1"][0] / figures["mi-ocr-j2"][0]))
PYEOF
