"""Settings from the environment, with defaults for the embedded (SQLite) setup."""

import base64
import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = ROOT / "instance"


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _kept_secret(name: str, make) -> str:
    """The variable `name` from the environment, else a value made once and kept in
    instance/<name in lower case> (readable by the owner only)."""
    if os.environ.get(name):
        return os.environ[name]
    INSTANCE.mkdir(exist_ok=True)
    path = INSTANCE / name.lower()
    if not path.exists():
        # Written aside, then linked into place: two processes starting at once (test workers,
        # gunicorn workers) never read a half-written file, and the first one's value wins.
        draft = path.with_name(f".{path.name}.{os.getpid()}")
        draft.write_text(make())
        draft.chmod(0o600)
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()


def _fernet_key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def from_environment() -> dict:
    return {
        "TIF_ENV": os.environ.get("TIF_ENV", "development"),
        "SECRET_KEY": _kept_secret("SECRET_KEY", lambda: secrets.token_urlsafe(48)),
        # Encrypts the two-factor secrets at rest (a Fernet key; every host needs the same).
        "TOTP_KEY": _kept_secret("TOTP_KEY", _fernet_key),
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE / 'tif.sqlite3'}"),
        "REDIS_URL": os.environ.get("REDIS_URL", ""),
        "HUEY_SQLITE_PATH": os.environ.get("HUEY_SQLITE_PATH", str(INSTANCE / "jobs.sqlite3")),
        "UPLOAD_DIR": os.environ.get("UPLOAD_DIR", str(INSTANCE / "uploads")),
        "MAIL_URL": os.environ.get("MAIL_URL", ""),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "TIF-portalen <no-reply@localhost>"),
        "BASE_URL": os.environ.get("BASE_URL", "http://127.0.0.1:5000"),
        # The privacy notice and the accessibility statement name these (empty: a placeholder
        # in the reader's language asks the operator to set them).
        "CONTROLLER_NAME": os.environ.get("CONTROLLER_NAME", ""),
        "CONTROLLER_CONTACT": os.environ.get("CONTROLLER_CONTACT", "dataskydd@example.com"),
        "DPO_CONTACT": os.environ.get("DPO_CONTACT", ""),
        "ACCESSIBILITY_CONTACT": os.environ.get("ACCESSIBILITY_CONTACT", ""),
        "TRUSTED_PROXIES": int(os.environ.get("TRUSTED_PROXIES", "0")),
        "HTTPS": _bool("HTTPS"),
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_CONTENT_LENGTH", str(10 * 1024 * 1024))),
        "ARGON2_PROFILE": os.environ.get("ARGON2_PROFILE", "rfc9106-low-memory"),
        "RATELIMIT_ENABLED": _bool("RATELIMIT_ENABLED", True),
        "REQUIRE_TOTP": _bool("REQUIRE_TOTP"),
        # Accounts nobody has logged in to: disabled, then erased (docs/design.md, retention).
        # How long a process keeps the national statistics of contacts and seizure feedback
        # (None: app/seizures/kept.py's default; its key changes at once with the data).
        "STATISTICS_CACHE_SECONDS": (
            int(os.environ["STATISTICS_CACHE_SECONDS"])
            if os.environ.get("STATISTICS_CACHE_SECONDS")
            else None
        ),
        "INACTIVE_DISABLE_MONTHS": int(os.environ.get("INACTIVE_DISABLE_MONTHS", "18")),
        "INACTIVE_ERASE_MONTHS": int(os.environ.get("INACTIVE_ERASE_MONTHS", "24")),
        # One JSON object per log line (production), or readable text (development).
        "LOG_FORMAT": os.environ.get(
            "LOG_FORMAT", "json" if os.environ.get("TIF_ENV") == "production" else "text"
        ),
        "TESTING": False,
        # Per-process memos of repeated page parts (app/caches.py); off only to compare.
        "KERNEL_CACHES": True,
    }


# A Redis (queue, rate limits) that stops answering fails a call after a few seconds instead of
# hanging it; the worker's blocking reads wait 1 s at a time.
REDIS_TIMEOUTS = {"socket_timeout": 5, "socket_connect_timeout": 5}


class UnsafeConfiguration(RuntimeError):
    """TIF_ENV=production with settings that would be unsafe; the message lists them."""


def check_production(config: dict, environ=os.environ) -> None:
    """In production, refuse to start with settings that leak or break: set-password links
    written to the log (no MAIL_URL), cookies over plain HTTP, keys made on this host alone
    (several hosts, or a lost instance/ folder, would no longer agree), per-process throttle
    counters behind several worker processes, and the test suite's cheap password hashing."""
    if config["TIF_ENV"] != "production":
        return
    problems = []
    if not config["MAIL_URL"]:
        problems.append("MAIL_URL is not set (mail, with its links, would go to the log)")
    if not config["HTTPS"]:
        problems.append("HTTPS is off (set HTTPS=1 behind a TLS-terminating proxy)")
    for key in ("SECRET_KEY", "TOTP_KEY"):
        if not environ.get(key):
            problems.append(f"{key} is not set in the environment")
    if int(environ.get("WEB_CONCURRENCY", "1")) > 1 and not config["REDIS_URL"]:
        problems.append(
            "REDIS_URL is not set while WEB_CONCURRENCY > 1 (each process would count "
            "login attempts on its own)"
        )
    if config["ARGON2_PROFILE"] == "test":
        problems.append("ARGON2_PROFILE=test is only for the test suite")
    if problems:
        raise UnsafeConfiguration("Refusing to start in production: " + "; ".join(problems))
