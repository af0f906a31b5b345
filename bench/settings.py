"""Settings for benchmarks: production settings (DEBUG off, whitenoise manifest storage,
the database task queue) plus a bench-only URLconf with a trivial view for the ceiling.

DATABASE_URL picks the database, as in production. Static files are collected into
var/bench/static so a benchmark never touches the developer's var/static.
"""

import os

os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-any-real-deployment-0123")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("MAIL_BACKEND", "locmem")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("LOG_FORMAT", "plain")

from config.settings import *  # noqa: E402, F403
from config.settings import BASE_DIR  # noqa: E402

ROOT_URLCONF = "bench.urls"
STATIC_ROOT = BASE_DIR / "var" / "bench" / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# For measuring the recommended change in docs/performance.md: BENCH_SESSION_SAVE_EVERY_
# REQUEST=false shows what a session write on every request costs under load.
SESSION_SAVE_EVERY_REQUEST = os.environ.get("BENCH_SESSION_SAVE_EVERY_REQUEST", "true") == "true"
