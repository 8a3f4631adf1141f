"""Long fuzz run of `parplan check` (`make fuzz`): the hypothesis tests of tests/test_fuzz.py
with many examples, counting every case instead of stopping at the first failure.

    .venv/bin/python scripts/fuzz.py [--examples 2000] [--seed N] [--minimize-seconds 60]

Each strategy (data mutations, text mutations, random documents) runs ``--examples`` cases;
the CLI strategy runs a quarter of that, the special-file and many-keys strategies
(tests/test_fuzz_files.py: devices, FIFOs, folders, sockets, dangling links as the plan or the
output; up to 10,000 unknown keys in one mapping) a third. An *escape* is an exception out of parplan, a
traceback, a crash of the interpreter or a case over 1 s (a hang); a *violation* is a problem
line that is not ``file:line:col: … [PPnnn]`` or points outside the file. Escapes of bugs
already kept as regression cases (KNOWN_ESCAPES in tests/test_fuzz.py) are counted apart.

Every new failure is shrunk (lines, then characters, keeping the same failure) and written to
a temporary folder, printed at the end: copy each to ``tests/data/fuzz/<name>.yaml`` and, while
the bug is open, list it in KNOWN_BUGS. The summary goes to ``tests/data/fuzz/last-run.json``
(read by scripts/robustness_table.py).

Last run (2026-11-29, `scripts/fuzz.py --examples 300`, on a loaded shared machine): 1,175 cases
(300 data mutations, 300 text mutations, 300 random documents, 75 CLI runs, 100 special-file
cases, 100 many-keys plans) in 314 s: no exception escaped, 0 format or position violations,
every special file refused and left in place; 28 of the 100 many-keys plans took over 1 s to
check (slowest 52 s, up to 10,000 keys): issue #14 item 6, locating each unknown key by
scanning its mapping, which the plan-document work replaces. (Before: 2026-11-26, 2,000
examples per strategy, 6,500 cases in 249 s, 0 escaped.) The cases in tests/data/fuzz/ were
found by hand while writing the strategies (which now draw their edge values: years 0000 and
0001, 4,301-digit integers); src/ fixed them before these runs.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LAST_RUN = ROOT / "tests" / "data" / "fuzz" / "last-run.json"
STRATEGIES = ("data", "text", "documents", "cli", "special", "many-keys")


def run_hypothesis(examples: int, seed: int | None, work: Path) -> tuple[int, float]:
    """Run the random tests in keep-going mode; (pytest's return code, seconds)."""
    env = os.environ | {
        "PARPLAN_FUZZ_EXAMPLES": str(examples),
        "PARPLAN_FUZZ_KEEP_GOING": "1",
        "PARPLAN_FUZZ_STATS": str(work / "stats.jsonl"),
        "PARPLAN_FUZZ_DIR": str(work),
        "PARPLAN_FUZZ_MANY_KEYS": "10000",
    }
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "tests/test_fuzz.py",
        "tests/test_fuzz_files.py",
        "-k",
        "survives",
    ]
    if seed is not None:
        command.append(f"--hypothesis-seed={seed}")
    start = time.perf_counter()
    try:
        done = subprocess.run(command, cwd=ROOT, env=env, timeout=max(900, examples * 3))
        code = done.returncode
    except subprocess.TimeoutExpired:
        code = -999
    return code, time.perf_counter() - start


