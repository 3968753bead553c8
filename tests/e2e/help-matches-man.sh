#!/usr/bin/env bash
# Every option a tool's --help lists (for the tool and each subcommand) must be documented in
# its man page, and every tool must have one (qpdf's rule: an option cannot exist undocumented).
source "$(dirname "$0")/lib.sh"

for tool in "$MI_BIN_DIR"/mi-*; do
  name=$(basename "$tool")
  [ "$name" = mi-unit-tests ] && continue
  page="$MI_SOURCE_DIR/man/$name.1"
  if [ ! -f "$page" ]; then
    fail "$name has no man page man/$name.1"
    continue
  fi
  # The man source with roff escapes for '-' removed, so '\-\-tenant' matches '--tenant'.
  text=$(sed 's/\\-/-/g' "$page")
  helps=$("$tool" --help)
  subcommands=$(printf '%s\n' "$helps" | awk '/^Subcommands:/{s=1;next} s&&/^  [a-z]/{print $1}')
  for sub in $subcommands; do
    helps="$helps"$'\n'"$("$tool" "$sub" --help)"
    grep -qw -- "$sub" <<<"$text" || fail "$name: subcommand '$sub' missing from man page"
  done
  # Option lines of CLI11's help start with spaces and the option names ("  -q,--quiet ...").
  options=$(printf '%s\n' "$helps" | grep -E '^ +-' | grep -oE '^ +[-a-zA-Z0-9,]+' |
    tr ',' '\n' | tr -d ' ' | grep -E '^--?[a-zA-Z]' | sort -u)
  for opt in $options; do
    grep -qF -- "$opt" <<<"$text" || fail "$name: option '$opt' (from --help) missing from man page"
  done
  for section in NAME SYNOPSIS DESCRIPTION "EXIT STATUS" EXAMPLES; do
    grep -q "^\.SH \"\?$section" "$page" || fail "$name: man page lacks section $section"
  done
  pass "$name: $(wc -w <<<"$options") options documented"
done
finish
