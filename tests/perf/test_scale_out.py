"""Scale-out, run for real (docs/deploy.md): two gunicorn app servers behind nginx, one
PostgreSQL, two db_worker processes and moto's S3 server as the documents bucket, all on
127.0.0.1 and all started here. An applicant uploads and submits, the board decides and
releases, the requests alternating between the servers and nginx; one server is stopped in
the middle. Then nothing may be lost: every document reads back from either server, every
email went out exactly once, and the audit trail holds every step.

Runs only with SCALE_OUT_TEST=1 (.ci/run sets it) and fails, rather than skips, when
PostgreSQL, nginx or the S3 packages are then missing:

    SCALE_OUT_TEST=1 .venv/bin/python -m pytest -n0 -p no:randomly tests/perf/test_scale_out.py
"""

import contextlib
import email
import email.policy
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urljoin

import pytest

from tests.perf.processes import (
    LOOPBACK,
    free_port,
    moto_s3,
    s3_settings,
    start,
    stop,
    tail,
    wait_for_port,
)

pytestmark = [
    pytest.mark.scale_out,
    pytest.mark.skipif(
        os.environ.get("SCALE_OUT_TEST") != "1", reason="set SCALE_OUT_TEST=1 to run it"
    ),
]

ROOT = Path(__file__).resolve().parents[2]
DATABASE_URL = os.environ.get(
    "SCALE_OUT_DATABASE_URL", "postgres://grants:grants@127.0.0.1:5432/grants_scaleout"
)
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
TIMEOUT = 20  # seconds, for every HTTP request
PDF_1 = b"%PDF-1.7\n% quote for the course\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"
PDF_2 = b"%PDF-1.7\n% letter of support\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"
VIAS = ("app1", "app2", "nginx")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def require_everything() -> None:
    missing = []
    for module in ("storages", "boto3", "moto.server", "requests", "psycopg"):
        try:
            __import__(module)
        except ImportError:
            missing.append(f"the Python package {module}")
    if not Path(NGINX).exists():
        missing.append("nginx (apt-get install nginx)")
    if missing:
        pytest.fail("SCALE_OUT_TEST=1 but these are missing: " + ", ".join(missing))


