"""The schema built by migrations equals the one create_tables() builds from the models."""

import os

import pytest

from app.db import database, is_sqlite, open_database
from app.models import MODELS


def describe(db, schema=None):
    kwargs = {"schema": schema} if schema else {}
    tables = sorted(
        t
        for t in db.get_tables(**kwargs)
        if t != "schema_migration" and not t.startswith("sqlite_")
    )
    described = {}
    for table in tables:
        columns = {
            c.name: (c.data_type.lower(), c.null, c.primary_key, _default(c.default))
            for c in db.get_columns(table, **kwargs)
        }
        indexes = sorted(
            (i.name, tuple(i.columns), i.unique) for i in db.get_indexes(table, **kwargs)
        )
        foreign_keys = sorted(
            (f.column, f.dest_table, f.dest_column) for f in db.get_foreign_keys(table, **kwargs)
        )
        described[table] = {"columns": columns, "indexes": indexes, "foreign_keys": foreign_keys}
    return described


def _default(value):
    return None if value is None else str(value).strip("'")


def sqlite_reference(tmp_path):
    reference = open_database(f"sqlite:///{tmp_path / 'reference.sqlite3'}")
    with reference.bind_ctx(MODELS):
        reference.create_tables(MODELS)
    return describe(reference)


def postgres_reference():
    database.execute_sql("DROP SCHEMA IF EXISTS reference CASCADE")
    database.execute_sql("CREATE SCHEMA reference")
    try:
        database.execute_sql("SET search_path TO reference")
        database.create_tables(MODELS)
        return describe(database, schema="reference")
    finally:
        database.execute_sql("SET search_path TO public")
        database.execute_sql("DROP SCHEMA reference CASCADE")


def test_migrated_schema_equals_models(db, tmp_path):
    migrated = describe(database, schema=None if is_sqlite() else "public")
    reference = sqlite_reference(tmp_path) if is_sqlite() else postgres_reference()
    assert set(migrated) == set(reference) == {m._meta.table_name for m in MODELS}
    for table in reference:
        assert migrated[table] == reference[table], table


def test_every_migration_can_be_reverted_and_reapplied(tmp_path, app):
    if os.environ.get("TEST_DATABASE_URL"):
        pytest.skip(
            "run on the throw-away SQLite file; PostgreSQL is covered by the suite's own build"
        )
    from playhouse.migrations import Runner

    from app.config import ROOT

    scratch = open_database(f"sqlite:///{tmp_path / 'scratch.sqlite3'}")
    runner = Runner(scratch, directory=str(ROOT / "migrations"))
    with app.app_context():  # a migration may read the configuration (keys)
        applied = runner.up()
        assert applied and scratch.get_tables()
        while runner.down():
            pass
        assert scratch.get_tables() == ["schema_migration"]
        assert runner.up() == applied


def test_two_factor_secrets_of_an_existing_installation_are_encrypted(tmp_path, app):
    if os.environ.get("TEST_DATABASE_URL"):
        pytest.skip("run on the throw-away SQLite file")
    from playhouse.migrations import Runner

    from app.accounts.totp import unseal
    from app.config import ROOT

    scratch = open_database(f"sqlite:///{tmp_path / 'scratch.sqlite3'}")
    runner = Runner(scratch, directory=str(ROOT / "migrations"))
    with app.app_context():
        runner.up("0004_list_indexes")
        scratch.execute_sql(
            'INSERT INTO "user" (email, password_hash, name, role, language, failed_logins, '
            "created_at, totp_secret) VALUES ('a@example.com', '', '', 'police', '', 0, "
            "'2026-01-01', 'JBSWY3DPEHPK3PXP')"
        )
        runner.up("0005_security_review")
        (stored,) = scratch.execute_sql('SELECT totp_secret FROM "user"').fetchone()
        assert stored != "JBSWY3DPEHPK3PXP" and unseal(stored) == "JBSWY3DPEHPK3PXP"
        runner.down("0005_security_review")
        (plain,) = scratch.execute_sql('SELECT totp_secret FROM "user"').fetchone()
        assert plain == "JBSWY3DPEHPK3PXP"
