"""The API against its own contract: schemathesis generates requests from openapi.yaml and checks each
answer with every check (`--checks all`): no 5xx, a documented status, content type, headers and schema,
405 with a true Allow for other methods, schema-invalid data refused, schema-valid data accepted or refused
only as schemathesis.toml says, auth not ignored. It runs once for each role.

    python Tests/contract/schemathesis_run.py http://127.0.0.1:8080 demo-credentials.json [--max-examples N]
        [--max-time SECONDS]

For each role it signs in a demo account for a bearer token, then runs `schemathesis run` with it. The seed is
fixed so that a failure can be replayed. `--max-time` gives each role a time budget, which fuzzing spends
(CI gives each role 2 minutes); without it, `--max-examples` bounds the run.

The sign-in endpoint runs last, on its own and without a token: its wrong guesses throttle this address and
lock accounts, which would refuse the roles' own sign-ins if it ran first.
"""
import argparse
import base64
import hashlib
import hmac
import json
import struct
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

CONFIG = Path(__file__).with_name("schemathesis.toml")
ROLES = ["practitioner", "data-manager", "auditor"]


def totp(secret: str, step: int) -> str:
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    mac = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    return str((struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF) % 10**6).zfill(6)


def token(base: str, accounts: list, role: str) -> str:
    """A bearer token for the first demo account of `role` that can sign in now. The browser tests may have
    just spent an account's current code (codes are single use), so the next step's code is tried too."""
    for account in (a for a in accounts if a["role"] == role):
        for step in (int(time.time()) // 30, int(time.time()) // 30 + 1):
            body = json.dumps({"email": account["email"], "password": account["password"],
                               "totp": totp(account["totpSecret"], step)}).encode()
            request = urllib.request.Request(f"{base}/api/v1/auth/token", data=body,
                                             headers={"Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    return json.load(response)["token"]
            except urllib.error.HTTPError as error:
                print(f"sign-in as {account['email']} answered {error.code}; trying again", file=sys.stderr)
    raise SystemExit(f"no demo {role} could sign in")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("credentials")
    parser.add_argument("--max-examples", type=int, default=25)
    parser.add_argument("--max-time", type=int, default=0, help="seconds for each role; 0 for no budget")
    parser.add_argument("--roles", default=",".join(ROLES))
    parser.add_argument("--schemathesis", default="schemathesis")
    args = parser.parse_args()
    base = args.base.rstrip("/")
    accounts = json.load(open(args.credentials, encoding="utf-8"))
    failed = []
    budget = ["--max-time", str(args.max_time)] if args.max_time else []
    common = [
        "--checks", "all", "--max-examples", str(args.max_examples), "--seed", "20261204",
        "--phases", "examples,coverage,fuzzing", "--request-timeout", "20", "--workers", "2", *budget,
    ]
    runs = []
    for role in args.roles.split(","):
        bearer = token(base, accounts, role)
        # The sign-in endpoint is left to its own run, after the roles (see the top of this file).
        runs.append((role, ["--header", f"Authorization: Bearer {bearer}", "--exclude-path", "/api/v1/auth/token"]))
    runs.append(("sign-in", ["--include-operation-id", "issueToken"]))
    for name, selection in runs:
        command = [
            args.schemathesis, "--config-file", str(CONFIG), "run", f"{base}/api/v1/openapi.yaml", "--url", base,
            *common, *selection,
        ]
        print(f"--- as {name}:", " ".join(c if "Bearer" not in c else "Authorization: Bearer …" for c in command),
              flush=True)
        if subprocess.call(command) != 0:
            failed.append(name)
    print(f"schemathesis: {len(failed)} of {len(runs)} runs failed {failed if failed else ''}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
