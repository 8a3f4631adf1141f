"""Benchmark: whole-process wall time and peak memory of parplan commands by plan size.

    python -m bench.run [--sizes 22,1000,10000,50000] [--runs 5] [--rollups 200,2000]
                        [--out bench/results.md]

For each size a plan is written to a temporary directory (22 = a copy of plans/2024.yaml, any
other size = ``bench.generate.generate(size)``), then every command is run ``--runs`` times:
the cell shows the median wall time (fork to reap) and the largest peak RSS (``ru_maxrss``
from ``os.wait4``) of the command's process. Each command is forked by a tiny helper process
(see SPAWN_HELPER for why), itself a ``subprocess.Popen`` child reaped with ``os.wait4``.
Baselines run side by side: ``python -c pass``, a minimal typer + rich app and
check-jsonschema on the same file. Then ``parplan rollup`` of 200 and 2,000 copies of
plans/2024.yaml runs alternately with ``parplan check`` over the same files. A command that exits non-zero is shown as "lỗi (exit N)",
one that runs past the timeout as "quá giờ"; neither stops the run. Progress goes to stderr;
the Markdown result goes to stdout and to --out.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from bench.generate import generate
from bench.revise import revise

ROOT = Path(__file__).resolve().parent.parent
REAL_PLAN = ROOT / "plans" / "2024.yaml"
REAL_SIZE = 22
DEFAULT_SIZES = "22,1000,10000,50000"
AS_OF = "2024-06-20"
TIMEOUT_S = 300.0
SLOW_RUN_S = 30.0  # above this, a large size gets a single run
REDUCE_FROM_SIZE = 50_000

TYPER_APP = '''"""Minimal typer app printing a 3-row rich table: the floor for any typer + rich CLI."""

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer()


@app.command()
def show() -> None:
    """In một bảng ba dòng."""
    table = Table("STT", "Nhiệm vụ", "Thời hạn")
    table.add_row("1", "Rà soát, đơn giản hóa thủ tục hành chính", "Quý I/2024")
    table.add_row("2", "Triển khai kế hoạch chuyển đổi số", "Tháng 6/2024")
    table.add_row("3", "Công khai kết quả giải quyết TTHC", "Năm 2024")
    Console().print(table)


if __name__ == "__main__":
    app()
'''


# --- what is measured -----------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One plan size: its files in the work directory and the tools to run."""

    size: int
    plan: Path
    work: Path
    parplan: list[str]
    task: int  # the task `record` edits
    schema: Path | None
    check_jsonschema: Path | None

    @property
    def revised(self) -> Path:
        """The second version `diff` compares with: bench/revise.py applied to the plan."""
        return self.work / f"revised-{self.size}.yaml"

    @property
    def copy(self) -> Path:
        return self.work / f"copy-{self.size}.yaml"

    def out(self, suffix: str) -> Path:
        return self.work / f"report-{self.size}.{suffix}"


@dataclass(frozen=True)
class Command:
    """A command line as a template: F, K, COPY, OUT, APP, SCHEMA and the tools are filled in
    per size (see ``expand``); ``label`` defaults to the template itself."""

    template: tuple[str, ...]
    label: str = ""
    out: str = ""  # the suffix of OUT
    prepare: Callable[[Case], None] | None = None  # before each run, not timed

    @property
    def name(self) -> str:
        return self.label or " ".join(self.template)


def _fresh_copy(case: Case) -> None:
    shutil.copyfile(case.plan, case.copy)


def expand(command: Command, case: Case) -> list[str] | None:
    """The argv for this size, or None when a tool or file it needs is missing ("n/a")."""
    tools: dict[str, list[str] | None] = {
        "parplan": case.parplan,
        "python": [sys.executable],
        "check-jsonschema": [str(case.check_jsonschema)] if case.check_jsonschema else None,
        "SCHEMA": [str(case.schema)] if case.schema else None,
        "F": [str(case.plan)],
        "F2": [str(case.revised)],
        "K": [str(case.task)],
        "COPY": [str(case.copy)],
        "OUT": [str(case.out(command.out))],
        "APP": [str(case.work / "typer_app.py")],
        "FORMS": [str(case.work / f"forms-{case.size}")],
    }
    if "FILLED" in command.template:  # made once per size, outside the timing
        from bench.forms import filled_forms

        tools["FILLED"] = [str(p) for p in filled_forms(case.plan, case.work)]
    argv: list[str] = []
    for token in command.template:
        filled = tools.get(token, [token])
        if filled is None:
            return None
        argv += filled
    return argv


