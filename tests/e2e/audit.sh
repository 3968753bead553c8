#!/usr/bin/env bash
# mi-audit verify detects editing, deleting and reordering any record, and truncating the log
# after a checkpoint; it names the record at fault.
source "$(dirname "$0")/lib.sh"
mi-keys init -q
for i in 1 2 3 4 5 6; do mi-audit checkpoint; done # each run: an event and a signed checkpoint
log="$MI_HOME/audit.log"
n=$(wc -l <"$log")
[ "$n" -eq 14 ] && pass "14 records" || fail "expected 14 records, got $n"
expect_status 0 mi-audit verify
cp "$log" "$MI_TEST_TMP/good.log"
cp "$log.head" "$MI_TEST_TMP/good.head"
restore() { cp "$MI_TEST_TMP/good.log" "$log"; cp "$MI_TEST_TMP/good.head" "$log.head"; }

# verify_detects DESCRIPTION EXPECTED-REGEX: the current log must fail with that message.
verify_detects() {
  local out status=0
  out=$(mi-audit verify) || status=$?
  if [ "$status" -eq 65 ] && grep -qE "$2" <<<"$out"; then pass "$1"; else fail "$1: status $status: $out"; fi
  restore
}

for k in $(seq 1 "$n"); do
  sed -i "${k}s/\"time\":\"2/\"time\":\"3/" "$log"
  if [ "$k" -lt "$n" ]; then
    verify_detects "edit record $k" "record $((k + 1)): audit_chain_broken|record $k: audit_signature_invalid"
  else
    verify_detects "edit record $k (last)" "record $k: audit_signature_invalid"
  fi
done
for k in $(seq 1 "$n"); do
  sed -i "${k}d" "$log"
  verify_detects "delete record $k" "audit_sequence_broken|audit_truncated|audit_head_missing"
done
for k in $(seq 1 $((n - 1))); do
  sed -i -n "${k}{h;n;G;p;d};p" "$log" # swap record k and k+1
  verify_detects "swap records $k and $((k + 1))" "record $k: audit_sequence_broken"
done
for cut in 1 2 5; do
  head -n $((n - cut)) "$MI_TEST_TMP/good.log" >"$log"
  verify_detects "truncate the last $cut records" "audit_truncated"
done
rm "$log.head"
verify_detects "remove the head file" "audit_head_missing"
sed -i 's/"sig":"./"sig":"A/' "$log"
verify_detects "forge checkpoint signatures" "audit_signature_invalid"

# Several writers at once keep one intact chain.
for i in 1 2 3 4 5 6 7 8; do mi-audit checkpoint & done
wait
expect_status 0 mi-audit verify
[ "$(wc -l <"$log")" -eq $((n + 16)) ] && pass "concurrent appends all landed" || fail "concurrent appends: $(wc -l <"$log")"
mi-audit tail -n 3 | grep -c '"seq"' | grep -qx 3 && pass "tail -n 3" || fail "tail"
finish
