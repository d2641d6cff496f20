#!/usr/bin/env python3
"""Online upgrade of a real-shaped history against the database's own client running the offline script.

    python3 bench/history.py            # 300 revisions, SQLite, PostgreSQL and MariaDB; writes its section of bench/RESULTS.md

A history shaped like a long-lived application's (Ory Kratos has 704 versions): tables created with
their indexes, columns added, rows backfilled and updated, indexes added, with dialect sections
where the databases differ. Per dialect, alternately: `psmigrate upgrade` on a fresh database, and
the database's own client (sqlite3, psql, mariadb) running PSMigrate's offline script for the same
upgrade (the same statements and commits, without the journal). The ratio is the overhead of
running online.

Needs the .NET SDK, sqlite3, PostgreSQL and MariaDB (Debian: apt-get install sqlite3 postgresql
mariadb-server mariadb-client).
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import ROOT, PostgresServer, Row, Side, fail, psmigrate_command, replace_section, run_row  # noqa: E402
from stall import MariaDbServer  # noqa: E402

HEADING = "## A real-shaped history: online against the client\n"


def write_history(folder, count):
    """count revisions in PSMigrate's format: five kinds of change in turn, each reversible."""
    versions = folder / "versions"
    versions.mkdir(parents=True)
    for i in range(1, count + 1):
        table = f"t{(i - 1) // 5 * 5 + 1}"
        kind = (i - 1) % 5
        if kind == 0:
            up = (f"CREATE TABLE {table} (id INT NOT NULL PRIMARY KEY, name VARCHAR(100) NOT NULL, created_at TIMESTAMP NULL);\n"
                  f"CREATE INDEX {table}_name ON {table} (name);")
            down = f"DROP TABLE {table};"
        elif kind == 1:
            up, down = f"ALTER TABLE {table} ADD COLUMN note VARCHAR(100) NULL;", f"ALTER TABLE {table} DROP COLUMN note;"
        elif kind == 2:
            up = f"INSERT INTO {table} (id, name) VALUES " + ", ".join(f"({n}, 'name {n}')" for n in range(1, 21)) + ";"
            down = f"DELETE FROM {table};"
        elif kind == 3:
            up = f"CREATE INDEX {table}_note ON {table} (note);"
            down = (f"-- +downgrade sqlite postgresql\nDROP INDEX {table}_note;\n\n-- +downgrade mysql\nDROP INDEX {table}_note ON {table};")
        else:
            up = (f"-- +upgrade sqlite\nUPDATE {table} SET note = 'n' || id;\n\n-- +upgrade postgresql\nUPDATE {table} SET note = 'n' || id::text;\n\n"
                  f"-- +upgrade mysql\nUPDATE {table} SET note = CONCAT('n', id);")
            down = f"UPDATE {table} SET note = NULL;"
        parent = f"-- Revises: {i - 1:04d}\n" if i > 1 else ""
        body = up if up.startswith("-- +upgrade") else f"-- +upgrade\n{up}"
        downs = down if down.startswith("-- +downgrade") else f"-- +downgrade\n{down}"
        (versions / f"{i:04d}_step.sql").write_text(f"-- Revision: {i:04d}\n{parent}-- Message: step {i}\n\n{body}\n\n{downs}\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--revisions", type=int, default=300)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--out", default=str(ROOT / "bench" / "RESULTS.md"))
    parser.add_argument("--psmigrate", help="a psmigrate command to use instead of publishing one")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="psmigrate-history-"))
    postgres = mariadb = None
    try:
        psm = psmigrate_command(args.psmigrate, work, "history")
        folder = work / "history"
        write_history(folder, args.revisions)
        postgres, mariadb = PostgresServer(), MariaDbServer()
        counter = {"n": 0}

        def script(dialect):
            path = work / f"up.{dialect}.sql"
            with open(path, "w") as out:
                subprocess.run(psm + ["upgrade", "--sql", "-p", str(folder), "--dialect", dialect], check=True, stdout=out)
            return path

        rows = []
        for dialect in ("sqlite", "postgresql", "mysql"):
            offline = script(dialect)
            state = {}

            def fresh(side, dialect=dialect):
                counter["n"] += 1
                name = f"h{counter['n']}"
                if dialect == "sqlite":
                    state[side] = str(work / f"{name}.db")
                elif dialect == "postgresql":
                    state[side] = name
                    postgres.psql(f"CREATE DATABASE {name}")
                else:
                    state[side] = name
                    mariadb.create(name)

            if dialect == "sqlite":
                online = Side(["sh", "-c", f"exec {' '.join(psm)} upgrade -p {folder} -d sqlite:$DB"], work, lambda: fresh("a"))
                client = Side(["sh", "-c", f"exec sqlite3 -bail $DB < {offline}"], work, lambda: fresh("b"))
            elif dialect == "postgresql":
                online = Side(["sh", "-c", f"exec {' '.join(psm)} upgrade -p {folder} -d postgresql://postgres@127.0.0.1:{postgres.port}/$DB"], work, lambda: fresh("a"))
                client = Side(["sh", "-c", f"exec {postgres.bin / 'psql'} -h 127.0.0.1 -p {postgres.port} -U postgres -d $DB "
                               f"-v ON_ERROR_STOP=1 -q -f {offline}"], work, lambda: fresh("b"))
            else:
                online = Side(["sh", "-c", f"exec {' '.join(psm)} upgrade -p {folder} -d mysql://bench:bench@127.0.0.1:{mariadb.port}/$DB"], work, lambda: fresh("a"))
                # Over TCP as the bench user, as PSMigrate connects: a socket would spare the client every round trip's network stack.
                client = Side(["sh", "-c", f"exec mariadb --no-defaults --protocol=TCP -h 127.0.0.1 -P {mariadb.port} -u bench -pbench -D $DB < {offline}"],
                              work, lambda: fresh("b"))
            # The database name reaches each command through its environment, set by its setup.
            for key, side in (("a", online), ("b", client)):
                setup = side.setup

                def with_env(setup=setup, key=key, side=side):
                    setup()
                    side.env = {**os.environ, "DB": state[key]}
                side.setup = with_env
            label = {"sqlite": "sqlite3", "postgresql": "psql", "mysql": "mariadb"}[dialect]
            row = Row(f"upgrade {args.revisions} revisions, {dialect}: online vs {label} running the offline script", args.runs, online, client, label)
            print(f"history: {row.name}...", flush=True)
            rows.append((dialect, run_row(row)))
    finally:
        for server in (postgres, mariadb):
            if server:
                server.stop()
        shutil.rmtree(work, ignore_errors=True)

    def fmt(result):
        median, low, high, mib, n = result
        return f"{median:.3f} s ({low:.3f}–{high:.3f}, n={n})"
    lines = [HEADING, f"Generated by `python3 bench/history.py` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: a history of "
             f"{args.revisions} revisions shaped like a long-lived application's (tables with indexes, added columns, backfills, "
             "updates, added indexes; dialect sections where the databases differ), upgraded online on a fresh database, against "
             "the database's own client running PSMigrate's offline script for the same upgrade (the same statements and commits, "
             "without the journal); on the servers both connect over TCP on loopback. Runs alternate, and the ratio is the median "
             "of each run's ratio to the client's run beside it: this machine's speed drifts by more than the difference measured, "
             "and a pair of neighbouring runs shares the drift (the ratio of the two medians is given too).", "",
             "| row | PSMigrate | client | client time | ratio of medians | ratio (median of pairs) |", "|---|---|---|---|---|---|"]
    targets = []
    for dialect, row in rows:
        ratio = statistics.median(row.pairs)
        of_medians = row.results["psmigrate"][0] / row.results["baseline"][0]
        lines.append(f"| {row.name} | {fmt(row.results['psmigrate'])} | {row.baseline_label} | {fmt(row.results['baseline'])} | "
                     f"{of_medians:.2f} | {ratio:.2f} |")
        targets.append(f"| {dialect}: online within 1.15x of the client | {ratio:.2f}x | {'met' if ratio <= 1.15 else '**not met**'} |")
    lines += ["", "| target | measured | met |", "|---|---|---|", *targets]
    section = "\n".join(lines) + "\n"
    print(section)
    out = Path(args.out)
    replace_section(out, HEADING, section)
    print(f"history: wrote {out}")


if __name__ == "__main__":
    main()
