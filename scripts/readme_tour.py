"""Regenerate the command tours from real runs (`make readme`): the full one in
docs/tour.md, the five commands of SHORT in the README.

Each command names the plan it shows, so the tour prints the same whatever other plans a reader
has added to plans/ (a command without a plan picks the newest one there). Each command runs in
the repository root with NO_COLOR=1 and COLUMNS=100, in a process of its own: parplan's console
entry point in a child forked from this script, its stdout and stderr pipes (a new interpreter
per command, where fork is missing, would start Python and import parplan's libraries again,
about half of what a command of the tour costs). Its output goes
between the markers `<!-- tour:start -->` and `<!-- tour:end -->`. `--check` exits 1 when the
README differs from what the commands print now (tests/test_readme.py runs that).
"""

from __future__ import annotations

import contextlib
import importlib
import os
import shlex
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARPLAN = [sys.executable, "-m", "parplan"]
# imported once by this script for the forked commands to share: the entry point and the
# plan's reading (pydantic's models, ruamel), which nearly every command of the tour imports;
# no command module (`main` registers the one its command line names, as on the console)
SHARED = ["parplan.cli", "parplan.document.loader"]

# (title, command, lines kept: None = all)
TOUR: list[tuple[str, str, int | None]] = [
    (
        "Bản khung kế hoạch mới / a new plan",
        'parplan new --year 2025 --issuer "Sở Văn hóa và Thể thao" --parent "UBND thành phố Hà Nội" -o -',
        24,
    ),
    (
        "Chuyển sang năm sau / roll over to next year",
        "parplan new --from plans/2024.yaml --year 2025 -o /tmp/parplan-2025.yaml --force",
        16,
    ),
    ("Kiểm tra kế hoạch / check a plan", "parplan check plans/2024.yaml", None),
    (
        "Lỗi có vị trí / located problems",
        "parplan check tests/data/plans/invalid/date-feb-30.yaml tests/data/plans/invalid/unknown-key.yaml",
        None,
    ),
    (
        "Chú thích GitHub / annotations",
        "parplan check --format github tests/data/plans/invalid/duplicate-key.yaml",
        None,
    ),
    ("Bảng tổng hợp / the dashboard", "parplan status plans/2024.yaml --as-of 2024-06-20", None),
    (
        "Theo đơn vị / one unit's deadlines",
        'parplan deadlines plans/2024.yaml --as-of 20/06/2024 --unit "van phong" --state overdue --state due_soon',
        None,
    ),
    (
        "Chỉ tiêu / indicators",
        "parplan indicators tests/data/plans/valid/progress.yaml --as-of 2024-07-01",
        None,
    ),
    (
        "Tổng hợp nhiều kế hoạch / roll-up across plans",
        "parplan rollup plans/2024.yaml tests/data/plans/valid/progress.yaml "
        "tests/data/plans/invalid/bad-deadline-before-period.yaml --as-of 30/06/2024",
        None,
    ),
    (
        "Ghi tiến độ (xem trước) / record, dry run",
        'parplan record task 5 --done 2024-03-20 --evidence "Kế hoạch số 45/KH-SVHTT ngày 20/03/2024" --plan plans/2024.yaml --dry-run',
        None,
    ),
    (
        "Ghi giá trị chỉ tiêu (xem trước)",
        'parplan record indicator sipas --period 2024-H1 --value 86,2 --source "Khảo sát SIPAS 6 tháng" --plan plans/2024.yaml --dry-run',
        None,
    ),
    (
        "Biểu mẫu cho đơn vị / progress forms",
        "parplan form plans/2024.yaml --period 2024-Q2 -o build/forms --force",
        None,
    ),
    (
        "Thu biểu mẫu đã điền (xem trước) / collect, dry run",
        "parplan collect tests/data/forms/thanh-tra.xlsx tests/data/forms/van-phong.xlsx --plan plans/2024.yaml --dry-run",
        None,
    ),
    (
        "Biểu mẫu có lỗi / a form with problems",
        "parplan collect tests/data/forms/bad/van-phong.xlsx --plan plans/2024.yaml",
        None,
    ),
    (
        "Báo cáo Markdown / report",
        "parplan report plans/2024.yaml --period 2024-H1 -o - --date 2024-06-20",
        24,
    ),
    (
        "Văn bản kế hoạch để ban hành / publish the plan",
        "parplan publish plans/2024.yaml -o -",
        30,
    ),
    (
        "So sánh hai bản / diff",
        "parplan diff tests/data/record/before.yaml tests/golden/record/task-done-new-progress.yaml",
        None,
    ),
    (
        "Trang tổng hợp / the dashboard site",
        "parplan site plans/2024.yaml --as-of 20/06/2024 -o build/tour-site --force",
        None,
    ),
    (
        "Nhập từ văn bản / import a plan from its Word or text original",
        "parplan import tests/data/import/ke-hoach-huyen.md -o /tmp/ke-hoach-huyen.yaml --force",
        None,
    ),
    (
        "Nhập bộ tiêu chí chỉ số CCHC / import a PAR INDEX criteria table (invented for the tests)",
        "parplan index import tests/data/index/bang-tieu-chi.md -o -",
        22,
    ),
    (
        "Tự đánh giá chỉ số CCHC / the PAR INDEX self-assessment",
        "parplan index tests/data/index/ke-hoach.yaml --as-of 01/07/2024",
        None,
    ),
    ("Xuất JSON / export", "parplan export plans/2024.yaml --format json", 12),
    ("JSON Schema", "parplan schema", 6),
]


