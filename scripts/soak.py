#!/usr/bin/env python3
"""Soak test (issue 16): a mixed workload at a steady rate against a running release `signpost demo`.

Signs in the demo practitioners, gives each a few synthetic children of their own (so they are on the team)
and a draft assessment, then sends requests at a fixed rate for the given minutes:

  reads of a child's signpost, GET /api/v1/me, searches, chronology entries added, chronology read,
  assessment drafts saved, and a sign-in every few seconds.

The load is open-loop: each request has a scheduled time and its latency is measured from that time, so a
server that stalls is charged for the requests queued behind the stall (no coordinated omission). Every
minute it prints the requests, the errors (any status other than the expected one, or no answer), the
latency percentiles and the server's RSS (from /proc/PID/status). It exits 1 if any request failed.

  scripts/soak.py URL demo-credentials.json --pid PID [--rate 200] [--minutes 30] [--seed 16]
"""
import argparse, base64, collections, hashlib, hmac, http.client, json, queue, random, struct, sys, threading
import time, urllib.parse

PRACTITIONERS = ["sam.social-worker@ashdown.example", "hana.health-visitor@ashdown.example",
                 "eli.early-help@ashdown.example", "tom.teacher@kingsbridge.example",
                 "yusuf.youth-justice@riverside.example",
                 "pat.police@kingsbridge.example"]
# Weights of the request kinds. Searches stay under each practitioner's 60 a minute.
MIX = {"read": 55, "me": 12, "chronology-add": 13, "chronology-read": 5, "assessment-save": 12, "search": 1}
GIVEN = ["Amara", "Ben", "Chloe", "Dylan", "Esme", "Finn", "Grace", "Harvey", "Isla", "Jacob", "Keira", "Leo"]
FAMILY = ["Ashworth", "Brennan", "Chowdhury", "Dlamini", "Evans", "Fairclough", "Gallagher", "Hussain"]


def totp(secret: str, step: int) -> str:
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    mac = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    return str((struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF) % 10**6).zfill(6)


