"""The format of an output follows its file name: one function decides it for every command
that writes a file, and a contradiction or an unknown extension writes nothing (exit 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parplan.cli import app
from parplan.core.errors import UsageError
from parplan.render.formats import output_format

from .conftest import PROGRESS_REL, ROOT

runner = CliRunner()
PROGRESS = str(ROOT / PROGRESS_REL)
REPORT = ("md", "docx")


@pytest.mark.parametrize(
    ("output", "requested", "fmt"),
    [
        ("bao-cao.docx", None, "docx"),
        ("BAO-CAO.DOCX", None, "docx"),
        ("bao-cao.md", None, "md"),
        ("thu-muc.v2/bao-cao.md", None, "md"),
        ("-", None, "md"),
        ("-", "md", "md"),
        ("bao-cao.docx", "docx", "docx"),
        ("bao-cao", "docx", "docx"),  # no extension: --format decides
    ],
)
def test_the_format_follows_the_name(output: str, requested: str | None, fmt: str) -> None:
    assert output_format(output, REPORT, requested) == fmt


@pytest.mark.parametrize(
    ("output", "requested", "message"),
    [
        ("bao-cao.md", "docx", "--format docx mâu thuẫn với tên tệp bao-cao.md (md)"),
        ("bao-cao.docx", "md", "mâu thuẫn"),
        ("bao-cao.pdf", None, "đuôi tệp '.pdf' không rõ định dạng; cần .md, .docx"),
        ("bao-cao.pdf", "docx", "không rõ định dạng"),
        ("bao-cao.json", None, "lệnh này không ghi tệp .json; cần .md, .docx"),
        ("bao-cao", None, "tệp không có đuôi"),
        ("-", "docx", "cần một tệp .docx"),
        ("bao-cao.md", "pdf", "--format: 'pdf' không hợp lệ"),
    ],
)
def test_contradictions_are_usage_errors(output: str, requested: str | None, message: str) -> None:
    with pytest.raises(UsageError) as caught:
        output_format(output, REPORT, requested)
    assert message in caught.value.message


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stderr


def test_report_to_docx_without_format_is_word(tmp_path: Path) -> None:
    out = tmp_path / "bao-cao.docx"
    code, err = invoke("report", PROGRESS, "-p", "2024-Q1", "-o", str(out), "--date", "2024-12-20")
    assert code == 0, err
    assert out.read_bytes()[:2] == b"PK"  # a zip (Word), not Markdown text


@pytest.mark.parametrize(
    ("command", "name"),
    [
        (["report", PROGRESS, "-p", "2024-Q1", "-f", "docx"], "r.md"),
        (["report", PROGRESS, "-p", "2024-Q1"], "r.pdf"),
        (["report", PROGRESS, "-p", "2024-Q1", "-f", "md"], "r.docx"),
        (["calendar", PROGRESS], "lich.txt"),
        (["export", PROGRESS, "-f", "yaml"], "plan.json"),
        (["export", PROGRESS], "plan.docx"),
        (["schema"], "schema.yaml"),
    ],
)
def test_every_writing_command_refuses_and_writes_nothing(
    tmp_path: Path, command: list[str], name: str
) -> None:
    out = tmp_path / name
    code, err = invoke(*command, "-o", str(out))
    assert code == 2, err
    assert str(out) in err or "--format" in err
    assert not out.exists()


def test_export_and_schema_follow_the_name(tmp_path: Path) -> None:
    as_yaml, as_json, schema = tmp_path / "p.yml", tmp_path / "p.json", tmp_path / "s.json"
    assert invoke("export", PROGRESS, "-o", str(as_yaml))[0] == 0
    assert as_yaml.read_text(encoding="utf-8").startswith("version: 1")
    assert invoke("export", PROGRESS, "-o", str(as_json))[0] == 0
    assert json.loads(as_json.read_text(encoding="utf-8"))["plan"]["year"] == 2024
    assert invoke("schema", "-o", str(schema))[0] == 0
    assert "properties" in json.loads(schema.read_text(encoding="utf-8"))


def test_calendar_to_stdout(tmp_path: Path) -> None:
    result = runner.invoke(app, ["calendar", PROGRESS, "-o", "-"])
    assert result.exit_code == 0 and result.stdout.startswith("BEGIN:VCALENDAR")
