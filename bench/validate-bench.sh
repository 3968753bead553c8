#!/usr/bin/env bash
# validate-bench: files/s and peak memory of mi-validate over a drop of mixed uploads, beside the
# baseline a shell script would run on the same files: `file --mime-type` + `qpdf --check` +
# `clamscan` with the same test signature database. Not a test: run by hand (see bench/README.md).
#
#   bench/validate-bench.sh [-n FILES] [-b BIN_DIR] [-k]     (defaults: 200, build/bin)
#
# The drop cycles through testdata/packets (33 good uploads) and testdata/bad (19 hostile ones),
# renamed upload-NNNN-<name>. Copies of good PDFs get a distinct trailing comment line so each is
# a new upload for mi-validate (not a duplicate); images and hostile files are copied unchanged.
# Each command is timed by /usr/bin/time -v: wall clock, CPU, and "Maximum resident set size"
# (the largest of the process and the children it waited for: mi-validate's sandbox children,
# the per-file qpdf processes). -k keeps the work directory.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
files=200
bin="$here/build/bin"
keep=0
while getopts "n:b:kh" opt; do
  case $opt in
  n) files=$OPTARG ;;
  b) bin=$OPTARG ;;
  k) keep=1 ;;
  *)
    sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
    exit 64
    ;;
  esac
done
for tool in /usr/bin/time file qpdf clamscan "$bin/mi-validate" "$bin/mi-keys"; do
  command -v "$tool" >/dev/null || {
    echo "validate-bench: $tool not found (scripts/install-deps; build first)" >&2
    exit 69
  }
done
db="$here/testdata/clamav"
work=$(mktemp -d "${TMPDIR:-/tmp}/mi-validate-bench.XXXXXX")
if [ "$keep" -eq 0 ]; then trap 'rm -rf "$work"' EXIT; else echo "work directory: $work"; fi
drop="$work/drop"
mkdir -p "$drop"

# --- the drop ---------------------------------------------------------------------------------
mapfile -t sources < <(find "$here/testdata/packets" "$here/testdata/bad" -type f | LC_ALL=C sort)
for ((i = 0; i < files; i++)); do
  src=${sources[$((i % ${#sources[@]}))]}
  dest="$drop/$(printf 'upload-%04d-%s' "$i" "$(basename "$src")")"
  cp "$src" "$dest"
  if [ "$i" -ge "${#sources[@]}" ] && [[ $src == */packets/*.pdf ]]; then
    printf '\n%% mi-validate-bench copy %d\n' "$i" >>"$dest"
  fi
done
mapfile -t inputs < <(find "$drop" -type f | LC_ALL=C sort)
n=${#inputs[@]}
bytes=$(du -sb "$drop" | cut -f1)
n_good=$(printf '%s\n' "${inputs[@]}" | grep -c -- '-p[0-9][0-9]-\|-u[0-9][0-9]-' || true)
echo "drop: $n files ($n_good good, $((n - n_good)) hostile), $((bytes / 1024 / 1024)) MiB; $(nproc) CPUs; $(uname -m)"

# timed LABEL CMD...: runs CMD under /usr/bin/time -v, stdout/stderr to $work/LABEL.{out,err}
declare -A wall cpu rss status
timed() {
  local label=$1 got=0
  shift
  /usr/bin/time -v -o "$work/$label.time" "$@" >"$work/$label.out" 2>"$work/$label.err" || got=$?
  status[$label]=$got
  wall[$label]=$(awk -F': ' '/Elapsed \(wall clock\)/ {
    n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$work/$label.time")
  cpu[$label]=$(awk -F': ' '/User time/ {u = $2} /System time/ {s = $2} END {printf "%.2f", u + s}' "$work/$label.time")
  rss[$label]=$(awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2 / 1024}' "$work/$label.time")
}

# --- mi-validate ------------------------------------------------------------------------------
export MI_HOME="$work/home" NO_COLOR=1
unset MI_KEYRING MI_AUDIT_LOG MI_VAULT MI_POLICY MI_CLAMAV_DB
"$bin/mi-keys" init -q
timed mi-validate "$bin/mi-validate" --tenant bench --clamav-db "$db" --rejects "$work/rejects.ndjson" "$drop"
summary=$(grep 'done:' "$work/mi-validate.err" || true)
timed mi-validate-rerun "$bin/mi-validate" --tenant bench --clamav-db "$db" --rejects "$work/rerun.ndjson" "$drop"
rerun_summary=$(grep 'done:' "$work/mi-validate-rerun.err" || true)

# --- baseline: the three tools a script would chain, on the same files ----------------------
timed file file --mime-type -- "${inputs[@]}"
timed qpdf bash -c 'for f; do qpdf --check -- "$f" >/dev/null 2>&1 || echo "$?"; done' qpdf "${inputs[@]}"
timed clamscan clamscan --no-summary -d "$db" -- "${inputs[@]}"
qpdf_failed=$(grep -c . "$work/qpdf.out" || true)
clam_found=$(grep -c 'FOUND$' "$work/clamscan.out" || true)

# --- table ---------------------------------------------------------------------------------------
row() { # label name
  local l=$1 w=${wall[$1]}
  printf '%-34s %6d %8.2f %8.1f %8s %10s %5s\n' "$2" "$n" "$w" "$(awk -v n="$n" -v w="$w" 'BEGIN { print (w > 0 ? n / w : 0) }')" \
    "${cpu[$l]}" "${rss[$l]}" "${status[$l]}"
}
echo
printf '%-34s %6s %8s %8s %8s %10s %5s\n' "command" "files" "wall s" "files/s" "cpu s" "peak MiB" "exit"
row mi-validate "mi-validate (first run)"
row mi-validate-rerun "mi-validate (re-run: duplicates)"
row file "file --mime-type"
row qpdf "qpdf --check (one per file)"
row clamscan "clamscan -d testdata/clamav"
base_wall=$(awk -v a="${wall[file]}" -v b="${wall[qpdf]}" -v c="${wall[clamscan]}" 'BEGIN { print a + b + c }')
base_cpu=$(awk -v a="${cpu[file]}" -v b="${cpu[qpdf]}" -v c="${cpu[clamscan]}" 'BEGIN { printf "%.2f", a + b + c }')
base_rss=$(printf '%s\n' "${rss[file]}" "${rss[qpdf]}" "${rss[clamscan]}" | sort -g | tail -1)
printf '%-34s %6d %8.2f %8.1f %8s %10s %5s\n' "baseline total (sequential)" "$n" "$base_wall" \
  "$(awk -v n="$n" -v w="$base_wall" 'BEGIN { print (w > 0 ? n / w : 0) }')" "$base_cpu" "$base_rss" "-"
echo
echo "mi-validate:   ${summary#mi-validate: }"
echo "re-run:        ${rerun_summary#mi-validate: }"
echo "baseline:      qpdf --check failed on $qpdf_failed files; clamscan found $clam_found"
