"""Concurrent writers: two and four processes record different tasks of one plan at the same
moment, round after round (8 rounds in make test-deep, 2 in make test). Every edit reported
written is in the file; every refusal left no trace. Every command that writes a file takes that
file's lock (files.plan_lock) and checks again holding it: while another process holds the lock
it waits (its notice on stderr is the event the tests wait for, never a time) and then writes
after, or refuses and writes nothing. (`scripts/stress_writes.py` runs whole `parplan`
processes, whole-file writers among them, on large plans and SIGKILLs, for the figures in the
README.)"""

from __future__ import annotations

import multiprocessing
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from multiprocessing.synchronize import Barrier
from pathlib import Path

import pytest
import typer.main
from bench.fill import fill
from openpyxl import load_workbook
from typer.testing import CliRunner

from parplan.cli import app
from parplan.core.errors import ParplanError
from parplan.document.change import edit_plan
from parplan.document.loader import load_plan
from parplan.editing.record import record_task
from parplan.index.workbook import SHEET
from parplan.storage import files
from parplan.storage.files import TEMP_SUFFIX, lock_path

from .conftest import DATA, PLAN_2024
from .depth import DEEP, deep
from .index_tables import index_plan, write_xlsx
from .lockholder import forked_parplan, held_elsewhere, wait_for_notice

TODAY = date(2024, 12, 31)
# rounds of concurrent records: 2 in make test, 8 in make test-deep (each round forks its writers
# and each writer reads and writes the 2024 plan: ~0.15 CPU-s a writer)
ROUNDS = 8 if DEEP else 2
runner = CliRunner()


def _writer(
    path: Path, number: int, start: Barrier, results: multiprocessing.Queue[object]
) -> None:
    note = f"ghi bởi tiến trình của nhiệm vụ {number}"
    start.wait()
    try:
        outcome = edit_plan(
            path,
            lambda plan, _: record_task(plan, number, today=TODAY, note=note),
            today=TODAY,
        )
        results.put((number, "written" if outcome.written else "unchanged"))
    except ParplanError as exc:
        results.put((number, f"refused: {exc.message}"))


@deep
@pytest.mark.parametrize("writers", [2, 4])
def test_concurrent_records_of_different_tasks_all_land(tmp_path: Path, writers: int) -> None:
    context = multiprocessing.get_context("fork")
    written = refused = 0
    for round_ in range(ROUNDS):
        path = tmp_path / f"round-{round_}.yaml"
        shutil.copy(PLAN_2024, path)
        numbers = [1 + (round_ + k * 5) % 20 for k in range(writers)]
        start = context.Barrier(writers)
        results: multiprocessing.Queue[object] = context.Queue()
        procs = [context.Process(target=_writer, args=(path, n, start, results)) for n in numbers]
        for proc in procs:
            proc.start()
        outcomes = dict(results.get(timeout=60) for _ in procs)  # type: ignore[misc]
        for proc in procs:
            proc.join(timeout=60)
            assert proc.exitcode == 0
        plan = load_plan(path)
        for number, outcome in outcomes.items():
            note = plan.tasks[number - 1].progress
            recorded = note is not None and note.note == (
                f"ghi bởi tiến trình của nhiệm vụ {number}"
            )
            if outcome == "written":
                written += 1
                assert recorded, f"round {round_}: task {number} reported written, not in file"
            else:
                refused += 1
                assert not recorded, f"round {round_}: task {number} refused ({outcome}) yet there"
        assert not lock_path(path).exists()
        assert list(tmp_path.glob(f"*{TEMP_SUFFIX}")) == []
    assert written == writers * ROUNDS, f"{refused} refused within the default 60 s wait"


# --- every writer takes the lock ----------------------------------------------------------


@dataclass(frozen=True)
class Writer:
    """A command that writes: its arguments (run in ``folder``) and the file whose lock it must
    take (one of a folder's files for the commands that write a folder)."""

    args: list[str]
    target: Path
    edits: bool = False  # edits the plan in place (record, collect) rather than replacing it
    tree: bool = False  # writes a folder of files


def _plan(folder: Path) -> Path:
    path = folder / "2024.yaml"
    if not path.exists():
        shutil.copy(PLAN_2024, path)
    return path


def _form(folder: Path) -> Path:
    made = folder / "forms"
    result = runner.invoke(
        app, ["form", str(_plan(folder)), "--period", "2024-Q2", "-o", str(made)]
    )
    assert result.exit_code == 0, result.output
    fill(made / "van-phong.xlsx", {("Nhiệm vụ", 2): {"state": "đang thực hiện"}})
    return made / "van-phong.xlsx"


