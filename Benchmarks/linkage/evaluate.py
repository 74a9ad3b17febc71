"""Score `signpost link` output against the truth, at each band, with twin-like true pairs counted apart.

    python evaluate.py DIR LINKS.csv [LINKS.csv ...]

DIR holds index.csv, incoming.csv and truth.csv. A true pair is *twin-like* when both given names are present and
clearly different (edit distance above 2, neither a prefix of the other) while family name, date of birth and
postcode agree: for a children's index it looks exactly like a twin, so it must never be `match`. At the match
band it is left out of the recall denominator and reported separately; at the possible band it counts as usual.
"""
import csv
import os
import sys


def read(path):
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


def distance(a, b):
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def twin_like(a, b):
    g1, g2 = a["given_name"].strip().lower(), b["given_name"].strip().lower()
    if not g1 or not g2 or g1.startswith(g2) or g2.startswith(g1) or distance(g1, g2) <= 2:
        return False
    same = lambda field: a[field].strip().lower() == b[field].strip().lower() and a[field].strip() != ""
    return same("family_name") and same("date_of_birth") and same("postcode")


def main():
    folder, outputs = sys.argv[1], sys.argv[2:]
    index = {row["id"]: row for row in read(os.path.join(folder, "index.csv"))}
    incoming = {row["id"]: row for row in read(os.path.join(folder, "incoming.csv"))}
    truth = {row["incoming_id"]: row["index_id"] for row in read(os.path.join(folder, "truth.csv"))}
    twins = {key for key, value in truth.items() if twin_like(incoming[key], index[value])}
    print(f"{len(truth)} true pairs, {len(twins)} twin-like")
    for path in outputs:
        links = read(path)
        for band in ["match", "possible"]:
            chosen = [l for l in links if band == "possible" or l["band"] == "match"]
            correct = sum(1 for l in chosen if truth.get(l["incoming_id"]) == l["index_id"])
            wrong = len(chosen) - correct
            twin_matched = sum(1 for l in chosen if l["incoming_id"] in twins and truth[l["incoming_id"]] == l["index_id"])
            if band == "match":
                denominator = len(truth) - len(twins)
                correct_counted = correct - twin_matched
            else:
                denominator, correct_counted = len(truth), correct
            precision = correct / len(chosen) if chosen else 1.0
            recall = correct_counted / denominator if denominator else 1.0
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            print(f"{os.path.basename(path)} {band:8s} links {len(chosen):6d} wrong {wrong:4d} "
                  f"precision {precision:.4f} recall {recall:.4f} F1 {f1:.4f} twin-like linked {twin_matched}")


if __name__ == "__main__":
    main()
