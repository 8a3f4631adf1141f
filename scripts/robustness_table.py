"""Rewrite docs/robustness.md's robustness table (`make robustness`).

Runs a fixed list of hostile scenarios, each as its own ``python -m parplan`` process, and
records the exit code, the first problem code printed, the wall time and the peak resident
memory of that process (``os.wait4``'s ``ru_maxrss``; both include interpreter start-up). The
last row summarises the latest long fuzz run from ``tests/data/fuzz/last-run.json`` (written
by scripts/fuzz.py, ``make fuzz``).

Only the text between ``<!-- robustness:start -->`` and ``<!-- robustness:end -->`` in
docs/robustness.md is replaced. ``--print`` prints the section instead of writing it. ``--only TEXT``
reruns only the rows whose label contains TEXT and replaces just those rows (a new one goes
before the fuzz row).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "robustness.md"
START, END = "<!-- robustness:start -->", "<!-- robustness:end -->"
MINIMAL = ROOT / "tests" / "data" / "plans" / "valid" / "minimal.yaml"
PROGRESS = ROOT / "tests" / "data" / "plans" / "valid" / "progress.yaml"
LAST_RUN = ROOT / "tests" / "data" / "fuzz" / "last-run.json"
TIMEOUT = 120

JINJA = "«{{ 7*7 }}» {% raw %}x{% endraw %}"
HOSTILE = (
    "A & B < C > D \" E ' F | G `H` I\nJ\tK 🇻🇳👍 \u200fM\u200d "
    + unicodedata.normalize("NFD", "Kế hoạch cải cách")
    + f" {JINJA} [bold]R[/bold]"
)


@dataclass
class Run:
    exit: int | None  # None: killed after TIMEOUT
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float


@dataclass
class Scenario:
    label: str
    command: str  # shown in the table
    setup: Callable[[Path], list[str]]  # writes the input files; returns parplan's arguments
    exit: tuple[int, ...]
    code: str | None  # a PPnnn, "any" (some located problem), or None (no problem code)
    env: dict[str, str] = field(default_factory=dict)
    check: Callable[[Path, Run], str | None] | None = None  # extra: None or what went wrong
    limit: float = 2.0  # seconds of wall time, interpreter start-up (~0.3 s) included
    memory: float | None = None  # MB of peak resident memory, where the case is about memory


def write(folder: Path, name: str, data: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def minimal_with(old: str, new: str) -> str:
    text = MINIMAL.read_text(encoding="utf-8")
    assert old in text, old
    return text.replace(old, new, 1)


def hostile_plan(folder: Path) -> Path:
    quoted = json.dumps(HOSTILE, ensure_ascii=False)
    text = PROGRESS.read_text(encoding="utf-8")
    for old in ('objective: "Rà soát, đơn giản hóa TTHC."', 'product: "Kế hoạch CCHC năm 2024"'):
        text = text.replace(old, f"{old.split(':')[0]}: {quoted}", 1)
    return write(folder, "hostile.yaml", text)


LAUGHS = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + "".join(
    f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
)
PLACE = 'place: "Hà Nội"'


def _check(name: str, text: str | bytes) -> Callable[[Path], list[str]]:
    return lambda folder: ["check", str(write(folder, name, text))]


def _marker_untouched(folder: Path, run: Run) -> str | None:
    return "the command ran: marker file created" if (folder / "pwned").exists() else None


def _export_round_trip(folder: Path, run: Run) -> str | None:
    try:
        tasks = json.loads(run.stdout)["tasks"]
    except (ValueError, KeyError):
        return "no JSON"
    ok = tasks[3]["objective"] == unicodedata.normalize("NFC", HOSTILE)
    return None if ok else "text changed"


def _jinja_verbatim(folder: Path, run: Run) -> str | None:
    text = run.stdout
    report = folder / "report.md"
    if report.exists():
        text = re.sub(r"\\([\\`*_\[\]<>|#])", r"\1", report.read_text(encoding="utf-8"))
    return None if JINJA in text and "«49»" not in text else "Jinja text not verbatim"


def _broken_template(folder: Path) -> list[str]:
    own = folder / "mau"
    own.mkdir()
    (own / "report.md.j2").write_text("# Báo cáo\n{{ 1 / 0 }}\n", encoding="utf-8")
    out = folder / "report.md"
    return ["report", str(PROGRESS), "--period", "2024-Q1", "-o", str(out), "--templates", str(own)]


def _template_located(folder: Path, run: Run) -> str | None:
    if (folder / "report.md").exists():
        return "a report was written"
    return None if "report.md.j2:2: lỗi mẫu" in run.stderr else "the template's line is not named"


def _no_control_characters(folder: Path, run: Run) -> str | None:
    bad = sorted(
        {f"U+{ord(c):04X}" for c in run.stdout if unicodedata.category(c) == "Cc"} - {"U+000A"}
    )
    return f"control characters printed: {', '.join(bad)}" if bad else None


def _located_at(where: str) -> Callable[[Path, Run], str | None]:
    def check(folder: Path, run: Run) -> str | None:
        return None if f":{where}: " in run.stdout else f"not located at {where}"

    return check


def _existing(folder: Path) -> list[str]:
    write(folder, "existing.ics", "keep me\n")
    return ["calendar", str(PROGRESS), "-o", str(folder / "existing.ics")]


def _unchanged(folder: Path, run: Run) -> str | None:
    return None if (folder / "existing.ics").read_text() == "keep me\n" else "file overwritten"


def _says_missing(folder: Path, run: Run) -> str | None:
    return None if "không tồn tại" in run.stderr else "unclear message"


SCENARIOS = [
    Scenario(
        "Kế hoạch hợp lệ 2024 (mốc so sánh) / valid plan, baseline",
        "check",
        lambda folder: ["check", str(ROOT / "plans" / "2024.yaml")],
        (0,),
        None,
    ),
    Scenario(
        "Bom bí danh “billion laughs” (9⁹ phần tử) / YAML alias bomb",
        "check",
        _check("laughs.yaml", LAUGHS),
        (1,),
        "PP007",
    ),
    Scenario(
        "10 000 dấu `[` không đóng / 10,000 unclosed `[`",
        "check",
        _check("open.yaml", "[" * 10_000),
        (1,),
        "PP008",
    ),
    Scenario(
        "Danh sách lồng 10 000 cấp / lists nested 10,000 deep",
        "check",
        _check("deep.yaml", "version: 1\nplan: " + "[" * 10_000 + "]" * 10_000 + "\n"),
        (1,),
        "PP008",
    ),
    Scenario(
        "50 000 dấu `[` (tệp 50 KB) / 50,000 `[` (a 50 KB file)",
        "check",
        _check("deeper.yaml", "[" * 50_000),
        (1,),
        "any",
    ),
    Scenario(
        "Tệp lớn hơn PARPLAN_MAX_BYTES=1000 / file over the size limit",
        "check",
        _check("big.yaml", MINIMAL.read_bytes()),
        (1,),
        "PP008",
        env={"PARPLAN_MAX_BYTES": "1000"},
    ),
    Scenario(
        '`!!python/object/apply:os.system ["touch …"]`',
        "check",
        lambda folder: [
            "check",
            str(
                write(
                    folder,
                    "python-tag.yaml",
                    minimal_with(
                        PLACE, f'place: !!python/object/apply:os.system ["touch {folder}/pwned"]'
                    ),
                )
            ),
        ],
        (1,),
        "PP007",
        check=_marker_untouched,
    ),
    Scenario(
        "Thẻ tự đặt `!include /etc/passwd` / custom tag",
        "check",
        _check("include.yaml", minimal_with(PLACE, "place: !include /etc/passwd")),
        (1,),
        "PP007",
    ),
    Scenario(
        "`!!binary` (loader an toàn vẫn dựng được / safe-loadable type)",
        "check",
        _check("binary.yaml", minimal_with(PLACE, "place: !!binary SMOgIE7hu5lp")),
        (1,),
        "PP007",
    ),
    Scenario(
        "`!!set` (loader an toàn vẫn dựng được / safe-loadable type)",
        "check",
        _check("set.yaml", minimal_with("lead: [van-phong]", "lead: !!set {van-phong: null}")),
        (1,),
        "PP007",
    ),
    Scenario(
        "Khóa gộp `<<` / merge key",
        "check",
        _check("merge.yaml", minimal_with("    kind: internal\n", "    <<: {kind: internal}\n")),
        (1,),
        "PP007",
    ),
    Scenario(
        "Neo và bí danh `&p` / `*p` / anchor and alias",
        "check",
        _check("anchor.yaml", minimal_with(PLACE, 'place: &p "Hà Nội"')),
        (1,),
        "PP007",
    ),
    Scenario(
        "Byte không phải UTF-8 / non-UTF-8 bytes",
        "check",
        _check("cp1258.yaml", MINIMAL.read_text(encoding="utf-8").encode("cp1258", "replace")),
        (1,),
        "PP003",
    ),
    Scenario(
        "Tệp UTF-16 / UTF-16 file",
        "check",
        _check("utf16.yaml", MINIMAL.read_text(encoding="utf-8").encode("utf-16")),
        (1,),
        "PP003",
    ),
    Scenario(
        "Ký tự điều khiển U+0007 / control character",
        "check",
        _check("bell.yaml", minimal_with(PLACE, "place: Hà\x07Nội")),
        (1,),
        "PP001",
    ),
    Scenario(
        "Số nguyên 4 301 chữ số / 4,301-digit integer",
        "check",
        _check("bigint.yaml", minimal_with("year: 2024", "year: " + "9" * 4301)),
        (1,),
        "any",
    ),
    Scenario(
        "Thời hạn `before 0001-01-01` / deadline before year 1",
        "check",
        _check("year-one.yaml", minimal_with("by: before 2024-02-22", "by: before 0001-01-01")),
        (1,),
        "any",
    ),
    Scenario(
        "Nghĩa vụ `once: 0000-Q1` / obligation due in year 0000",
        "deadlines",
        lambda folder: [
            "deadlines",
            str(write(folder, "year-zero.yaml", minimal_with("every: month", "once: 0000-Q1"))),
            "--as-of",
            "2024-06-30",
        ],
        (0, 1),
        None,
    ),
    Scenario(
        "Chuỗi điều khiển terminal `\\e]0;…\\a\\e[2J` trong một giá trị / terminal escape "
        "sequences in a value",
        "check",
        _check("escapes.yaml", minimal_with("kind: internal", 'kind: "\\e]0;pwned\\a\\e[2J"')),
        (1,),
        "PP013",
        check=_no_control_characters,
    ),
    Scenario(
        "Tab sau dấu `:` và một lỗi ở dòng 2 / a tab after `key:`, and an error on line 2",
        "check",
        _check(
            "tab.yaml",
            minimal_with("version: 1", "version: 2").replace(PLACE, 'place:\t"Hà Nội"'),
        ),
        (1,),
        "PP013",
        check=_located_at("2:10"),
    ),
    Scenario(
        "Văn bản có `& < > \" '`, `\\|`, emoji, RTL, ZWJ, NFD, xuống dòng, tab / hostile text",
        "export --format json",
        lambda folder: ["export", str(hostile_plan(folder)), "--format", "json"],
        (0,),
        None,
        check=_export_round_trip,
    ),
    Scenario(
        "Văn bản kiểu Jinja `{{ 7*7 }}`, `{% raw %}` / Jinja-looking text",
        "status",
        lambda folder: ["status", str(hostile_plan(folder)), "--as-of", "2024-07-05"],
        (0,),
        None,
        env={"COLUMNS": "1000"},
        check=_jinja_verbatim,
    ),
    Scenario(
        "Văn bản kiểu Jinja trong báo cáo / in the Markdown report",
        "report -f md",
        lambda folder: [
            "report",
            str(hostile_plan(folder)),
            "--period",
            "2024",
            "-o",
            str(folder / "report.md"),
        ],
        (0,),
        None,
        check=_jinja_verbatim,
    ),
    Scenario(
        "Mẫu của người dùng chia cho 0 / a user's template dividing by zero",
        "report --templates",
        _broken_template,
        (2,),
        None,
        check=_template_located,
    ),
    Scenario(
        "Ghi đè tệp có sẵn, không `--force` / overwrite without --force",
        "calendar -o CÓ_SẴN",
        _existing,
        (2,),
        None,
        check=_unchanged,
    ),
    Scenario(
        "`-o` vào thư mục không tồn tại / into a missing folder",
        "calendar -o THIẾU/x.ics",
        lambda folder: ["calendar", str(PROGRESS), "-o", str(folder / "thieu" / "x.ics")],
        (2,),
        None,
        check=_says_missing,
    ),
]


def run_parplan(args: list[str], env: dict[str, str], cwd: Path) -> Run:
    """One parplan process: its outcome, wall time and peak RSS (from os.wait4), forked by
    the benchmark's small helper: a child of this script would start its peak at this
    script's own, which the setup of some rows (a form of 150,000 rows) raises to 400 MB."""
    sys.path.insert(0, str(ROOT))
    from bench.run import SPAWN_HELPER

    environment = os.environ | {"NO_COLOR": "1", "COLUMNS": "100"} | env
    result = cwd / ".spawn-result"
    helper = [sys.executable, "-I", "-S", "-c", SPAWN_HELPER, str(result)]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            [*helper, sys.executable, "-m", "parplan", *args],
            stdout=out,
            stderr=err,
            env=environment,
            cwd=cwd,
            start_new_session=True,
        )
        try:
            proc.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    if not result.exists():  # killed after TIMEOUT
        return Run(exit=None, stdout=stdout, stderr=stderr, seconds=TIMEOUT, peak_mb=0.0)
    seconds, peak_kb, code = result.read_text(encoding="utf-8").split()
    result.unlink()
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes / KiB
    return Run(
        exit=int(code),
        stdout=stdout,
        stderr=stderr,
        seconds=float(seconds),
        peak_mb=int(peak_kb) * scale / 2**20,
    )


