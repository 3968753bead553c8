#!/bin/bash
# The scorer's self-test: the ground truth scored against itself is perfect, and a copy of those
# perfect results damaged in known ways (a wrong DOB sent to review, a merged split, a wrong
# document type, an auto-accepted wrong name, a missed invalid NPI, a wrong reject reason) scores
# lower exactly where expected and nowhere else.
# Environment: MI_SOURCE_DIR (repository root), MI_TEST_TMP (scratch directory).
set -euo pipefail

src=${MI_SOURCE_DIR:?MI_SOURCE_DIR must name the repository root}
tmp=${MI_TEST_TMP:?MI_TEST_TMP must name a scratch directory}
py=/usr/bin/python3
score=("$py" "$src/scripts/score" --truth "$src/testdata/truth" --quiet)
work="$tmp/score-selftest"
rm -rf "$work"
mkdir -p "$work"
failures=0

fail() {
  echo "score-selftest: FAIL: $*" >&2
  failures=$((failures + 1))
}

# figure FILE KEY: prints the figure (null as "null"), rounded to 6 decimals
figure() {
  "$py" -c 'import json,sys
v = json.load(open(sys.argv[1]))["figures"].get(sys.argv[2], "absent")
print("null" if v is None else ("%.6f" % v if isinstance(v, float) else v))' "$1" "$2"
}

# expect FILE KEY VALUE: VALUE is a number or a python expression over earlier figures
expect() {
  local got want
  got=$(figure "$1" "$2")
  want=$("$py" -c 'import sys; v = eval(sys.argv[1]); print("null" if v is None else "%.6f" % v if isinstance(v, float) else v)' "$3")
  [ "$got" = "$want" ] || fail "$2 = $got, expected $want ($(basename "$1"))"
}

# 1. built-in self-test
"${score[@]}" --self-test >/dev/null || fail "scripts/score --self-test"

# 2. perfect results, scored with JSON output
"${score[@]}" --truth-as-results "$work/perfect" >/dev/null
"${score[@]}" --results "$work/perfect/results.ndjson" --rejects "$work/perfect/rejects.ndjson" \
  --inputs "$work/perfect/inputs.txt" --json "$work/perfect.json" --prometheus "$work/perfect.prom"
