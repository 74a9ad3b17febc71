"""The API against its own contract: schemathesis generates requests from openapi.yaml and checks each
answer (no 5xx, a documented status, content type, headers and schema, 405 with a true Allow for other
methods, schema-invalid data refused, auth not ignored).

    python Tests/contract/schemathesis_run.py http://127.0.0.1:8080 demo-credentials.json [--max-examples N]

It signs in one demo practitioner for a bearer token, then runs `schemathesis run` with it. The seed is
fixed so that a failure can be replayed; `--max-examples` keeps the CI stage to a few minutes.
"""
import argparse
import base64
import hashlib
import hmac
import json
import os
import struct
import subprocess
import sys
import time
import urllib.error
import urllib.request

# Every check but positive_data_acceptance, which expects 2xx for any schema-valid request: a random child
# id is meant to answer 404 (hidden and missing look the same), and the server's checks (NHS check digits,
# real dates, a reason the list holds) are stricter than JSON Schema can say.
CHECKS = os.environ.get("SCHEMATHESIS_CHECKS", ",".join([
    "not_a_server_error", "status_code_conformance", "content_type_conformance", "response_schema_conformance",
    "response_headers_conformance", "negative_data_rejection", "missing_required_header", "unsupported_method",
    "allow_header_conformance", "use_after_free", "ensure_resource_availability", "ignored_auth",
]))


def totp(secret: str, step: int) -> str:
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    mac = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    return str((struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF) % 10**6).zfill(6)


def token(base: str, accounts: list) -> str:
    """A bearer token for the first demo practitioner who can sign in now. The browser tests may have just
    spent an account's current code (codes are single use), so the next step's code is tried too."""
    for account in (a for a in accounts if a["role"] == "practitioner"):
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
    raise SystemExit("no demo practitioner could sign in")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("credentials")
    parser.add_argument("--max-examples", type=int, default=25)
    parser.add_argument("--schemathesis", default="schemathesis")
    args = parser.parse_args()
    base = args.base.rstrip("/")
    accounts = json.load(open(args.credentials, encoding="utf-8"))
    # A practitioner: the widest API surface (a data manager's routes refuse with a documented 403).
    bearer = token(base, accounts)
    command = [
        args.schemathesis, "run", f"{base}/api/v1/openapi.yaml", "--url", base,
        "--header", f"Authorization: Bearer {bearer}",
        "--checks", CHECKS, "--max-examples", str(args.max_examples), "--seed", "20261204",
        "--phases", "examples,coverage,fuzzing", "--request-timeout", "20", "--workers", "2",
        # The token endpoint would lock the demo accounts and throttle this address for the later runs.
        "--exclude-path", "/api/v1/auth/token",
    ]
    print("+", " ".join(c if "Bearer" not in c else "Authorization: Bearer …" for c in command), flush=True)
    return subprocess.call(command)


if __name__ == "__main__":
    sys.exit(main())
