"""The Word report says what the Markdown report says: the same words in the same order, for
every period and for a unit's report (the signed copy is the .docx; the draft often the .md)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

from .conftest import PLAN_2024, PROGRESS_REL, ROOT
from .golden import run_ok as run

PERIODS = ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4", "2024-H1", "2024-9M", "2024"]


def docx_words(path: Path) -> list[str]:
    """The words of every body paragraph and table cell, in document order."""
    doc = Document(str(path))
    texts: list[str] = []
    for element in doc.element.body.iterchildren():
        if element.tag.endswith("}p"):
            texts.append(Paragraph(element, doc).text)
        elif element.tag.endswith("}tbl"):
            for row in Table(element, doc).rows:
                texts += [p.text for cell in row.cells for p in cell.paragraphs]
    return " ".join(texts).split()


def markdown_words(text: str) -> list[str]:
    """The words a reader sees in the Markdown: tables' pipes, emphasis, heading marks, HTML
    and rules aside, escapes undone."""
    kept = [
        line
        for line in text.splitlines()
        if not re.fullmatch(r"\|?[\s:|-]*---[\s:|-]*|</?div[^>]*>", line.strip())
    ]
    body = re.sub(r"^#+ ", "", "\n".join(kept), flags=re.M).replace("<br>", " ")
    body = re.sub(r"(?<!\\)[|*]", " ", body)
    return re.sub(r"\\(.)", r"\1", body).split()


@pytest.fixture(scope="module")
def recorded_2024(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real plan with progress recorded as a year goes: tasks done on time, late, in
    progress and cancelled, a monthly obligation partly met, an indicator's figure."""
    plan = tmp_path_factory.mktemp("plan") / "2024.yaml"
    shutil.copy(PLAN_2024, plan)
    steps = [
        ["task", "1", "--done", "20/02/2024", "-e", "Kế hoạch số 45/KH-SVHTT ngày 20/02/2024"],
        ["task", "2", "--done", "05/03/2024", "-e", "Kế hoạch số 52/KH-SVHTT"],
        ["task", "3", "--status", "đang thực hiện"],
        ["task", "4", "--status", "hủy", "--note", "Gộp vào nhiệm vụ 1."],
        [
            "obligation",
            "cong-khai-hang-thang",
            "-p",
            "2024-01",
            "-u",
            "van-phong",
            "--done",
            "31/01/2024",
        ],
        [
            "obligation",
            "cong-khai-hang-thang",
            "-p",
            "2024-02",
            "-u",
            "thanh-tra",
            "--done",
            "04/03/2024",
        ],
        ["indicator", "sipas", "--period", "2024-H1", "--value", "86,2"],
    ]
    for step in steps:
        run("record", *step, "--plan", str(plan))
    return plan


def both(plan: Path, tmp_path: Path, *args: str) -> tuple[list[str], list[str]]:
    common = ["report", str(plan), *args, "--date", "2024-12-20"]
    md = run(*common, "-o", "-")
    out = tmp_path / f"r{len(list(tmp_path.glob('r*.docx')))}.docx"
    run(*common, "-f", "docx", "-o", str(out))
    return markdown_words(md), docx_words(out)


@pytest.mark.parametrize("period", PERIODS)
def test_word_and_markdown_say_the_same_words(
    recorded_2024: Path, tmp_path: Path, period: str
) -> None:
    md, word = both(recorded_2024, tmp_path, "-p", period)
    assert word == md
    fixture_md, fixture_word = both(ROOT / PROGRESS_REL, tmp_path, "-p", period)
    assert fixture_word == fixture_md


@pytest.mark.parametrize("unit", ["to-chuc-phap-che", "van-phong"])
def test_a_unit_report_says_the_same_words(recorded_2024: Path, tmp_path: Path, unit: str) -> None:
    md, word = both(recorded_2024, tmp_path, "-p", "2024-H1", "--unit", unit)
    assert word == md
    assert " ".join(md).count("Nhiệm vụ") >= 2


def test_the_words_compared_include_what_word_used_to_drop(
    recorded_2024: Path, tmp_path: Path
) -> None:
    """The comparison sees the sentences the .docx once lost (so it can fail on them)."""
    text = " ".join(both(recorded_2024, tmp_path, "-p", "2024-Q1")[0])
    text += " ".join(both(recorded_2024, tmp_path, "-p", "2024")[0])
    for sentence in (
        "hủy: 1.",
        "khắc phục tồn tại của Chỉ số năm trước",
        "Không có nhiệm vụ của lĩnh vực này đến hạn trong kỳ.",
        ", dự kiến)",
        "quá hạn, cần hoàn thành ngay",
        "Tháng 01 (chưa thực hiện: Phòng Tổ chức - Pháp chế, Phòng Kế hoạch - Tài chính,",
    ):
        assert sentence in text, sentence