def _index_plan(folder: Path) -> Path:
    """A plan naming the criteria table invented for the tests (tests/index_tables.py)."""
    path = folder / "plans" / "2024.yaml"
    return path if path.exists() else index_plan(folder)


def _index_form(folder: Path) -> Path:
    """The self-scoring workbook of ``_index_plan``, one score filled in."""
    made = folder / "tu-cham.xlsx"
    args = ["index", "form", str(_index_plan(folder)), "-o", str(made), "--as-of", "01/07/2024"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    wb = load_workbook(made)
    wb[SHEET]["G7"] = 1
    wb.save(made)
    return made


def _output(folder: Path, name: str) -> Path:
    path = folder / name
    path.write_text("bản cũ\n", encoding="utf-8")
    return path


WRITERS: dict[str, Callable[[Path], Writer]] = {
    "record task": lambda d: Writer(
        ["record", "task", "1", "--status", "in_progress", "--plan", str(_plan(d))],
        _plan(d),
        edits=True,
    ),
    "record indicator": lambda d: Writer(
        [
            "record",
            "indicator",
            "sipas",
            "-p",
            "2024-H1",
            "--value",
            "86,2",
            "--plan",
            str(_plan(d)),
        ],
        _plan(d),
        edits=True,
    ),
    "record obligation": lambda d: Writer(
        [
            "record",
            "obligation",
            "cong-khai-hang-thang",
            "-p",
            "2024-01",
            "--unit",
            "van-phong",
            "--done",
            "31/01/2024",
            "--plan",
            str(_plan(d)),
        ],
        _plan(d),
        edits=True,
    ),
    "collect": lambda d: Writer(
        ["collect", str(_form(d)), "--plan", str(_plan(d))], _plan(d), edits=True
    ),
    "import": lambda d: Writer(
        ["import", str(DATA / "import" / "ke-hoach-huyen.md"), "-o", str(_plan(d)), "--force"],
        _plan(d),
    ),
    "new": lambda d: Writer(
        [
            "new",
            "--year",
            "2025",
            "--issuer",
            "Sở Nội vụ",
            "--parent",
            "UBND tỉnh",
            "-o",
            str(_plan(d)),
            "--force",
        ],
        _plan(d),
    ),
    "export": lambda d: Writer(
        ["export", str(_plan(d)), "-o", str(_output(d, "ra.json")), "--force"], d / "ra.json"
    ),
    "calendar": lambda d: Writer(
        ["calendar", str(_plan(d)), "-o", str(_output(d, "lich.ics")), "--force"], d / "lich.ics"
    ),
    "report": lambda d: Writer(
        ["report", str(_plan(d)), "--period", "2024-H1", "-o", str(_output(d, "bc.md")), "--force"],
        d / "bc.md",
    ),
    "publish": lambda d: Writer(
        ["publish", str(_plan(d)), "-o", str(_output(d, "kh.md")), "--force"], d / "kh.md"
    ),
    "schema": lambda d: Writer(
        ["schema", "-o", str(_output(d, "s.json")), "--force"], d / "s.json"
    ),
    "site": lambda d: Writer(
        ["site", str(_plan(d)), "-o", str(d / "site"), "--force"],
        d / "site" / "index.html",
        tree=True,
    ),
    "templates": lambda d: Writer(
        ["templates", str(d / "mau"), "--force"], d / "mau" / "plan.md.j2", tree=True
    ),
    "rollup": lambda d: Writer(
        ["rollup", str(_plan(d)), "-o", str(_output(d, "tong-hop.md")), "--force"],
        d / "tong-hop.md",
    ),
    "form": lambda d: Writer(
        ["form", str(_plan(d)), "--period", "2024-Q2", "-o", str(d / "bm"), "--force"],
        d / "bm" / "van-phong.xlsx",
        tree=True,
    ),
    "index import": lambda d: Writer(
        [
            "index",
            "import",
            str(write_xlsx(d / "bang.xlsx")),
            "-o",
            str(_output(d, "bang.yaml")),
            "--force",
        ],
        d / "bang.yaml",
    ),
    "index form": lambda d: Writer(
        ["index", "form", str(_index_plan(d)), "-o", str(_output(d, "tc.xlsx")), "--force"],
        d / "tc.xlsx",
    ),
    "index collect": lambda d: Writer(
        ["index", "collect", str(_index_form(d)), "--plan", str(_index_plan(d))],
        _index_plan(d),
        edits=True,
    ),
    "index show": lambda d: Writer(
        ["index", "show", str(_index_plan(d)), "-o", str(_output(d, "tc.md")), "--force"],
        d / "tc.md",
    ),
}


def _commands() -> dict[str, list[str]]:
    """Every command of the CLI and its parameters' names."""
    found: dict[str, list[str]] = {}

    def walk(command: object, prefix: str) -> None:
        subs = getattr(command, "commands", None)
        if subs:
            for name, sub in subs.items():
                walk(sub, f"{prefix} {name}".strip())
        else:
            found[prefix] = [p.name for p in command.params]  # type: ignore[attr-defined]

    walk(typer.main.get_command(app), "")
    return found


def test_every_command_that_writes_is_tested_for_the_lock() -> None:
    """A command added later that writes (it takes -o, --force or --dry-run) fails here until
    it is in WRITERS, and so is held to the lock tests below."""
    writes = {"output", "folder", "force", "dry_run"}
    writers = {name for name, params in _commands().items() if writes & set(params)}
    assert writers == set(WRITERS)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() if p.is_file() else b"<dir>"
        for p in sorted(folder.rglob("*"))
    }


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_every_writer_refuses_while_another_process_holds_the_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """With no time to wait, a writer refuses and writes nothing while the target's lock is
    held: one that skipped the lock would write (the issue: import -o and new -o --force)."""
    writer = WRITERS[name](tmp_path)
    if writer.tree:  # the folder exists with the file in it, so that --force replaces it
        writer.target.parent.mkdir(parents=True, exist_ok=True)
        writer.target.write_bytes(b"trang cu")
    monkeypatch.setenv("PARPLAN_LOCK_TIMEOUT", "0")
    with held_elsewhere(writer.target, follow=not writer.tree) as holder:
        before = _snapshot(tmp_path)
        result = runner.invoke(app, writer.args)
        after = _snapshot(tmp_path)
    assert result.exit_code == 2, result.output
    assert f"một lệnh khác đang ghi tệp này (tiến trình {holder})" in result.stderr
    assert after == before


