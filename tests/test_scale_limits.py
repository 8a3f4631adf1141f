"""Files a plan cannot sensibly be: millions of unknown keys, a section of a million
paragraphs. Each is refused or reported in memory bounded by a small multiple of the file,
with a located message; no test here times anything."""

from __future__ import annotations

from pathlib import Path

import pytest

from parplan.document import fastyaml, loader
from parplan.document.loader import check_file

from .conftest import MINIMAL
from .test_hostile import measure_check

PLAN = MINIMAL.read_text(encoding="utf-8")


def _with_keys(n: int, start: str = "plan:\n", indent: str = "  ") -> str:
    return PLAN.replace(start, start + "".join(f"{indent}k{i}: 1\n" for i in range(n)), 1)


def test_a_mapping_past_the_key_limit_is_refused_at_its_first_key_too_many(
    tmp_path: Path,
) -> None:
    path = tmp_path / "keys.yaml"
    text = _with_keys(fastyaml.MAX_KEYS + 5)
    path.write_text(text, encoding="utf-8")
    (problem,) = check_file(path).problems
    first_key_line = PLAN[: PLAN.index("plan:\n")].count("\n") + 2
    assert problem.code == "PP008" and "quá nhiều khóa trong một ánh xạ (hơn 200.000)" in (
        problem.message
    )
    # the key after MAX_KEYS of them: the parser stopped there, the rest was never built
    assert problem.line == first_key_line + fastyaml.MAX_KEYS


def test_unknown_keys_past_errors_read_are_counted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The small case of the next test (make test): past ERRORS_READ, unknown keys are only
    counted; the first 200 are listed and the rest said in one line."""
    monkeypatch.setattr(loader, "ERRORS_READ", 300)
    path = tmp_path / "keys.yaml"
    path.write_text(_with_keys(1_000), encoding="utf-8")
    result = check_file(path)
    codes = [p.code for p in result.problems]
    assert result.count == 1_000 and codes == ["PP010"] * 200 + ["PP009"]
    assert result.problems[-1].omitted == 800
    assert "còn 800 vấn đề nữa" in result.problems[-1].message


@pytest.mark.slow  # ~3 CPU-s: make test-deep; its small case above runs in make test
def test_unknown_keys_are_counted_without_an_error_object_each(tmp_path: Path) -> None:
    """190,000 unknown keys (under the key limit): pydantic held one error object per key
    (about 1 KB each: 4 million took 4.4 GB); they are now taken out before validation, counted,
    and only the first ERRORS_READ turned into messages."""
    path = tmp_path / "keys.yaml"
    path.write_text(_with_keys(190_000), encoding="utf-8")
    result = measure_check(path, timeout=120)
    codes = result["codes"]
    assert isinstance(codes, list) and codes[:3] == ["PP010"] * 3 and codes[-1] == "PP009"
    lines = result["lines"]
    assert isinstance(lines, list) and "còn 189.800 vấn đề nữa" in lines[-1]
    assert isinstance(result["extra_bytes"], int) and result["extra_bytes"] < 120 * 2**20


def test_unknown_keys_below_the_top_are_reported_as_before() -> None:
    text = PLAN.replace("    objective: ", "    objectiv: ", 1).replace(
        "    kind: internal\n", "    kind: internal\n    extra: 1\n", 1
    )
    plan, problems = loader.validate_data(fastyaml.load(text))
    assert plan is None
    found = sorted((p.code, p.loc, p.suggested) for p in problems)
    assert found == [
        ("PP010", ("tasks", 0, "objectiv"), "objective"),
        ("PP010", ("units", 0, "extra"), ""),
    ]  # the typo's "missing objective" merged into it, as pydantic's own error was


def test_a_section_of_more_paragraphs_than_a_document_holds_is_located(tmp_path: Path) -> None:
    n = loader.MAX_PARAGRAPHS + 1
    text = PLAN.replace("areas:\n", "purposes:\n" + '  - "Mục đích."\n' * n + "areas:\n", 1)
    path = tmp_path / "purposes.yaml"
    path.write_text(text, encoding="utf-8")
    (problem,) = check_file(path).problems
    first = text[: text.index("purposes:\n")].count("\n") + 2
    assert (problem.code, problem.line, problem.column) == ("PP008", first + n - 1, 5)
    assert problem.message == (
        "phần 'purposes' có 10.001 đoạn, quá giới hạn 10.000 đoạn của một văn bản"
    )
