"""The production shape on 127.0.0.1 (`make stack`): two gunicorn nodes behind nginx (TLS, setting
X-Forwarded-For/-Proto and X-Request-ID), PostgreSQL, a Redis for broker and cache, two Celery
workers and beat, an S3 server (moto) for media, and an SMTP sink (aiosmtpd) that keeps every
message it receives in a Maildir. DEBUG is off and every setting comes from the environment, as in
production.

    python scripts/stack.py [--database-url URL] [--state-dir DIR] [--no-seed]

prints where each part listens and runs until Ctrl-C or `make stack-stop` (SIGTERM to the pid in
<state-dir>/stack.pid), then stops everything it started. PostgreSQL is the one part it does not
start: it uses the server at --database-url and recreates that database (the S3 server keeps
objects in memory, so a stack always starts empty). The stack test (tests/test_stack.py) drives
the same class on free ports against the test database.
"""

import argparse
import base64
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
BUCKET = "skema-media"
KEPT_ENV = ("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "SSL_CERT_FILE")


class StackError(RuntimeError):
    """A part did not start; the message says which and ends with the tail of its log."""


@dataclass
class Ports:
    proxy: int = 18443
    proxy_a: int = 18444
    proxy_b: int = 18445
    node_a: int = 18001
    node_b: int = 18002
    redis: int = 18379
    s3: int = 18900
    smtp: int = 18025

    @classmethod
    def free(cls) -> "Ports":
        """Ports the kernel says are free now: for test runs side by side with other stacks."""
        sockets = []
        for _ in range(8):
            sock = socket.socket()
            sock.bind(("127.0.0.1", 0))
            sockets.append(sock)
        ports = [sock.getsockname()[1] for sock in sockets]
        for sock in sockets:
            sock.close()
        return cls(*ports)


@dataclass
class Stack:
    database_url: str
    state_dir: Path
    ports: Ports = field(default_factory=Ports)
    sweep_seconds: int = 15 * 60
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(48))
    # A Fernet key (32 random bytes, base64url) for the identity files encrypted at rest.
    media_key: str = field(default_factory=lambda: base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())
    # Any 32 random bytes are an Ed25519 private key (the QR statement signer).
    signing_key: str = field(default_factory=lambda: base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())
    extra_env: dict[str, str] = field(default_factory=dict)
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    # --- what the parts are -------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.ports.proxy}"

    @property
    def node_urls(self) -> dict[str, str]:
        return {"a": f"https://127.0.0.1:{self.ports.proxy_a}", "b": f"https://127.0.0.1:{self.ports.proxy_b}"}

    @property
    def certificate(self) -> Path:
        return self.state_dir / "tls" / "cert.pem"

    @property
    def maildir(self) -> Path:
        return self.state_dir / "mail"

    @property
    def s3_endpoint(self) -> str:
        return f"http://127.0.0.1:{self.ports.s3}"

    def env(self) -> dict[str, str]:
        """The environment of every Django process: production settings, nothing from the caller's
        test or development environment."""
        origins = [self.url, *self.node_urls.values()]
        return {
            **{name: os.environ[name] for name in KEPT_ENV if name in os.environ},
            "DJANGO_SETTINGS_MODULE": "skema_lsp.settings",
            "PYTHONPATH": str(ROOT),
            "DEBUG": "false",
            "SECRET_KEY": self.secret_key,
            "MEDIA_ENCRYPTION_KEYS": self.media_key,
            "CERTIFICATE_SIGNING_KEY": self.signing_key,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "CSRF_TRUSTED_ORIGINS": ",".join(origins),
            "SITE_URL": self.url,
            # A year of HSTS for 127.0.0.1 would pin every local port to https in the browser.
            "SECURE_HSTS_SECONDS": "0",
            "TRUSTED_PROXIES": "127.0.0.1",
            "DATABASE_URL": self.database_url,
            "CELERY_BROKER_URL": f"redis://127.0.0.1:{self.ports.redis}/0",
            "CACHE_URL": f"redis://127.0.0.1:{self.ports.redis}/1",
            "AWS_STORAGE_BUCKET_NAME": BUCKET,
            "AWS_S3_ENDPOINT_URL": self.s3_endpoint,
            "AWS_S3_REGION_NAME": "us-east-1",
            "AWS_ACCESS_KEY_ID": "stack",
            "AWS_SECRET_ACCESS_KEY": "stack-secret",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.ports.smtp),
            "EMAIL_USE_TLS": "false",
            "STATIC_ROOT": str(self.state_dir / "static"),
            "WEB_NODES": "2",
            "REMINDER_SWEEP_SECONDS": str(self.sweep_seconds),
            **self.extra_env,
        }

    def describe(self) -> str:
        p = self.ports
        return "\n".join([
            f"  web (nginx, TLS)   {self.url}/   (node A only: {self.node_urls['a']}/, node B only: "
            f"{self.node_urls['b']}/)",
            f"  gunicorn nodes     http://127.0.0.1:{p.node_a}/ (A), http://127.0.0.1:{p.node_b}/ (B)",
            f"  PostgreSQL         {_without_password(self.database_url)}",
            f"  Redis              redis://127.0.0.1:{p.redis} (db 0 broker, db 1 cache)",
            "  Celery             2 workers (worker1, worker2) + beat, "
            f"reminder sweep every {self.sweep_seconds} s",
            f"  S3 (moto)          {self.s3_endpoint}/ bucket {BUCKET}",
            f"  SMTP sink          127.0.0.1:{p.smtp}, messages in {self.maildir}/new/",
            f"  TLS certificate    {self.certificate} (self-signed for 127.0.0.1)",
            f"  logs               {self.state_dir}/*.log",
        ])

    # --- starting ---------------------------------------------------------------------------------

    def start(self, *, migrate: bool = True, seed: bool = False, recreate_database: bool = False) -> None:
        """Start every part, in dependency order, and return once the proxy reports both nodes healthy."""
        try:
            self._start(migrate=migrate, seed=seed, recreate_database=recreate_database)
        except BaseException:
            self.stop()
            raise

    def _start(self, *, migrate: bool, seed: bool, recreate_database: bool) -> None:
        for tool in ("nginx", "redis-server", "openssl"):
            if not shutil.which(tool, path=os.environ.get("PATH", "") + ":/usr/sbin:/sbin"):
                raise StackError(f"{tool} is not installed: `make system` (.ci/setup) installs the system packages.")
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self._database(recreate=recreate_database)
        self._tls_certificate()

        self._spawn("redis", ["redis-server", "--bind", "127.0.0.1", "--port", str(self.ports.redis), "--save", "",
                              "--appendonly", "no", "--dir", str(self.state_dir)])
        self._spawn("s3", [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(self.ports.s3)])
        self._spawn("smtp", [str(BIN / "aiosmtpd"), "-n", "-l", f"127.0.0.1:{self.ports.smtp}",
                             "-c", "aiosmtpd.handlers.Mailbox", str(self.maildir)])
        # The slowest step (compressing static files) runs while the rest starts; only the nodes need it.
        collectstatic = self._spawn("collectstatic", [sys.executable, "manage.py", "collectstatic", "--noinput"])
        for name, port in (("redis", self.ports.redis), ("s3", self.ports.s3), ("smtp", self.ports.smtp)):
            self._wait_for_port(name, port)
        self._bucket()
        if migrate:
            self._manage("migrate", "--noinput")
        if seed:
            self._manage("seed_demo", "--force")

        celery = [str(BIN / "celery"), "-A", "skema_lsp"]
        for name in ("worker1", "worker2"):
            self._spawn(name, [*celery, "worker", "-n", f"{name}@%h", "--concurrency", "1", "--loglevel", "INFO",
                               "--without-gossip", "--without-mingle"])
        self._spawn("beat", [*celery, "beat", "--loglevel", "INFO", "--schedule", str(self.state_dir / "beat")])

        if collectstatic.wait(timeout=600) != 0:
            raise StackError(f"manage.py collectstatic failed:\n{self.log_tail('collectstatic')}")
        del self.processes["collectstatic"]
        gunicorn = [str(BIN / "gunicorn"), "skema_lsp.wsgi", "--workers", "2", "--timeout", "60",
                    "--forwarded-allow-ips", "127.0.0.1"]
        self._spawn("node-a", [*gunicorn, "--bind", f"127.0.0.1:{self.ports.node_a}"])
        self._spawn("node-b", [*gunicorn, "--bind", f"127.0.0.1:{self.ports.node_b}"])
        self._nginx()

        for name in ("worker1", "worker2"):
            self._wait_for_log(name, " ready.")
        self._wait_for_log("beat", "Starting")
        self._wait_healthy()

    def _database(self, *, recreate: bool) -> None:
        import psycopg2

        parts = urlsplit(self.database_url)
        name = parts.path.lstrip("/")
        maintenance = urlunsplit(parts._replace(path="/postgres"))
        try:
            conn = psycopg2.connect(maintenance, connect_timeout=5)
        except psycopg2.OperationalError as exc:
            raise StackError(f"PostgreSQL does not answer at {_without_password(maintenance)}: {exc}".strip()) from None
        conn.autocommit = True
        with conn.cursor() as cursor:
            if recreate:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{name}"')
        conn.close()

    def _tls_certificate(self) -> None:
        folder = self.certificate.parent
        folder.mkdir(exist_ok=True)
        if self.certificate.exists():
            return
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30", "-subj", "/CN=127.0.0.1",
             "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
             "-keyout", str(folder / "key.pem"), "-out", str(self.certificate)],
            check=True, capture_output=True,
        )

    def _bucket(self) -> None:
        import boto3

        client = boto3.client("s3", endpoint_url=self.s3_endpoint, region_name="us-east-1",
                              aws_access_key_id="stack", aws_secret_access_key="stack-secret")
        client.create_bucket(Bucket=BUCKET)

    def _nginx(self) -> None:
        for temp in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.state_dir / "nginx-tmp" / temp).mkdir(parents=True, exist_ok=True)
        values = {
            "STATE": str(self.state_dir), "NODE_A": self.ports.node_a, "NODE_B": self.ports.node_b,
            "PROXY": self.ports.proxy, "PROXY_A": self.ports.proxy_a, "PROXY_B": self.ports.proxy_b,
            # As root, nginx would hand its workers to `nobody`, who may not enter the state folder.
            "USER": "user root;" if os.geteuid() == 0 else "",
        }
        config = (ROOT / "scripts" / "stack.nginx.conf").read_text()
        for name, value in values.items():
            config = config.replace(f"@{name}@", str(value))
        (self.state_dir / "nginx.conf").write_text(config)
        nginx = shutil.which("nginx", path=os.environ.get("PATH", "") + ":/usr/sbin:/sbin")
        self._spawn("nginx", [nginx, "-c", str(self.state_dir / "nginx.conf"), "-p", str(self.state_dir),
                              "-e", str(self.state_dir / "nginx-error.log")])
        for port in (self.ports.proxy, self.ports.proxy_a, self.ports.proxy_b):
            self._wait_for_port("nginx", port)

    def _manage(self, *args: str) -> None:
        result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=self.env(), capture_output=True,
                                text=True, timeout=600)
        if result.returncode != 0:
            raise StackError(f"manage.py {' '.join(args)} failed:\n{(result.stdout + result.stderr)[-3000:]}")

    def _spawn(self, name: str, command: list[str]) -> subprocess.Popen:
        log = (self.state_dir / f"{name}.log").open("ab")
        process = subprocess.Popen(command, cwd=ROOT, env=self.env(), stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
        log.close()
        self.processes[name] = process
        (self.state_dir / "children.pids").write_text("".join(f"{p.pid}\n" for p in self.processes.values()))
        return process

    # --- waiting ----------------------------------------------------------------------------------

    def _check_alive(self, name: str) -> None:
        process = self.processes[name]
        if process.poll() is not None:
            raise StackError(f"{name} exited with status {process.returncode}:\n{self.log_tail(name)}")

    def _wait(self, name: str, ready, what: str, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._check_alive(name)
            if ready():
                return
            time.sleep(0.2)
        raise StackError(f"{name}: {what} not within {timeout:.0f} s:\n{self.log_tail(name)}")

    def _wait_for_port(self, name: str, port: int) -> None:
        def open_() -> bool:
            with socket.socket() as sock:
                return sock.connect_ex(("127.0.0.1", port)) == 0
        self._wait(name, open_, f"nothing listening on 127.0.0.1:{port}")

    def _wait_for_log(self, name: str, text: str) -> None:
        log = self.state_dir / f"{name}.log"
        self._wait(name, lambda: text in log.read_text(errors="replace"), f"no {text.strip()!r} in its log")

    def _wait_healthy(self) -> None:
        import requests

        last = {}
        for node, url in self.node_urls.items():
            def healthy(url=url) -> bool:
                nonlocal last
                try:
                    last = requests.get(f"{url}/healthz/", verify=str(self.certificate), timeout=5).json()
                except (requests.RequestException, ValueError) as exc:
                    last = {"error": str(exc)}
                return last.get("status") == "ok"
            try:
                self._wait("node-a" if node == "a" else "node-b", healthy, "/healthz/ through the proxy ok")
            except StackError as exc:
                raise StackError(f"{exc}\nlast /healthz/ answer: {last}") from None

    def log_tail(self, name: str, lines: int = 40) -> str:
        log = self.state_dir / f"{name}.log"
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:]) if log.exists() else "(no log)"

    # --- stopping ---------------------------------------------------------------------------------

    def kill(self, name: str) -> None:
        """SIGKILL one part with all its children, the way a crashed machine stops it."""
        process = self.processes[name]
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def stop(self) -> None:
        """Stop every part newest first (the proxy before the nodes, the workers before Redis): SIGTERM
        to its process group, SIGKILL after 15 s, then SIGKILL to whatever the group left behind."""
        for process in reversed(list(self.processes.values())):
            if process.poll() is None:
                _signal_group(process, signal.SIGTERM)
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    pass
            _signal_group(process, signal.SIGKILL)
            process.wait()
        self.processes.clear()
        (self.state_dir / "children.pids").unlink(missing_ok=True)


