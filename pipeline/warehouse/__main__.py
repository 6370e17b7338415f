"""``python -m pipeline.warehouse {migrate,status,check} [--warehouse URI]``.

Without ``--warehouse`` the URI comes from the settings (``AIRFLOW_CONN_ANTARA_WAREHOUSE``, ``ANTARA_WAREHOUSE_URI``,
else the embedded DuckDB file under the data directory).
"""

from __future__ import annotations

import argparse
import logging
import sys

from pipeline.config import Settings
from pipeline.warehouse.checks import CheckThresholds, run_checks
from pipeline.warehouse.connection import WarehouseError, connect
from pipeline.warehouse.core import Warehouse
from pipeline.warehouse.migrate import applied_versions, discover, migrate


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pipeline.warehouse", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (
        ("migrate", "apply pending schema migrations"),
        ("status", "list migrations and whether each is applied"),
        ("check", "run the data-quality checks; exit status 1 when one fails"),
    ):
        sub = commands.add_parser(name, help=help_text)
        sub.add_argument("--warehouse", help="duckdb:///PATH or postgresql://… (default: from settings)")
    commands.choices["check"].add_argument("--run-id", help="check only rows last changed by this run")
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    args = _parser().parse_args(argv)
    uri = args.warehouse or Settings().resolved_warehouse_uri
    try:
        return COMMANDS[args.command](uri, args)
    except WarehouseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _migrate(uri: str, args: argparse.Namespace) -> int:
    conn = connect(uri)
    try:
        applied = migrate(conn)
        total = len(applied_versions(conn))
    finally:
        conn.close()
    print(f"applied {len(applied)} migration(s) {applied if applied else ''}; schema has {total} migration(s)".strip())
    return 0


def _status(uri: str, args: argparse.Namespace) -> int:
    conn = connect(uri)
    try:
        done = applied_versions(conn)
    finally:
        conn.close()
    for migration in discover():
        print(f"{migration.version}_{migration.name}: {'applied' if migration.version in done else 'pending'}")
    return 0


def _check(uri: str, args: argparse.Namespace) -> int:
    with Warehouse.open(uri) as wh:
        report = run_checks(wh, CheckThresholds(), run_id=args.run_id)
    print(report.render())
    return 0 if report.ok else 1


COMMANDS = {"migrate": _migrate, "status": _status, "check": _check}

if __name__ == "__main__":
    sys.exit(main())
