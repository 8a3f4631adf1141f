"""Start-up benchmark: what a person at the keyboard waits for, against the yardsticks.

    python -m bench.startup [--rounds 30] [--out bench/startup.md]

Each round runs every row once, in turn (so a change of load on the shared machine touches
every row alike); a row's figures are the min and the median over the rounds of its wall time
(fork to reap) and of its CPU time (user + system, from ``os.wait4``), which moves far less
than the wall time when other jobs share the cores. The ratios compare medians of the same run.

Yardsticks: ``python -c pass``; ``python -c "import click"`` (the floor for a Tab press); the
minimal typer + rich app of ``bench.run`` printing a 3-row table (typer itself imports
pydantic) and its ``--help``; the same app with its rows validated by a pydantic model first
(the issue's floor for ``status`` and ``check``: "a bare typer + rich + pydantic app that
prints a validated table").

Rows of parplan: ``--help``, ``check`` and ``status`` on plans/2024.yaml, and Tab presses in a
real bash and, where installed, a real fish (the printed completion script sourced, then one
completion asked for, as Tab does): a command word (``parplan sta``), an option word (``parplan
status --a``) and the plan's values (``parplan status --unit <Tab>``). The scripts answer words
themselves and start parplan only for values. Python writes its bytecode cache here (the children run
without PYTHONDONTWRITEBYTECODE, after one warm-up run), as on a person's machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench.run import AS_OF, REAL_PLAN, ROOT, TYPER_APP, machine_lines, parplan_argv

ROUNDS = 30

# The floor as it words it: a bare typer + rich + pydantic app that prints a validated
# table (bench.run's TYPER_APP, its rows read through a pydantic model first).
VALIDATED_APP = """import typer
from pydantic import BaseModel, TypeAdapter
from rich.console import Console
from rich.table import Table

app = typer.Typer()


class Row(BaseModel):
    number: int
    task: str
    due: str


@app.command()
def show() -> None:
    \"\"\"In một bảng ba dòng đã kiểm tra.\"\"\"
    rows = TypeAdapter(list[Row]).validate_python([
        {"number": 1, "task": "Rà soát, đơn giản hóa thủ tục hành chính", "due": "Quý I/2024"},
        {"number": 2, "task": "Triển khai kế hoạch chuyển đổi số", "due": "Tháng 6/2024"},
        {"number": 3, "task": "Công khai kết quả giải quyết TTHC", "due": "Năm 2024"},
    ])
    table = Table("STT", "Nhiệm vụ", "Thời hạn")
    for row in rows:
        table.add_row(str(row.number), row.task, row.due)
    Console().print(table)


if __name__ == "__main__":
    app()
"""


@dataclass(frozen=True)
class Row:
    label: str
    argv: tuple[str, ...]
    yardsticks: tuple[str, ...] = ()  # the labels of the rows this one is compared with


@dataclass
class Samples:
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)


def _tab(words: str, script: Path) -> tuple[str, ...]:
    """A real bash that sources the completion script and completes ``words`` once (a line
    that ends in a space: Tab on an empty word)."""
    words = words + "''" if words.endswith(" ") else words
    program = (
        f"source {script}; COMP_WORDS=({words}); COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1)); "
        '_parplan_completion parplan; printf "%s\\n" "${COMPREPLY[@]}"'
    )
    return ("bash", "--norc", "--noprofile", "-c", program)


def _fish_tab(line: str, script: Path) -> tuple[str, ...]:
    """A real fish that sources the completion script and completes ``line`` once."""
    return ("fish", "--no-config", "-c", f'source {script}; complete -C"{line}"')


def rows(work: Path) -> list[Row]:
    python = sys.executable
    parplan = tuple(parplan_argv())
    plan = str(work / "2024.yaml")
    script = work / "parplan.bash"
    app = str(work / "typer_app.py")
    validated = str(work / "validated_app.py")
    click, table = 'python -c "import click"', "typer app: 3-row rich table"
    floor = "typer app: 3 rows validated by pydantic, rich table"
    return [
        Row("python -c pass", (python, "-c", "pass")),
        Row(click, (python, "-c", "import click")),
        Row(table, (python, app)),
        Row(floor, (python, validated), (table,)),
        Row("typer app --help", (python, app, "--help")),
        Row("parplan --help", (*parplan, "--help"), ("typer app --help",)),
        Row("parplan check F", (*parplan, "check", plan), (floor, table)),
        Row("parplan status F", (*parplan, "status", plan, "--as-of", AS_OF), (floor, table)),
        *_tab_rows("Tab", lambda line: _tab(line, script), plan, click),
        *_fish_rows(work, plan, click),
    ]


def _fish_rows(work: Path, plan: str, click: str) -> list[Row]:
    """The same presses in fish, where fish is installed (.ci/run installs it for the tests)."""
    if shutil.which("fish") is None:
        return []
    script = work / "parplan.fish"
    return _tab_rows("Tab (fish)", lambda line: _fish_tab(line, script), plan, click)


def _tab_rows(
    label: str, press: Callable[[str], tuple[str, ...]], plan: str, click: str
) -> list[Row]:
    """A command word, an option word and the plan's values, each pressed once."""
    return [
        Row(f"{label}: parplan sta", press("parplan sta"), (click,)),
        Row(f"{label}: parplan status --a", press("parplan status --a"), (click,)),
        # the line ends in an empty word: Tab after "--unit "
        Row(
            f"{label}: parplan status F --unit (values)",
            press(f"parplan status {plan} --unit "),
            (click,),
        ),
    ]


