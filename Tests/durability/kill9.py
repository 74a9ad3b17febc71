#!/usr/bin/env python3
"""kill -9 under write load loses no acknowledged request and no audit event (issue 14).

Seeds a demo database (SQLite, or PostgreSQL with --postgres URL), serves it with `signpost serve`, and
for each cycle: several writers create children over the API as fast as they can; after a random
moment the server is killed with SIGKILL; it is started again on the same database. Then:

  - every child whose creation was acknowledged (201) is readable by its creator;
  - every acknowledged creation has its `child.created` audit event, sequenced or still pending;
  - `signpost audit verify` says the chain is intact.

Standard library only. Usage:

  Tests/durability/kill9.py SIGNPOST_BINARY [--postgres URL] [--cycles 3] [--port 8190]

Exits 0 when every cycle holds, 1 with the first loss named. Prints one summary line last.
"""
import argparse, json, os, random, signal, sqlite3, subprocess, sys, tempfile, threading, time
import urllib.error, urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "scripts"))
from importlib.machinery import SourceFileLoader  # noqa: E402

bench = SourceFileLoader(
    "bench", os.path.join(os.path.dirname(__file__), "..", "..", "scripts", "bench-audited-reads.py")).load_module()

EMAIL = "sam.social-worker@ashdown.example"


def call(url, method="GET", body=None, bearer=None, timeout=10):
    headers = {"Content-Type": "application/json"}
    if bearer:
        headers["Authorization"] = f"Bearer {bearer}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.status, json.loads(response.read() or b"null")


def child_body(n):
    """A synthetic child, distinct from every other one the run makes."""
    return {"confirm": True, "child": {
        "givenName": "Durable", "familyName": f"Kill{n:06d}".replace("0", "o"),
        "dateOfBirth": f"20{10 + n % 10}-{1 + n % 12:02d}-{1 + n % 28:02d}", "gender": "unknown",
        "postcode": "LS6 2AB", "addressLine": f"{n} Test Street", "tier": 2,
        "involvement": {"role": "Key worker", "contactPhone": "01632 960777", "leadProfessional": False}}}


class Server:
    def __init__(self, binary, folder, port, database_url):
        self.binary, self.folder, self.port = binary, folder, port
        self.env = dict(os.environ, DATABASE_URL=database_url, PORT=str(port), HOSTNAME="127.0.0.1")
        self.process = None

    def start(self):
        log = open(os.path.join(self.folder, "server.log"), "a")
        self.process = subprocess.Popen([self.binary, "serve"], cwd=self.folder, env=self.env, stdout=log,
                                        stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"the server exited with {self.process.returncode}; see {self.folder}/server.log")
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=1)
                return
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.2)
        raise SystemExit("the server did not become healthy within 60 s")

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)

    def cli(self, *arguments):
        return subprocess.run([self.binary, *arguments], cwd=self.folder, env=self.env, capture_output=True,
                              text=True)


def audited_subjects(database_url, folder):
    """Subject ids of every child.created event, sequenced or pending, read straight from the database."""
    query = ("SELECT subject_id FROM audit_events WHERE action = 'child.created' "
             "UNION SELECT subject_id FROM audit_pending WHERE action = 'child.created'")
    if database_url.startswith("sqlite://"):
        with sqlite3.connect(database_url[len("sqlite://"):]) as connection:
            rows = [row[0] for row in connection.execute(query)]
    else:
        url = database_url.split("?")[0]
        rows = subprocess.run(["psql", url, "-At", "-c", query], capture_output=True, text=True,
                              check=True, cwd=folder).stdout.split()
    return {row.lower() for row in rows if row}


def load(base, bearer, seconds, writers, counter):
    """Writers create children until the server dies; returns the ids it acknowledged."""
    acknowledged, lock, stop = [], threading.Lock(), time.time() + seconds

    def writer():
        while time.time() < stop + 5:
            with lock:
                counter[0] += 1
                n = counter[0]
            try:
                status, body = call(base + "/api/v1/children", "POST", child_body(n), bearer, timeout=5)
            except (urllib.error.URLError, ConnectionError, OSError):
                return
            if status == 201:
                with lock:
                    acknowledged.append(body["id"].lower())

    threads = [threading.Thread(target=writer) for _ in range(writers)]
    for thread in threads:
        thread.start()
    return threads, acknowledged


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--postgres")
    parser.add_argument("--cycles", type=int, default=3)
    parser.add_argument("--port", type=int, default=8190)
    parser.add_argument("--writers", type=int, default=8)
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    folder = tempfile.mkdtemp(prefix="signpost-kill9-")
    seed = [binary, "demo", "--seed-only", "--database", os.path.join(folder, "demo.sqlite")]
    if args.postgres:
        seed += ["--postgres", args.postgres]
    subprocess.run(seed, cwd=folder, check=True, capture_output=True)
    database_url = args.postgres or "sqlite://" + os.path.join(folder, "demo.sqlite")
    engine = "PostgreSQL" if args.postgres else "SQLite"
    server = Server(binary, folder, args.port, database_url)
    base = f"http://127.0.0.1:{args.port}"
    accounts = json.load(open(os.path.join(folder, "demo-credentials.json")))
    server.start()
    bearer = bench.token(base, next(a for a in accounts if a["email"] == EMAIL))
    everything, counter, rng = [], [0], random.Random(14)
    try:
        for cycle in range(1, args.cycles + 1):
            threads, acknowledged = load(base, bearer, 60, args.writers, counter)
            time.sleep(rng.uniform(1.5, 3.5))
            server.kill()
            for thread in threads:
                thread.join()
            everything += acknowledged
            server.start()
            missing = [child for child in everything if call(f"{base}/api/v1/children/{child}", bearer=bearer)[0] != 200]
            unaudited = set(everything) - audited_subjects(database_url, folder)
            verify = server.cli("audit", "verify")
            print(f"{engine} cycle {cycle}: {len(acknowledged)} acknowledged, {len(everything)} in all, "
                  f"{len(missing)} lost, {len(unaudited)} without their audit event; {verify.stdout.strip()}")
            if missing or unaudited or verify.returncode != 0:
                print(f"FAILED: lost {missing[:3]}, unaudited {sorted(unaudited)[:3]}, verify: {verify.stderr}")
                return 1
    except urllib.error.HTTPError as error:
        print(f"FAILED: {error.code} from {error.url}: {error.read()[:300]!r}")
        return 1
    finally:
        server.stop()
    print(f"kill -9 on {engine}: {args.cycles} cycles, {len(everything)} acknowledged writes, 0 lost, 0 unaudited")
    return 0


if __name__ == "__main__":
    sys.exit(main())