@pytest.fixture
def notice_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A forked writer says it waits at its first try, not after a second: the notice is the
    event these tests wait for; the waiting itself is what they test."""
    monkeypatch.setattr(files, "WAIT_NOTICE_AFTER", 0.0)


@pytest.mark.parametrize("name", sorted(WRITERS))
@pytest.mark.usefixtures("notice_at_once")
def test_every_writer_waits_for_the_lock_then_writes_after(tmp_path: Path, name: str) -> None:
    """The writer waits (its notice is the event), the holder changes the target meanwhile and
    lets go; the writer then writes after it: an edit applies to the holder's text, a whole
    file replaces it. Nothing is lost unannounced."""
    writer = WRITERS[name](tmp_path)
    writer.target.parent.mkdir(parents=True, exist_ok=True)
    with files.plan_lock(writer.target, follow=not writer.tree):
        proc = forked_parplan(writer.args)
        wait_for_notice(proc.stderr)
        meanwhile = (
            writer.target.read_text(encoding="utf-8") if writer.edits else ""
        ) + "# trước\n"
        writer.target.write_text(meanwhile, encoding="utf-8")
    out, err = proc.communicate()
    text = writer.target.read_bytes().decode("utf-8", "replace")
    assert proc.returncode in (0, 1), err  # import: 1 = written, with problems to review
    assert "Đã ghi" in out + err or "Đã chép" in err
    if writer.edits:
        assert text.startswith(meanwhile.removesuffix("# trước\n")[:200]) and "# trước" in text
        assert text != meanwhile  # the edit landed on the holder's text
    else:
        assert "# trước" not in text  # replaced after the holder, not before


@pytest.mark.usefixtures("notice_at_once")
def test_new_without_force_checks_again_holding_the_lock(tmp_path: Path) -> None:
    """`new -o X` finds no X, waits for X's lock; the holder makes X meanwhile: new refuses
    (checked again under the lock) and X keeps the holder's text."""
    target = tmp_path / "2025.yaml"
    args = ["new", "--year", "2025", "--issuer", "Sở Nội vụ", "--parent", "UBND tỉnh"]
    with files.plan_lock(target):
        proc = forked_parplan([*args, "-o", str(target)])
        wait_for_notice(proc.stderr)
        target.write_text("# của người khác\n", encoding="utf-8")
    _, err = proc.communicate()
    assert proc.returncode == 2, err
    assert "tệp đã tồn tại; dùng --force để ghi đè" in err
    assert target.read_text(encoding="utf-8") == "# của người khác\n"