def read_stats(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def signature(detail: str) -> str:
    """What kind of failure, without the numbers and quoted text that vary between cases."""
    first = detail.split("; ")[0]
    first = re.sub(r"'[^']*'|\"[^\"]*\"", "…", first)
    return re.sub(r"\d+(\.\d+)?", "N", first)[:160]


def minimize(raw: bytes, fails: Any, budget: float) -> bytes:
    """Greedy delta debugging: drop chunks of lines, then of bytes, while ``fails`` holds."""
    deadline = time.monotonic() + budget
    for split in (lambda b: b.splitlines(keepends=True), lambda b: [bytes([c]) for c in b]):
        parts = split(raw)
        size = max(1, len(parts) // 2)
        while size >= 1 and time.monotonic() < deadline:
            i, removed = 0, False
            while i < len(parts) and time.monotonic() < deadline:
                candidate = parts[:i] + parts[i + size :]
                if candidate and fails(b"".join(candidate)):
                    parts, removed = candidate, True
                else:
                    i += size
            if not removed:
                size //= 2
        raw = b"".join(parts)
    return raw


def failure_of(raw: bytes, folder: Path) -> str | None:
    """The signature of what ``check`` does wrong with ``raw``, or None (all properties hold)."""
    from tests.test_fuzz import cli_problems, known_escape, violations

    from parplan.document.loader import check_file

    path = folder / "shrink.yaml"
    path.write_bytes(raw)
    start = time.perf_counter()
    try:
        result = check_file(path)
    except Exception as exc:
        if known_escape(exc):
            return None
        return signature(f"escape: {type(exc).__name__}: {exc}")
    found = violations(path, raw, result, time.perf_counter() - start)
    if not found and result.ok:
        found = [p for p in cli_problems(folder, path) if not p.startswith("known ")]
    return signature(found[0]) if found else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2000, help="examples per strategy")
    parser.add_argument("--seed", type=int, default=None, help="hypothesis seed")
    parser.add_argument(
        "--minimize-seconds", type=float, default=60, help="time to shrink each new failure"
    )
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))

    work = Path(tempfile.mkdtemp(prefix="parplan-fuzz-"))
    print(f"fuzz: {args.examples} examples per strategy; cases and findings in {work}")
    code, seconds = run_hypothesis(args.examples, args.seed, work)
    stats = read_stats(work / "stats.jsonl")

    outcomes = collections.Counter(e["outcome"] for e in stats)
    per_strategy = {
        s: dict(collections.Counter(e["outcome"] for e in stats if e["strategy"] == s))
        for s in STRATEGIES
    }
    codes = collections.Counter(c for e in stats for c in e.get("codes", []))
    failures: dict[str, list[dict[str, Any]]] = collections.defaultdict(list)
    for entry in stats:
        if entry["outcome"] in ("escape", "hang", "violation"):
            failures[signature(entry["detail"])].append(entry)

    # in keep-going mode a failing test is the harness's failure, not parplan's
    harness_failed = code == 1
    crashed = code < 0 or code not in (0, 1)
    if crashed:  # the interpreter died (or the run timed out): the last case written is it
        cases = [p for p in (work / "case.yaml", work / "cli-case.yaml") if p.exists()]
        last = max(cases, key=lambda p: p.stat().st_mtime) if cases else None
        what = "timeout" if code == -999 else f"pytest exit {code}"
        failures[f"crash: {what}"].append({"case": last.name if last else "", "outcome": "crash"})
        if last:
            (work / "findings").mkdir(exist_ok=True)
            (work / "findings" / last.name).write_bytes(last.read_bytes())

    minimized = work / "minimized"
    minimized.mkdir(exist_ok=True)
    shrunk: list[str] = []
    for number, (sig, entries) in enumerate(sorted(failures.items()), 1):
        files = [work / "findings" / e["case"] for e in entries if e.get("case")]
        files = [f for f in files if f.exists()]
        if not files:
            continue
        smallest = min(files, key=lambda f: f.stat().st_size).read_bytes()
        if sig.startswith("crash"):
            result = smallest  # shrinking would crash this process too
        else:
            result = minimize(
                smallest, lambda b, s=sig: failure_of(b, work) == s, args.minimize_seconds
            )
        target = minimized / f"finding-{number}.yaml"
        target.write_bytes(result)
        shrunk.append(f"  {target} ({len(result)} bytes, {len(entries)} cases): {sig}")

    examples = sum(outcomes.values())
    escapes_new = outcomes["escape"] + outcomes["hang"] + (1 if crashed else 0)
    summary = {
        "date": date.today().isoformat(),
        "examples_per_strategy": args.examples,
        "examples": examples,
        "escapes": escapes_new + outcomes["known-escape"],
        "escapes_new": escapes_new,
        "escapes_known": outcomes["known-escape"],
        "hangs": outcomes["hang"],
        "violations": outcomes["violation"],
        "crashed": crashed,
        "harness_failed": harness_failed,
        "seconds": round(seconds, 1),
        "slowest_case_seconds": max(
            (e["seconds"] for e in stats if e["strategy"] != "cli"), default=0.0
        ),
        "slowest_cli_case_seconds": max(
            (e["seconds"] for e in stats if e["strategy"] == "cli"), default=0.0
        ),
        "per_strategy": per_strategy,
        "problem_codes_seen": dict(sorted(codes.items())),
    }
    LAST_RUN.write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", "utf-8")

    print()
    print(
        f"examples run:   {examples} in {seconds:.0f} s (slowest check "
        f"{summary['slowest_case_seconds']:.2f} s; slowest CLI case, up to 7 commands, "
        f"{summary['slowest_cli_case_seconds']:.2f} s)"
    )
    for strategy, counts in per_strategy.items():
        print(f"  {strategy:<10} {sum(counts.values()):>6}  {dict(sorted(counts.items()))}")
    print(
        f"escaped:        {summary['escapes']} ({escapes_new} new, {outcomes['known-escape']} known)"
    )
    print(f"hangs (>= 1 s): {outcomes['hang']}")
    print(f"violations:     {outcomes['violation']} (format or position of a problem line)")
    print(f"problem codes:  {', '.join(sorted(codes))}")
    if shrunk:
        print("new failures, shrunk (copy to tests/data/fuzz/<name>.yaml):")
        print("\n".join(shrunk))
    if harness_failed:
        print("the fuzz tests themselves failed (see pytest's output above): counts incomplete")
    print(f"summary: {LAST_RUN.relative_to(ROOT)}")
    return 1 if escapes_new or outcomes["violation"] or harness_failed else 0


if __name__ == "__main__":
    sys.exit(main())