def child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARPLAN_")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # a person's Python keeps its bytecode cache
    env.update(NO_COLOR="1", COLUMNS="100")
    env["PATH"] = f"{Path(parplan_argv()[0]).parent}{os.pathsep}{env.get('PATH', '')}"
    return env


def run_once(argv: tuple[str, ...], cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one run (the command must exit 0 or 1, a plan's problems)."""
    import time

    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, cwd=cwd, env=child_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    proc.returncode = code
    if code not in (0, 1):
        err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        raise SystemExit(f"{' '.join(argv)}: exit {code}\n{err}")
    if proc.stderr:
        proc.stderr.close()
    return wall, usage.ru_utime + usage.ru_stime


def measure(rounds: int) -> tuple[list[Row], dict[str, Samples]]:
    with tempfile.TemporaryDirectory(prefix="parplan-startup-") as tmp:
        work = Path(tmp)
        shutil.copyfile(REAL_PLAN, work / "2024.yaml")
        (work / "typer_app.py").write_text(TYPER_APP, encoding="utf-8")
        (work / "validated_app.py").write_text(VALIDATED_APP, encoding="utf-8")
        for shell in ("bash", "fish"):
            script = subprocess.run(
                [*parplan_argv(), "completion", shell], capture_output=True, text=True, check=True
            ).stdout
            (work / f"parplan.{shell}").write_text(script, encoding="utf-8")
        table = rows(work)
        for row in table:  # warm-up: bytecode caches written, files in the page cache
            run_once(row.argv, work)
        samples = {row.label: Samples() for row in table}
        for n in range(rounds):
            for row in table:
                wall, cpu = run_once(row.argv, work)
                samples[row.label].wall.append(wall)
                samples[row.label].cpu.append(cpu)
            print(f"round {n + 1}/{rounds}", file=sys.stderr, flush=True)
    return table, samples


def _ms(values: list[float]) -> str:
    return f"{min(values) * 1000:.0f} / {statistics.median(values) * 1000:.0f}"


def ratio(row: Row, samples: dict[str, Samples]) -> str:
    """The row's medians over each yardstick's, wall time then CPU time."""
    shown = []
    for yardstick in row.yardsticks:
        mine, floor = samples[row.label], samples[yardstick]
        wall = statistics.median(mine.wall) / statistics.median(floor.wall)
        cpu = statistics.median(mine.cpu) / statistics.median(floor.cpu)
        shown.append(f"{wall:.2f}× / {cpu:.2f}× `{yardstick}`")
    return "; ".join(shown)


def render(table: list[Row], samples: dict[str, Samples], rounds: int) -> str:
    lines = [
        "# parplan start-up",
        "",
        *machine_lines(),
        "",
        "| row | wall ms, min / median | CPU ms, min / median | median ratio, wall / CPU |",
        "|---|---:|---:|---|",
    ]
    for row in table:
        s = samples[row.label]
        lines.append(f"| `{row.label}` | {_ms(s.wall)} | {_ms(s.cpu)} | {ratio(row, samples)} |")
    lines += [
        "",
        f"{rounds} rounds, each running every row once in turn, after one warm-up run of each; "
        "`F` = a copy of `plans/2024.yaml`; CPU = user + system time of the process and its "
        "children (`os.wait4`). A Tab row is a whole `bash --norc` (or `fish --no-config`) that "
        "sources the printed completion script and asks it once, as a Tab press does: the "
        "shell's own start is counted in it.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.startup", description=__doc__)
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "startup.md")
    args = parser.parse_args(argv)
    table, samples = measure(max(1, args.rounds))
    text = render(table, samples, max(1, args.rounds))
    sys.stdout.write(text)
    args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
