"""What the load-test scripts share: HTTP to Arbiter on a fresh connection per call, 429 handling, percentiles, a
Docker engine check, keys files, and a service started from target/quarkus-app on a free loopback port (stdlib only).
"""
import email.utils
import hashlib
import http.client
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JAR = os.path.join(ROOT, "target", "quarkus-app", "quarkus-run.jar")
RETRY_AFTER_CAP = 5.0
RETRY_AFTER_DEFAULT = 1.0


class Lost(Exception):
    """No answer: the connection failed, was reset or timed out."""


def call(url, method, path, body=None, headers=None, timeout=120):
    """One request on a fresh connection; (status, headers, body bytes), or Lost."""
    u = urllib.parse.urlsplit(url)
    conn_class = http.client.HTTPSConnection if u.scheme == "https" else http.client.HTTPConnection
    conn = conn_class(u.hostname, u.port, timeout=timeout)
    try:
        h = {"content-type": "application/json"} if body is not None else {}
        h.update(headers or {})
        conn.request(method, path, body=body, headers=h)
        resp = conn.getresponse()
        data = resp.read()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, data
    except (OSError, http.client.HTTPException) as e:
        raise Lost(f"{type(e).__name__}: {e}") from e
    finally:
        conn.close()


def bearer(key):
    return {"authorization": "Bearer " + key} if key else {}


def ready(url):
    try:
        return call(url, "GET", "/q/health/ready", timeout=5)[0] == 200
    except Lost:
        return False


def retry_after(value):
    """Seconds to wait after a 429: Retry-After in seconds or as an HTTP date, capped; 1 s when absent or unreadable."""
    if value is None:
        return RETRY_AFTER_DEFAULT
    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = email.utils.parsedate_to_datetime(value).timestamp() - time.time()
        except (TypeError, ValueError, IndexError):
            return RETRY_AFTER_DEFAULT
    return max(0.0, min(RETRY_AFTER_CAP, seconds))


def pct(values, p):
    """The p-th percentile, linear between ranks; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def engine_answers():
    try:
        return subprocess.run(["docker", "info"], capture_output=True, timeout=20).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def new_key():
    return "arb_" + secrets.token_urlsafe(32)


def write_keys(folder, keys, generator):
    """A keys file of (name, roles, key) entries, holding only their SHA-256 (dev.arbiter.security.ApiKeys)."""
    path = os.path.join(folder, "api-keys")
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"# {generator}, generated\n")
        for name, roles, key in keys:
            f.write(f"{name} {roles} sha256:{hashlib.sha256(key.encode()).hexdigest()}\n")
    os.chmod(path, 0o600)
    return path


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_service(keys_file, log_path, java_args, env=None):
    """The service from target/quarkus-app on a free loopback port with that keys file; (process, url) once ready."""
    port = free_port()
    log = open(log_path, "w")
    environment = dict(os.environ, ARBITER_API_KEYS_FILE=keys_file, ARBITER_HOST="127.0.0.1", ARBITER_PORT=str(port),
                       **(env or {}))
    proc = subprocess.Popen(["java", *java_args, "-jar", JAR, "serve"], cwd=ROOT, env=environment, stdout=log,
                            stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"the service exited ({proc.returncode}) before it was ready; see {log_path}")
        if ready(url):
            return proc, url
        time.sleep(0.5)
    proc.terminate()
    sys.exit("the service did not become ready within 180 s; see " + log_path)


def stop_service(proc):
    """SIGTERM and wait; SIGKILL after 60 s. (exit code, seconds to exit, killed)."""
    started = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    try:
        code = proc.wait(timeout=60)
        return code, time.monotonic() - started, False
    except subprocess.TimeoutExpired:
        proc.kill()
        return proc.wait(), time.monotonic() - started, True


class Postgres:
    """A throwaway PostgreSQL server (Debian's server programs, or ARBITER_PG_BIN) in `folder` (a folder of its own
    whose parents the postgres user can traverse, e.g. tempfile.mkdtemp()), on a free loopback port, for as long as
    the `with` block; as root it runs under the postgres user (the server refuses root). The Python twin of the tests'
    dev.arbiter.support.PostgresServer."""

    USER = "arbiter"

    def __init__(self, folder):
        self.folder = os.path.abspath(folder)
        self.port = free_port()
        self.databases = 0
        self.bin = os.environ.get("ARBITER_PG_BIN") or self._debian_bin()
        self.as_postgres = os.geteuid() == 0

    @staticmethod
    def _debian_bin():
        root = "/usr/lib/postgresql"
        versions = sorted((v for v in os.listdir(root) if v.isdigit()), key=int) if os.path.isdir(root) else []
        if not versions:
            sys.exit("PostgreSQL's server programs are missing: install Debian's postgresql (./arbiter test does)")
        return os.path.join(root, versions[-1], "bin")

    def _run(self, *command):
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_postgres else []
        done = subprocess.run(prefix + [os.path.join(self.bin, command[0]), *command[1:]], capture_output=True, text=True,
                              cwd=self.folder)
        if done.returncode != 0:
            sys.exit(f"{command[0]} failed: {done.stdout}{done.stderr}")

    def __enter__(self):
        os.makedirs(self.folder, exist_ok=True)
        if self.as_postgres:
            subprocess.run(["chown", "postgres:postgres", self.folder], check=True)
        data = os.path.join(self.folder, "data")
        self._run("initdb", "-D", data, "-U", self.USER, "--auth=trust", "-E", "UTF8", "--no-sync", "--locale=C")
        self._run("pg_ctl", "-D", data, "-l", os.path.join(self.folder, "server.log"), "-w", "-o",
                  f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c max_connections=200", "start")
        return self

    def new_database(self):
        """A fresh database; its JDBC URL."""
        self.databases += 1
        name = f"arbiter_{self.databases}"
        done = subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", self.USER, "-d", "postgres",
                               "-c", f"CREATE DATABASE {name}"], capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit("cannot create a database: " + done.stderr)
        return f"jdbc:postgresql://127.0.0.1:{self.port}/{name}"

    def __exit__(self, *exc):
        self._run("pg_ctl", "-D", os.path.join(self.folder, "data"), "-m", "fast", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)
        return False