def recreate_database() -> None:
    import psycopg

    base, name = DATABASE_URL.rsplit("/", 1)
    try:
        with psycopg.connect(f"{base}/postgres", autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        pytest.fail(f"SCALE_OUT_TEST=1 but PostgreSQL is not reachable: {error}")


class Browser:
    """One person's requests session, sent to any of the three addresses."""

    def __init__(self, cluster, who: str):
        import requests

        self.cluster, self.who = cluster, who
        self.session = requests.Session()

    def _loopback_cookies(self) -> None:
        """Send Secure cookies over plain HTTP: TLS ends in front of nginx in production;
        here everything is on loopback and nginx says X-Forwarded-Proto: https."""
        for cookie in self.session.cookies:
            cookie.secure = False

    def _url(self, via: str, path: str) -> tuple[str, dict]:
        port = self.cluster.ports[via]
        # Direct requests carry what the balancer would add.
        headers = {} if via == "nginx" else {"X-Forwarded-Proto": "https"}
        return f"http://{LOOPBACK}:{port}{path}", headers

    def get(self, via: str, path: str, status: int = 200):
        url, headers = self._url(via, path)
        response = self.session.get(url, headers=headers, timeout=TIMEOUT)
        self._loopback_cookies()
        assert response.status_code == status, (self.who, via, path, response.status_code)
        self.cluster.served.append((self.who, via, path, response.status_code))
        return response

    def post(self, via: str, path: str, data: dict, *, form_page: str, files=None):
        """Read the form page on the same address for its CSRF token, then send it."""
        token = CSRF.search(self.get(via, form_page).text).group(1)
        url, headers = self._url(via, path)
        origin = f"https://{LOOPBACK}:{self.cluster.ports[via]}"
        headers |= {"Origin": origin, "Referer": origin + form_page}
        send = {"data": {"csrfmiddlewaretoken": token, **data}, "files": files}
        response = self.session.post(
            url, **send, headers=headers, timeout=TIMEOUT, allow_redirects=False
        )
        if response.status_code in (301, 308):
            # An old address that moved for good (the desk's /reviews/desk/): post there.
            url = urljoin(url, response.headers["Location"])
            response = self.session.post(
                url, **send, headers=headers, timeout=TIMEOUT, allow_redirects=False
            )
        self._loopback_cookies()
        assert response.status_code == 302, (self.who, via, path, response.status_code)
        self.cluster.served.append((self.who, via, path, response.status_code))
        return response.headers["Location"]

    def log_in(self, via: str, email_address: str, password: str) -> None:
        login = self.cluster.paths["login"]
        location = self.post(
            via, login, {"username": email_address, "password": password}, form_page=login
        )
        assert not location.startswith(login), f"{self.who} could not log in"


class Cluster:
    def __init__(self, folder: Path, endpoint: str):
        self.folder, self.endpoint = folder, endpoint
        self.ports = {"app1": free_port(), "app2": free_port(), "nginx": free_port()}
        self.processes: dict[str, subprocess.Popen] = {}
        self.served: list[tuple] = []
        self.mail = folder / "mail"
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/sbin:/usr/bin:/bin"),
            "HOME": str(folder),
            "LANG": "C.UTF-8",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SECRET_KEY": "scale-out-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
            "DEBUG": "false",
            "ALLOWED_HOSTS": LOOPBACK,
            "DATABASE_URL": DATABASE_URL,
            "MAIL_BACKEND": "file",
            "MAIL_FILE_PATH": str(self.mail),
            "TASKS_IMMEDIATE": "false",
            "SITE_URL": f"http://{LOOPBACK}:{self.ports['nginx']}",
            "LOG_FORMAT": "plain",
            "LOG_LEVEL": "WARNING",
            "AXES_ENABLED": "false",
            **s3_settings(endpoint),
        }

    def var(self, name: str) -> dict:
        """Each process has its own VAR_DIR: no folder is shared between the servers."""
        var = self.folder / name
        var.mkdir(exist_ok=True)
        return {**self.env, "VAR_DIR": str(var), "MEDIA_ROOT": str(var / "private")}

    def manage(self, *args: str, env: dict | None = None, timeout: float = 180):
        subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env or self.var("manage"),
            check=True,
            timeout=timeout,
        )

    def world(self, *args) -> dict:
        done = subprocess.run(
            [sys.executable, "-m", "tests.perf.scale_out_world", *map(str, args)],
            cwd=ROOT,
            env=self.var("manage"),
            check=True,
            timeout=60,
            capture_output=True,
            text=True,
        )
        return json.loads(done.stdout.strip().splitlines()[-1])

    def start_app(self, name: str) -> None:
        env = self.var(name) | {
            "GUNICORN_BIND": f"{LOOPBACK}:{self.ports[name]}",
            "GUNICORN_WORKERS": "2",
            "GUNICORN_ACCESSLOG": str(self.folder / f"{name}-access.log"),
        }
        static = Path(env["VAR_DIR"]) / "static"
        if not static.exists():
            shutil.copytree(self.folder / "manage" / "static", static)
        log = self.folder / f"{name}.log"
        # `python -m gunicorn`: the venv's own interpreter, whatever the script's shebang says.
        self.processes[name] = start(
            [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "deploy" / "gunicorn.conf.py")],
            log=log,
            env=env,
            cwd=ROOT,
        )
        wait_for_port(self.ports[name], self.processes[name], log)

    def start_worker(self, number: int) -> None:
        name = f"worker{number}"
        self.processes[name] = start(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--queue-name=*",
                "--no-reload",
                "--no-startup-delay",
                "--interval=0.2",
                f"--worker-id=scale-out-{number}",
            ],
            log=self.folder / f"{name}.log",
            env=self.var(name),
            cwd=ROOT,
        )

    def start_nginx(self) -> None:
        folder = self.folder / "nginx"
        for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (folder / sub).mkdir(parents=True, exist_ok=True)
        config = (Path(__file__).parent / "nginx-scale-out.conf").read_text()
        values = {
            "{dir}": str(folder),
            "{port}": str(self.ports["nginx"]),
            "{app1}": str(self.ports["app1"]),
            "{app2}": str(self.ports["app2"]),
            # Workers of a root master would run as nobody, who cannot enter pytest's folder.
            "{user}": "user root;" if os.geteuid() == 0 else "",
        }
        for placeholder, value in values.items():
            config = config.replace(placeholder, value)
        (folder / "nginx.conf").write_text(config)
        log = folder / "nginx-error.log"
        self.processes["nginx"] = start(
            [NGINX, "-p", f"{folder}/", "-c", str(folder / "nginx.conf"), "-e", str(log)],
            log=folder / "nginx-stdout.log",
            env=self.env,
            cwd=folder,
        )
        wait_for_port(self.ports["nginx"], self.processes["nginx"], log)

    def stop(self, name: str) -> None:
        stop(self.processes.pop(name))

    def stop_all(self) -> None:
        for name in list(self.processes):
            self.stop(name)

    def server_errors(self) -> list[str]:
        """Every 5xx in the app servers' access logs (one JSON object a line)."""
        return [
            line
            for log in sorted(self.folder.glob("app*-access.log"))
            for line in log.read_text().splitlines()
            if json.loads(line)["status"] >= 500
        ]

    def logs(self) -> str:
        return "\n".join(
            f"--- {log.relative_to(self.folder)}\n{tail(log)}"
            for log in sorted(self.folder.rglob("*.log"))
            if log.parent.name != "mail"
        )


