"""The benchmark harness must keep working: generated plans are valid, a tiny run completes.

No timing assertions: this only guards against bench/ rotting as parplan changes.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bench.generate import generate
from bench.revise import revise

from parplan.diff.compare import diff_plans
from parplan.document.loader import check_file, load_plan, plan_from_text

ROOT = Path(__file__).resolve().parent.parent

MEASURED = re.compile(r"\d+\.\d{3} s / \d+ MB")
ROWS = [
    "parplan --help",
    "parplan check F",
    "parplan status F --as-of 2024-06-20",
    "parplan deadlines F --json --as-of 2024-06-20",
    "parplan indicators F --as-of 2024-06-20",
    "parplan report F --period 2024-H1 --format md -o OUT --force",
    "parplan report F --period 2024-H1 --format docx -o OUT --force",
    "parplan record task K --status in_progress --plan COPY",
    "parplan diff F F2",
    "parplan form F --period 2024-Q2 -o FORMS --force (every unit)",
    "parplan collect FILLED --plan COPY (up to 100 filled forms)",
    "python -c pass",
    "typer app: 3-row rich table",
    "typer app --help",
    "check-jsonschema --schemafile schema/plan.schema.json F",
]


@pytest.mark.parametrize("n", [5, 200])
def test_generated_plan_is_valid(n: int, tmp_path: Path) -> None:
    path = tmp_path / f"plan-{n}.yaml"
    path.write_text(generate(n), encoding="utf-8")
    result = check_file(path)
    assert result.problems == []
    plan = load_plan(path)
    assert [t.number for t in plan.tasks] == list(range(1, n + 1))
    assert len(plan.areas) == 7
    assert len(plan.indicators) >= 10


def test_revised_plan_for_diff() -> None:
    """bench/revise.py: a valid second version whose diff is a handful of edits and 1% of the
    tasks renumbered, each renumbered task reported as such (not removed and added)."""
    before = plan_from_text(generate(500), "a")
    after = plan_from_text(revise(generate(500)), "b")
    kinds = [c.kind for c in diff_plans(before, after)]
    assert kinds.count("task_renumbered") == 5
    assert {"deadline_moved", "task_progress", "target_changed", "task_text_edited"} <= set(kinds)
    assert "task_removed" not in kinds and "task_added" not in kinds


def test_generate_is_deterministic() -> None:
    assert generate(50, seed=3) == generate(50, seed=3)
    assert generate(50, seed=3) != generate(50, seed=4)


@pytest.mark.slow  # runs every command of the benchmark: make test-deep
def test_small_run_prints_every_row(tmp_path: Path) -> None:
    out = tmp_path / "results.md"
    args = ["--sizes", "22,50", "--runs", "1", "--rollups", "9", "--out", str(out)]
    done = subprocess.run(
        [sys.executable, "-m", "bench.run", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    rows = {line.split("`")[1]: line for line in done.stdout.splitlines() if line.startswith("| `")}
    assert sorted(rows) == sorted(ROWS)
    always = ("parplan check F", "parplan diff F F2", "python -c pass", ROWS[9], ROWS[10])
    for label in always:  # always measured
        assert len(MEASURED.findall(rows[label])) == 2, rows[label]
    assert out.read_text(encoding="utf-8") == done.stdout
    assert "`diff F F2` against `check F`" not in done.stdout  # measured from 10,000 tasks
    (rollup,) = [line for line in done.stdout.splitlines() if line.startswith("`parplan rollup")]
    assert len(MEASURED.findall(rollup)) == 2 and "9 plans (1 run(s) each)" in rollup


def test_diff_check_ratio_line() -> None:
    from bench.run import Results, Sample, ratio_lines

    results = Results([10_000], runs=5)
    diffs = [Sample(2.4, 210 * 1024, 0), Sample(2.0, 200 * 1024, 0), Sample(9.0, 190 * 1024, 0)]
    checks = [Sample(1.0, 100 * 1024, 0), Sample(1.1, 100 * 1024, 0), Sample(0.9, 99 * 1024, 0)]
    results.ratios[10_000] = (diffs, checks)
    assert ratio_lines(results) == [
        "`diff F F2` against `check F`, run alternately 3 times each (target: at most 2.5× "
        "the time and the memory): 10,000 tasks: 2.400 s / 210 MB vs 1.000 s / 100 MB, 2.40× "
        "the time and 2.10× the memory."
    ]


def test_rollup_check_line() -> None:
    from bench.run import Results, Sample, rollup_lines

    results = Results([22], runs=1)
    rollups = [Sample(5.0, 40 * 1024, 0), Sample(4.0, 42 * 1024, 0), Sample(9.0, 41 * 1024, 0)]
    checks = [Sample(4.0, 38 * 1024, 0), Sample(4.2, 38 * 1024, 0), Sample(3.0, 38 * 1024, 0)]
    results.rollups[200] = (rollups, checks)
    results.rollups[2000] = ([Sample(61.0, 74 * 1024, 0)], [Sample(40.0, 60 * 1024, 0)])
    (line,) = rollup_lines(results)
    assert line.endswith(
        "200 plans (3 run(s) each): 5.000 s / 42 MB vs 4.000 s / 38 MB, 1.25×; "
        "2,000 plans (1 run(s) each): 61.000 s / 74 MB vs 40.000 s / 60 MB, 1.52×, over a minute."
    )


def test_startup_ratio_against_each_yardstick() -> None:
    from bench.startup import Row, Samples, ratio

    samples = {
        "mine": Samples(wall=[0.3, 0.2, 0.4], cpu=[0.12, 0.1, 0.3]),
        "floor": Samples(wall=[0.2, 0.1, 0.3], cpu=[0.1, 0.05, 0.2]),
        "pass": Samples(wall=[0.01, 0.02, 0.03], cpu=[0.01, 0.01, 0.01]),
    }
    row = Row("mine", ("x",), ("floor", "pass"))
    assert ratio(row, samples) == "1.50× / 1.20× `floor`; 15.00× / 12.00× `pass`"


@pytest.mark.slow  # runs every start-up row: make test-deep
def test_startup_run_prints_every_row(tmp_path: Path) -> None:
    out = tmp_path / "startup.md"
    done = subprocess.run(
        [sys.executable, "-m", "bench.startup", "--rounds", "1", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    rows = [line for line in done.stdout.splitlines() if line.startswith("| `")]
    fish = 3 if shutil.which("fish") else 0  # the Tab rows in fish, where fish is installed
    assert len(rows) == 11 + fish
    assert all(re.search(r"\| \d+ / \d+ \| \d+ / \d+ \|", r) for r in rows)
    assert out.read_text(encoding="utf-8") == done.stdout
