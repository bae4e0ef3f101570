"""What the load-test scripts share: HTTP to Arbiter on a fresh connection per call, 429 handling, percentiles, a
Docker engine check, keys files, and a service started from target/quarkus-app on a free loopback port (stdlib only).
"""
import email.utils
import hashlib
import http.client
import os
import secrets
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