def _signal_group(process: subprocess.Popen, sig: int) -> None:
    try:
        os.killpg(process.pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        parts = parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@"))
    return urlunsplit(parts)


def stop_running(state_dir: Path, timeout: float = 30) -> int:
    """`make stack-stop`: ask the running stack to stop; clean up after one that died hard."""
    pid_file = state_dir / "stack.pid"
    if pid_file.exists():
        pid = int(pid_file.read_text())
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pid_file.unlink()
        else:
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline and _alive(pid):
                time.sleep(0.2)
    children = state_dir / "children.pids"
    if children.exists():
        for line in children.read_text().split():
            try:
                os.killpg(int(line), signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        children.unlink()
    print("stack stopped")
    return 0


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("STACK_DATABASE_URL",
                                                                 "postgres://postgres@127.0.0.1:5432/skema_stack"))
    parser.add_argument("--state-dir", type=Path, default=ROOT / ".stack")
    parser.add_argument("--no-seed", action="store_true", help="start without the demo users and cases")
    parser.add_argument("--stop", action="store_true", help="stop the stack running from --state-dir")
    args = parser.parse_args()
    state_dir = args.state_dir.resolve()
    if args.stop:
        return stop_running(state_dir)

    pid_file = state_dir / "stack.pid"
    if pid_file.exists() and _alive(int(pid_file.read_text())):
        print(f"A stack is already running (pid {pid_file.read_text().strip()}): make stack-stop", file=sys.stderr)
        return 1
    state_dir.mkdir(parents=True, exist_ok=True)
    pid_file.write_text(str(os.getpid()))
    stack = Stack(database_url=args.database_url, state_dir=state_dir)
    stopping = []

    def request_stop(signum, frame):
        stopping.append(signum)

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    try:
        print("Starting the stack (first start: migrations, static files and demo data take a minute) ...")
        stack.start(seed=not args.no_seed, recreate_database=True)
        print(f"The stack is up (DEBUG off):\n{stack.describe()}")
        if not args.no_seed:
            print("  demo users         admin, staf, asesor1, direktur, pemohon1 ... (password demo-lsp-2026)")
        print("Ctrl-C or `make stack-stop` stops everything.", flush=True)
        while not stopping:
            for name, process in stack.processes.items():
                if process.poll() is not None:
                    print(f"{name} exited ({process.returncode}); stopping the stack:\n{stack.log_tail(name)}",
                          file=sys.stderr)
                    stopping.append(name)
                    break
            time.sleep(0.5)
    except StackError as exc:
        print(f"The stack did not start: {exc}", file=sys.stderr)
        return 1
    finally:
        stack.stop()
        pid_file.unlink(missing_ok=True)
        print("Stack stopped.")
    return 0 if all(isinstance(s, int) for s in stopping) else 1


if __name__ == "__main__":
    sys.exit(main())
