#!/usr/bin/env python3
"""Throughput of audited reads against a running `signpost demo` (issue 14), with wrk.

Signs in as a demo practitioner (email, password, TOTP from demo-credentials.json), then runs wrk
against /healthz, GET /api/v1/me and GET /api/v1/children/{id} in one run, and prints a table with
each route's ratio to /healthz. Usage:

  scripts/bench-audited-reads.py URL CREDENTIALS_JSON CHILD_ID [--connections 16,64] [--seconds 15]
"""
import argparse, base64, hashlib, hmac, json, re, struct, subprocess, sys, time, urllib.request


def totp(secret: str) -> str:
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return "%06d" % ((struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000)


def token(url: str, account: dict) -> str:
    body = json.dumps({"email": account["email"], "password": account["password"],
                       "totp": totp(account["totpSecret"])}).encode()
    request = urllib.request.Request(url + "/api/v1/auth/token", data=body,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return json.load(response)["token"]


def wrk(url: str, connections: int, seconds: int, bearer: str | None) -> dict:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if bearer:
        command[1:1] = ["-H", f"Authorization: Bearer {bearer}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    def latency(label):
        match = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)", out, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "p50": latency("50"), "p99": latency("99"), "errors": int(non2xx.group(1)) if non2xx else 0}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("credentials")
    parser.add_argument("child")
    parser.add_argument("--email", default="sam.social-worker@ashdown.example")
    parser.add_argument("--connections", default="16,64")
    parser.add_argument("--seconds", type=int, default=15)
    args = parser.parse_args()
    accounts = json.load(open(args.credentials))
    account = next(a for a in accounts if a["email"] == args.email)
    bearer = token(args.url, account)
    print("| connections | route | requests/s | p50 ms | p99 ms | non-2xx | ratio to /healthz |")
    print("|---|---|---|---|---|---|---|")
    for connections in [int(c) for c in args.connections.split(",")]:
        health = wrk(args.url + "/healthz", connections, args.seconds, None)
        rows = [("/healthz", health),
                ("GET /api/v1/me", wrk(args.url + "/api/v1/me", connections, args.seconds, bearer)),
                ("GET /api/v1/children/{id}",
                 wrk(f"{args.url}/api/v1/children/{args.child}", connections, args.seconds, bearer))]
        for route, r in rows:
            print(f"| {connections} | `{route}` | {r['rps']:,.0f} | {r['p50']:.2f} | {r['p99']:.2f} | "
                  f"{r['errors']} | {r['rps'] / health['rps']:.3f} |")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