def _report(fmt: str) -> Command:
    template = ("parplan", "report", "F", "--period", "2024-H1", "--format", fmt, "-o", "OUT")
    return Command((*template, "--force"), out=fmt)


COMMANDS: list[Command] = [
    Command(("parplan", "--help")),
    Command(("parplan", "check", "F")),
    Command(("parplan", "status", "F", "--as-of", AS_OF)),
    Command(("parplan", "deadlines", "F", "--json", "--as-of", AS_OF)),
    Command(("parplan", "indicators", "F", "--as-of", AS_OF)),
    _report("md"),
    _report("docx"),
    Command(
        ("parplan", "record", "task", "K", "--status", "in_progress", "--plan", "COPY"),
        prepare=_fresh_copy,
    ),
    Command(("parplan", "diff", "F", "F2")),
    Command(
        ("parplan", "form", "F", "--period", "2024-Q2", "-o", "FORMS", "--force"),
        label="parplan form F --period 2024-Q2 -o FORMS --force (every unit)",
    ),
    Command(
        ("parplan", "collect", "FILLED", "--plan", "COPY"),
        label="parplan collect FILLED --plan COPY (up to 100 filled forms)",
        prepare=_fresh_copy,
    ),
    Command(("python", "-c", "pass")),
    Command(("python", "APP"), label="typer app: 3-row rich table"),
    Command(("python", "APP", "--help"), label="typer app --help"),
    Command(
        ("check-jsonschema", "--schemafile", "SCHEMA", "F"),
        label="check-jsonschema --schemafile schema/plan.schema.json F",
    ),
]


# --- running one child ----------------------------------------------------------------------

# Why a helper: Linux starts a child's peak RSS at its parent's (fork copies the RSS high-water
# mark; vfork, which subprocess uses, records the parent's peak at exec), so a command spawned
# straight from this process would report at least this process's own peak, hundreds of MB
# after generating a large plan. The helper, a bare `python -I -S` of a few MB, forks the
# command, waits with os.wait4 and reports the wall time from fork to reap and ru_maxrss of
# that child alone. (Peaks below the helper's own size, ~7 MB, cannot be seen.)
SPAWN_HELPER = """import os, sys, time
result, argv = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(argv[0], argv)
    except OSError as exc:
        sys.stderr.write(f"{argv[0]}: {exc.strerror}\\n")
    os._exit(127)
_, status, usage = os.wait4(pid, 0)
elapsed = time.perf_counter() - start
with open(result, "w") as f:
    f.write(f"{elapsed} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}")
"""


@dataclass(frozen=True)
class Sample:
    seconds: float
    max_rss_kb: int
    exit_code: int
    timed_out: bool = False
    stderr: str = ""  # its last line, kept when the command failed


def child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARPLAN_")}
    env.update(NO_COLOR="1", COLUMNS="100")
    return env


def _last_line(path: Path) -> str:
    lines = [line.strip() for line in path.read_text(errors="replace").splitlines()]
    last = next((line for line in reversed(lines) if line), "")
    return last if len(last) <= 160 else last[:157] + "..."


def _spawn(argv: list[str], work: Path, result: Path, timeout: float) -> bool:
    """Run the helper (and so argv) to completion; True if it had to be killed."""
    fired = threading.Event()

    def kill(pid: int) -> None:
        fired.set()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)

    helper = [sys.executable, "-I", "-S", str(work / "spawn.py"), str(result), *argv]
    with open(work / "stdout.txt", "wb") as out, open(work / "stderr.txt", "wb") as err:
        proc = subprocess.Popen(
            helper, stdin=subprocess.DEVNULL, stdout=out, stderr=err, cwd=work,
            env=child_env(), start_new_session=True,
        )  # fmt: skip
        timer = threading.Timer(timeout, kill, (proc.pid,))
        timer.start()
        try:
            _, status, _ = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    return fired.is_set()