class Client:
    """One keep-alive connection."""

    def __init__(self, base: str):
        parts = urllib.parse.urlsplit(base)
        self.host, self.port = parts.hostname, parts.port or 80
        self.connection = None

    def call(self, method: str, path: str, token: str | None = None, body=None) -> tuple[int, bytes]:
        headers = {"Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        for attempt in (0, 1):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
            try:
                self.connection.request(method, path, body=data, headers=headers)
                response = self.connection.getresponse()
                return response.status, response.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # A keep-alive connection the server closed while idle: open a new one once.
                self.connection.close()
                self.connection = None
                if attempt:
                    raise
        raise AssertionError("unreachable")


class World:
    """What the workload acts on: each practitioner's token, children and draft assessment."""

    def __init__(self, base: str, accounts: dict, rng: random.Random):
        self.base, self.accounts, self.rng = base, accounts, rng
        self.tokens, self.children, self.episodes = {}, {}, {}
        self.last_step, self.sign_ins = {}, 0
        self.lock = threading.Lock()

    def reserve_step(self, email: str) -> int:
        """The TOTP step this account's next sign-in uses: a code is single use, and the next step's code is
        accepted too, so the step after the last one used, but never before the current one."""
        with self.lock:
            step = max(int(time.time()) // 30, self.last_step.get(email, -1) + 1)
            self.last_step[email] = step
            return step

    def sign_in(self, client: Client, email: str, step: int | None = None) -> int:
        account = self.accounts[email]
        step = self.reserve_step(email) if step is None else step
        status, body = client.call("POST", "/api/v1/auth/token", body={
            "email": email, "password": account["password"], "totp": totp(account["totpSecret"], step)})
        if status == 201:
            self.tokens[email] = json.loads(body)["token"]
        return status

    def set_up(self, client: Client, children_each: int):
        for email in PRACTITIONERS:
            # An earlier run may have spent this step's code, and the next step's: then wait for a new step.
            for _ in range(3):
                if self.sign_in(client, email) == 201:
                    break
                time.sleep(30 - time.time() % 30 + 0.5)
            else:
                raise SystemExit(f"{email} could not sign in")
            token = self.tokens[email]
            self.children[email] = []
            for _ in range(children_each):
                child = {"givenName": self.rng.choice(GIVEN), "familyName": self.rng.choice(FAMILY) + "-Soak",
                         "dateOfBirth": f"20{self.rng.randint(10, 24)}-0{self.rng.randint(1, 9)}-1{self.rng.randint(0, 9)}"}
                status, body = client.call("POST", "/api/v1/children", token, {"confirm": True, "child": child})
                if status != 201:
                    raise SystemExit(f"{email}: creating a child answered {status}: {body[:200]!r}")
                self.children[email].append((json.loads(body)["id"], child))
            child_id = self.children[email][0][0]
            status, body = client.call("POST", f"/api/v1/children/{child_id}/assessments", token, {
                "riskOfSignificantHarm": False, "concernsAboutProgress": True, "needsMetBySingleService": False,
                "needsUnclearOrBroad": True})
            if status != 201:
                raise SystemExit(f"starting an assessment answered {status}: {body[:200]!r}")
            episode = json.loads(body)["id"]
            status, body = client.call("POST", f"/api/v1/assessments/{episode}/consent", token, {"declined": True})
            if status != 200:
                raise SystemExit(f"recording consent answered {status}: {body[:200]!r}")
            version = json.loads(body).get("version", 1)
            self.episodes[email] = {"id": episode, "version": version, "lock": threading.Lock()}


def run_one(kind: str, world: World, client: Client, rng: random.Random) -> tuple[int, int]:
    """Sends one request of `kind`; answers (status, expected status)."""
    email = rng.choice(PRACTITIONERS)
    token = world.tokens[email]
    child_id, child = rng.choice(world.children[email])
    if kind == "sign-in":
        # The account that signed in longest ago, its step reserved at once, so that sign-ins queued behind a
        # stall never ask one account for a code its server does not accept yet.
        with world.lock:
            email = min(PRACTITIONERS, key=lambda e: world.last_step.get(e, -1))
        step = world.reserve_step(email)
        wait = (step - 1) * 30 - time.time()
        if wait > 0:
            time.sleep(wait)  # the step's code is accepted from the step before; the wait counts in the latency
        return world.sign_in(client, email, step), 201
    if kind == "read":
        return client.call("GET", f"/api/v1/children/{child_id}", token)[0], 200
    if kind == "me":
        return client.call("GET", "/api/v1/me", token)[0], 200
    if kind == "search":
        return client.call("POST", "/api/v1/children/search", token, {
            "reason": "new-referral", "criteria": {"givenName": child["givenName"], "familyName": child["familyName"],
                                                  "dateOfBirth": child["dateOfBirth"]}})[0], 200
    if kind == "chronology-add":
        return client.call("POST", f"/api/v1/children/{child_id}/chronology", token, {
            "occurredOn": time.strftime("%Y-%m-%d"), "category": "home-visit", "significance": "routine",
            "summary": f"Soak visit note {rng.randint(0, 10**9)}"})[0], 201
    if kind == "chronology-read":
        return client.call("GET", f"/api/v1/children/{child_id}/chronology", token)[0], 200
    if kind == "assessment-save":
        episode = world.episodes[email]
        with episode["lock"]:  # one writer per draft, so the version is never stale
            status, body = client.call("PUT", f"/api/v1/assessments/{episode['id']}", token, {
                "version": episode["version"], "content": {"whatLedToIt": f"Soak draft {rng.randint(0, 10**9)}",
                                                           "elements": {}}})
            if status == 200:
                episode["version"] = json.loads(body)["version"]
        return status, 200
    raise ValueError(kind)


def percentile(sorted_values: list, fraction: float) -> float:
    if not sorted_values:
        return 0.0
    return sorted_values[min(len(sorted_values) - 1, int(fraction * len(sorted_values)))]


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("credentials")
    parser.add_argument("--pid", type=int, required=True, help="the server's process id, for its RSS")
    parser.add_argument("--rate", type=float, default=200)
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--workers", type=int, default=48)
    parser.add_argument("--children-each", type=int, default=5)
    parser.add_argument("--sign-in-every", type=float, default=5.0, help="seconds between sign-ins")
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args()
    base = args.url.rstrip("/")
    accounts = {a["email"]: a for a in json.load(open(args.credentials))}
    rng = random.Random(args.seed)
    world = World(base, accounts, rng)
    world.set_up(Client(base), args.children_each)

    tickets: queue.Queue = queue.Queue()
    results = collections.deque()  # (minute, kind, latency ms, ok, status)
    start = time.monotonic() + 1.0

    def worker(index: int):
        client, local = Client(base), random.Random(args.seed * 1000 + index)
        while (ticket := tickets.get()) is not None:
            due, kind = ticket
            try:
                status, expected = run_one(kind, world, client, local)
                ok = status == expected
            except Exception as error:  # no answer at all: counted as an error, and the soak goes on
                status, ok = type(error).__name__, False
                client.connection = None
            latency = (time.monotonic() - due) * 1000
            results.append((int((due - start) // 60), kind, latency, ok, status))

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(args.workers)]
    for thread in threads:
        thread.start()
    kinds, weights = list(MIX), list(MIX.values())
    total = int(args.rate * args.minutes * 60)
    print("| minute | requests | errors | p50 ms | p95 ms | p99 ms | max ms | server RSS MB |")
    print("|---|---|---|---|---|---|---|---|")
    sys.stdout.flush()
    reported, per_minute, all_latencies, failures, by_kind = 0, collections.defaultdict(list), [], [], \
        collections.defaultdict(list)
    next_sign_in = start

    late = 0  # answers that came after their minute was printed: in the totals, not in its row

    def report_until(minute_limit: int):
        nonlocal reported, late
        while results:
            minute, kind, latency, ok, status = results.popleft()
            if minute < reported:
                late += 1
            per_minute[minute].append((latency, ok))
            by_kind[kind].append(latency)
            all_latencies.append(latency)
            if not ok:
                failures.append((kind, status))
        while reported < minute_limit:
            rows = per_minute.pop(reported, [])
            latencies = sorted(latency for latency, _ in rows)
            errors = sum(1 for _, ok in rows if not ok)
            print(f"| {reported + 1} | {len(rows)} | {errors} | {percentile(latencies, .5):.1f} | "
                  f"{percentile(latencies, .95):.1f} | {percentile(latencies, .99):.1f} | "
                  f"{latencies[-1] if latencies else 0:.1f} | {rss_mb(args.pid):.0f} |")
            sys.stdout.flush()
            reported += 1

    for index in range(total):
        due = start + index / args.rate
        if due >= next_sign_in:
            tickets.put((next_sign_in, "sign-in"))
            next_sign_in += args.sign_in_every
        delay = due - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        tickets.put((due, rng.choices(kinds, weights)[0]))
        if index % max(1, int(args.rate)) == 0:
            report_until(int((time.monotonic() - start - 30) // 60))  # a minute is reported 30 s after it ends
    for _ in threads:
        tickets.put(None)
    for thread in threads:
        thread.join()
    report_until(int(args.minutes + 0.999))
    print()
    print("| kind | requests | p50 ms | p95 ms | p99 ms |")
    print("|---|---|---|---|---|")
    for kind, latencies in sorted(by_kind.items()):
        latencies.sort()
        print(f"| {kind} | {len(latencies)} | {percentile(latencies, .5):.1f} | {percentile(latencies, .95):.1f} | "
              f"{percentile(latencies, .99):.1f} |")
    all_latencies.sort()
    if late:
        print(f"\n{late} answers came after their minute's row was printed (a stall); they are in the totals.")
    print(f"\nsoak: {len(all_latencies)} requests in {args.minutes:g} min at {args.rate:g}/s, {len(failures)} errors, "
          f"p50 {percentile(all_latencies, .5):.1f} ms, p99 {percentile(all_latencies, .99):.1f} ms")
    for (kind, status), count in collections.Counter(failures).most_common(10):
        print(f"  {count} × {kind} answered {status}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