# The five commands of the README's short tour (titles above) and the lines each keeps there;
# every command, in full, is docs/tour.md.
SHORT: dict[str, int | None] = {
    "Kiểm tra kế hoạch / check a plan": None,
    "Bảng tổng hợp / the dashboard": 17,
    "Theo đơn vị / one unit's deadlines": 8,
    "Ghi tiến độ (xem trước) / record, dry run": 14,
    "Báo cáo Markdown / report": 14,
}


def _child(args: list[str], env: dict[str, str], out: int, err: int) -> None:
    """In the forked child: ``parplan ARGS`` as the console runs it, then the child's exit."""
    code = 70
    try:
        os.dup2(out, 1)
        os.dup2(err, 2)
        os.chdir(ROOT)
        os.environ.clear()
        os.environ.update(env)
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
        sys.stderr = open(2, "w", encoding="utf-8", closefd=False, buffering=1)  # noqa: SIM115
        sys.argv = ["parplan", *args]
        from parplan.cli import main

        main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        with contextlib.suppress(BaseException):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


def _forked(args: list[str], env: dict[str, str]) -> tuple[str, str, int]:
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(out_r)
        os.close(err_r)
        _child(args, env, out_w, err_w)
    os.close(out_w)
    os.close(err_w)
    with open(out_r, encoding="utf-8") as out, open(err_r, encoding="utf-8") as err:
        said: list[str] = []
        reader = threading.Thread(target=lambda: said.append(err.read()))
        reader.start()  # both pipes read at once: neither fills and stops the child
        printed = out.read()
        reader.join()
    _, status = os.waitpid(pid, 0)
    return printed, said[0], os.waitstatus_to_exitcode(status)


def run(command: str) -> tuple[list[str], int]:
    """What the command prints (stdout, then stderr), as lines, and its exit code."""
    args = shlex.split(command)[1:]
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "PARPLAN_PLAN": ""}
    env.pop("PARPLAN_PLAN")
    if hasattr(os, "fork"):
        stdout, stderr, code = _forked(args, env)
    else:
        result = subprocess.run(
            [*PARPLAN, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
        )
        stdout, stderr, code = result.stdout, result.stderr, result.returncode
    return (stdout + stderr).rstrip("\n").splitlines(), code


def shown(printed: tuple[list[str], int], keep: int | None) -> str:
    """The first ``keep`` lines of what a command printed (all: None), and its exit code."""
    lines, code = printed
    if keep is not None and len(lines) > keep:
        lines = [*lines[:keep], "…"]
    suffix = f"\n# mã thoát {code}" if code else ""
    return "\n".join(lines) + suffix


def tour(
    entries: list[tuple[str, str, int | None]], outputs: dict[str, tuple[list[str], int]]
) -> str:
    """Each command is run once, for both tours (the short one keeps fewer lines)."""
    parts = []
    for title, command, keep in entries:
        if command not in outputs:
            outputs[command] = run(command)
        parts.append(
            f"#### {title}\n\n```console\n$ {command}\n{shown(outputs[command], keep)}\n```\n"
        )
    return "\n".join(parts)


def splice(text: str, name: str, body: str) -> str:
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    return f"{head}{start}\n{body.rstrip()}\n{end}{tail}"


def main() -> int:
    readme, full = ROOT / "README.md", ROOT / "docs" / "tour.md"
    if "--bench" in sys.argv:  # put the latest benchmark results in docs/performance.md
        page = ROOT / "docs" / "performance.md"
        results = Path(sys.argv[sys.argv.index("--bench") + 1]).read_text(encoding="utf-8")
        body = results.split("\n", 1)[1].strip()  # without its own title
        page.write_text(splice(page.read_text(encoding="utf-8"), "bench", body), encoding="utf-8")
        return 0
    if hasattr(os, "fork"):
        for name in SHARED:
            importlib.import_module(name)
    outputs: dict[str, tuple[list[str], int]] = {}
    short = [(title, command, SHORT[title]) for title, command, _ in TOUR if title in SHORT]
    assert len(short) == len(SHORT), "a title in SHORT is not in TOUR"
    stale = []
    for path, name, entries in ((readme, "short-tour", short), (full, "tour", TOUR)):
        text = path.read_text(encoding="utf-8")
        updated = splice(text, name, tour(entries, outputs))
        if updated != text:
            stale.append(path.relative_to(ROOT).as_posix())
            if "--check" not in sys.argv:
                path.write_text(updated, encoding="utf-8")
    if "--check" in sys.argv and stale:
        print(
            f"{', '.join(stale)}: the command tour is out of date; run `make readme`",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