def run_once(argv: list[str], work: Path, timeout: float = TIMEOUT_S) -> Sample:
    """Run argv once through the helper: wall time, peak RSS and exit code of argv alone."""
    result = work / "result.txt"
    result.unlink(missing_ok=True)
    if _spawn(argv, work, result, timeout):
        return Sample(timeout, 0, -signal.SIGKILL, timed_out=True)
    if not result.exists():
        return Sample(0.0, 0, -1, stderr=_last_line(work / "stderr.txt"))
    seconds, rss, code = result.read_text().split()
    stderr = _last_line(work / "stderr.txt") if code != "0" else ""
    return Sample(float(seconds), int(rss), int(code), stderr=stderr)


# --- one cell: a command at a size, over several runs ---------------------------------------


@dataclass
class Cell:
    text: str
    reduced: bool = False  # fewer runs than asked (a run was slower than SLOW_RUN_S)
    samples: list[Sample] = field(default_factory=list)
    why: str = ""  # the last line of stderr of a failed command


def _failure(sample: Sample) -> str | None:
    if sample.timed_out:
        return "quá giờ"
    if sample.exit_code != 0:
        return f"lỗi (exit {sample.exit_code})"
    return None


def _cell_text(samples: list[Sample]) -> str:
    seconds = statistics.median(s.seconds for s in samples)
    mb = max(s.max_rss_kb for s in samples) / 1024
    return f"{seconds:.3f} s / {mb:.0f} MB"


def measure(command: Command, case: Case, runs: int) -> Cell:
    argv = expand(command, case)
    if argv is None:
        return Cell("n/a")
    samples: list[Sample] = []
    for _ in range(runs):
        if command.prepare:
            command.prepare(case)
        sample = run_once(argv, case.work)
        failed = _failure(sample)
        if failed:
            return Cell(failed, samples=[sample], why=sample.stderr)
        samples.append(sample)
        if case.size >= REDUCE_FROM_SIZE and sample.seconds > SLOW_RUN_S and len(samples) < runs:
            return Cell(_cell_text(samples), reduced=True, samples=samples)
    return Cell(_cell_text(samples), samples=samples)


# --- setting up a size ----------------------------------------------------------------------


def parplan_argv() -> list[str]:
    """The installed console script next to this Python, else ``python -m parplan``."""
    script = Path(sys.executable).parent / "parplan"
    if script.exists():
        return [str(script)]
    found = shutil.which("parplan")
    return [found] if found else [sys.executable, "-m", "parplan"]


