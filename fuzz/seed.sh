#!/usr/bin/env bash
# Seeds fuzz/corpus/ingest from the third-party workbooks of ../shared/corpus (if present) and
# the repository's samples: each file prefixed with the byte that picks its extension in the
# target (0 xlsx, 1 xls, 2 ods, 3 xlsb, 4 csv, 5 xlsm).
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/ingest
n=0
for f in ../../shared/corpus/*/* ../../shared/corpus/*/*/* ../samples/* ../tests/data/*; do
  [ -f "$f" ] || continue
  [ "$(stat -c %s "$f")" -le 262144 ] || continue
  case "${f##*.}" in
    xlsx) b=0 ;; xls) b=1 ;; ods) b=2 ;; xlsb) b=3 ;; csv) b=4 ;; xlsm) b=5 ;; *) continue ;;
  esac
  { printf "\\x0$b"; cat "$f"; } > "corpus/ingest/seed$((n++))"
done
echo "seeded $n files"
