"""Helpers for tests that start real servers: free loopback ports, waiting for a port,
stopping a process group for sure, and moto's S3 server as the stand-in bucket."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

LOOPBACK = "127.0.0.1"
BUCKET = "grants-documents"
S3_KEYS = {"S3_ACCESS_KEY": "testing-access-key", "S3_SECRET_KEY": "testing-secret-key"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, log: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"process exited with {process.returncode}:\n{tail(log)}")
        with contextlib.suppress(OSError), socket.create_connection((LOOPBACK, port), 0.5):
            return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port} after {timeout} s:\n{tail(log)}")


def tail(log: Path, lines: int = 40) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def start(command: list[str], *, log: Path, env: dict, cwd: Path) -> subprocess.Popen:
    """A child in its own process group, so stop() also ends the children it forks."""
    with log.open("ab") as out:
        return subprocess.Popen(
            command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def stop(process: subprocess.Popen, *, grace: float = 10) -> None:
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def s3_settings(endpoint: str) -> dict[str, str]:
    """The environment that selects the bucket, as docs/deploy.md describes."""
    return {
        "DOCUMENTS_STORAGE": "s3",
        "S3_BUCKET": BUCKET,
        "S3_ENDPOINT_URL": endpoint,
        "S3_REGION": "us-east-1",
        "S3_ADDRESSING_STYLE": "path",
        **S3_KEYS,
    }


def s3_client(endpoint: str):
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=S3_KEYS["S3_ACCESS_KEY"],
        aws_secret_access_key=S3_KEYS["S3_SECRET_KEY"],
    )


@contextlib.contextmanager
def moto_s3(folder: Path):
    """moto's S3 server on a free loopback port with an empty private bucket."""
    port = free_port()
    log = folder / "moto.log"
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(folder)}
    process = start(
        [sys.executable, "-m", "moto.server", "-H", LOOPBACK, "-p", str(port)],
        log=log,
        env=env,
        cwd=folder,
    )
    try:
        wait_for_port(port, process, log)
        endpoint = f"http://{LOOPBACK}:{port}"
        s3_client(endpoint).create_bucket(Bucket=BUCKET)
        yield endpoint
    finally:
        stop(process)