def find_schema(work: Path) -> Path | None:
    """schema/plan.schema.json if the project has it, else what `parplan schema` prints."""
    committed = ROOT / "schema" / "plan.schema.json"
    if committed.is_file():
        return committed
    target = work / "plan.schema.json"
    try:
        done = subprocess.run(
            [*parplan_argv(), "schema"], capture_output=True, env=child_env(), timeout=60
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0 or not done.stdout.strip():
        return None
    target.write_bytes(done.stdout)
    return target


def find_check_jsonschema() -> Path | None:
    script = Path(sys.executable).parent / "check-jsonschema"
    if script.exists():
        return script
    found = shutil.which("check-jsonschema")
    return Path(found) if found else None


def write_plan(size: int, work: Path) -> Path:
    path = work / f"plan-{size}.yaml"
    if size == REAL_SIZE:
        shutil.copyfile(REAL_PLAN, path)
    else:
        path.write_text(generate(size), encoding="utf-8")
    return path


def make_case(size: int, work: Path, schema: Path | None, cjs: Path | None) -> Case:
    plan = write_plan(size, work)
    task = (size + 1) // 2  # the middle row of the appendix
    case = Case(size, plan, work, parplan_argv(), task, schema, cjs)
    case.revised.write_text(revise(plan.read_text(encoding="utf-8")), encoding="utf-8")
    return case


# --- the run and its report -----------------------------------------------------------------


@dataclass
class Results:
    sizes: list[int]
    runs: int
    cells: dict[tuple[str, int], Cell] = field(default_factory=dict)
    file_bytes: dict[int, int] = field(default_factory=dict)
    seconds: float = 0.0
    schema: str = "n/a"
    # diff and check run alternately (see interleave): size -> (diff, check) samples
    ratios: dict[int, tuple[list[Sample], list[Sample]]] = field(default_factory=dict)
    # rollup and check over the same plans, alternately: plan count -> (rollup, check) samples
    rollups: dict[int, tuple[list[Sample], list[Sample]]] = field(default_factory=dict)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def bench_size(case: Case, runs: int, results: Results) -> None:
    results.file_bytes[case.size] = case.plan.stat().st_size
    for command in COMMANDS:
        log(f"[{case.size}] {command.name} …")
        cell = measure(command, case, runs)
        results.cells[command.name, case.size] = cell
        log(f"[{case.size}] {command.name}: {cell.text}")
    if case.size >= RATIO_FROM_SIZE:
        results.ratios[case.size] = interleave(case, runs=RATIO_RUNS)


RATIO_FROM_SIZE = 10_000  # the sizes the diff target is set at
RATIO_RUNS = 3


def interleave(case: Case, runs: int) -> tuple[list[Sample], list[Sample]]:
    """diff and check run one after the other, ``runs`` times: on a shared machine the load
    changes between the rows of the table, so the target (a ratio) is read from these pairs."""
    by_name = {c.name: c for c in COMMANDS}
    diffs: list[Sample] = []
    checks: list[Sample] = []
    for _ in range(runs):
        for name, samples in ((DIFF, diffs), (CHECK, checks)):
            argv = expand(by_name[name], case)
            if argv is None:
                return [], []
            sample = run_once(argv, case.work)
            if _failure(sample):
                return [], []
            samples.append(sample)
    log(f"[{case.size}] diff/check, alternately: {_cell_text(diffs)} vs {_cell_text(checks)}")
    return diffs, checks


# --- many plans: rollup against check over the same files --------------------------------------

DEFAULT_ROLLUPS = "200,2000"
ROLLUP_RUNS = 3  # each, alternately, at most (--runs caps it); one when a run is slow
ROLLUP_TARGET = 1.5  # rollup's time over check's (issue #31)
ROLLUP_MINUTE_FROM = 2000  # the count the "within a minute" target is set at
ISSUER = 'issuer: "Sở Văn hóa và Thể thao"'


def write_agencies(count: int, work: Path) -> Path:
    """``count`` copies of plans/2024.yaml in a folder, each with an issuer of its own."""
    folder = work / f"agencies-{count}"
    folder.mkdir()
    text = REAL_PLAN.read_text(encoding="utf-8")
    for i in range(count):
        own = text.replace(ISSUER, f'issuer: "Cơ quan {i:04d}"', 1)
        (folder / f"co-quan-{i:04d}.yaml").write_text(own, encoding="utf-8")
    return folder


def bench_rollup(count: int, work: Path, runs: int) -> tuple[list[Sample], list[Sample]]:
    """``parplan rollup FILES -o OUT.json`` and ``parplan check FILES`` one after the
    other, ``runs`` times (once when a run is slow): on a shared machine the load
    moves between runs, so the ratio is read from neighbouring runs."""
    folder = write_agencies(count, work)
    files = [str(p) for p in sorted(folder.glob("*.yaml"))]
    out = work / f"rollup-{count}.json"
    rollup = [*parplan_argv(), "rollup", *files, "--as-of", AS_OF, "-o", str(out), "--force"]
    check = [*parplan_argv(), "check", *files]
    rollups: list[Sample] = []
    checks: list[Sample] = []
    for _ in range(runs):
        for argv, samples in ((rollup, rollups), (check, checks)):
            sample = run_once(argv, work)
            if _failure(sample):
                log(f"[{count} plans] {argv[1]}: {_failure(sample)}: {sample.stderr}")
                return [], []
            samples.append(sample)
        if max(s.seconds for s in rollups + checks) > SLOW_RUN_S:
            break
    log(f"[{count} plans] rollup/check, alternately: {_cell_text(rollups)} vs {_cell_text(checks)}")
    shutil.rmtree(folder)
    return rollups, checks


def rollup_lines(results: Results) -> list[str]:
    """rollup against check over the same plans (target: at most 1.5x; 2,000 plans within a
    minute)."""
    shown = []
    for count, (rollups, checks) in sorted(results.rollups.items()):
        if not rollups or not checks:
            shown.append(f"{count:,} plans: failed (see the log)")
            continue
        seconds = statistics.median(s.seconds for s in rollups)
        ratio = seconds / statistics.median(s.seconds for s in checks)
        minute = ""
        if count >= ROLLUP_MINUTE_FROM:
            minute = f", {'within' if seconds <= 60 else 'over'} a minute"
        shown.append(
            f"{count:,} plans ({len(rollups)} run(s) each): {_cell_text(rollups)} vs "
            f"{_cell_text(checks)}, {ratio:.2f}×{minute}"
        )
    if not shown:
        return []
    return [
        f"`parplan rollup FILES -o OUT.json` against `parplan check FILES`, FILES being copies "
        f"of `plans/2024.yaml` (each its own issuer), run alternately (target: at most "
        f"{ROLLUP_TARGET}× the time; {ROLLUP_MINUTE_FROM:,} plans within a minute; the roll-up "
        f"reads the plans on every core, `check` in turn; the memory is the largest process's, "
        f"main or worker, as `wait4` reports it): {'; '.join(shown)}."
    ]


def run_all(sizes: list[int], runs: int, rollups: Sequence[int] = ()) -> Results:
    results = Results(sizes, runs)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="parplan-bench-") as tmp:
        work = Path(tmp)
        (work / "typer_app.py").write_text(TYPER_APP, encoding="utf-8")
        (work / "spawn.py").write_text(SPAWN_HELPER, encoding="utf-8")
        schema, cjs = find_schema(work), find_check_jsonschema()
        results.schema = _schema_origin(schema, cjs)
        for size in sizes:
            log(f"[{size}] writing the plan …")
            bench_size(make_case(size, work, schema, cjs), runs, results)
        for count in rollups:
            log(f"[{count} plans] writing the plans …")
            results.rollups[count] = bench_rollup(count, work, min(runs, ROLLUP_RUNS))
    results.seconds = time.perf_counter() - start
    return results


