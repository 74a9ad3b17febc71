#!/usr/bin/env python3
"""Sign-in timing by failure path against a running server (issue 16): unknown email, known email with a
wrong password, and a locked account. Each path is tried TRIES times; the script prints the medians and
fails (exit 1) when any median is more than 10 % from the unknown-email median.

Known-email tries use 4 wrong passwords per account, across as many demo accounts as it needs, so none of
them locks; the locked path locks one account with 5 wrong passwords first. Usage:

  scripts/sign-in-timing.py URL CREDENTIALS_JSON [--tries 20]
"""
import argparse, json, statistics, sys, time, urllib.error, urllib.request, uuid


def attempt(url: str, email: str, password: str) -> float:
    body = json.dumps({"email": email, "password": password, "totp": "000000"}).encode()
    request = urllib.request.Request(url + "/api/v1/auth/token", data=body,
                                     headers={"Content-Type": "application/json"})
    start = time.perf_counter()
    try:
        urllib.request.urlopen(request).read()
        raise SystemExit("a wrong password was accepted")
    except urllib.error.HTTPError as error:
        error.read()
        if error.code != 401:
            raise SystemExit(f"expected 401, got {error.code}")
    return (time.perf_counter() - start) * 1000


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("credentials")
    parser.add_argument("--tries", type=int, default=20)
    args = parser.parse_args()
    emails = [account["email"] for account in json.load(open(args.credentials))]
    needed = -(-args.tries // 4) + 1
    if len(emails) < needed:
        raise SystemExit(f"needs {needed} accounts, the file has {len(emails)}")
    locked, known = emails[0], emails[1:needed]
    for _ in range(5):
        attempt(args.url, locked, "wrong")
    samples = {"unknown email": [], "known email, wrong password": [], "locked account": []}
    for index in range(args.tries):
        # Interleaved, so drift in the machine's load affects every path alike.
        samples["unknown email"].append(attempt(args.url, f"nobody-{uuid.uuid4().hex[:8]}@example.invalid", "x"))
        samples["known email, wrong password"].append(attempt(args.url, known[index // 4], f"wrong-{index}"))
        samples["locked account"].append(attempt(args.url, locked, f"wrong-{index}"))
    baseline = statistics.median(samples["unknown email"])
    print("| path | median ms | min ms | max ms | vs unknown email |")
    print("|---|---|---|---|---|")
    worst = 0.0
    for path, times in samples.items():
        median = statistics.median(times)
        worst = max(worst, abs(median / baseline - 1))
        print(f"| {path} | {median:.1f} | {min(times):.1f} | {max(times):.1f} | {median / baseline - 1:+.1%} |")
    print(f"largest difference of medians: {worst:.1%} (limit 10 %)")
    sys.exit(0 if worst <= 0.10 else 1)


main()
