# Shared helpers for the end-to-end tests (sourced, not run).
set -euo pipefail
: "${MI_BIN_DIR:?run through ctest}" "${MI_SOURCE_DIR:?}" "${MI_TEST_TMP:?}"
export PATH="$MI_BIN_DIR:$PATH"
rm -rf "$MI_TEST_TMP"
mkdir -p "$MI_TEST_TMP"
export MI_HOME="$MI_TEST_TMP/home"
export NO_COLOR=1
unset MI_KEYRING MI_AUDIT_LOG MI_VAULT MI_POLICY

failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}
pass() { echo "ok: $*" >&2; }

# expect_status WANT CMD...: runs CMD, checks its exit status.
expect_status() {
  local want=$1
  shift
  local got=0
  "$@" || got=$?
  if [ "$got" -eq "$want" ]; then pass "exit $want: $*"; else fail "exit $got, wanted $want: $*"; fi
}

finish() {
  if [ "$failures" -gt 0 ]; then
    echo "$failures check(s) failed" >&2
    exit 1
  fi
  echo "all checks passed"
}
