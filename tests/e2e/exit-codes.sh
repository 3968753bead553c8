#!/usr/bin/env bash
# The exit-status contract of mi(7), checked on the real tools.
source "$(dirname "$0")/lib.sh"
for tool in mi-keys mi-audit mi-inspect mi-policy mi-validate; do
  expect_status 0 "$tool" --version
  expect_status 0 "$tool" --help
  expect_status 64 "$tool" --no-such-option
done
expect_status 78 mi-keys list          # no keyring yet
expect_status 78 mi-inspect </dev/null # no keyring yet
mi-keys init -q
expect_status 74 mi-keys list >/dev/full
expect_status 66 mi-audit show --home "$MI_TEST_TMP/nowhere"
expect_status 65 mi-inspect <<<'not an envelope'
expect_status 0 mi-inspect </dev/null
echo '{"schema":"mi-policy/1","policy_version":"t.1","fields":{"mrn":{"class":"secret"}}}' >"$MI_TEST_TMP/bad-policy.json"
expect_status 78 mi-policy check "$MI_TEST_TMP/bad-policy.json"
msg=$(mi-policy check "$MI_TEST_TMP/bad-policy.json" 2>&1 || true)
grep -q '/fields/mrn/class' <<<"$msg" && pass "policy error names the field" || fail "policy error: $msg"
expect_status 66 mi-policy check "$MI_TEST_TMP/missing.json"
expect_status 0 mi-policy check
expect_status 64 mi-validate --tenant 'Not A Slug' x.pdf
expect_status 64 mi-validate x.pdf
finish
