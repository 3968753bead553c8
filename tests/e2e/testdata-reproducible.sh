#!/bin/bash
# testdata/ is exactly what scripts/gen-testdata produces: regenerate into a scratch directory and
# compare byte for byte with the committed files (gen-testdata --check lists every difference).
# Environment: MI_SOURCE_DIR (repository root), MI_TEST_TMP (scratch directory, used for TMPDIR).
set -euo pipefail

src=${MI_SOURCE_DIR:?MI_SOURCE_DIR must name the repository root}
export TMPDIR=${MI_TEST_TMP:-${TMPDIR:-/tmp}}
mkdir -p "$TMPDIR"

if ! /usr/bin/python3 "$src/scripts/gen-testdata" --out "$src/testdata" --check; then
  echo "testdata-reproducible: testdata/ differs from the generator's output;" \
    "run /usr/bin/python3 scripts/gen-testdata and commit the result" >&2
  exit 1
fi
