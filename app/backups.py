"""Backups that restore: a consistent online copy of the database (SQLite's backup API, or
pg_dump on PostgreSQL) and of the uploaded files, with a manifest (format, time, migrations,
every file with its SHA-256). `restore` checks the manifest and brings the copy into an empty
installation; it refuses one that holds any row or file.

Backup directory:  manifest.json, database.sqlite3 | database.pgdump, uploads/<stored names>.
The manifest is written last: a directory without one is an interrupted backup.
"""

import datetime
import hashlib
import json
import shutil
import sqlite3
import subprocess
import time
from contextlib import closing
from pathlib import Path
from urllib.parse import unquote, urlparse

from app.config import ROOT
from app.db import open_database
from app.uploads import DELETED

FORMAT = 1
MANIFEST = "manifest.json"
UPLOADS = "uploads"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
CLOCK_MARGIN = 60  # seconds: hosts sharing the upload directory may disagree on the time


class BackupError(RuntimeError):
    """A backup or restore that cannot be done as asked; the message says why."""


def engine_of(url: str) -> str:
    return "sqlite" if urlparse(url).scheme == "sqlite" else "postgresql"


def sqlite_path(url: str) -> Path:
    return Path(unquote(url[len("sqlite:///") :]))


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def postgres_tool(name: str) -> str:
    """pg_dump or pg_restore: the newest of Debian's versioned installs (a newer client dumps
    an older server, not the reverse), else the one on PATH."""
    versioned = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda path: int(path.parts[-3]) if path.parts[-3].isdigit() else 0,
    )
    found = str(versioned[-1]) if versioned else shutil.which(name)
    if not found:
        raise BackupError(f"{name} is missing (apt-get install postgresql-client)")
    return found


def _sqlite_copy(source: Path, destination: Path) -> None:
    """SQLite's online backup API in one step: a single consistent snapshot of `source`,
    however busy its writers, written over `destination` (left in WAL mode, as the app uses)."""
    with (
        closing(sqlite3.connect(source)) as reader,
        closing(sqlite3.connect(destination)) as writer,
    ):
        reader.backup(writer)
        writer.execute("PRAGMA journal_mode = wal")


def _run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()[-2000:]}")


def _applied_migrations(url: str) -> list[str]:
    db = open_database(url)
    try:
        if "schema_migration" not in db.get_tables():
            return []
        cursor = db.execute_sql("SELECT name FROM schema_migration ORDER BY id")
        return [name for (name,) in cursor.fetchall()]
    finally:
        db.close_all()