def interrupted(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


@pytest.fixture
def cluster(tmp_path):
    require_everything()
    recreate_database()
    # A CI job cancelled with SIGTERM still runs the teardown that stops every child.
    previous = signal.signal(signal.SIGTERM, interrupted)
    with contextlib.ExitStack() as cleanup:
        cleanup.callback(signal.signal, signal.SIGTERM, previous)
        endpoint = cleanup.enter_context(moto_s3(tmp_path))
        cluster = Cluster(tmp_path, endpoint)
        try:
            cluster.manage("migrate", "--no-input", "-v0")
            cluster.manage("collectstatic", "--no-input", "-v0")
            cluster.start_app("app1")
            cluster.start_app("app2")
            cluster.start_worker(1)
            cluster.start_worker(2)
            cluster.start_nginx()
            yield cluster
        finally:
            cluster.stop_all()
            # Shown by pytest only when the test fails.
            print(cluster.logs())


def messages_in(folder: Path) -> list[tuple[str, str]]:
    """(to, subject) of every message the file mail backend wrote, in any file."""
    found = []
    separator = b"\n" + b"-" * 79 + b"\n"
    for path in sorted(folder.glob("*.log")):
        for chunk in path.read_bytes().split(separator):
            if chunk.strip():
                message = email.message_from_bytes(chunk.strip(), policy=email.policy.default)
                # A long subject with a non-ASCII dash is folded into encoded words, and
                # unfolding it can double a space: compare the words.
                subject = " ".join(str(message["Subject"]).split())
                found.append((str(message["To"]), subject))
    return found


QUEUE_STATE = """
    SELECT (SELECT count(*) FROM notifications_email),
           (SELECT count(*) FROM notifications_email WHERE status <> 'sent'),
           (SELECT count(*) FROM django_tasks_database_dbtaskresult
             WHERE status NOT IN ('SUCCESSFUL', 'FAILED'))
"""


def wait_until_sent(cluster: Cluster, pk: int, expected: int) -> dict:
    """Poll the database (bounded, 45 s) until the workers have sent everything."""
    import psycopg

    deadline = time.monotonic() + 45
    with psycopg.connect(DATABASE_URL, autocommit=True, connect_timeout=5) as conn:
        while True:
            emails, unsent, unfinished = conn.execute(QUEUE_STATE).fetchone()
            if emails >= expected and unsent == 0 and unfinished == 0:
                break
            assert time.monotonic() < deadline, (
                f"mail still queued: {emails} emails, {unsent} unsent, {unfinished} tasks\n"
                f"{cluster.logs()}"
            )
            time.sleep(0.2)
    return cluster.world("report", pk)


def document_links(html: str, pk: int) -> list[str]:
    return sorted(set(re.findall(rf'href="(/applications/{pk}/documents/\d+/)"', html)))


def test_two_servers_behind_nginx_lose_nothing_when_one_stops(cluster):
    started = time.monotonic()
    world = cluster.world("setup")
    emails, password = world["emails"], world["password"]
    cluster.paths = cluster.world("paths", world["slug"])

    # The applicant: log in on server 1, apply on server 2, upload one document on each
    # path (server 1, then nginx), submit on server 2.
    applicant = Browser(cluster, "applicant")
    applicant.log_in("app1", emails["applicant"], password)
    apply = cluster.paths["apply"]
    edit_path = applicant.post("app2", apply, {}, form_page=apply)
    pk = int(re.search(r"/applications/(\d+)/edit/", edit_path).group(1))
    cluster.paths = cluster.world("paths", world["slug"], pk)
    paths = cluster.paths
    draft = {
        "title": "Oncology massage certification",
        "purpose": "professional_development",
        "summary": "A certification course in oncology massage.",
        "need_and_plan": "I will take the course this spring and practise at the center.",
        "beneficiaries": "Clients in treatment at the local cancer center.",
        "timeline": "March to June.",
        "amount_requested": "1200.00",
        "eligibility_confirmed": "on",
        "budget-TOTAL_FORMS": "1",
        "budget-INITIAL_FORMS": "0",
        "budget-MIN_NUM_FORMS": "0",
        "budget-MAX_NUM_FORMS": "30",
        "budget-0-description": "Course fee",
        "budget-0-amount": "1200.00",
    }
    upload_1 = {"attachment-file": ("quote.pdf", PDF_1, "application/pdf")}
    applicant.post("app1", paths["edit"], draft, files=upload_1, form_page=paths["edit"])
    upload_2 = {"attachment-file": ("support letter.pdf", PDF_2, "application/pdf")}
    # A save posts the whole form (the draft page answers a partial post with the form).
    applicant.post("nginx", paths["edit"], draft, files=upload_2, form_page=paths["edit"])
    applicant.post("app2", paths["submit"], {"confirm": "on"}, form_page=paths["edit"])
    detail = applicant.get("app1", paths["detail"]).text
    assert "Submitted" in detail
    links = document_links(detail, pk)
    assert len(links) == 2
    served = {link: {applicant.get(via, link).content for via in VIAS} for link in links}
    # One content per document whichever address served it, and the two are the uploads.
    assert sorted(content for contents in served.values() for content in contents) == sorted(
        [PDF_1, PDF_2]
    )

    # Reviews happen through the services (another process), then the board looks at the
    # desk on server 1 and decides on server 2.
    assert cluster.world("review", pk) == {"state": "reviewed"}
    board = Browser(cluster, "board")
    board.log_in("app1", emails["board"], password)
    board.get("app1", paths["desk"])
    decision = {"action": "award", "amount": "900.00", "note": "Fund it.", "seen_state": "reviewed"}
    board.post("app2", paths["decide"], decision, form_page=paths["panel"])

    # Server 1 stops. Its sessions go on through nginx and server 2; nothing lands on it.
    cluster.stop("app1")
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((LOOPBACK, cluster.ports["app1"]), 1).close()
    for _ in range(6):
        board.get("nginx", paths["desk"])
        applicant.get("nginx", paths["dashboard"])
    board.post("nginx", paths["release"], {}, form_page=paths["release"])
    report = wait_until_sent(cluster, pk, expected=5)

    # Server 1 comes back (a restart, as in a rolling deploy) and sees everything.
    cluster.start_app("app1")
    for via in VIAS:
        assert "Awarded" in applicant.get(via, paths["detail"]).text
        assert {link: {applicant.get(via, link).content} for link in links} == served

    # Nothing lost: the audit, the documents in the bucket, every email exactly once.
    assert report["state"] == "awarded"
    assert report["released"] is True
    assert [event[:3] for event in report["events"]] == [
        ["create", "draft", "draft"],
        ["submit", "draft", "submitted"],
        ["start_review", "submitted", "under_review"],
        ["complete_review", "under_review", "reviewed"],
        ["award", "reviewed", "awarded"],
        ["release_decision", "awarded", "awarded"],  # the release is audited too
    ]
    assert [event[3] for event in report["events"]] == [
        emails["applicant"],
        emails["applicant"],
        emails["board"],
        emails["reviewer1"],  # the last review in moves it to reviewed
        emails["board"],
        emails["board"],
    ]
    assert len(report["attachments"]) == 2
    assert not any(cluster.folder.rglob("attachments")), "a document was written to disk"
    sent = Counter(messages_in(cluster.mail))
    outbox = Counter(
        (to, " ".join(subject.split())) for to, subject, _status, _attempts in report["outbox"]
    )
    assert sent == outbox
    assert set(sent.values()) == {1}
    assert {attempts for *_rest, attempts in report["outbox"]} == {1}
    assert Counter(to for to, _subject in sent.elements()) == {
        emails["applicant"]: 2,
        emails["reviewer1"]: 1,
        emails["reviewer2"]: 1,
        emails["board"]: 1,
    }
    served_by = Counter(via for _who, via, _path, _status in cluster.served)
    assert set(served_by) == {"app1", "app2", "nginx"}
    assert cluster.server_errors() == []
    print(
        f"\nscale-out: {len(cluster.served)} requests, {served_by}, "
        f"workers {report['task_workers']}, {time.monotonic() - started:.1f} s"
    )
