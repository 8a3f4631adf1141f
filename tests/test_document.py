"""The plan document layer: edits as data applied to plans written in any YAML style.

The property test writes one plan in random styles (block or flow collections; plain,
quoted, literal or folded scalars with every chomping; comments between entries, after
values and at item ends; CRLF or LF; with or without a final line break) and checks every
`record` operation on it: the result is a valid plan, it reads back as the same operation made
on the data, and every line outside the edited item is byte-identical."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from parplan.cli import app
from parplan.core.errors import ParplanError
from parplan.core.model import Plan
from parplan.document import fastyaml
from parplan.document.change import Change
from parplan.document.edits import (
    AppendToList,
    DocumentError,
    Raw,
    SetField,
    _end,
    apply,
    apply_to_data,
)
from parplan.document.loader import plan_from_text
from parplan.document.tree import compose_at
from parplan.editing.record import record_indicator, record_obligation, record_task

from .conftest import DATA
from .depth import deep, examples

BASE = fastyaml.load((DATA / "record" / "before.yaml").read_text(encoding="utf-8"))
TODAY = date(2024, 12, 31)
runner = CliRunner()

# --- the three cases that broke the old splicer ---------------------------------------------

FOLDED_NOTE_ENDS_ITEM = """\
tasks:
  - number: 2
    progress:
      status: in_progress
      note: >-
        Đang xin
        ý kiến.
  - number: 3
"""
LITERAL_NOTE_THEN_COMMENT = """\
tasks:
  - number: 2
    progress:
      note: |
        Đang xin ý kiến.
    # ghi chú của người sửa
  - number: 3
"""
FLOW_PROGRESS = """\
tasks:
  - number: 2
    progress: {status: in_progress, evidence: [{title: "Công văn 1"}]}
  - number: 3