perfect="$work/perfect.json"
inputs=$(find "$src/testdata/truth" -name "*.json" | wc -l)
bad=$(grep -l '"expect": "reject"' "$src"/testdata/truth/*.json | wc -l)
good=$((inputs - bad))
docs=$(figure "$perfect" documents.total)
invalid=$(figure "$perfect" invalid.total)
scan_tp=$(figure "$perfect" fields.all.scan.tp)
bd_tp=$(figure "$perfect" fields.all.born_digital.tp)

expect "$perfect" packets.total "$inputs"
expect "$perfect" packets.accept_reject_accuracy 1.0
expect "$perfect" packets.reject_class_accuracy 1.0
expect "$perfect" packets.false_accepts 0
expect "$perfect" packets.false_rejects 0
expect "$perfect" packets.missing 0
expect "$perfect" split.packets "$good"
expect "$perfect" split.exact_match_rate 1.0
expect "$perfect" documents.type_accuracy 1.0
expect "$perfect" invalid.catch_rate 1.0
expect "$perfect" fields.silent_errors 0
expect "$perfect" fields.silent_error_rate 0.0
for quality in born_digital scan fax all; do
  for measure in precision recall f1; do
    expect "$perfect" "fields.all.$quality.$measure" 1.0
  done
  expect "$perfect" "fields.all.$quality.fp" 0
  expect "$perfect" "fields.all.$quality.fn" 0
done
[ "$docs" -ge 50 ] || fail "only $docs documents in the truth"
[ "$invalid" -ge 6 ] || fail "only $invalid deliberately invalid fields in the truth"
grep -q '^mi_eval_field_f1{field="dob",quality="fax"} 1.0$' "$work/perfect.prom" || fail "prometheus output lacks the dob/fax F1"

# 3. damaged copy
cp "$work/perfect/inputs.txt" "$work/inputs.txt"
"$py" - "$src/testdata/truth" "$work/perfect" "$work" <<'PY'
import json, sys, os
truth_dir, perfect, out = sys.argv[1:]
sha = {n[:-5]: json.load(open(os.path.join(truth_dir, n)))["sha256"] for n in os.listdir(truth_dir)}
records = [json.loads(l) for l in open(os.path.join(perfect, "results.ndjson"))]

def find(packet, first_page):
    for r in records:
        if r["phi"]["source"]["sha256"] == sha[packet] and r["ops"]["pages"][0] == first_page:
            return r
    raise SystemExit("damage: no record for %s page %d" % (packet, first_page))

# a wrong DOB, sent to review: not a silent error
dob = find("p01-referral-letter", 1)["phi"]["fields"]["dob"]
dob.update(value="01/01/1901", normalized="1901-01-01", status="needs_review")
# a merged split: referral 2-3 swallows the lab result on page 4
merged = find("p13-mixed-specialist", 2)
merged["ops"]["pages"] = [2, 4]
records.remove(find("p13-mixed-specialist", 4))
# a wrong document type
find("p04-lab-report", 1)["ops"]["document_type"] = "referral"
# an auto-accepted wrong value: a silent error
name = find("p06-insurance-card", 1)["phi"]["fields"]["patient_name"]
name.update(value="Somebody Else", normalized="Somebody Else", status="accepted")
# a deliberately invalid NPI accepted: a missed catch (the value itself is right)
npi = find("p19-invalid-npi", 1)["phi"]["fields"]["provider_npi"]
npi.update(status="accepted", reasons=[])
with open(os.path.join(out, "damaged.ndjson"), "w") as f:
    f.writelines(json.dumps(r) + "\n" for r in records)

# a reject for the wrong reason: still a reject, wrong class
inputs = [l.rstrip("\n") for l in open(os.path.join(perfect, "inputs.txt"))]
index = next(i for i, p in enumerate(inputs, 1) if p.endswith("bad/zip-renamed.pdf"))
rejects = [json.loads(l) for l in open(os.path.join(perfect, "rejects.ndjson"))]
for r in rejects:
    if r["input"]["index"] == index:
        r["reason"] = "pdf_encrypted"
with open(os.path.join(out, "damaged-rejects.ndjson"), "w") as f:
    f.writelines(json.dumps(r) + "\n" for r in rejects)
PY
"${score[@]}" --results "$work/damaged.ndjson" --rejects "$work/damaged-rejects.ndjson" \
  --inputs "$work/inputs.txt" --json "$work/damaged.json"
damaged="$work/damaged.json"

# p13's lab result (page 4, a scan) holds 7 fields: all missed after the merge
lab_fields=7
expect "$damaged" packets.accept_reject_accuracy 1.0
expect "$damaged" packets.reject_class_accuracy "($bad - 1) / $bad"
expect "$damaged" split.exact_match_rate "($good - 1) / $good"
expect "$damaged" documents.type_accuracy "($docs - 2) / $docs"
expect "$damaged" fields.dob.born_digital.fp 1
expect "$damaged" fields.dob.born_digital.fn 1
expect "$damaged" fields.patient_name.born_digital.fp 1
expect "$damaged" fields.patient_name.born_digital.fn 1
expect "$damaged" fields.provider_npi.born_digital.fp 0
expect "$damaged" fields.all.born_digital.tp "$bd_tp - 2"
expect "$damaged" fields.all.scan.tp "$scan_tp - $lab_fields"
expect "$damaged" fields.all.scan.fn "$lab_fields"
expect "$damaged" fields.all.scan.fp 0
expect "$damaged" fields.all.scan.precision 1.0
expect "$damaged" fields.all.scan.recall "($scan_tp - $lab_fields) / $scan_tp"
expect "$damaged" fields.all.fax.f1 1.0
expect "$damaged" fields.silent_errors 1
expect "$damaged" invalid.catch_rate "($invalid - 1) / $invalid"

# 4. the baseline gate: met by the perfect results, missed (and named) by the damaged ones
cat > "$work/baseline.json" <<'JSON'
{"minimums": {"packets.accept_reject_accuracy": 1.0, "split.exact_match_rate": 1.0,
              "invalid.catch_rate": 1.0, "fields.all.all.f1": 0.5, "figure.not.produced": 0.5},
 "maximums": {"fields.silent_errors": 0}}
JSON
if "${score[@]}" --results "$work/perfect/results.ndjson" --rejects "$work/perfect/rejects.ndjson" \
  --inputs "$work/inputs.txt" --baseline "$work/baseline.json" 2>"$work/perfect-baseline.err"; then
  fail "a figure absent from the results must count as 0 and fail its minimum"
fi
grep -q "figure.not.produced" "$work/perfect-baseline.err" || fail "baseline failure does not name the missing figure"
[ "$(grep -c baseline: "$work/perfect-baseline.err")" = 1 ] || fail "perfect results missed more than the absent figure"
sed -i 's/, "figure.not.produced": 0.5//' "$work/baseline.json"
"${score[@]}" --results "$work/perfect/results.ndjson" --rejects "$work/perfect/rejects.ndjson" \
  --inputs "$work/inputs.txt" --baseline "$work/baseline.json" || fail "perfect results miss the baseline"
set +e
"${score[@]}" --results "$work/damaged.ndjson" --rejects "$work/damaged-rejects.ndjson" \
  --inputs "$work/inputs.txt" --baseline "$work/baseline.json" 2>"$work/damaged-baseline.err"
status=$?
set -e
[ "$status" = 1 ] || fail "damaged results: baseline exit status $status, expected 1"
for key in split.exact_match_rate invalid.catch_rate fields.silent_errors; do
  grep -q "$key" "$work/damaged-baseline.err" || fail "baseline failure does not name $key"
done
grep -q "packets.accept_reject_accuracy" "$work/damaged-baseline.err" && fail "accept/reject accuracy wrongly reported"

# 5. partial pipelines: only the figures of the stages that ran have data
for stage in validate split; do
  "${score[@]}" --truth-as-results "$work/$stage" --stage "$stage" >/dev/null
  "${score[@]}" --results "$work/$stage/results.ndjson" --rejects "$work/$stage/rejects.ndjson" \
    --inputs "$work/$stage/inputs.txt" --json "$work/$stage.json"
  expect "$work/$stage.json" packets.accept_reject_accuracy 1.0
  expect "$work/$stage.json" fields.all.all.f1 None
  expect "$work/$stage.json" invalid.catch_rate None
done
expect "$work/validate.json" split.exact_match_rate None
expect "$work/split.json" split.exact_match_rate 1.0
expect "$work/split.json" documents.type_accuracy 1.0

if [ "$failures" -ne 0 ]; then
  echo "score-selftest: $failures check(s) failed" >&2
  exit 1
fi
echo "score-selftest: all checks passed"