def describe_exit(code: int | None) -> str:
    if code is None:
        return f"treo > {TIMEOUT} s"
    if code < 0:
        return f"{signal.Signals(-code).name} (lỗi / crash)"
    return str(code)


def outcome(scenario: Scenario, folder: Path, run: Run) -> tuple[str, str]:
    """(problem code shown, outcome text)."""
    codes = re.findall(r"\[(PP\d{3})\]", run.stdout + run.stderr)
    shown = codes[0] if codes else "—"
    traceback = "Traceback" in run.stderr or "Traceback" in run.stdout
    failures = []
    if run.exit is None or run.exit < 0:
        failures.append("crash" if run.exit else "hang")
    elif traceback:
        error = re.findall(r"^(\w+Error): (.*)$", run.stderr, re.M)
        shown = error[-1][0] if error else "traceback"
        failures.append(f"traceback ({shown})")
    else:
        if run.exit not in scenario.exit:
            failures.append(f"exit {run.exit}, expected {'/'.join(map(str, scenario.exit))}")
        if scenario.code == "any" and not codes:
            failures.append("no located problem")
        elif scenario.code not in (None, "any") and scenario.code not in codes:
            failures.append(f"expected {scenario.code}")
        if scenario.check is not None:
            extra = scenario.check(folder, run)
            if extra:
                failures.append(extra)
        if run.seconds > scenario.limit:
            failures.append(f"slow: {run.seconds:.1f} s > {scenario.limit:.0f} s")
        if scenario.memory is not None and run.peak_mb > scenario.memory:
            failures.append(f"memory: {run.peak_mb:.0f} MB > {scenario.memory:.0f} MB")
    if failures:
        return shown, "✗ **lỗi / bug**: " + "; ".join(failures)
    if run.exit == 0:
        return shown, "✓ chạy đúng / works"
    if run.exit == 2:
        return shown, "✓ từ chối, báo rõ / refused with a clear message"
    return shown, "✓ từ chối, có dòng:cột / refused, located"


