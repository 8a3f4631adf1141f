"""Concurrent writers and kills, as whole `parplan` processes (`make stress`).

1. Concurrency: N processes (2 or 4) record notes on different tasks of one plan, each started
   at a random offset of 0-300 ms. Afterwards every process that exited 0 ("Đã ghi") must have
   its note in the file, every process that refused must not, and the file must pass `check`.
2. Mixed writers: two `record`s and a `collect` (edits, started 0-300 ms apart) race an
   `import -o PLAN --force` and a `new -o PLAN --force` (whole-file writers, each started at a
   random moment of an edit's run) on one plan. Every
   writer takes the plan's lock, so the writes happen one after another: the file ends as the
   last whole-file writer wrote it (with the edits that came after it), or, if none wrote, as
   the original with every edit reported written. Lost: a whole-file writer said "Đã ghi" yet
   the file is the original edited (an edit renamed over it), or an edit said "Đã ghi" and is
   missing though no whole-file writer wrote.
3. Kills: a `record` is SIGKILLed either at a random moment of its run or the moment its
   temporary file appears. The plan must then be byte-for-byte the old or the new version,
   and the next `record` must leave no temporary file behind.

0 trials, mixed trials or kills leave that part out. Prints a table and writes it into
docs/writing-a-plan.md between ``<!-- writes:start -->`` and ``<!-- writes:end -->`` (``--print`` only
prints).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.fill import fill  # noqa: E402
from bench.generate import generate  # noqa: E402

PAGE = ROOT / "docs" / "writing-a-plan.md"
START, END = "<!-- writes:start -->", "<!-- writes:end -->"
TEMP_SUFFIX = ".parplan-tmp"


def parplan(*args: str) -> list[str]:
    return [sys.executable, "-m", "parplan", *args]


def note(number: int, trial: int) -> str:
    return f"ghi đồng thời, lượt {trial}, nhiệm vụ {number}"


@dataclass
class Concurrency:
    size: int
    writers: int
    trials: int = 0
    written: int = 0
    refused: int = 0
    lost: int = 0  # reported written, not in the file
    ghost: int = 0  # refused, yet in the file
    invalid: int = 0  # file no longer passes check
    longest: float = 0.0


def concurrency_trial(plan: Path, stats: Concurrency, trial: int, rng: random.Random) -> None:
    numbers = rng.sample(range(1, stats.size + 1), stats.writers)
    procs = []
    start = time.perf_counter()
    offsets = sorted((rng.uniform(0, 0.3), n) for n in numbers)
    for offset, number in offsets:
        time.sleep(max(0.0, start + offset - time.perf_counter()))
        args = parplan(
            "record", "task", str(number), "--note", note(number, trial), "--plan", str(plan)
        )
        procs.append(
            (number, subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))
        )
    text = ""
    outcomes = []
    for number, proc in procs:
        _, err = proc.communicate()
        outcomes.append((number, proc.returncode, err.decode("utf-8", "replace")))
    stats.longest = max(stats.longest, time.perf_counter() - start)
    text = plan.read_text(encoding="utf-8")
    stats.trials += 1
    for number, code, message in outcomes:
        present = f'"{note(number, trial)}"' in text
        if code == 0:
            stats.written += 1
            stats.lost += not present
        else:
            stats.refused += 1
            stats.ghost += present
            print(f"  refused (exit {code}): {message.strip()[:200]}")
    check = subprocess.run(parplan("check", str(plan)), capture_output=True, check=False)
    stats.invalid += check.returncode != 0


# what tells the three possible contents apart: the issuer each writes
ORIGINAL, IMPORTED, NEW = "Sở Văn hóa và Thể thao", "Phòng Nội vụ", "Sở Thử Ghi Đồng Thời"
IMPORT_SOURCE = ROOT / "tests" / "data" / "import" / "ke-hoach-huyen.md"
COLLECTED = "thu thập đồng thời"


@dataclass
class Mixed:
    size: int
    trials: int = 0
    edits_written: int = 0  # record and collect that said "Đã ghi"
    whole_written: int = 0  # import and new that said "Đã ghi"
    refused: int = 0
    replaced_after: int = 0  # an edit written, then a whole-file writer wrote after it
    lost: int = 0
    invalid: int = 0
    longest: float = 0.0


def make_form(source: Path, folder: Path) -> Path:
    """A filled form of the source plan's office (a task's state and note), for collect."""
    from openpyxl import load_workbook

    from parplan.forms.layout import FIRST_ROW

    subprocess.run(
        parplan(
            "form",
            str(source),
            "--period",
            "2024-Q2",
            "-u",
            "van-phong",
            "-o",
            str(folder),
            "--force",
        ),
        check=True,
        capture_output=True,
    )
    form = folder / "van-phong.xlsx"
    sheet = load_workbook(form)["Nhiệm vụ"]
    task = next(
        sheet.cell(row, 1).value
        for row in range(FIRST_ROW, sheet.max_row + 1)
        if isinstance(sheet.cell(row, 1).value, int)
    )
    fill(form, {("Nhiệm vụ", task): {"state": "đang thực hiện", "note": COLLECTED}})
    return form


def base_of(text: str) -> str:
    issuer = next((line for line in text.splitlines() if line.startswith("  issuer:")), "")
    return next(
        (name for name, mark in (("original", ORIGINAL), ("import", IMPORTED), ("new", NEW))
         if mark in issuer),
        "?",
    )  # fmt: skip


def mixed_trial(
    plan: Path, form: Path, stats: Mixed, trial: int, rng: random.Random, span: float
) -> None:
    """The edits start 0-300 ms apart; each whole-file writer at a random moment of an edit's
    run (``span``: how long one `record` takes here), so that its write can fall anywhere in
    an edit, between its read and its rename too."""
    a, b = rng.sample(range(1, stats.size + 1), 2)
    writers = {
        f"record {a}": (parplan("record", "task", str(a), "--note", note(a, trial), "--plan",
                                str(plan)), note(a, trial)),
        f"record {b}": (parplan("record", "task", str(b), "--note", note(b, trial), "--plan",
                                str(plan)), note(b, trial)),
        "collect": (parplan("collect", str(form), "--plan", str(plan)), COLLECTED),
        "import": (parplan("import", str(IMPORT_SOURCE), "-o", str(plan), "--force"), None),
        "new": (parplan("new", "--year", "2025", "--issuer", NEW, "--parent", "UBND thử",
                        "-o", str(plan), "--force"), None),
    }  # fmt: skip
    start = time.perf_counter()
    procs = []
    when = {n: rng.uniform(0, span if n in ("import", "new") else 0.3) for n in writers}
    for offset, name in sorted((when[n], n) for n in writers):
        time.sleep(max(0.0, start + offset - time.perf_counter()))
        procs.append((name, subprocess.Popen(
            writers[name][0], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )))  # fmt: skip
    said = {}
    for name, proc in procs:
        out, err = proc.communicate()
        said[name] = (out + err).decode("utf-8", "replace")
    stats.longest = max(stats.longest, time.perf_counter() - start)
    stats.trials += 1
    text = plan.read_text(encoding="utf-8")
    base = base_of(text)
    whole = [n for n in ("import", "new") if "Đã ghi" in said[n]]
    stats.whole_written += len(whole)
    if whole and base == "original":  # a whole file said written, an edit renamed over it
        stats.lost += len(whole)
    for name, (_, mark) in writers.items():
        if mark is None:
            continue
        if "Đã ghi" not in said[name]:
            stats.refused += "Không có gì thay đổi" not in said[name]
            continue
        stats.edits_written += 1
        if f"{mark}" in text:
            continue
        if base == "original":
            stats.lost += 1
            print(f"  lost: {name} said written, not in the file")
        else:
            stats.replaced_after += 1
    stats.refused += sum("Đã ghi" not in said[n] for n in ("import", "new"))
    check = subprocess.run(parplan("check", str(plan)), capture_output=True, check=False)
    stats.invalid += check.returncode != 0


@dataclass
class Kills:
    size: int
    how: str  # "random" or "temp"
    kills: int = 0
    old: int = 0
    new: int = 0
    torn: int = 0
    temp_left: int = 0  # temporary file present right after the kill
    finished_first: int = 0  # the process ended before the kill landed
    cleaned: int = 0  # next write removed the leftover and said so
    left_after_next: int = 0
    seen: list[float] = field(default_factory=list)


def kill_trial(
    folder: Path, source: Path, new: bytes, stats: Kills, rng: random.Random, span: float
) -> None:
    plan = folder / "plan.yaml"
    shutil.copy(source, plan)
    old = plan.read_bytes()
    args = parplan("record", "task", "3", "--note", "bị ngắt", "--plan", str(plan))
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    start = time.perf_counter()
    if stats.how == "random":
        time.sleep(rng.uniform(0, span))
    else:
        while proc.poll() is None and not any(
            p.name.endswith(TEMP_SUFFIX) for p in folder.iterdir()
        ):
            pass
    if proc.poll() is not None:
        stats.finished_first += 1
    else:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    stats.seen.append(time.perf_counter() - start)
    stats.kills += 1
    data = plan.read_bytes()
    stats.old += data == old
    stats.new += data == new
    stats.torn += data not in (old, new)
    leftovers = [p for p in folder.iterdir() if p.name.endswith(TEMP_SUFFIX)]
    stats.temp_left += bool(leftovers)
    after = subprocess.run(
        parplan("record", "task", "4", "--note", "lần sau", "--plan", str(plan)),
        capture_output=True,
        text=True,
        check=False,
    )
    stats.cleaned += bool(leftovers) and "Đã xóa tệp tạm" in after.stderr
    stats.left_after_next += any(p.name.endswith(TEMP_SUFFIX) for p in folder.iterdir())


def run(
    sizes: list[int], trials: int, kills: int, mixed: int, seed: int
) -> tuple[list[Concurrency], list[Mixed], list[Kills]]:
    rng = random.Random(seed)
    results, raced, killed = [], [], []
    with tempfile.TemporaryDirectory(prefix="parplan-stress-") as tmp:
        folder = Path(tmp)
        for size in sizes:
            source = folder / f"plan-{size}.yaml"
            source.write_text(generate(size, seed=1), encoding="utf-8")
            scale = max(1, size // 1000)
            for writers in (2, 4):
                stats = Concurrency(size, writers)
                for trial in range(max(2, trials // scale // (writers // 2)) if trials else 0):
                    plan = folder / "c.yaml"
                    shutil.copy(source, plan)
                    concurrency_trial(plan, stats, trial, rng)
                if stats.trials:
                    print(stats)
                    results.append(stats)
            expected = folder / "expected.yaml"
            shutil.copy(source, expected)
            begun = time.perf_counter()
            subprocess.run(
                parplan("record", "task", "3", "--note", "bị ngắt", "--plan", str(expected)),
                check=True,
                capture_output=True,
            )
            span = time.perf_counter() - begun
            form = make_form(source, folder / f"forms-{size}")
            race = Mixed(size)
            for trial in range(max(2, mixed // scale) if mixed else 0):
                plan = folder / "m.yaml"
                shutil.copy(source, plan)
                mixed_trial(plan, form, race, trial, rng, span)
            if race.trials:
                print(race)
                raced.append(race)
            for how in ("random", "temp"):
                kills_of = Kills(size, how)
                work = folder / "k"
                for _ in range(max(2, kills // scale) if kills else 0):
                    shutil.rmtree(work, ignore_errors=True)
                    work.mkdir()
                    kill_trial(work, source, expected.read_bytes(), kills_of, rng, span)
                if kills_of.kills:
                    print(kills_of)
                    killed.append(kills_of)
    return results, raced, killed


def n(value: int) -> str:
    return f"{value:,}".replace(",", " ")


def section(results: list[Concurrency], raced: list[Mixed], killed: list[Kills]) -> str:
    """The PAGE's text: the parts run, each a table (a part run 0 times is left out)."""
    concurrency = [
        f"| {n(s.size)} | {s.writers} | {s.trials} | {s.written} | {s.refused} | {s.lost} | "
        f"{s.ghost} | {s.invalid} | {s.longest:.1f} s |".replace(".", ",")
        for s in results
    ]
    mixed = [
        f"| {n(m.size)} | {m.trials} | {m.edits_written} | {m.whole_written} | {m.refused} | "
        f"{m.replaced_after} | {m.lost} | {m.invalid} | {m.longest:.1f} s |".replace(".", ",")
        for m in raced
    ]
    kills = [
        f"| {n(k.size)} | "
        f"{'ngẫu nhiên / random' if k.how == 'random' else 'khi có tệp tạm / temp file'} | "
        f"{k.kills} | {k.old} | {k.new} | {k.torn} | {k.temp_left} | {k.cleaned} | "
        f"{k.left_after_next} |"
        for k in killed
    ]
    tables = [
        (
            "| Nhiệm vụ / tasks | Người ghi / writers | Lượt / trials | Đã ghi / written | Từ chối / refused | Mất / lost | Sai từ chối / refused yet written | Tệp hỏng / invalid after | Lâu nhất / longest trial |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
            concurrency,
        ),
        (
            "| Nhiệm vụ / tasks | Lượt / trials | Sửa đã ghi / edits written | Ghi cả tệp / whole files written | Từ chối / refused | Bị ghi đè sau / replaced after | Mất / lost | Tệp hỏng / invalid after | Lâu nhất / longest trial |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
            mixed,
        ),
        (
            "| Nhiệm vụ / tasks | Lúc giết / kill at | Lần / kills | Bản cũ / old | Bản mới / new | Dở dang / torn | Còn tệp tạm / temp left | Lần ghi sau dọn / next write cleaned | Còn sau lần ghi sau / left after next |",
            "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
            kills,
        ),
    ]
    rows = [
        "`make stress` (scripts/stress_writes.py): whole `parplan` processes on plans from "
        "`bench/generate.py`. / Concurrency: N `record`s on different tasks of one plan, each "
        "started 0–300 ms apart; mixed: two `record`s and a `collect` racing `import -o PLAN "
        "--force` and `new -o PLAN --force` on one plan, started at random moments of an "
        "edit's run; kills: SIGKILL at a random moment of a `record`, or the moment its "
        "temporary file appears.",
    ]
    for head, rule, body in tables:
        if body:
            rows += ["", head, rule, *body]
    return "\n".join(rows)


def replace_section(text: str, section: str) -> str:
    if text.count(START) != 1 or text.count(END) != 1:
        raise SystemExit(f"docs/writing-a-plan.md: need exactly one {START} and one {END}")
    head, rest = text.split(START, 1)
    return f"{head}{START}\n{section}\n{END}{rest.split(END, 1)[1]}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--trials", type=int, default=40, help="concurrency trials at 1,000 tasks")
    parser.add_argument("--kills", type=int, default=40, help="kills per kind at 1,000 tasks")
    parser.add_argument("--mixed", type=int, default=40, help="mixed-writer trials at 1,000 tasks")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--print", action="store_true")
    args = parser.parse_args()
    results, raced, killed = run(
        [int(s) for s in args.sizes.split(",")], args.trials, args.kills, args.mixed, args.seed
    )
    text = section(results, raced, killed)
    print(text)
    if not args.print:
        readme = PAGE.read_text(encoding="utf-8")
        PAGE.write_text(replace_section(readme, text), encoding="utf-8")
    bad = (
        sum(s.lost + s.ghost + s.invalid for s in results)
        + sum(m.lost + m.invalid for m in raced)
        + sum(k.torn + k.left_after_next for k in killed)
    )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
