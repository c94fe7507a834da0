"""Commands: flask --app wsgi db upgrade|downgrade|status|create, create-admin, demo-data, worker,
scheduler, backup, restore."""

import sys

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext
from playhouse.migrations import MigrationError, Runner

from app.config import ROOT
from app.db import database, is_sqlite

db_cli = AppGroup("db", help="Database migrations (peewee's runner, files in migrations/).")


def migration_runner() -> Runner:
    return Runner(database.obj, directory=str(ROOT / "migrations"))


def rebuild_schema() -> None:
    """Drop every table, then build the schema by migrations, as production does (for the test
    suite's and the benchmark's throw-away databases; never called by a command)."""
    database.connect(reuse_if_open=True)
    if is_sqlite():
        database.execute_sql("PRAGMA foreign_keys = OFF")
        for table in database.get_tables():
            database.execute_sql(f'DROP TABLE "{table}"')
        database.execute_sql("PRAGMA foreign_keys = ON")
    else:
        database.execute_sql("DROP SCHEMA public CASCADE")
        database.execute_sql("CREATE SCHEMA public")
    migration_runner().up()


def _run_migrations(direction: str, target: str | None) -> list[str]:
    try:
        return getattr(migration_runner(), direction)(target)
    except MigrationError as error:
        raise click.ClickException(str(error)) from error


@db_cli.command("upgrade")
@click.argument("target", required=False)
def upgrade(target):
    """Apply pending migrations (up to TARGET)."""
    applied = _run_migrations("up", target)
    click.echo("\n".join(f"applied: {name}" for name in applied) or "nothing to do.")


@db_cli.command("downgrade")
@click.argument("target", required=False)
def downgrade(target):
    """Revert the last migration (or every one back through TARGET)."""
    reverted = _run_migrations("down", target)
    click.echo("\n".join(f"reverted: {name}" for name in reverted) or "nothing to do.")


@db_cli.command("status")
def status():
    """List migrations; exits 1 while some are pending."""
    rows = migration_runner().status()
    for row in rows:
        click.echo(f"[{'x' if row.applied else ' '}] {row.name}")
    if any(not row.applied for row in rows):
        sys.exit(1)


@db_cli.command("create")
@click.argument("name")
def create(name):
    """Write a new numbered migration file to fill in."""
    click.echo(migration_runner().create(name))


@click.command("create-admin")
@with_appcontext
@click.argument("email")
@click.password_option(help="The new administrator's password (asked for when omitted).")
def create_admin(email, password):
    """Create the first administrator of a new installation."""
    from app.accounts.models import User
    from app.accounts.passwords import hash_password, password_problem
    from app.accounts.services import normalise_email

    email = normalise_email(email)
    problem = password_problem(password, email)
    if problem:
        raise click.ClickException(str(problem))
    if User.select().where(User.email == email).exists():
        raise click.ClickException(f"{email} already has an account.")
    User.create(email=email, role="admin", password_hash=hash_password(password))
    click.echo(f"Administrator {email} created.")


@click.command("demo-data")
@with_appcontext
def demo_data():
    """Load the demo areas, accounts and businesses (idempotent; refused in production)."""
    if current_app.config["TIF_ENV"] == "production":
        raise click.ClickException("demo-data is refused when TIF_ENV=production.")
    from app.demo import load_demo_data

    load_demo_data()
    click.echo("Demo data loaded. Every account's password: demo-password-2026")


@click.command("worker")
@with_appcontext
@click.option("--workers", default=2, show_default=True)
@click.option(
    "--scheduler/--no-scheduler",
    default=True,
    show_default=True,
    help="Also queue the periodic jobs. With several workers, run exactly one scheduler: "
    "--no-scheduler here and `flask scheduler` once.",
)
def worker(workers, scheduler):
    """Run the background job worker (mail, periodic clean-up)."""
    from huey.consumer import Consumer

    from app.jobs import huey

    Consumer(huey, workers=workers, worker_type="thread", periodic=scheduler).run()


@click.command("scheduler")
@with_appcontext
def scheduler():
    """Queue the periodic jobs at their times, for the workers to run (one per installation)."""
    from huey.consumer import Consumer

    from app.jobs import huey

    Consumer(huey, workers=0, worker_type="thread", periodic=True).run()


@click.command("backup")
@with_appcontext
@click.argument("path", type=click.Path(file_okay=False))
def backup(path):
    """Copy the database and the uploads into PATH (new or empty), with a manifest."""
    from app import backups

    try:
        manifest = backups.backup(
            current_app.config["DATABASE_URL"], current_app.config["UPLOAD_DIR"], path
        )
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backup in {path}: {len(manifest['files'])} files, manifest.json last.")


@click.command("restore")
@with_appcontext
@click.argument("path", type=click.Path(exists=True, file_okay=False))
def restore(path):
    """Bring the backup in PATH into this installation, which must be empty."""
    from app import backups

    try:
        manifest = backups.restore(
            current_app.config["DATABASE_URL"], current_app.config["UPLOAD_DIR"], path
        )
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(
        f"Restored the backup of {manifest['created_at']}; run `flask --app wsgi db upgrade` "
        "if this version has newer migrations."
    )


def register_commands(app) -> None:
    app.cli.add_command(db_cli)
    for command in (create_admin, demo_data, worker, scheduler, backup, restore):
        app.cli.add_command(command)