"""


def _plan_with(tasks_yaml: str) -> str:
    """before.yaml with its task 2 replaced by the given one (and task 3 kept)."""
    text = (DATA / "record" / "before.yaml").read_text(encoding="utf-8")
    head, _, _ = text.partition("tasks:\n")
    task2 = tasks_yaml.split("  - number: 2\n")[1].split("  - number: 3\n")[0]
    fields = (
        '    area: chi-dao-dieu-hanh\n    objective: "x"\n    duty: "y"\n    product: "z"\n'
        '    lead: [van-phong]\n    deadline: {text: "Năm 2024", by: "2024"}\n'
    )
    task1 = text.split("tasks:\n")[1].split("  - number: 2\n")[0]
    task3 = "  - number: 3\n" + fields
    return f"{head}tasks:\n{task1}  - number: 2\n{fields}{task2}{task3}"


@pytest.mark.parametrize("case", [FOLDED_NOTE_ENDS_ITEM, LITERAL_NOTE_THEN_COMMENT, FLOW_PROGRESS])
@pytest.mark.parametrize(
    "options",
    [
        {"note": "x"},
        {"status": "cancelled"},
        {"done": "2024-03-20", "evidence": ["Công văn số 2/CV"]},
    ],
)
def test_the_three_styles_that_broke_recording(case: str, options: dict[str, Any]) -> None:
    text = _plan_with(case)
    plan = plan_from_text(text, "before.yaml")
    change = record_task(plan, 2, today=TODAY, **options)
    _check(text, change)


def test_the_breaking_cases_through_the_cli(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    for case in (FOLDED_NOTE_ENDS_ITEM, LITERAL_NOTE_THEN_COMMENT, FLOW_PROGRESS):
        path.write_text(_plan_with(case), encoding="utf-8")
        result = runner.invoke(app, ["record", "task", "2", "--note", "x", "--plan", str(path)])
        assert result.exit_code == 0, result.output
        progress = plan_from_text(path.read_text(encoding="utf-8"), "p").tasks[1].progress
        assert progress is not None and progress.note == "x"
        if case == LITERAL_NOTE_THEN_COMMENT:  # the comment stays on its own line
            lines = path.read_text(encoding="utf-8").splitlines()
            assert '      note: "x"' in lines and "    # ghi chú của người sửa" in lines


@pytest.mark.parametrize(
    ("text", "edit", "expected"),
    [
        ("a: {b: 1}\n", SetField(("a",), "c", 2), "a: {b: 1, c: 2}\n"),
        ("a: {}\n", SetField(("a",), "c", 2), "a: {c: 2}\n"),
        ("a: {}\n", SetField(("a",), "c", [1]), "a: {c: [1]}\n"),
        ("a: [x]\nb: 1", AppendToList((), "a", (Raw("y"),)), "a: [x, y]\nb: 1"),
        ("a:\n  b: 1", SetField(("a",), "c", "v"), 'a:\n  b: 1\n  c: "v"'),
        (
            "a:\r\n  b: |+\r\n    t\r\n\r\n",
            SetField(("a",), "c", 1),
            "a:\r\n  b: |+\r\n    t\r\n\r\n  c: 1\r\n",
        ),
        ("a:\n  b:   # c\n", SetField(("a",), "b", 1), "a:\n  b: 1   # c\n"),
        ("a:\n  b: | # c\n    t\n", SetField(("a",), "b", 1), "a:\n  b: 1 # c\n"),
        ("a:\n  b: x\n", SetField(("a",), "b", {"c": 1}), "a:\n  b:\n    c: 1\n"),
    ],
)
def test_apply_in_each_style(text: str, edit: Any, expected: str) -> None:
    assert apply(text, [edit]) == expected
    assert fastyaml.load(expected) == apply_to_data(fastyaml.load(text), [edit])


@pytest.mark.parametrize(
    ("text", "edit"),
    [
        ("a: 1\n", SetField(("b",), "c", 1)),  # no such item
        ("a: [1]\n", SetField(("a",), "c", 1)),  # not a mapping
        ("a: {b: {c: 1}}\n", AppendToList(("a",), "b", (1,))),  # not a list
    ],
)
def test_an_edit_without_a_place_is_a_document_error(text: str, edit: Any) -> None:
    with pytest.raises(DocumentError) as info:
        apply(text, [edit])
    assert isinstance(info.value, ParplanError)


# --- property: record on a plan written in random styles ------------------------------------

COMMENT = "# ghi chú: 'x' #1"
FREE_TEXT = {"note", "objective", "duty", "product"}  # a block scalar's final line break is fine
TEXT = st.text(
    alphabet=st.sampled_from(
        list("aăbcdđeêghiklmnoôơpqrstuưvxyàảãáạệ 0123456789\"'\\:#-&<>{}[]|,.")
    ),
    min_size=1,
    max_size=30,
).filter(lambda s: s.strip() == s)
LINES = st.lists(TEXT.filter(lambda s: s[0] not in "#"), min_size=1, max_size=3)


def _plain_ok(value: str, in_flow: bool) -> bool:
    source = f"{{k: {value}}}" if in_flow else f"k: {value}\n"
    try:
        return bool(fastyaml.load(source) == {"k": value})
    except Exception:
        return False


class Writer:
    """Writes plain data as YAML, choosing every style at random."""

    def __init__(self, draw: Any) -> None:
        self.draw = draw

    def pick(self, *choices: str) -> str:
        return str(self.draw(st.sampled_from(choices)))

    def comment(self) -> str:
        return f"  {COMMENT}" if self.draw(st.booleans()) else ""

    def scalar(self, value: Any, in_flow: bool) -> str:
        if value is None:
            return self.pick("null", "~", "") if not in_flow else "null"
        if not isinstance(value, str):
            return json.dumps(value)
        styles = ["double", "single"] + (["plain"] if _plain_ok(value, in_flow) else [])
        style = self.pick(*styles)
        if style == "plain":
            return value
        if style == "single":
            return "'" + value.replace("'", "''") + "'"
        return json.dumps(value, ensure_ascii=False)

    def flow(self, value: Any) -> str:
        if isinstance(value, dict):
            return "{" + ", ".join(f"{k}: {self.flow(v)}" for k, v in value.items()) + "}"
        if isinstance(value, list):
            return "[" + ", ".join(self.flow(v) for v in value) + "]"
        return self.scalar(value, in_flow=True)

    def value(self, key: str, value: Any, indent: int) -> list[str]:
        """The lines of ``key: value`` at ``indent``."""
        pad = " " * indent
        if isinstance(value, dict | list) and value and self.draw(st.booleans()):
            head = f"{pad}{key}:{self.comment()}"
            body = self.mapping(value, indent + 2) if isinstance(value, dict) else None
            return [head, *(body or self.sequence(value, indent + 2))]
        if isinstance(value, dict | list):
            return [f"{pad}{key}: {self.flow(value)}{self.comment()}"]
        if key in FREE_TEXT and isinstance(value, str) and self.draw(st.integers(0, 2)) == 0:
            return self.block_scalar(key, value, indent)
        text = self.scalar(value, in_flow=False)
        return [f"{pad}{key}:{' ' if text else ''}{text}{self.comment()}"]

    def block_scalar(self, key: str, value: str, indent: int) -> list[str]:
        lines = [line for line in value.split("\n") if line] or ["x"]
        if any(line[0] == " " or line.strip() != line for line in lines):
            lines = ["x"]
        header = self.pick("|", ">") + self.pick("", "-", "+")
        out = [f"{' ' * indent}{key}: {header}{self.comment()}"]
        out += [f"{' ' * (indent + 2)}{line}" for line in lines]
        out += [""] * int(self.draw(st.integers(0, 2)))  # blank lines after (kept by '+')
        return out

    def mapping(self, data: dict[str, Any], indent: int) -> list[str]:
        out: list[str] = []
        for i, (key, value) in enumerate(data.items()):
            if i and self.draw(st.integers(0, 4)) == 0:
                out.append(" " * self.draw(st.sampled_from([0, indent])) + COMMENT)
            out += self.value(key, value, indent)
        if self.draw(st.integers(0, 4)) == 0:  # a comment at the end of the item
            out.append(" " * indent + COMMENT)
        return out

    def sequence(self, items: list[Any], indent: int) -> list[str]:
        out: list[str] = []
        for item in items:
            if isinstance(item, dict) and item and self.draw(st.booleans()):
                lines = self.mapping(item, indent + 2)
                out.append(" " * indent + "- " + lines[0][indent + 2 :])
                out += lines[1:]
            elif isinstance(item, dict | list):
                out.append(f"{' ' * indent}- {self.flow(item)}{self.comment()}")
            else:
                out.append(f"{' ' * indent}- {self.scalar(item, False) or 'null'}{self.comment()}")
        return out


PROGRESS = st.one_of(
    st.none(),
    st.just({}),
    st.fixed_dictionaries(
        {"status": st.sampled_from(["in_progress", "not_started"])},
        optional={
            "note": TEXT | LINES.map("\n".join),
            "evidence": st.lists(st.fixed_dictionaries({"title": TEXT}), max_size=2),
        },
    ),
)


@st.composite
def styled_plans(draw: Any) -> str:
    data = json.loads(json.dumps(BASE))
    for task in data["tasks"]:
        progress = draw(PROGRESS)
        task.pop("progress", None)
        if progress is not None or draw(st.booleans()):
            task["progress"] = progress
    lines = [COMMENT, *Writer(draw).mapping(data, 0)]
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    return nl.join(lines) + (nl if draw(st.booleans()) else "")


def record_operations(plan: Plan, draw: Any) -> Change:
    kind = draw(st.sampled_from(["task", "indicator", "assessment", "obligation"]))
    if kind == "task":
        status = draw(st.sampled_from([None, "in_progress", "cancelled", "not_started"]))
        return record_task(
            plan,
            draw(st.integers(1, 3)),
            today=TODAY,
            status=status,
            done=None if status else draw(st.sampled_from(["2024-03-20", "20/05/2024"])),
            note=draw(st.none() | TEXT),
            evidence=draw(st.lists(TEXT, max_size=2)),
        )
    if kind == "indicator":
        period = draw(st.sampled_from(["2024-Q1", "2024-Q2", "2024-H1", "2024"]))
        value = draw(st.sampled_from(["81,5", "90", "77"]))
        return record_indicator(
            plan, "sipas", period=period, value=value, source=draw(st.none() | TEXT)
        )
    if kind == "assessment":
        return record_indicator(
            plan, "par-index", period="2024", assessment="partly", note=draw(st.none() | TEXT)
        )
    month = draw(st.integers(1, 12))
    return record_obligation(
        plan, "cong-khai", today=TODAY, period=f"2024-{month:02d}", done=f"2024-{month:02d}-28"
    )


def _check(text: str, change: Change) -> None:
    edited = apply(text, change.edits)
    plan_from_text(edited, "after.yaml")  # a valid plan
    assert fastyaml.load(edited) == apply_to_data(fastyaml.load(text), change.edits)
    # every comment is kept, and a comment line stays a line of its own
    assert edited.count(COMMENT) == text.count(COMMENT)
    own_lines = [line.strip() == COMMENT for line in edited.splitlines()]
    assert sum(own_lines) == sum(line.strip() == COMMENT for line in text.splitlines())
    assert change.item is not None
    node = compose_at(text, change.item)
    assert node is not None
    first, last = node.start_mark.line, text.count("\n", 0, _end(text, node))
    old, new = text.splitlines(True), edited.splitlines(True)
    after = len(old) - last - 1
    assert new[:first] == old[:first]
    assert new[len(new) - after :] == old[last + 1 :] if after else True


EXAMPLES = int(os.environ.get("PARPLAN_DOCUMENT_EXAMPLES", str(examples(150))))


@deep
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_record_on_plans_in_random_styles(data: Any) -> None:
    text = data.draw(styled_plans())
    plan = plan_from_text(text, "styled.yaml")
    _check(text, record_operations(plan, data.draw))


def test_several_keys_into_an_empty_flow_mapping() -> None:
    edits = [SetField(("a",), "b", 1), SetField(("a",), "c", 2), AppendToList(("a",), "d", (3,))]
    assert apply("a: {}\n", edits) == "a: {b: 1, c: 2, d: [3]}\n"