def _schema_origin(schema: Path | None, cjs: Path | None) -> str:
    if cjs is None:
        return "n/a: check-jsonschema is not installed (.venv/bin/pip install check-jsonschema)"
    if schema is None:
        return "n/a: no schema/plan.schema.json and no `parplan schema` command yet"
    if schema.is_relative_to(ROOT):
        return str(schema.relative_to(ROOT))
    return "printed by `parplan schema`"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_lines() -> list[str]:
    cores = os.cpu_count() or 0
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cores
    return [
        f"- CPU: {cpu_model()}, {cores} cores ({usable} usable by this process)",
        f"- Python {platform.python_version()} ({sys.executable})",
        f"- OS: {platform.platform()}",
        f"- Date: {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        f"- Load average at the end (1, 5, 15 min): {_load_average()}",
    ]


def _load_average() -> str:
    try:
        return ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def _size_header(size: int) -> str:
    return f"{size:,} (plans/2024.yaml)" if size == REAL_SIZE else f"{size:,} tasks"


def table_lines(results: Results) -> list[str]:
    sizes = results.sizes
    out = [
        "| command | " + " | ".join(_size_header(s) for s in sizes) + " |",
        "|---|" + "---:|" * len(sizes),
    ]
    for command in COMMANDS:
        cells = [results.cells[command.name, s] for s in sizes]
        shown = [c.text + (" ¹" if c.reduced else "") for c in cells]
        out.append(f"| `{command.name}` | " + " | ".join(shown) + " |")
    sizes_mb = [f"{results.file_bytes[s] / 1_000_000:.2f} MB" for s in sizes]
    out.append("| *plan file size* | " + " | ".join(sizes_mb) + " |")
    return out