def fuzz_row() -> str:
    if not LAST_RUN.exists():
        return "| Fuzz (`make fuzz`) | — | — | — | — | — | chưa chạy / not run yet |"
    data = json.loads(LAST_RUN.read_text(encoding="utf-8"))
    new = data.get("escapes_new", data.get("escapes", 0))
    hangs = data.get("hangs", 0)
    known = data.get("escapes_known", 0)
    verdict = "✓" if not new and not data.get("violations") else "✗ **lỗi / bug**:"
    examples = f"{data['examples']:,}".replace(",", " ")
    slow = (
        " (gồm / of which "
        + ", ".join(
            f"{k}: {v['hang']}" for k, v in data.get("per_strategy", {}).items() if "hang" in v
        )
        + " quá 1 s / over 1 s)"
        if hangs
        else ""
    )
    return (
        f"| Fuzz: {examples} trường hợp ngẫu nhiên ({data['date']}) / random cases: "
        "data, text and random-YAML mutations, special files (devices, FIFOs, folders, sockets, "
        "dangling links), many keys | `make fuzz` | — | — | "
        f"{data['seconds']:.0f} s tổng / total (chậm nhất / slowest "
        f"{data.get('slowest_case_seconds', 0):.2f} s) | — | {verdict} {new} lỗi mới / new "
        f"escapes{slow}, {known} lỗi đã biết / known, {data.get('violations', 0)} vi phạm định "
        "dạng / format violations |"
    )


