#!/usr/bin/env python3
"""An application under live traffic while a migration alters its table: its longest stall.

    python3 bench/stall.py            # PostgreSQL and MariaDB, 3 runs each; writes its section of bench/RESULTS.md

An application queries a table every 20 ms. Another session holds the table for 10 s (a read in an
open transaction, as a long report does). Half a second in, a migration adds a column to the table:
once with PSMigrate (its default table-lock wait, 1 s, and tries again), once with the database's
own client running the same ALTER TABLE (psql, mysql). The figure is the application's longest wait
for one query while the migration runs: an ALTER waiting for its lock makes every later query of
the table queue behind it.

Needs the .NET SDK, PostgreSQL, MariaDB and the Python drivers
(Debian: apt-get install postgresql mariadb-server mariadb-client python3-psycopg2 python3-pymysql).
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import ROOT, PostgresServer, fail, free_port, psmigrate_command, replace_section  # noqa: E402

HOLD = 10.0
TICK = 0.02
HEADING = "## Live traffic: the application's longest stall\n"

try:
    import psycopg2
    import pymysql
except ImportError as missing:
    fail(f"{missing.name} is not installed (Debian: apt-get install python3-psycopg2 python3-pymysql)")


class MariaDbServer:
    """A throwaway MariaDB server on a free port, root over its socket."""

    def __init__(self):
        server = next((p for p in ("/usr/sbin/mariadbd", "/usr/sbin/mysqld") if Path(p).exists()), None)
        if not server:
            fail("MariaDB is not installed (Debian: apt-get install mariadb-server mariadb-client)")
        self.root = Path(tempfile.mkdtemp(prefix="psmigrate-bench-my-"))
        self.socket = str(self.root / "sock")
        self.port = free_port()
        user = ["--user=root"] if os.geteuid() == 0 else []
        subprocess.run(["mariadb-install-db", "--no-defaults", f"--datadir={self.root / 'data'}", "--auth-root-authentication-method=normal",
                        "--skip-test-db", *user], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.process = subprocess.Popen([server, "--no-defaults", f"--datadir={self.root / 'data'}", f"--port={self.port}", "--bind-address=127.0.0.1",
                                         f"--socket={self.socket}", f"--log-error={self.root / 'error.log'}", "--skip-log-bin", "--innodb-flush-log-at-trx-commit=0", *user],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(240):
            if subprocess.run(["mariadb", "--no-defaults", "-S", self.socket, "-u", "root", "-e",
                               "CREATE USER IF NOT EXISTS 'bench'@'%' IDENTIFIED BY 'bench'; GRANT ALL ON *.* TO 'bench'@'%'"],
                              capture_output=True).returncode == 0:
                return
            time.sleep(0.25)
        log = self.root / "error.log"
        fail("MariaDB did not start: " + (log.read_text()[-1500:] if log.exists() else "(no log)"))

    def create(self, name):
        subprocess.run(["mariadb", "--no-defaults", "-S", self.socket, "-u", "root", "-e", f"CREATE DATABASE {name}"], check=True)
        return f"mysql://bench:bench@127.0.0.1:{self.port}/{name}"

    def stop(self):
        self.process.kill()
        self.process.wait()
        shutil.rmtree(self.root, ignore_errors=True)


def connect(dialect, server, database, autocommit=True):
    if dialect == "postgresql":
        connection = psycopg2.connect(host="127.0.0.1", port=server.port, user="postgres", dbname=database)
        connection.autocommit = autocommit
        return connection
    return pymysql.connect(host="127.0.0.1", port=server.port, user="bench", password="bench", database=database, autocommit=autocommit)


def one_run(dialect, server, database, address, migrate, hold_seconds):
    """The application's longest single wait while `migrate` (a command) runs, in seconds, and the command's wall time."""
    setup = connect(dialect, server, database)
    with setup.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS accounts")
        cursor.execute("CREATE TABLE accounts (id INT PRIMARY KEY, v INT)")
        cursor.execute("INSERT INTO accounts SELECT n, n FROM generate_series(1, 1000) AS n" if dialect == "postgresql"
                       else "INSERT INTO accounts SELECT seq, seq FROM seq_1_to_1000")
    setup.close()

    stop = threading.Event()
    window = {"start": None, "end": None}
    stalls = []

    def application():
        connection = connect(dialect, server, database)
        cursor = connection.cursor()
        while not stop.is_set():
            began = time.perf_counter()
            cursor.execute("SELECT v FROM accounts WHERE id = 1")
            cursor.fetchall()
            stalls.append((began, time.perf_counter() - began))
            time.sleep(max(0.0, TICK - (time.perf_counter() - began)))
        connection.close()

    def holder():
        connection = connect(dialect, server, database, autocommit=False)
        with connection.cursor() as cursor:
            if dialect == "mysql":
                cursor.execute("START TRANSACTION")
            cursor.execute("SELECT COUNT(*) FROM accounts")
            cursor.fetchall()
            time.sleep(hold_seconds)
        connection.commit()
        connection.close()

    app = threading.Thread(target=application)
    hold = threading.Thread(target=holder)
    app.start()
    time.sleep(0.5)
    hold.start()
    time.sleep(0.5)
    window["start"] = time.perf_counter()
    result = subprocess.run(migrate(address), capture_output=True, text=True)
    window["end"] = time.perf_counter()
    hold.join()
    time.sleep(0.2)
    stop.set()
    app.join()
    if result.returncode != 0:
        fail(f"{' '.join(migrate(address))} exited {result.returncode}: {result.stderr[-1500:]}")
    during = [latency for began, latency in stalls if window["start"] <= began + latency and began <= window["end"]]
    return max(during), window["end"] - window["start"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--hold", type=float, default=HOLD, help="seconds the other session holds the table (default 10)")
    parser.add_argument("--out", default=str(ROOT / "bench" / "RESULTS.md"))
    parser.add_argument("--psmigrate", help="a psmigrate command to use instead of publishing one")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="psmigrate-stall-"))
    postgres = mariadb = None
    try:
        psm = psmigrate_command(args.psmigrate, work, "stall")
        folder = work / "migrations"
        (folder / "versions").mkdir(parents=True)
        (folder / "versions" / "001_note.sql").write_text(
            "-- Revision: 001\n-- Message: a note on every account\n\n-- +upgrade\nALTER TABLE accounts ADD COLUMN note VARCHAR(40);\n\n"
            "-- +downgrade\nALTER TABLE accounts DROP COLUMN note;\n")
        postgres, mariadb = PostgresServer(), MariaDbServer()
        rows = []
        for dialect, server, client in (
                ("postgresql", postgres, lambda db: [str(postgres.bin / "psql"), "-h", "127.0.0.1", "-p", str(postgres.port), "-U", "postgres",
                                                     "-d", db, "-v", "ON_ERROR_STOP=1", "-qc", "ALTER TABLE accounts ADD COLUMN note VARCHAR(40)"]),
                ("mysql", mariadb, lambda db: ["mariadb", "--no-defaults", "-S", mariadb.socket, "-u", "root", "-D", db,
                                               "-e", "ALTER TABLE accounts ADD COLUMN note VARCHAR(40)"])):
            samples = {"psmigrate": [], "client": []}
            for run in range(args.runs):
                for side in ("psmigrate", "client"):
                    name = f"stall_{side}_{run}"
                    address = server.create(name)
                    migrate = (lambda a: psm + ["upgrade", "-p", str(folder), "-d", a]) if side == "psmigrate" else (lambda a, n=name: client(n))
                    print(f"stall: {dialect}, {side}, run {run + 1}...", flush=True)
                    samples[side].append(one_run(dialect, server, name, address, migrate, args.hold))
            rows.append((dialect, samples))
    finally:
        for server in (postgres, mariadb):
            if server:
                server.stop()
        shutil.rmtree(work, ignore_errors=True)

    lines = [HEADING, "",
             f"Generated by `python3 bench/stall.py` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: {os.cpu_count()} cores. "
             f"An application queries a table every {TICK * 1000:.0f} ms; another session holds the table for {args.hold:.0f} s; half a second in, "
             "a migration adds a column to it. The figure is the application's longest wait for one query while the migration runs "
             f"(median, min–max, {args.runs} runs each), and how long the migration took. PSMigrate runs with its defaults "
             "(a table-lock wait of 1 s, tried again after a pause, up to 10 tries); the client runs the same ALTER TABLE.", "",
             "| database | PSMigrate: longest stall | migration took | client | client: longest stall | migration took | ratio |",
             "|---|---|---|---|---|---|---|"]
    met = []
    for dialect, samples in rows:
        def fmt(values):
            return f"{statistics.median(values):.2f} s ({min(values):.2f}–{max(values):.2f})"
        ours, theirs = [s for s, _ in samples["psmigrate"]], [s for s, _ in samples["client"]]
        client = "psql" if dialect == "postgresql" else "mysql"
        lines.append(f"| {'PostgreSQL' if dialect == 'postgresql' else 'MariaDB'} | {fmt(ours)} | {fmt([t for _, t in samples['psmigrate']])} | "
                     f"{client} | {fmt(theirs)} | {fmt([t for _, t in samples['client']])} | {statistics.median(ours) / statistics.median(theirs):.2f} |")
        met.append((dialect, max(ours)))
    lines += ["", "| target | measured | met |", "|---|---|---|"]
    for dialect, worst in met:
        lines.append(f"| {dialect}: the application's longest stall during the migration at most 1.5 s | {worst:.2f} s (worst run) | "
                     f"{'met' if worst <= 1.5 else '**not met**'} |")
    section = "\n".join(lines) + "\n"
    print(section)
    out = Path(args.out)
    replace_section(out, HEADING, section)
    print(f"stall: wrote {out}")


if __name__ == "__main__":
    main()