def note_lines(results: Results) -> list[str]:
    out = [
        f"Cells: median wall time of {results.runs} run(s) / largest peak RSS "
        "(`ru_maxrss` from `os.wait4`, MB = MiB) of the command's own process, forked by a "
        "small helper so that the harness's memory does not count. Whole process: interpreter "
        "start, imports, parsing, output. `F` = the plan of that size (22 = a copy of "
        "`plans/2024.yaml`, others from `bench/generate.py`); `K` = its middle task, edited on "
        "a fresh copy each run (only the command is timed); `F2` = `F` revised by "
        "`bench/revise.py` (a deadline moved, an objective reworded, a progress recorded, a "
        "target changed, the last task replaced, and 1% of the tasks renumbered); output goes "
        "to a file, with `NO_COLOR=1 COLUMNS=100`. `FORMS`: a folder for one progress form "
        "per unit; `FILLED`: up to 100 of those forms (the first by unit id), each with 5 task "
        "rows and an obligation filled as units would (see `bench/forms.py`), collected into a "
        "fresh copy.",
        *ratio_lines(results),
        *rollup_lines(results),
        f"`lỗi (exit N)`: the command failed, not timed; `quá giờ`: ran past {TIMEOUT_S:.0f} s; "
        "`n/a`: could not run here.",
        f"check-jsonschema schema: {results.schema}.",
    ]
    reduced = [(label, size) for (label, size), c in results.cells.items() if c.reduced]
    if reduced:
        where = "; ".join(f"`{label}` at {size:,}" for label, size in reduced)
        out.append(
            f"¹ A single run instead of {results.runs}: the first run took over "
            f"{SLOW_RUN_S:.0f} s ({where})."
        )
    return out + failure_lines(results)


DIFF, CHECK = "parplan diff F F2", "parplan check F"


def ratio_lines(results: Results) -> list[str]:
    """`diff` against `check` on one of its two files (target: at most 2.5x), from runs of
    the two alternating."""
    shown = []
    for size, (diffs, checks) in sorted(results.ratios.items()):
        if not diffs or not checks:
            continue
        seconds = statistics.median(s.seconds for s in diffs) / statistics.median(
            s.seconds for s in checks
        )
        memory = max(s.max_rss_kb for s in diffs) / max(s.max_rss_kb for s in checks)
        shown.append(
            f"{size:,} tasks: {_cell_text(diffs)} vs {_cell_text(checks)}, {seconds:.2f}× the "
            f"time and {memory:.2f}× the memory"
        )
    if not shown:
        return []
    return [
        f"`diff F F2` against `check F`, run alternately {RATIO_RUNS} times each (target: at "
        f"most 2.5× the time and the memory): {'; '.join(shown)}."
    ]


def failure_lines(results: Results) -> list[str]:
    failed = [(label, size, c) for (label, size), c in results.cells.items() if c.why]
    if not failed:
        return []
    items = [f"- `{label}` at {size:,}: {c.text}: {_code(c.why)}" for label, size, c in failed]
    return ["\n".join(["Failures (last line of stderr):", *items])]


def _code(text: str) -> str:
    return "`" + text.replace("`", "'") + "`"


def render(results: Results) -> str:
    lines = [
        "# parplan benchmark",
        "",
        *machine_lines(),
        f"- Total benchmark time: {results.seconds:.0f} s",
        "",
        *table_lines(results),
        "",
        *(f"{line}\n" for line in note_lines(results)),
    ]
    return "\n".join(lines).rstrip() + "\n"


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of sizes: {text!r}") from None
    if not sizes or any(s < 1 for s in sizes):
        raise argparse.ArgumentTypeError("sizes are positive task counts, e.g. 22,1000")
    return list(dict.fromkeys(sizes))


def parse_counts(text: str) -> list[int]:
    """Plan counts for the roll-up (``''``: none)."""
    return parse_sizes(text) if text.strip() else []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=parse_sizes(DEFAULT_SIZES),
        help=f"comma-separated task counts (default {DEFAULT_SIZES})",
    )
    parser.add_argument("--runs", type=int, default=5, help="runs per cell (default 5)")
    parser.add_argument(
        "--rollups",
        type=parse_counts,
        default=parse_counts(DEFAULT_ROLLUPS),
        help=f"plan counts rolled up against check (default {DEFAULT_ROLLUPS}; '' for none)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=ROOT / "bench" / "results.md",
        help="Markdown file to write (default bench/results.md)",
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    text = render(run_all(args.sizes, args.runs, args.rollups))
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.flush()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    log(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