def _pipes(row: str) -> int:
    return sum(1 for m in re.finditer(r"\\.|\|", row) if m.group() == "|")


def all_scenarios() -> list[Scenario]:
    from robustness_edges import SCENARIOS as EDGE_SCENARIOS  # issue #24's rows
    from robustness_files import SCENARIOS as FILE_SCENARIOS  # issue #14's rows
    from robustness_surfaces import SCENARIOS as SURFACE_SCENARIOS  # the second audit's rows

    return [*SCENARIOS, *FILE_SCENARIOS, *EDGE_SCENARIOS, *SURFACE_SCENARIOS]


def build_rows(scenarios: list[Scenario]) -> list[str]:
    """One table row per scenario, each run in a fresh folder."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="parplan-robustness-") as tmp:
        for number, scenario in enumerate(scenarios):
            folder = Path(tmp) / str(number)
            folder.mkdir()
            args = scenario.setup(folder)
            run = run_parplan(args, scenario.env, folder)
            code, verdict = outcome(scenario, folder, run)
            seconds = f"{run.seconds:.2f} s" + (
                f" (≤ {scenario.limit:.0f} s)" if scenario.limit != Scenario.limit else ""
            )
            memory = f"{run.peak_mb:.0f} MB" + (
                f" (≤ {scenario.memory:.0f} MB)" if scenario.memory is not None else ""
            )
            rows.append(
                f"| {scenario.label} | `{scenario.command}` | {describe_exit(run.exit)} | "
                f"{code} | {seconds} | {memory} | {verdict} |"
            )
            print(
                f"{scenario.label[:60]:<60} {describe_exit(run.exit):>6} {code:<8} "
                f"{run.seconds:6.2f} s {run.peak_mb:5.0f} MB  {verdict}"
            )
            shutil.rmtree(folder, ignore_errors=True)
    return rows


def build_section() -> str:
    rows = [
        "| Đầu vào thử | Lệnh | Mã thoát | Mã lỗi | Thời gian | Bộ nhớ đỉnh | Kết quả |",
        "|---|---|---:|---|---:|---:|---|",
        *build_rows(all_scenarios()),
    ]
    rows.append(fuzz_row())
    widths = {_pipes(row) for row in rows}
    assert len(widths) == 1, f"a row breaks the table: {widths}"
    return "\n".join(
        [
            "Mỗi dòng là một lần chạy `python -m parplan` thật trên một đầu vào xấu; thời gian và "
            "bộ nhớ đỉnh (RSS) tính cả lúc khởi động Python (~0,3 s); quá 2 s (hoặc giới hạn ghi "
            "trong ô, như ≤ 20 s, ≤ 150 MB) là lỗi. Each row is one real run on hostile input; "
            "time and peak memory include interpreter start-up (~0.3 s); over 2 s (or the bound "
            "in the cell, such as ≤ 20 s, ≤ 150 MB) counts as a bug. Regenerate with `make robustness` (the fuzz "
            "row: `make fuzz`).",
            "",
            *rows,
        ]
    )


def replace_section(text: str, section: str) -> str:
    """``text`` with only what lies between the markers replaced."""
    if text.count(START) != 1 or text.count(END) != 1 or text.index(START) > text.index(END):
        raise SystemExit(f"docs/robustness.md: need exactly one {START} before one {END}")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{section}\n{END}{tail}"


def replace_rows(text: str, rows: list[str]) -> str:
    """``text`` with each row replacing the table's row of the same label, or added before the
    fuzz row when the table has none."""
    lines = text.split("\n")
    fuzz = next(i for i, line in enumerate(lines) if line.startswith("| Fuzz"))
    for row in rows:
        label = row.split(" | ", 1)[0] + " | "
        found = [i for i, line in enumerate(lines) if line.startswith(label)]
        if found:
            lines[found[0]] = row
        else:
            lines.insert(fuzz, row)
            fuzz += 1
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--print", action="store_true", help="print instead of writing docs/robustness.md"
    )
    parser.add_argument(
        "--only",
        metavar="TEXT",
        action="append",
        help="rerun only the rows whose label contains TEXT (repeatable)",
    )
    args = parser.parse_args()
    with PAGE.open(encoding="utf-8", newline="") as fh:
        text = fh.read()
    if args.only:
        chosen = [s for s in all_scenarios() if any(t in s.label for t in args.only)]
        section = "\n".join(build_rows(chosen))
        updated = text if args.print else replace_rows(text, section.split("\n"))
    else:
        section = build_section()
        updated = replace_section(text, section)
    if args.print:
        print(section)
        return 0
    if updated != text:
        with PAGE.open("w", encoding="utf-8", newline="") as fh:
            fh.write(updated)
        print(
            f"docs/robustness.md: robustness table updated ({section.count(chr(10) + '| ') - 1} rows)"
        )
    else:
        print("docs/robustness.md: robustness table unchanged")
    return 0


if __name__ == "__main__":
    sys.exit(main())
