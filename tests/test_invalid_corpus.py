"""Regression corpus: invalid plan files and the exact lines ``parplan check`` prints for them.

``tests/data/plans/invalid/<case>.yaml`` is a copy of ``valid/minimal.yaml`` (or a tiny file,
when the scenario is about the file itself) with exactly one defect; ``<case>.expected`` beside
it holds the lines ``check`` prints for it, with the file given as the bare ``<case>.yaml``.
``tests/data/plans/valid/`` holds files that must be accepted: ``minimal.yaml`` and its
byte-level variants ``bom.yaml`` (UTF-8 BOM), ``nfd.yaml`` (decomposed Vietnamese) and
``crlf.yaml`` (CRLF line endings).

Regenerating the expectations (after a deliberate change of a message or a position)::

    PARPLAN_REGEN=1 .venv/bin/pytest tests/test_invalid_corpus.py

With ``PARPLAN_REGEN=1`` the corpus test writes every ``.expected`` file instead of comparing.
Then read ``git diff tests/data/plans/invalid``: each line must still point at the offending
node of its case and say what is wrong and what was expected.

Some cases show open bugs: ``KNOWN_ACCEPTED`` are invalid files that parplan accepts today,
``KNOWN_CRASHES`` raise instead of reporting a problem; the ``.expected`` of both is empty.
They are strict xfails, so fixing the bug makes a test fail until the case is taken off its
list and its expectation regenerated (and read). Other open bugs (an untranslated message, a
column off) are recorded as printed today; fixing them shows up as a diff to regenerate.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parplan.cli import app
from parplan.core.errors import Problem
from parplan.document.loader import check_file, load_plan

DATA = Path(__file__).parent / "data" / "plans"
INVALID = DATA / "invalid"
VALID = DATA / "valid"
REGEN = os.environ.get("PARPLAN_REGEN") == "1"

INVALID_CASES = sorted(INVALID.glob("*.yaml"))
VALID_CASES = sorted(VALID.glob("*.yaml"))

KNOWN_ACCEPTED: dict[str, str] = {}
KNOWN_CRASHES: dict[str, tuple[type[BaseException], str]] = {}


def _case_param(path: Path, *, crash_only: bool) -> object:
    name = path.stem
    marks = []
    if name in KNOWN_CRASHES:
        exc, why = KNOWN_CRASHES[name]
        marks.append(pytest.mark.xfail(raises=exc, strict=True, reason=f"bug: {why}"))
    elif not crash_only and name in KNOWN_ACCEPTED:
        reason = f"bug: accepted today: {KNOWN_ACCEPTED[name]}"
        marks.append(pytest.mark.xfail(strict=True, reason=reason))
    return pytest.param(path, id=name, marks=marks)


def _rendered(path: Path) -> list[str]:
    """What ``check`` prints for ``path``, with the file shown as its bare name."""
    problems: list[Problem] = check_file(path).problems
    return [p._replace(file=path.name).render() for p in problems]


def _expected_path(case: Path) -> Path:
    return case.with_suffix(".expected")


def _read_expected(case: Path) -> str:
    return _expected_path(case).read_text(encoding="utf-8")


def _as_text(lines: list[str]) -> str:
    return "".join(f"{line}\n" for line in lines)


@pytest.mark.parametrize("case", [_case_param(p, crash_only=True) for p in INVALID_CASES])
def test_invalid_case_prints_expected_lines(case: Path) -> None:
    text = _as_text(_rendered(case))
    if REGEN:
        _expected_path(case).write_text(text, encoding="utf-8", newline="\n")
        return
    assert text == _read_expected(case)


@pytest.mark.parametrize("case", [_case_param(p, crash_only=False) for p in INVALID_CASES])
def test_invalid_case_is_rejected(case: Path) -> None:
    assert not check_file(case).ok


def test_corpus_is_complete() -> None:
    cases = {p.stem for p in INVALID_CASES}
    expectations = {p.stem for p in INVALID.glob("*.expected")}
    assert len(cases) >= 34
    assert sorted(cases - expectations) == [], "cases without .expected"
    assert sorted(expectations - cases) == [], ".expected files without a case"
    assert sorted((set(KNOWN_ACCEPTED) | set(KNOWN_CRASHES)) - cases) == []


@pytest.mark.parametrize("case", VALID_CASES, ids=[p.stem for p in VALID_CASES])
def test_valid_case_is_accepted(case: Path) -> None:
    result = check_file(case)
    assert result.ok, [p.render() for p in result.problems]


def test_valid_variants_hold_the_bytes_they_claim() -> None:
    minimal = (VALID / "minimal.yaml").read_bytes()
    assert (VALID / "bom.yaml").read_bytes() == b"\xef\xbb\xbf" + minimal
    assert (VALID / "crlf.yaml").read_bytes() == minimal.replace(b"\n", b"\r\n")
    nfd = (VALID / "nfd.yaml").read_bytes().decode("utf-8")
    assert nfd == unicodedata.normalize("NFD", minimal.decode("utf-8"))
    assert nfd != unicodedata.normalize("NFC", nfd)


def test_nfd_plan_loads_as_nfc() -> None:
    plan = load_plan(VALID / "nfd.yaml")
    title = plan.plan.title
    assert title == unicodedata.normalize("NFC", title)
    assert title == load_plan(VALID / "minimal.yaml").plan.title
    assert plan.units[0].name == "Văn phòng Sở"


def test_cli_check_invalid_case(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(INVALID)
    result = CliRunner().invoke(app, ["check", "--format", "short", "duplicate-key.yaml"])
    assert result.exit_code == 1
    assert result.stdout == _read_expected(INVALID / "duplicate-key.yaml")
    assert "1 lỗi trong 1 tệp" in result.stderr


def test_cli_check_valid_minimal() -> None:
    path = VALID / "minimal.yaml"
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"{path}: hợp lệ — ")
    assert result.stderr == ""


def test_cli_check_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "khong-co.yaml"
    result = CliRunner().invoke(app, ["check", str(missing)])
    assert result.exit_code == 2
    assert str(missing) in result.stderr
    assert result.stdout == ""
