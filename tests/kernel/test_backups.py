"""Backups: an online copy taken while another thread writes restores into an empty
installation with every table and file identical to the moment of the copy; restore refuses a
non-empty installation and a damaged backup. Runs on SQLite, and on PostgreSQL when
TEST_DATABASE_URL is set (pg_dump / pg_restore)."""

import json
import os
import shutil
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

from app import backups
from app.config import ROOT
from app.db import open_database, utcnow
from app.uploads import DELETED

WRITER_TABLE = "audit_entry"


def rows_of(url) -> dict[str, list]:
    db = open_database(url)
    try:
        return {
            table: [tuple(row) for row in db.execute_sql(f'SELECT * FROM "{table}" ORDER BY 1')]
            for table in sorted(db.get_tables())
        }
    finally:
        db.close_all()


def files_of(directory) -> dict[str, str]:
    """The stored files (not those deleted lately, which wait in a folder of their own)."""
    return {
        path.name: backups.sha256_of(path)
        for path in sorted(directory.iterdir())
        if path.is_file() and not path.name.startswith(".")
    }


class Writer(threading.Thread):
    """Inserts audit entries one transaction at a time until stopped."""

    def __init__(self, url):
        super().__init__(daemon=True)
        self.url = url
        self.stop = threading.Event()
        self.written = 0

    def run(self):
        db = open_database(self.url)
        sql = (
            f'INSERT INTO "{WRITER_TABLE}" (action, object_type, at) '
            f"VALUES ({db.param}, {db.param}, {db.param})"
        )
        try:
            while not self.stop.is_set():
                with db.atomic():
                    db.execute_sql(sql, ("login", "", utcnow()))
                self.written += 1
        finally:
            db.close_all()


@pytest.fixture
def uploads(app):
    """A few stored files in the suite's upload directory, removed afterwards. Files other
    tests deleted a moment ago are forgotten first: a backup copies those too."""
    directory = Path(app.config["UPLOAD_DIR"])
    shutil.rmtree(directory / DELETED, ignore_errors=True)
    names = []
    for n, content in enumerate((b"%PDF-1.7 informationsblad", b"<svg/>", b"\x89PNG dekal")):
        path = directory / f"stored{n}-{os.urandom(6).hex()}"
        path.write_bytes(content * 1000)
        names.append(path)
    yield directory
    for path in names:
        path.unlink(missing_ok=True)


@pytest.fixture
def empty_installation(app, tmp_path):
    """(database URL, upload directory) of a new, empty installation on the suite's engine."""
    url = app.config["DATABASE_URL"]
    if backups.engine_of(url) == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}", tmp_path / "restored-uploads"
        return
    import psycopg

    name = urlparse(url).path.lstrip("/") + "_restore"
    server = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield url.rsplit("/", 1)[0] + f"/{name}", tmp_path / "restored-uploads"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_under_concurrent_writes_restores_identical(
    app, demo, db, uploads, empty_installation, tmp_path
):
    url = app.config["DATABASE_URL"]
    writer = Writer(url)
    writer.start()
    while writer.written < 20:  # writing before the copy starts
        time.sleep(0.01)
    before = writer.written
    manifest = backups.backup(url, str(uploads), tmp_path / "backup")
    during = writer.written - before
    time.sleep(0.05)
    writer.stop.set()
    writer.join()
    assert during > 0, "the writer wrote while the copy was made"
    source_rows, source_files = rows_of(url), files_of(uploads)

    target_url, target_uploads = empty_installation
    backups.restore(target_url, str(target_uploads), tmp_path / "backup")
    restored = rows_of(target_url)

    assert set(restored) == set(source_rows)
    for table, rows in source_rows.items():
        if table == WRITER_TABLE:
            continue
        assert restored[table] == rows, table
    # The written table is the source as it was at one moment: a prefix of what was written.
    copied = restored[WRITER_TABLE]
    assert len(copied) > before and copied == source_rows[WRITER_TABLE][: len(copied)]
    assert files_of(target_uploads) == source_files
    newest = max(path.stem for path in (ROOT / "migrations").glob("[0-9]*.py"))
    assert manifest["migrations"] and manifest["migrations"][-1] == newest
    listed = {entry["path"] for entry in manifest["files"]}
    assert {f"uploads/{name}" for name in source_files} < listed


