#!/usr/bin/env python3
"""PSMigrate against Alembic, whole processes, on the same machine in the same run.

    python3 bench/run.py                  # full run, writes bench/RESULTS.md
    python3 bench/run.py --sizes 20,40 --runs 1 --out /tmp/r.md   # a tiny smoke run

Needs the .NET SDK, sqlite3 and Alembic (Debian: apt-get install sqlite3 python3-alembic).
It installs nothing: a missing tool is named and the run stops.

For each row it starts the command afresh --runs times (fewer for the 10,000-revision rows,
as the workload allows), and reports the median, min and max wall time of the whole process,
its peak resident memory (ru_maxrss from wait4), and the ratio PSMigrate / Alembic.
"""
import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

ROOT = Path(__file__).resolve().parent.parent


def fail(message):
    sys.exit(f"bench: {message}")


def psmigrate_command(given, work, script):
    """The psmigrate to measure: the command given, or the native one `build.ps1 -Task Publish` makes (Native AOT, for
    this machine). Without a C toolchain for Native AOT, the .NET build with ReadyToRun code, and it says so."""
    if given:
        return given.split()
    out = work / "psmigrate"
    rid = {"Linux": "linux", "Darwin": "osx", "Windows": "win"}.get(platform.system(), "linux") + "-" + \
        {"x86_64": "x64", "AMD64": "x64", "aarch64": "arm64", "arm64": "arm64"}.get(platform.machine(), "x64")
    publish = ["dotnet", "publish", str(ROOT / "src" / "PSMigrate.Cli"), "-c", "Release", "-f", "net10.0", "-r", rid,
               "-o", str(out), "--nologo", "-v", "quiet"]
    print(f"{script}: publishing psmigrate (Release, Native AOT)...", flush=True)
    if subprocess.run(publish + ["-p:PublishAot=true"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode != 0:
        print(f"{script}: Native AOT needs clang or gcc; measuring the .NET build (ReadyToRun) instead", flush=True)
        subprocess.run(publish + ["--self-contained", "false", "-p:PublishReadyToRun=true"], check=True)
    return [str(out / "psmigrate")]


def free_port():
    """A loopback port nothing listens on now (a fixed one can clash with a test's server)."""
    import socket
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def find_alembic_python():
    """An interpreter that can import alembic (Debian's python3-alembic lives under /usr/bin/python3)."""
    for candidate in (sys.executable, "/usr/bin/python3", shutil.which("python3")):
        if candidate and subprocess.run([candidate, "-c", "import alembic"], capture_output=True).returncode == 0:
            return candidate
    return None


def measure(side):
    """Wall seconds and peak RSS (MiB) of one whole process; fails loudly on a non-zero exit."""
    argv = side.argv
    out = open(side.stdout, "wb") if side.stdout else subprocess.DEVNULL
    start = time.perf_counter()
    process = subprocess.Popen(argv, cwd=side.cwd, stdout=out, stderr=subprocess.PIPE, env=side.env)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    error = process.stderr.read().decode(errors="replace")
    if out is not subprocess.DEVNULL:
        out.close()
    if process.returncode != 0:
        fail(f"{' '.join(map(str, argv))} exited {process.returncode}: {error[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024


class Workloads:
    """The same linear chain of one-statement revisions, written for PSMigrate and for Alembic."""

    def __init__(self, work):
        self.work = work

    def psmigrate(self, n, per_run=False):
        folder = self.work / f"psm-{n}{'-per-run' if per_run else ''}"
        if not folder.exists():
            versions = folder / "versions"
            versions.mkdir(parents=True)
            for i in range(1, n + 1):
                parent = f"r{i - 1:05d}" if i > 1 else ""
                (versions / f"{i:05d}_t{i}.sql").write_text(
                    f"-- Revision: r{i:05d}\n-- Revises: {parent}\n-- Message: create table t{i}\n"
                    f"-- Created: 2026-01-01T00:00:00Z\n\n-- +upgrade\nCREATE TABLE t{i} (id INTEGER PRIMARY KEY, name TEXT);\n\n"
                    f"-- +downgrade\nDROP TABLE t{i};\n")
            if per_run:
                (folder / "psmigrate.json").write_text('{ "transactionMode": "per-run" }\n')
        return folder

    def alembic(self, n):
        folder = self.work / f"alembic-{n}"
        if not folder.exists():
            versions = folder / "versions"
            versions.mkdir(parents=True)
            (folder / "alembic.ini").write_text("[alembic]\nscript_location = .\nsqlalchemy.url = sqlite:///bench.db\n")
            (folder / "env.py").write_text(ALEMBIC_ENV)
            for i in range(1, n + 1):
                parent = repr(f"r{i - 1:05d}") if i > 1 else "None"
                (versions / f"r{i:05d}_t{i}.py").write_text(
                    f'"""create table t{i}"""\nfrom alembic import op\n\nrevision = "r{i:05d}"\ndown_revision = {parent}\n'
                    f"branch_labels = None\ndepends_on = None\n\n\ndef upgrade():\n    op.execute(\"CREATE TABLE t{i} (id INTEGER PRIMARY KEY, name TEXT)\")\n\n\n"
                    f"def downgrade():\n    op.execute(\"DROP TABLE t{i}\")\n")
        return folder


ALEMBIC_ENV = '''import os
from alembic import context
from sqlalchemy import create_engine

# BENCH_PER_MIGRATION=1: one transaction per revision, like PSMigrate's default.
per_migration = os.environ.get("BENCH_PER_MIGRATION") == "1"
# BENCH_URL: the database of this call, for the fleet rows' loop over many databases.
url = os.environ.get("BENCH_URL") or context.config.get_main_option("sqlalchemy.url")

if context.is_offline_mode():
    context.configure(url=url, literal_binds=True, transaction_per_migration=per_migration)
    with context.begin_transaction():
        context.run_migrations()
else:
    with create_engine(url).connect() as connection:
        context.configure(connection=connection, transaction_per_migration=per_migration)
        with context.begin_transaction():
            context.run_migrations()
        # SQLAlchemy 2 connections do not autocommit (1.4's do): commit what is left open.
        if hasattr(connection, "commit"):
            connection.commit()
'''


class PostgresServer:
    """A throwaway PostgreSQL cluster for the fleet rows (initdb refuses root, so it runs as postgres)."""

    def __init__(self):
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
        if not bins:
            fail("PostgreSQL is not installed (Debian: apt-get install postgresql)")
        self.bin = bins[-1].parent
        # Its own folder: the run's work folder is private to root, and the server runs as postgres.
        self.root = Path(tempfile.mkdtemp(prefix="psmigrate-bench-pg-"))
        self.root.chmod(0o755)
        self.port = free_port()
        as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self.as_postgres = as_postgres
        if as_postgres:
            shutil.chown(self.root, "postgres")
        subprocess.run(as_postgres + [str(self.bin / "initdb"), "-D", str(self.root / "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8"],
                       check=True, stdout=subprocess.DEVNULL)
        subprocess.run(as_postgres + [str(self.bin / "pg_ctl"), "-D", str(self.root / "data"), "-l", str(self.root / "log"), "-w", "start",
                                      "-o", f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c max_connections=100"],
                       check=True, stdout=subprocess.DEVNULL)

    def create(self, name):
        self.psql(f"CREATE DATABASE {name}")
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def psql(self, sql, database="postgres"):
        subprocess.run(self.as_postgres + [str(self.bin / "psql"), "-h", str(self.root), "-p", str(self.port), "-U", "postgres",
                                           "-d", database, "-v", "ON_ERROR_STOP=1", "-qc", sql], check=True, stdout=subprocess.DEVNULL)

    def stop(self):
        subprocess.run(self.as_postgres + [str(self.bin / "pg_ctl"), "-D", str(self.root / "data"), "-m", "immediate", "-w", "stop"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(self.root, ignore_errors=True)


@dataclass
class Side:
    """One side of a row: the command, where it runs, what to prepare before each run."""
    argv: list
    cwd: Path
    setup: Optional[Callable[[], None]] = None
    stdout: Optional[str] = None
    env: Optional[dict] = None
    runs: Optional[int] = None  # fewer runs for a side known to take minutes


@dataclass
class Row:
    name: str
    runs: int
    psmigrate: Side
    baseline: Side
    baseline_label: str = "Alembic"
    results: dict = field(default_factory=dict)
    pairs: list = field(default_factory=list)  # each run's psmigrate time over the baseline's that ran next to it


def run_row(row):
    """Runs alternate between the sides, so drift on the machine hits both alike."""
    samples = {"psmigrate": [], "baseline": []}
    for run in range(row.runs):
        for key, side in (("psmigrate", row.psmigrate), ("baseline", row.baseline)):
            if run >= (side.runs or row.runs):
                continue
            if side.setup:
                side.setup()
            samples[key].append(measure(side))
    for key, values in samples.items():
        times = [t for t, _ in values]
        row.results[key] = (statistics.median(times), min(times), max(times), max(m for _, m in values), len(values))
    row.pairs = [a / b for (a, _), (b, _) in zip(samples["psmigrate"], samples["baseline"])]
    return row


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000", help="small and large revision counts (default 1000,10000)")
    parser.add_argument("--runs", type=int, default=5, help="runs per row (default 5; large rows use --large-runs)")
    parser.add_argument("--large-runs", type=int, default=3, help="runs per row at the large size (default 3)")
    parser.add_argument("--slow-runs", type=int, default=1, help="runs for Alembic rows known to take minutes (default 1)")
    parser.add_argument("--out", default=str(ROOT / "bench" / "RESULTS.md"))
    parser.add_argument("--psmigrate", help="a psmigrate command to use instead of publishing one (e.g. 'dotnet path/psmigrate.dll')")
    parser.add_argument("--fleet", default="200,50", help="SQLite and PostgreSQL database counts for the fleet rows (default 200,50)")
    parser.add_argument("--tables", type=int, default=1000, help="tables in the schema rows (default 1000; a tenth of them change)")
    parser.add_argument("--only", choices=("all", "fleet", "schema"), default="all",
                        help="fleet or schema: run only those rows and replace their section of --out (default all)")
    args = parser.parse_args()
    small, large = (int(s) for s in args.sizes.split(","))

    for tool in ("dotnet", "sqlite3"):
        if not shutil.which(tool):
            fail(f"{tool} is not installed (Debian: apt-get install {'dotnet-sdk-8.0' if tool == 'dotnet' else 'sqlite3'})")
    alembic_python = find_alembic_python()
    if not alembic_python:
        fail("Alembic is not installed (Debian: apt-get install python3-alembic)")

    work = Path(tempfile.mkdtemp(prefix="psmigrate-bench-"))
    try:
        psm = psmigrate_command(args.psmigrate, work, "bench")
        alembic = [alembic_python, "-m", "alembic", "-c", "alembic.ini"]
        loads = Workloads(work)
        rows = [] if args.only != "all" else build_rows(loads, psm, alembic, small, large, args)
        postgres = PostgresServer()
        try:
            fleet = fleet_rows(loads, psm, alembic, postgres, args) if args.only in ("all", "fleet") else []
            schema = schema_rows(loads, psm, alembic_python, postgres, args) if args.only in ("all", "schema") else []
            for row in rows + fleet + schema:
                print(f"bench: {row.name}...", flush=True)
                run_row(row)
        finally:
            postgres.stop()
        out = Path(args.out)
        text = out.read_text() if out.exists() else ""
        # Sections measured by other scripts (bench/stall.py) are kept as they were measured.
        kept = "".join(section_of(text, heading) for heading in OTHER_HEADINGS)
        if args.only == "all":
            write_results(rows, args, small, large, out, alembic_python)
            out.write_text(out.read_text() + fleet_section(fleet) + schema_section(schema, args) + kept)
        else:
            # Keep the other sections as they were measured; replace this one.
            sections = {heading: section_of(text, heading) for heading in (FLEET_HEADING, SCHEMA_HEADING)}
            head = text
            for heading in (FLEET_HEADING, SCHEMA_HEADING, *OTHER_HEADINGS):
                head = head.split(heading)[0]
            if args.only == "fleet":
                sections[FLEET_HEADING] = fleet_section(fleet)
            else:
                sections[SCHEMA_HEADING] = schema_section(schema, args)
            out.write_text(head.rstrip("\n") + "\n" + sections[FLEET_HEADING] + sections[SCHEMA_HEADING] + kept)
        print(f"bench: wrote {args.out}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def build_rows(loads, psm, alembic, small, large, args):
    work = loads.work
    sink = str(work / "stdout.txt")
    per_revision_env = dict(os.environ, BENCH_PER_MIGRATION="1")
    one_transaction_env = dict(os.environ, BENCH_PER_MIGRATION="0")

    def psm_upgrade(folder, db):
        subprocess.run(psm + ["upgrade", "-p", str(folder), "-d", f"sqlite:{db}"], check=True, stdout=subprocess.DEVNULL)

    def alembic_upgrade(folder):
        subprocess.run(alembic + ["upgrade", "head"], cwd=folder, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, env=per_revision_env)

    def fresh(*paths):
        return lambda: [p.unlink(missing_ok=True) for p in paths]

    def once(action, marker):
        return lambda: None if marker.exists() else action()

    def rows_for(n):
        """Each size in its own scope, so the setup closures keep their own folders."""
        rows = []
        runs = args.runs if n == small else args.large_runs
        folder, per_run_folder, alembic_folder = loads.psmigrate(n), loads.psmigrate(n, per_run=True), loads.alembic(n)
        db, run_db, alembic_db = work / f"up-{n}.db", work / f"up-run-{n}.db", alembic_folder / "bench.db"

        rows.append(Row(f"upgrade base->head, {n:,} revisions, per-revision transactions", runs,
                        Side(psm + ["upgrade", "-p", str(folder), "-d", f"sqlite:{db}"], work, fresh(db)),
                        Side(alembic + ["upgrade", "head"], alembic_folder, fresh(alembic_db), env=per_revision_env,
                             runs=args.slow_runs if n == large else None)))
        if n == small:
            rows.append(Row(f"upgrade base->head, {n:,} revisions, one transaction (per-run)", runs,
                            Side(psm + ["upgrade", "-p", str(per_run_folder), "-d", f"sqlite:{run_db}"], work, fresh(run_db)),
                            Side(alembic + ["upgrade", "head"], alembic_folder, fresh(alembic_db), env=one_transaction_env)))
            # The floor: sqlite3 running the same SQL with the same commits: PSMigrate's own offline
            # script plus the journal row PSMigrate writes inside each revision's transaction.
            floor_db = work / "floor.db"
            for label, source, target_db in (("commit per revision", folder, db), ("one transaction", per_run_folder, run_db)):
                script = work / f"floor-{label.replace(' ', '-')}.sql"
                rendered = subprocess.run(psm + ["upgrade", "--sql", "-p", str(source), "-d", "sqlite:x.db"],
                                          check=True, capture_output=True, text=True).stdout
                script.write_text(with_journal(rendered))
                rows.append(Row(f"floor: sqlite3, {n:,} revisions, {label}", runs,
                                Side(psm + ["upgrade", "-p", str(source), "-d", f"sqlite:{target_db}"], work, fresh(target_db)),
                                Side(["sqlite3", str(floor_db), f".read {script}"], work, fresh(floor_db)), baseline_label="sqlite3"))
            down_db = work / f"down-{n}.db"
            rows.append(Row(f"downgrade head->base, {n:,} revisions", runs,
                            Side(psm + ["downgrade", "base", "-p", str(folder), "-d", f"sqlite:{down_db}"], work,
                                 lambda: (fresh(down_db)(), psm_upgrade(folder, down_db))),
                            Side(alembic + ["downgrade", "base"], alembic_folder,
                                 lambda: (fresh(alembic_db)(), alembic_upgrade(alembic_folder)), env=per_revision_env)))

        rows.append(Row(f"offline SQL base->head, {n:,} revisions", runs,
                        Side(psm + ["upgrade", "--sql", "-p", str(folder), "-d", "sqlite:x.db"], work, stdout=sink),
                        Side(alembic + ["upgrade", "head", "--sql"], alembic_folder, stdout=sink, env=per_revision_env)))
        for command in ("heads", "history"):
            rows.append(Row(f"{command}, {n:,} revisions", runs,
                            Side(psm + [command, "-p", str(folder)], work, stdout=sink),
                            Side(alembic + [command], alembic_folder, stdout=sink)))
        current_db = work / f"current-{n}.db"
        rows.append(Row(f"current, {n:,} revisions, up-to-date database", runs,
                        Side(psm + ["current", "-p", str(folder), "-d", f"sqlite:{current_db}"], work,
                             once(lambda: psm_upgrade(folder, current_db), current_db), stdout=sink),
                        Side(alembic + ["current"], alembic_folder, once(lambda: alembic_upgrade(alembic_folder), alembic_db),
                             stdout=sink, runs=args.slow_runs if n == large else None)))
        return rows

    cold_start = Row("CLI cold start (--version)", args.runs, Side(psm + ["--version"], work), Side(alembic + ["--version"], work))
    return [cold_start] + rows_for(small) + rows_for(large)


FLEET_REVISIONS = 20
FLEET_HEADING = "## Many databases in one call"
# Sections that bench/stall.py and bench/history.py write.
OTHER_HEADINGS = ("## Live traffic: the application's longest stall", "## A real-shaped history: online against the client")


def replace_section(out, heading, section):
    """Writes a section of RESULTS.md in place of the one under the same heading (or at the end), leaving the rest as it was."""
    text = out.read_text() if out.exists() else ""
    if heading in text:
        before, after = text.split(heading, 1)
        rest = after[after.index("\n## "):] if "\n## " in after else ""
        text = before.rstrip("\n") + "\n\n" + section + rest
    else:
        text = text.rstrip("\n") + "\n\n" + section
    out.write_text(text)


def section_of(text, heading):
    """The section under a heading of RESULTS.md, up to the next known heading, or "" when there is none."""
    if heading not in text:
        return ""
    after = text.split(heading, 1)[1]
    following = [after.index(h) for h in (FLEET_HEADING, SCHEMA_HEADING, *OTHER_HEADINGS) if h != heading and h in after]
    return "\n" + heading + (after[:min(following)] if following else after).rstrip("\n") + "\n"


def fleet_rows(loads, psm, alembic, postgres, args):
    """
    Many databases of a 20-revision folder: SQLite files upgraded by one psmigrate call (its
    default --parallel 4) against a loop of one call per database, psmigrate's and Alembic's;
    PostgreSQL databases with --parallel 8 against --parallel 1, in one call each.
    """
    sqlite_count, pg_count = (int(n) for n in args.fleet.split(","))
    work = loads.work
    folder, alembic_folder = loads.psmigrate(FLEET_REVISIONS), loads.alembic(FLEET_REVISIONS)
    fleet = work / "fleet"
    fleet.mkdir()
    files = [fleet / f"tenant{i:03d}.db" for i in range(sqlite_count)]
    listing = work / "tenants.txt"
    listing.write_text("".join(f"sqlite:{f}\n" for f in files))
    psm_loop = work / "psmigrate-loop.sh"
    psm_loop.write_text("set -e\n" + "".join(f"{' '.join(psm)} upgrade -p {folder} -d sqlite:{f} > /dev/null\n" for f in files))
    alembic_loop = work / "alembic-loop.sh"
    alembic_loop.write_text("set -e\n" + "".join(
        f"BENCH_URL=sqlite:///{f} BENCH_PER_MIGRATION=1 {' '.join(alembic)} upgrade head 2> /dev/null\n" for f in files))

    def fresh():
        for f in fleet.iterdir():
            f.unlink()

    one_call = Side(psm + ["upgrade", "-p", str(folder), "--databases-from", str(listing)], work, fresh)
    rows = [
        Row(f"{sqlite_count} SQLite databases x {FLEET_REVISIONS} revisions: one call vs a loop of Alembic calls", args.slow_runs,
            one_call, Side(["sh", str(alembic_loop)], alembic_folder, fresh)),
        Row(f"{sqlite_count} SQLite databases x {FLEET_REVISIONS} revisions: one call vs a loop of psmigrate calls", args.runs,
            one_call, Side(["sh", str(psm_loop)], work, fresh), baseline_label="psmigrate loop"),
    ]

    names = [f"fleet{i:03d}" for i in range(pg_count)]
    pg_listing = work / "pg-tenants.txt"
    pg_listing.write_text("".join(postgres.create(n) + "\n" for n in names))

    def reset_postgres():
        subprocess.run(psm + ["downgrade", "base", "-p", str(folder), "--databases-from", str(pg_listing), "--parallel", "8"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def parallel(n):
        return Side(psm + ["upgrade", "-p", str(folder), "--databases-from", str(pg_listing), "--parallel", str(n)], work, reset_postgres)

    rows.append(Row(f"{pg_count} PostgreSQL databases x {FLEET_REVISIONS} revisions: --parallel 8 vs --parallel 1", args.runs,
                    parallel(8), parallel(1), baseline_label="--parallel 1"))

    # The server's own ceiling: psql running PSMigrate's offline script for the same upgrade,
    # eight databases at a time against one at a time, with no PSMigrate in the way.
    script = work / "pg-fleet.sql"
    script.write_text(subprocess.run(psm + ["upgrade", "--sql", "-p", str(folder), "--dialect", "postgresql"],
                                     check=True, capture_output=True, text=True).stdout)
    psql = f"{postgres.bin / 'psql'} -q -X -v ON_ERROR_STOP=1 -f {script} -d"
    quiet = dict(os.environ, PGOPTIONS="-c client_min_messages=warning")
    rows.append(Row(f"floor: psql, the same SQL, {pg_count} PostgreSQL databases: 8 at a time vs one at a time", args.runs,
                    Side(["sh", "-c", f"xargs -P 8 -n 1 {psql} < {pg_listing} > /dev/null"], work, reset_postgres, env=quiet),
                    Side(["sh", "-c", f"xargs -P 1 -n 1 {psql} < {pg_listing} > /dev/null"], work, reset_postgres, env=quiet),
                    baseline_label="psql, one at a time"))
    return rows


def table_rows(rows):
    """The measured rows of a section, as in the main table."""
    lines = ["| row | PSMigrate | MiB | baseline | baseline time | MiB | ratio |", "|---|---|---|---|---|---|---|"]
    for row in rows:
        p, b = row.results["psmigrate"], row.results["baseline"]
        lines.append(f"| {row.name} | {p[0]:.3f} s ({p[1]:.3f}–{p[2]:.3f}, n={p[4]}) | {p[3]:.0f} | {row.baseline_label} | "
                     f"{b[0]:.3f} s ({b[1]:.3f}–{b[2]:.3f}, n={b[4]}) | {b[3]:.0f} | {p[0] / b[0]:.2f} |")
    return lines


def fleet_section(rows):
    lines = ["", FLEET_HEADING, "",
             f"Generated by `python3 bench/run.py --only fleet` (or a full run) on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: "
             f"{os.cpu_count()} cores. Each database gets the same {FLEET_REVISIONS}-revision folder as the rows above; "
             "PostgreSQL is a throwaway local cluster. Ratio = PSMigrate median / baseline median.",
             ""] + table_rows(rows)
    alembic_ratio = rows[0].results["baseline"][0] / rows[0].results["psmigrate"][0]
    pg_ratio = rows[2].results["baseline"][0] / rows[2].results["psmigrate"][0]
    floor_ratio = rows[3].results["baseline"][0] / rows[3].results["psmigrate"][0]
    lines += ["", "| target | measured | met |", "|---|---|---|",
              f"| one call at least 10x faster than the Alembic loop | {alembic_ratio:.1f}x | {'met' if alembic_ratio >= 10 else '**not met**'} |",
              f"| --parallel 8 at least 2x faster than --parallel 1 | {pg_ratio:.1f}x (psql's own gain on the same SQL: {floor_ratio:.1f}x) | "
              f"{'met' if pg_ratio >= 2 else '**not met**'} |"]
    return "\n".join(lines) + "\n"


SCHEMA_HEADING = "## Schemas"

ALEMBIC_AUTOGENERATE = '''import sys
from sqlalchemy import create_engine, MetaData, Table, Column, Integer, Text
from alembic.migration import MigrationContext
from alembic.autogenerate import produce_migrations, render_python_code

tables, changed = int(sys.argv[2]), int(sys.argv[3])
metadata = MetaData()
for i in range(1, tables + 1):
    columns = [Column("id", Integer, primary_key=True), Column("name", Text, nullable=False), Column("note", Text)]
    if i <= changed:
        columns.append(Column("extra", Text))
    Table(f"t{i}", metadata, *columns)
for i in range(changed):
    Table(f"n{i}", metadata, Column("id", Integer, primary_key=True), Column("name", Text))
with create_engine(f"sqlite:///{sys.argv[1]}").connect() as connection:
    script = produce_migrations(MigrationContext.configure(connection), metadata)
    print(render_python_code(script.upgrade_ops))
    print(render_python_code(script.downgrade_ops))
'''


def schema_rows(loads, psm, alembic_python, postgres, args):
    """
    Autogenerate against a schema of --tables SQLite tables of which a tenth change (half gain a
    column, half are new), whole process, against Alembic's compare-and-render of the same change
    in one Python process; the inspection of --tables PostgreSQL tables against pg_dump
    --schema-only; and `psmigrate test` of a --tables-revision linear folder against its plain
    upgrade and downgrade.
    """
    n, changed = args.tables, args.tables // 20
    work = loads.work
    folder = work / f"autogen-{n}"
    versions = folder / "versions"
    versions.mkdir(parents=True)
    create = "".join(f"CREATE TABLE t{i} (id INTEGER PRIMARY KEY, name TEXT NOT NULL, note TEXT);\n" for i in range(1, n + 1))
    (versions / "0001_tables.sql").write_text(f"-- Revision: 0001\n-- Revises:\n-- Message: tables\n\n-- +upgrade\n{create}\n-- +downgrade\n")
    desired = "".join(
        f"CREATE TABLE t{i} (id INTEGER PRIMARY KEY, name TEXT NOT NULL, note TEXT{', extra TEXT' if i <= changed else ''});\n" for i in range(1, n + 1))
    desired += "".join(f"CREATE TABLE n{i} (id INTEGER PRIMARY KEY, name TEXT);\n" for i in range(changed))
    (folder / "schema.sql").write_text(desired)
    alembic_db = work / "autogen-alembic.db"
    subprocess.run(["sqlite3", str(alembic_db)], input=create, text=True, check=True)
    alembic_script = work / "alembic_autogenerate.py"
    alembic_script.write_text(ALEMBIC_AUTOGENERATE)

    def no_revision():
        for f in versions.glob("*.sql"):
            if f.name != "0001_tables.sql":
                f.unlink()

    rows = [Row(f"autogenerate, {n:,} SQLite tables, {2 * changed} changed or added", args.runs,
                Side(psm + ["revision", "--autogenerate", "-m", "changes", "-p", str(folder)], work, no_revision),
                Side([alembic_python, str(alembic_script), str(alembic_db), str(n), str(changed)], work, stdout=str(work / "alembic-out.txt")),
                baseline_label="Alembic compare+render")]

    address = postgres.create("inspect")
    database = "inspect"
    postgres.psql("".join(f"CREATE TABLE t{i} (id integer PRIMARY KEY, name text NOT NULL, note varchar(40) UNIQUE, created date DEFAULT CURRENT_DATE);"
                          for i in range(1, n + 1)), database)
    rows.append(Row(f"inspect {n:,} PostgreSQL tables (psmigrate schema)", args.runs,
                    Side(psm + ["schema", address, "-p", str(folder)], work, stdout=str(work / "schema.json")),
                    Side(postgres.as_postgres + [str(postgres.bin / "pg_dump"), "-h", str(postgres.root), "-p", str(postgres.port), "-U", "postgres",
                                                 "--schema-only", database], work, stdout=str(work / "dump.sql")),
                    baseline_label="pg_dump --schema-only"))

    # The built-in tests of a linear folder against its plain upgrade and downgrade.
    linear = loads.psmigrate(n)
    plain_db = work / "plain.db"
    plain = work / "plain-up-down.sh"
    plain.write_text(f"set -e\n{' '.join(psm)} upgrade -p {linear} -d sqlite:{plain_db} > /dev/null\n"
                     f"{' '.join(psm)} downgrade base -p {linear} -d sqlite:{plain_db} > /dev/null\n")
    rows.append(Row(f"test (all checks), {n:,} revisions, SQLite", args.runs,
                    Side(psm + ["test", "-p", str(linear)], work, stdout=str(work / "test.txt")),
                    Side(["sh", str(plain)], work, lambda: plain_db.unlink(missing_ok=True)),
                    baseline_label="upgrade + downgrade"))
    return rows


def schema_section(rows, args):
    lines = ["", SCHEMA_HEADING, "",
             f"Generated by `python3 bench/run.py --only schema` (or a full run) on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: "
             f"{os.cpu_count()} cores. Autogenerate builds both schemas in scratch SQLite files, inspects, compares and renders, "
             "in one whole `psmigrate revision --autogenerate` process; Alembic's row is `produce_migrations` plus `render_python_code` "
             "for the same change, in one Python process. Ratio = PSMigrate median / baseline median.",
             ""] + table_rows(rows)
    autogen, inspect = rows[0].results["psmigrate"][0], rows[1].results["psmigrate"][0]
    tests = rows[2].results["psmigrate"][0] / rows[2].results["baseline"][0]
    lines += ["", "| target | measured | met |", "|---|---|---|",
              f"| autogenerate at {args.tables:,} tables at most 0.6 s | {autogen:.3f} s | {'met' if autogen <= 0.6 else '**not met**'} |",
              f"| inspecting {args.tables:,} PostgreSQL tables within 1 s | {inspect:.3f} s | {'met' if inspect <= 1 else '**not met**'} |",
              f"| `test` of {args.tables:,} revisions within 3x its upgrade + downgrade | {tests:.2f}x | {'met' if tests <= 3 else '**not met**'} |"]
    return "\n".join(lines) + "\n"


JOURNAL_DDL = """CREATE TABLE IF NOT EXISTS "psmigrate_journal" (id INTEGER PRIMARY KEY AUTOINCREMENT,
    revision VARCHAR(64) NOT NULL, operation VARCHAR(16) NOT NULL, status VARCHAR(16) NOT NULL, checksum VARCHAR(64),
    started_at TEXT NOT NULL, finished_at TEXT, duration_ms INTEGER, applied_by VARCHAR(128), host VARCHAR(255),
    tool_version VARCHAR(32), error TEXT, rolled_back INTEGER NOT NULL DEFAULT 0);
"""


def with_journal(script):
    """Adds, after each version-table update, the journal row PSMigrate writes in the same transaction."""
    lines = [JOURNAL_DDL]
    for line in script.splitlines():
        lines.append(line)
        if line.startswith(('UPDATE "psmigrate_version"', 'INSERT INTO "psmigrate_version"')):
            revision = line.rsplit("'", 2)[1] if line.startswith("INSERT") else line.split("'")[1]
            lines.append(
                'INSERT INTO "psmigrate_journal" (revision, operation, status, checksum, started_at, finished_at, duration_ms, '
                f"applied_by, host, tool_version, error, rolled_back) VALUES ('{revision}', 'upgrade', 'applied', '{'0' * 64}', "
                "'2026-01-01 00:00:00.0000000', '2026-01-01 00:00:00.0010000', 1, 'bench', 'bench', '0.1.0', NULL, 0);")
    return "\n".join(lines) + "\n"


def write_results(rows, args, small, large, path, alembic_python):
    def fmt(result):
        if not result:
            return "–", "–"
        median, low, high, memory, count = result
        return f"{median:.3f} s ({low:.3f}–{high:.3f}, n={count})", f"{memory:.0f}"

    by_name = {r.name: r for r in rows}
    lines = [
        "# PSMigrate benchmarks",
        "",
        f"Generated by `python3 bench/run.py` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: "
        f"{os.cpu_count()} cores, {platform_line()}, Alembic {alembic_version(alembic_python)}, sqlite3 {sqlite_version()}.",
        "Wall time of whole processes (median, min–max, number of runs) and peak resident memory. "
        "Ratio = PSMigrate median / baseline median (below 1 is faster). Workload: a linear chain of revisions, "
        "each `CREATE TABLE tN (id INTEGER PRIMARY KEY, name TEXT)`, on a fresh SQLite file; the journal mode and "
        "`synchronous` setting are SQLite's defaults for both tools.",
        "",
        "| row | PSMigrate | MiB | baseline | baseline time | MiB | ratio |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        p, b = row.results.get("psmigrate"), row.results.get("baseline")
        (pt, pm), (bt, bm) = fmt(p), fmt(b)
        ratio = f"{p[0] / b[0]:.2f}" if p and b else "–"
        lines.append(f"| {row.name} | {pt} | {pm} | {row.baseline_label} | {bt} | {bm} | {ratio} |")

    def median(name):
        r = by_name.get(name)
        return r.results.get("psmigrate", (None,))[0] if r else None

    targets = []
    for cmd in ("heads", "history"):
        targets.append((f"`{cmd}` on {large:,} revisions < 0.2 s", median(f"{cmd}, {large:,} revisions"), 0.2))
    targets.append((f"`current` on {large:,} revisions < 0.2 s", median(f"current, {large:,} revisions, up-to-date database"), 0.2))
    targets.append((f"offline SQL for {large:,} revisions < 0.5 s", median(f"offline SQL base->head, {large:,} revisions"), 0.5))
    floor = by_name.get(f"floor: sqlite3, {small:,} revisions, commit per revision")
    if floor and "baseline" in floor.results:
        ratio = floor.results["psmigrate"][0] / floor.results["baseline"][0]
        targets.append((f"upgrade of {small:,} revisions within 1.15x of the sqlite3 floor (same commits)", ratio, 1.15, "x"))
    targets.append((f"per-run upgrade of {small:,} revisions < 0.4 s", median(f"upgrade base->head, {small:,} revisions, one transaction (per-run)"), 0.4))
    targets.append(("CLI cold start < 0.12 s", median("CLI cold start (--version)"), 0.12))
    peak = max((r.results["psmigrate"][3] for r in rows if "psmigrate" in r.results and f"{large:,}" in r.name), default=None)
    targets.append((f"peak memory at {large:,} revisions < 80 MiB", peak, 80, " MiB"))
    growth = []
    for r in rows:
        if f"{small:,} revisions" in r.name and "floor" not in r.name:
            twin = by_name.get(r.name.replace(f"{small:,}", f"{large:,}"))
            if twin and "psmigrate" in twin.results and "psmigrate" in r.results:
                growth.append((twin.results["psmigrate"][0] / r.results["psmigrate"][0], r.name.split(",")[0]))
    if growth:
        worst = max(growth)
        targets.append((f"growth {large:,}/{small:,} at most 11 (worst: {worst[1]})", worst[0], 11, "x"))

    lines += ["", "## Targets", "", "| target | measured | met |", "|---|---|---|"]
    missed = []
    for target in targets:
        label, value, limit = target[:3]
        unit = target[3] if len(target) > 3 else " s"
        shown = "–" if value is None else (f"{value:.2f}{unit}" if unit != " s" else f"{value:.3f} s")
        met = value is not None and (value < limit or (unit == "x" and value <= limit))
        lines.append(f"| {label} | {shown} | {'–' if value is None else 'met' if met else '**not met**'} |")
        if value is not None and not met:
            missed.append(label)
    if missed:
        lines += ["", f"Missed here: {len(missed)} target(s). What profiling found behind each is in bench/README.md."]
    path.write_text("\n".join(lines) + "\n")


def platform_line():
    try:
        return Path("/proc/cpuinfo").read_text().split("model name")[1].split("\n")[0].strip(": \t")
    except (OSError, IndexError):
        return "unknown CPU"


def alembic_version(python):
    return subprocess.run([python, "-c", "import alembic; print(alembic.__version__)"], capture_output=True, text=True).stdout.strip()


def sqlite_version():
    return subprocess.run(["sqlite3", "--version"], capture_output=True, text=True).stdout.split(" ")[0]


if __name__ == "__main__":
    main()
