#!/usr/bin/env bash
# Every relative link in README.md points at a file the published .crate contains (crates.io
# renders the packaged README; a link to an excluded file is dead there). Absolute URLs pass.
set -uo pipefail
cd "$(dirname "$0")/.."
list=$(cargo package --list --allow-dirty 2>/dev/null) || { echo "cargo package --list failed"; exit 1; }
bad=0
while read -r l; do
  case $l in http://*|https://*|'') continue ;; esac
  if grep -qxF "$l" <<<"$list"; then echo "  ok   $l"; else echo "  FAIL $l is not in the package"; bad=1; fi
done < <({ grep -oE '\]\([^)#]+' README.md | sed 's/^](//'
           grep -oE '^\[[^]]+\]: [^ #]+' README.md | sed 's/^\[[^]]*\]: //'; } | sort -u)
[ $bad = 0 ] && echo "README links: all in the package" || exit 1
