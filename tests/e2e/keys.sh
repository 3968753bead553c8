#!/usr/bin/env bash
# mi-keys end to end: init, scoped export, rotate + rewrap keeping every envelope readable, and
# key files readable by others refused.
source "$(dirname "$0")/lib.sh"
export MI_CLAMAV_DB="$MI_SOURCE_DIR/testdata/clamav"
packets="$MI_SOURCE_DIR/testdata/packets"

expect_status 0 mi-keys init -q
expect_status 78 mi-keys init -q # exists: refused without --force
[ "$(stat -c %a "$MI_HOME/keyring.json")" = 600 ] && pass "keyring is mode 600" || fail "keyring mode"
mi-keys list | grep -q $'^phi\tk_' && pass "list shows key ids" || fail "list"
if grep -q '"secret"' <(mi-keys list); then fail "list printed key material"; else pass "list hides secrets"; fi

mi-validate -q --tenant t1 "$packets"/p0[1-5]*.pdf >"$MI_TEST_TMP/batch.ndjson"
n=$(wc -l <"$MI_TEST_TMP/batch.ndjson")
[ "$n" -eq 5 ] && pass "5 envelopes to work with" || fail "expected 5 envelopes, got $n"

# A keyring scoped to ops opens ops and never phi.
expect_status 0 mi-keys export ops -o "$MI_TEST_TMP/ops.json"
mi-inspect -q --keyring "$MI_TEST_TMP/ops.json" <"$MI_TEST_TMP/batch.ndjson" >"$MI_TEST_TMP/ops-view.ndjson"
grep -q '"ops":{' "$MI_TEST_TMP/ops-view.ndjson" && pass "ops keyring opens ops" || fail "ops not opened"
if grep -q '"phi":{' "$MI_TEST_TMP/ops-view.ndjson"; then fail "ops keyring opened phi"; else pass "ops keyring cannot open phi"; fi
grep -q '"sealed":\["phi"\]' "$MI_TEST_TMP/ops-view.ndjson" && pass "phi listed as sealed" || fail "phi not listed as sealed"
expect_status 77 mi-inspect -q --keyring "$MI_TEST_TMP/ops.json" -c phi <"$MI_TEST_TMP/batch.ndjson" >/dev/null || true

# Rotation, then rewrap: every envelope opens under the new primaries, payloads untouched.
old_phi=$(mi-keys list | awk -F'\t' '$1=="phi"{print $2}')
new_phi=$(mi-keys rotate phi)
new_ops=$(mi-keys rotate ops)
[ "$new_phi" != "$old_phi" ] && pass "rotate gave a new key id" || fail "rotate"
expect_status 0 mi-keys rewrap -q <"$MI_TEST_TMP/batch.ndjson" >"$MI_TEST_TMP/rewrapped.ndjson"
grep -c "\"kid\":\"$new_phi\"" "$MI_TEST_TMP/rewrapped.ndjson" | grep -qx 5 && pass "phi re-wrapped to the new key" || fail "phi not re-wrapped"
grep -c "\"kid\":\"$new_ops\"" "$MI_TEST_TMP/rewrapped.ndjson" | grep -qx 5 && pass "ops re-wrapped to the new key" || fail "ops not re-wrapped"
# Ciphertexts are unchanged by a rewrap.
ct() { sed 's/"wk":"[^"]*"//g; s/"kid":"[^"]*"//g' "$1"; }
diff <(ct "$MI_TEST_TMP/batch.ndjson") <(ct "$MI_TEST_TMP/rewrapped.ndjson") >/dev/null && pass "payloads untouched" || fail "rewrap changed payloads"
mi-inspect -q <"$MI_TEST_TMP/batch.ndjson" | sed 's/"record":"[^"]*"//' >"$MI_TEST_TMP/before.json"
mi-inspect -q <"$MI_TEST_TMP/rewrapped.ndjson" | sed 's/"record":"[^"]*"//' >"$MI_TEST_TMP/after.json"
cmp -s "$MI_TEST_TMP/before.json" "$MI_TEST_TMP/after.json" && pass "same plaintext before and after rewrap" || fail "plaintext differs after rewrap"
# The exported ops keyring predates the rotation: it cannot open the re-wrapped stream.
expect_status 77 mi-inspect -q --keyring "$MI_TEST_TMP/ops.json" --rejects "$MI_TEST_TMP/rej.ndjson" <"$MI_TEST_TMP/rewrapped.ndjson"
grep -q '"reason":"key_unknown"' "$MI_TEST_TMP/rej.ndjson" && pass "old scoped key refused with key_unknown" || fail "no key_unknown reject"

# A keyring file readable by others is refused (as ssh does).
chmod 644 "$MI_HOME/keyring.json"
expect_status 77 mi-keys list
chmod 600 "$MI_HOME/keyring.json"
expect_status 0 mi-audit verify
mi-audit show --action keys. | grep -c . | grep -qx 5 && pass "keys actions audited (init, 2 rotate, export, rewrap)" || fail "keys audit records: $(mi-audit show --action keys. | grep -c .)"
finish
