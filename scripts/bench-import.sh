#!/usr/bin/env bash
# The import benchmark (docs/benchmarks.md): a fresh demo database, then `signpost import children FILE` into it,
# timed, then `signpost audit verify`.
# Usage: scripts/bench-import.sh SIGNPOST_BINARY FILE.csv sqlite|DATABASE_URL
#   sqlite          a fresh SQLite file in a temporary folder;
#   DATABASE_URL    a PostgreSQL database (postgres://...): every Signpost table in it is dropped and recreated.
# Make FILE.csv with scripts/make-import-csv.py ROWS SEED [WITHOUT_NHS_FRACTION].
set -euo pipefail
binary=$(realpath "$1")
file=$(realpath "$2")
target=$3
rm -f "$file.review.csv" "$file.rejects.csv"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# demo writes its key and credentials files into the working directory.
cd "$work"
if [[ $target == sqlite ]]; then
    url="sqlite://$work/import.sqlite"
    "$binary" demo --seed-only --database "$work/import.sqlite" >/dev/null
else
    url=$target
    "$binary" demo --seed-only --postgres "$url" >/dev/null
fi
DATABASE_URL="$url" /usr/bin/time -f "wall %e s, max RSS %M KB" "$binary" import children "$file" \
    --organisation ASH-HV
DATABASE_URL="$url" "$binary" audit verify | tail -n 1