def backup(database_url: str, upload_dir: str, target: Path) -> dict:
    """Copy the database and the uploads into `target` (new or empty); answers the manifest."""
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty")
    target.mkdir(parents=True, exist_ok=True)
    engine = engine_of(database_url)
    database_file = target / DATABASE_FILES[engine]
    migrations = _applied_migrations(database_url)
    started = time.time()
    _copy_database(engine, database_url, database_file)
    files = [_entry(target, database_file)]
    files += [_entry(target, copy) for copy in _copy_uploads(Path(upload_dir), target, started)]
    manifest = {
        "format": FORMAT,
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "engine": engine,
        "migrations": migrations,
        "files": files,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def _copy_database(engine: str, database_url: str, database_file: Path) -> None:
    if engine == "sqlite":
        # One step of the online backup API reads a single snapshot, however busy the writers.
        _sqlite_copy(sqlite_path(database_url), database_file)
    else:
        _run(
            [
                postgres_tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--file={database_file}",
                f"--dbname={database_url}",
            ]
        )


def _copy_uploads(uploads: Path, target: Path, started: float) -> list[Path]:
    """The stored files into target/uploads/, after the database copy that started at
    `started`: every file there, and the files deleted since – the copy may still name them
    (app/uploads.py keeps them a day). A file saved meanwhile is copied too, unnamed."""
    copies = []
    if not uploads.is_dir():
        return copies
    deleted = uploads / DELETED
    recent = []
    if deleted.is_dir():
        recent = [p for p in deleted.iterdir() if p.stat().st_mtime >= started - CLOCK_MARGIN]
    stored = sorted(p for p in uploads.iterdir() if not p.name.startswith(".") and p.is_file())
    for path in stored + recent:
        copy = target / UPLOADS / path.name
        copy.parent.mkdir(exist_ok=True)
        if copy.exists():
            continue
        try:
            shutil.copy2(path, copy)
        except FileNotFoundError:  # deleted while copying: it is among the deleted files
            shutil.copy2(deleted / path.name, copy)
        copies.append(copy)
    return copies


def _entry(target: Path, path: Path) -> dict:
    return {
        "path": path.relative_to(target).as_posix(),
        "size": path.stat().st_size,
        "sha256": sha256_of(path),
    }


def read_manifest(source: Path) -> dict:
    """The manifest, after checking that every file it lists is there with its checksum."""
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{source} has no readable {MANIFEST}: an incomplete backup?") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    for entry in manifest["files"]:
        path = source / entry["path"]
        if not path.resolve().is_relative_to(source.resolve()):
            raise BackupError(f"{entry['path']} points outside the backup")
        if not path.is_file() or sha256_of(path) != entry["sha256"]:
            raise BackupError(f"{entry['path']} is missing or does not match its checksum")
    return manifest


def installation_problems(database_url: str, upload_dir: str) -> list[str]:
    """Why this installation is not empty (no problems: restore may go ahead)."""
    problems = []
    db = open_database(database_url)
    try:
        for table in db.get_tables():
            if table == "schema_migration":
                continue
            if db.execute_sql(f'SELECT 1 FROM "{table}" LIMIT 1').fetchone():
                problems.append(f"the table {table} holds rows")
    finally:
        db.close_all()
    uploads = Path(upload_dir)
    if uploads.is_dir() and any(p.is_file() for p in uploads.rglob("*")):
        problems.append(f"{uploads} holds files")
    return problems


def restore(database_url: str, upload_dir: str, source: Path) -> dict:
    """Bring the backup in `source` into this (empty) installation; answers its manifest."""
    source = Path(source)
    manifest = read_manifest(source)
    engine = engine_of(database_url)
    if manifest["engine"] != engine:
        raise BackupError(f"the backup is of {manifest['engine']}, this installation uses {engine}")
    known = {path.stem for path in (ROOT / "migrations").glob("[0-9]*.py")}
    unknown = [name for name in manifest["migrations"] if name not in known]
    if unknown:
        raise BackupError(f"the backup is from a newer version (migrations {', '.join(unknown)})")
    problems = installation_problems(database_url, upload_dir)
    if problems:
        raise BackupError(
            "refusing to restore into a non-empty installation: " + "; ".join(problems)
        )
    database_file = source / DATABASE_FILES[engine]
    if engine == "sqlite":
        destination = sqlite_path(database_url)
        destination.parent.mkdir(parents=True, exist_ok=True)
        _sqlite_copy(database_file, destination)
    else:
        _empty_schema(database_url)
        _run(
            [
                postgres_tool("pg_restore"),
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                f"--dbname={database_url}",
                str(database_file),
            ]
        )
    uploads = Path(upload_dir)
    for entry in manifest["files"]:
        if not entry["path"].startswith(UPLOADS + "/"):
            continue
        destination = uploads / entry["path"].removeprefix(UPLOADS + "/")
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / entry["path"], destination)
        if sha256_of(destination) != entry["sha256"]:
            raise BackupError(f"{destination} was not written intact")
    return manifest


def _empty_schema(database_url: str) -> None:
    """An installation migrated but without rows: its empty tables make way for the dump's."""
    db = open_database(database_url)
    try:
        db.execute_sql("DROP SCHEMA public CASCADE")
        db.execute_sql("CREATE SCHEMA public")
    finally:
        db.close_all()
