"""Options that take a state or an assessment accept the Vietnamese labels the tables show, as
well as the codes; sentences show labels, never codes."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from parplan.cli import app
from parplan.core.errors import UsageError
from parplan.tracking.items import SHORT_STATE_LABELS, STATE_LABELS, TASK_STATUS_LABELS
from parplan.tracking.progress import ASSESSMENT_LABELS
from parplan.tracking.typed import pick_code
from parplan.tracking.units import ROLE_LABELS

from .conftest import DATA, PLAN_2024

runner = CliRunner()


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("overdue", "overdue"),
        ("Quá hạn", "overdue"),
        ("quá hạn", "overdue"),
        ("qua han", "overdue"),
        ("QUA  HAN", "overdue"),
        ("Sắp đến hạn", "due_soon"),
        ("due soon", "due_soon"),
        ("Xong", "done"),
        ("Xong (muộn)", "done_late"),
        ("Hoàn thành muộn", "done_late"),
        ("Không hạn", "no_deadline"),
        ("Không có hạn", "no_deadline"),
        ("đã hủy", "cancelled"),
    ],
)
def test_state_from_code_or_label(typed: str, code: str) -> None:
    assert pick_code("--state", typed, SHORT_STATE_LABELS, STATE_LABELS) == code


@pytest.mark.parametrize(
    ("typed", "code"),
    [("đạt", "achieved"), ("Đạt một phần", "partly"), ("chua dat", "not_achieved")],
)
def test_assessment_from_code_or_label(typed: str, code: str) -> None:
    assert pick_code("--assessment", typed, ASSESSMENT_LABELS) == code


def test_an_unknown_label_lists_labels_and_codes() -> None:
    with pytest.raises(UsageError, match=r"Quá hạn \(overdue\)"):
        pick_code("--state", "trễ", SHORT_STATE_LABELS, STATE_LABELS)


def test_deadlines_state_label_selects_the_same_rows_as_the_code() -> None:
    base = ["deadlines", str(PLAN_2024), "--as-of", "2024-06-20", "--json"]
    by_code = runner.invoke(app, [*base, "--state", "overdue", "--state", "due_soon"])
    by_label = runner.invoke(app, [*base, "--state", "Quá hạn", "--state", "sắp đến hạn"])
    assert by_code.exit_code == by_label.exit_code == 0, by_label.output
    assert by_label.stdout == by_code.stdout and '"state": "overdue"' in by_code.stdout


def test_record_takes_vietnamese_assessment_and_status() -> None:
    plan = ["--plan", str(PLAN_2024), "--dry-run"]
    by_label = runner.invoke(
        app, ["record", "indicator", "par-index", "-p", "2024", "--assessment", "đạt", *plan]
    )
    by_code = runner.invoke(
        app, ["record", "indicator", "par-index", "-p", "2024", "--assessment", "achieved", *plan]
    )
    assert by_label.exit_code == 0, by_label.output
    assert by_label.stdout == by_code.stdout and "assessment: achieved" in by_label.stdout
    assert "Năm 2024: đạt" in by_label.stderr  # the summary reads the label, not the code
    status = runner.invoke(app, ["record", "task", "7", "--status", "đang thực hiện", *plan])
    assert status.exit_code == 0 and "status: in_progress" in status.stdout
    assert set(TASK_STATUS_LABELS) == {"not_started", "in_progress", "done", "cancelled"}


def test_diff_shows_an_assessment_as_words(tmp_path: Path) -> None:
    before = DATA / "plans" / "valid" / "progress.yaml"
    text = before.read_text(encoding="utf-8")
    marker = "target: {op: qualitative, unit: text}"
    assert marker in text
    after = tmp_path / "after.yaml"
    after.write_text(
        text.replace(
            marker,
            marker + "\n    values:\n      - {period: 2024-H1, assessment: partly}",
            1,
        ),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["diff", str(before), str(after)])
    assert result.exit_code == 0, result.output
    assert "đạt một phần" in result.stdout and "partly" not in result.stdout


def _option_help(path: tuple[str, ...], name: str) -> str:
    from typer.main import get_command

    command: Any = get_command(app)
    for word in path:
        command = command.commands[word]
    (param,) = [p for p in command.params if name in p.opts]
    return str(param.help)


@pytest.mark.parametrize(
    ("path", "option", "labels"),
    [
        (("record", "task"), "--status", TASK_STATUS_LABELS),
        (("record", "indicator"), "--assessment", ASSESSMENT_LABELS),
        (("deadlines",), "--state", SHORT_STATE_LABELS),
        (("status",), "--role", ROLE_LABELS),
    ],
)
def test_help_names_every_label_and_code_the_option_takes(
    path: tuple[str, ...], option: str, labels: Mapping[str, str]
) -> None:
    """The help of an option that takes a label writes the label table out by hand: it must
    say each label (as the views show it) and each code, so that a label renamed in its one
    home cannot leave --help offering the old word."""
    said = _option_help(path, option).casefold()
    missing = [
        word
        for code, label in labels.items()
        for word in (code, label)
        if word.casefold() not in said
    ]
    assert not missing, f"{' '.join(path)} {option}: --help does not say {missing}"
