#!/usr/bin/env bash
# The regression gate: the whole pipeline (the stages that exist) over testdata/, scored against
# the ground truth; fails when any figure drops below tests/regression/baseline.json.
source "$(dirname "$0")/lib.sh"
mi-keys init -q
if MI_BIN_DIR="$MI_BIN_DIR" "$MI_SOURCE_DIR/scripts/run-pipeline" "$MI_TEST_TMP/out" \
  --baseline "$MI_SOURCE_DIR/tests/regression/baseline.json"; then
  pass "every figure meets its baseline"
else
  fail "the regression report fell below its baseline (see above)"
fi
expect_status 0 mi-audit verify
finish
