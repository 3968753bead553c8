#!/usr/bin/env bash
# mi-vault: listing by metadata, legal hold beats retention, the sweep deletes and audits.
source "$(dirname "$0")/lib.sh"
export MI_CLAMAV_DB="$MI_SOURCE_DIR/testdata/clamav"
mi-keys init -q
mi-validate -q --tenant t1 "$MI_SOURCE_DIR"/testdata/packets/p0[1-3]*.pdf >/dev/null
mapfile -t ids < <(mi-vault list | cut -f1)
[ "${#ids[@]}" -eq 3 ] && pass "3 objects listed" || fail "expected 3 objects, got ${#ids[@]}"
mi-vault list | awk -F'\t' '$3 != "source" || $2 != "t1"' | grep -q . && fail "wrong metadata" || pass "metadata: tenant and kind"
if mi-vault list | grep -q 'p01\|referral'; then fail "file names in listing"; else pass "no file names in listing"; fi

past=2020-01-01T00:00:00Z
for id in "${ids[@]}"; do mi-vault retain "$id" --until $past; done
expect_status 0 mi-vault hold "${ids[0]}"
[ "$(mi-vault sweep --dry-run)" = "due: 2" ] && pass "dry run counts 2 (one held)" || fail "dry run: $(mi-vault sweep --dry-run)"
[ "$(mi-vault list | wc -l)" -eq 3 ] && pass "dry run deleted nothing" || fail "dry run deleted"
[ "$(mi-vault sweep)" = "deleted: 2" ] && pass "sweep deleted 2" || fail "sweep"
mi-vault list | cut -f1 | grep -qx "${ids[0]}" && pass "held object survived" || fail "held object deleted"
[ "$(mi-audit show --action vault.delete | wc -l)" -eq 2 ] && pass "each deletion audited" || fail "vault.delete records"

# Editing the metadata (to shorten a deadline or drop a hold) is detected.
meta=$(find "$MI_HOME/vault" -name "${ids[0]}.meta")
sed -i 's/"legal_hold":true/"legal_hold":false/' "$meta"
expect_status 65 mi-vault sweep
expect_status 64 mi-vault hold not-an-id
expect_status 0 mi-audit verify
finish
