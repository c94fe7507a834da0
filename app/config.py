"""Settings from the environment, with defaults for the embedded (SQLite) setup."""

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


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept in instance/."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    INSTANCE.mkdir(exist_ok=True)
    path = INSTANCE / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def from_environment() -> dict:
    return {
        "TIF_ENV": os.environ.get("TIF_ENV", "development"),
        "SECRET_KEY": _secret_key(),
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE / 'tif.sqlite3'}"),
        "REDIS_URL": os.environ.get("REDIS_URL", ""),
        "HUEY_SQLITE_PATH": os.environ.get("HUEY_SQLITE_PATH", str(INSTANCE / "jobs.sqlite3")),
        "UPLOAD_DIR": os.environ.get("UPLOAD_DIR", str(INSTANCE / "uploads")),
        "MAIL_URL": os.environ.get("MAIL_URL", ""),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "TIF-portalen <no-reply@localhost>"),
        "BASE_URL": os.environ.get("BASE_URL", "http://127.0.0.1:5000"),
        "CONTROLLER_NAME": os.environ.get(
            "CONTROLLER_NAME", "The organisation running this installation (set CONTROLLER_NAME)"
        ),
        "CONTROLLER_CONTACT": os.environ.get("CONTROLLER_CONTACT", "dataskydd@example.com"),
        "TRUSTED_PROXIES": int(os.environ.get("TRUSTED_PROXIES", "0")),
        "HTTPS": _bool("HTTPS"),
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_CONTENT_LENGTH", str(10 * 1024 * 1024))),
        "ARGON2_PROFILE": os.environ.get("ARGON2_PROFILE", "rfc9106-low-memory"),
        "RATELIMIT_ENABLED": _bool("RATELIMIT_ENABLED", True),
        "REQUIRE_TOTP": _bool("REQUIRE_TOTP"),
        "TESTING": False,
    }