def test_a_file_deleted_after_the_database_copy_is_in_the_backup(
    app, demo, db, empty_installation, tmp_path, monkeypatch
):
    """The database copy names the file; it is deleted before the uploads are copied (an
    image replaced in an update, say). The backup still holds it, where the copy expects it."""
    from app import uploads as stored_files

    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    name = _store(app, png)
    copy_database = backups._copy_database

    def copy_then_delete(*args):
        copy_database(*args)
        with app.app_context():
            stored_files.delete(name)

    monkeypatch.setattr(backups, "_copy_database", copy_then_delete)
    url, upload_dir = app.config["DATABASE_URL"], app.config["UPLOAD_DIR"]
    backups.backup(url, upload_dir, tmp_path / "backup")
    assert not (Path(upload_dir) / name).exists()
    target_url, target_uploads = empty_installation
    backups.restore(target_url, str(target_uploads), tmp_path / "backup")
    assert (target_uploads / name).read_bytes() == png


def _store(app, data: bytes) -> str:
    """A file stored as the portal stores one (its content checks skipped)."""
    name = f"{os.urandom(24).hex()[:32]}.png"
    (Path(app.config["UPLOAD_DIR"]) / name).write_bytes(data)
    return name


def test_restore_refuses_a_non_empty_installation(app, demo, db, tmp_path):
    url, upload_dir = app.config["DATABASE_URL"], app.config["UPLOAD_DIR"]
    backups.backup(url, upload_dir, tmp_path / "backup")
    with pytest.raises(backups.BackupError, match="non-empty"):
        backups.restore(url, upload_dir, tmp_path / "backup")


def test_restore_refuses_a_damaged_or_unfinished_backup(
    app, demo, db, tmp_path, empty_installation
):
    url, upload_dir = app.config["DATABASE_URL"], app.config["UPLOAD_DIR"]
    backups.backup(url, upload_dir, tmp_path / "backup")
    target_url, target_uploads = empty_installation
    database_file = tmp_path / "backup" / backups.DATABASE_FILES[backups.engine_of(url)]
    database_file.write_bytes(database_file.read_bytes() + b"x")
    with pytest.raises(backups.BackupError, match="checksum"):
        backups.restore(target_url, str(target_uploads), tmp_path / "backup")
    (tmp_path / "backup" / "manifest.json").unlink()
    with pytest.raises(backups.BackupError, match="incomplete"):
        backups.restore(target_url, str(target_uploads), tmp_path / "backup")
    assert backups.installation_problems(target_url, str(target_uploads)) == []


def test_restore_refuses_a_backup_from_a_newer_version(app, demo, db, tmp_path, empty_installation):
    url, upload_dir = app.config["DATABASE_URL"], app.config["UPLOAD_DIR"]
    backups.backup(url, upload_dir, tmp_path / "backup")
    path = tmp_path / "backup" / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest["migrations"].append("0099_from_the_future")
    path.write_text(json.dumps(manifest))
    with pytest.raises(backups.BackupError, match="newer version"):
        backups.restore(*empty_installation, tmp_path / "backup")


def test_the_commands(app, demo, db, tmp_path):
    runner = app.test_cli_runner()
    made = runner.invoke(args=["backup", str(tmp_path / "backup")])
    assert made.exit_code == 0, made.output
    assert (tmp_path / "backup" / "manifest.json").is_file()
    again = runner.invoke(args=["backup", str(tmp_path / "backup")])
    assert again.exit_code != 0 and "not empty" in again.output
    refused = runner.invoke(args=["restore", str(tmp_path / "backup")])
    assert refused.exit_code != 0 and "non-empty" in refused.output
