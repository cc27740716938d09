#!/usr/bin/env bash
# Byte-for-byte comparison of two builds' `-o json` output (issue "lean model": a change to the
# model or loader must not change any answer). Runs `diagnose -A -o json` and `explain -o json` of every Service over every fixture file of tests/fixtures and over extra
# files given on the command line (e.g. the benchmark dump), with both binaries.
#
# Usage: scripts/compare-output.sh OLD_BINARY NEW_BINARY [EXTRA_FILE...]
# Exit status 0 when every output (stdout and exit status) is identical.
set -u
old=$1 new=$2
shift 2
cd "$(dirname "$0")/.."
files=$(find tests/fixtures -name '*.yaml' -o -name '*.json' | grep -v -e apiserver -e sarif -e EXPECTED -e endpointslice-vectors | sort)
differ=0
runs=0
run() { # label, args...
  local label=$1
  shift
  local a b ea eb
  a=$("$old" "$@" 2>/dev/null); ea=$?
  b=$("$new" "$@" 2>/dev/null); eb=$?
  runs=$((runs + 1))
  if [ "$a" != "$b" ] || [ $ea != $eb ]; then
    echo "DIFFERS: $label ($*): exit $ea vs $eb"
    differ=$((differ + 1))
  fi
}
for f in $files "$@"; do
  run "$f" diagnose -A -f "$f" -o json
  # explain every Service the file holds (at most 20, for the big files)
  while read -r ns name; do
    [ -n "$name" ] && run "$f $ns/$name" explain "$name" -n "$ns" -f "$f" -o json
  done < <("$old" diagnose -A -f "$f" -o json 2>/dev/null | python3 -c '
import json, sys
try:
    d = json.load(sys.stdin)
except Exception:
    sys.exit(0)
for s in (d.get("services") or [])[:20]:
    print(s.get("namespace", ""), s.get("name", ""))
')
done
echo "$runs runs compared, $differ differ"
[ $differ = 0 ]
