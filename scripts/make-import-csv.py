#!/usr/bin/env python3
"""A synthetic children CSV for `signpost import children` (the import benchmark, issue 16).

Usage: scripts/make-import-csv.py ROWS SEED [WITHOUT_NHS_FRACTION] > children.csv

Names, dates of birth, postcodes and addresses are drawn at random; NHS numbers are valid test numbers
(999 000 0000 to 999 999 9999, mod-11 check digit). About 2 % of rows repeat an earlier row's NHS number
under a new source_id, as a second extract of the same child would, so the run also exercises linking.
WITHOUT_NHS_FRACTION (default 0) of rows have no NHS number: the import checks those for possible
duplicates and holds them for review.
"""
import csv, random, sys

GIVEN = ["Olivia", "Amelia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Freya", "Noah", "Oliver", "George", "Leo",
         "Muhammad", "Arthur", "Harry", "Oscar", "Aisha", "Zara", "Maryam", "Kacper", "Zofia", "Chidi", "Amara",
         "Jayden", "Priya", "Arjun", "Sofia", "Mateo", "Ellie", "Jack"]
FAMILY = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Khan",
          "Ahmed", "Ali", "Nowak", "Kowalski", "Okafor", "Adeyemi", "Singh", "Kaur", "Evans", "Thomas", "Roberts",
          "Walker", "Wright", "Thompson", "Hughes", "Green", "Hall", "Wood", "Clarke", "Begum"]
STREETS = ["High Street", "Station Road", "Church Lane", "Mill Road", "Park Avenue", "Victoria Road"]


def nhs_number(rng):
    while True:
        digits = [9, 9, 9] + [rng.randrange(10) for _ in range(6)]
        check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1))) % 11
        check = 0 if check == 11 else check
        if check != 10:
            return "".join(map(str, digits + [check]))


def main():
    rows, seed = int(sys.argv[1]), int(sys.argv[2])
    without_nhs = float(sys.argv[3]) if len(sys.argv) > 3 else 0.0
    rng = random.Random(seed)
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["source_id", "given_name", "family_name", "date_of_birth", "gender", "postcode", "address_line",
                  "nhs_number", "upn", "tier", "role"])
    seen = []
    for index in range(rows):
        if seen and rng.random() < 0.02:
            nhs = rng.choice(seen)
        else:
            nhs = nhs_number(rng)
            seen.append(nhs)
        year, month, day = rng.randrange(2008, 2025), rng.randrange(1, 13), rng.randrange(1, 29)
        postcode = f"AV{rng.randrange(1, 10)} {rng.randrange(1, 10)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}" \
                   f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
        out.writerow([f"src-{seed}-{index}", rng.choice(GIVEN), rng.choice(FAMILY), f"{year}-{month:02}-{day:02}",
                      rng.choice(["female", "male"]), postcode, f"{rng.randrange(1, 200)} {rng.choice(STREETS)}",
                      "" if rng.random() < without_nhs else nhs, "", "2", "Health visitor"])


if __name__ == "__main__":
    main()
