"""Hostile input against the surfaces added since the first audit (docs/robustness.md): a file
that passes the look but fails to read, a stdout that cannot be written, what the system
says of a failure, folder outputs, units' successors, the option values people type.

Each test guards one refusal that was a traceback, an English message, a silent choice or a
write to the wrong place before (the finding is named in each test's docstring)."""

from __future__ import annotations

import errno
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from parplan.cli import app
from parplan.core.errors import os_reason

from .conftest import MINIMAL
from .crafted import table_docx

runner = CliRunner()
PROC_MEM = Path("/proc/self/mem")


@pytest.mark.skipif(not PROC_MEM.exists(), reason="Linux /proc only")
def test_check_of_a_file_that_fails_to_read_is_refused_not_a_bug() -> None:
    """`check /proc/self/mem` passed the look (a regular file) and failed to read: it was
    'lỗi nội bộ (UsageError: …)', exit 3."""
    result = runner.invoke(app, ["check", str(PROC_MEM)])
    assert result.exit_code == 2, result.output
    assert "không đọc được tệp (lỗi vào/ra của thiết bị)" in result.stderr
    assert "lỗi nội bộ" not in result.output


@pytest.mark.parametrize(
    ("code", "said"),
    [
        (errno.ELOOP, "quá nhiều tầng liên kết tượng trưng"),
        (errno.EIO, "lỗi vào/ra của thiết bị"),
        (errno.ENOSPC, "hết chỗ trống trên thiết bị"),
        (errno.EROFS, "hệ thống tệp chỉ cho đọc"),
    ],
)
def test_what_the_system_says_is_vietnamese(code: int, said: str) -> None:
    """The reason of a failed read or write was the OS's English text ('Too many levels of
    symbolic links', 'Input/output error')."""
    reason = os_reason(OSError(code, "English text"))
    assert said in reason and "English" not in reason


def test_a_reason_without_wording_names_the_error() -> None:
    assert os_reason(OSError(errno.ECONNRESET, "Connection reset")) == "lỗi hệ thống ECONNRESET"


def test_a_symlink_loop_is_said_in_vietnamese(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    result = runner.invoke(app, ["status", str(tmp_path / "a.yaml")])
    assert result.exit_code == 2
    assert "quá nhiều tầng liên kết tượng trưng" in result.stderr
    assert "symbolic" not in result.stderr


def _run(args: list[str], stdout: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "parplan", *args],
        text=True,
        stdout=stdout,
        stderr=subprocess.PIPE,
        check=False,
    )


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("command", [["check"], ["status", "--as-of", "30/06/2024"]])
def test_a_full_stdout_is_said_not_a_bug(command: list[str]) -> None:
    """`parplan check plan.yaml > /dev/full` was 'lỗi nội bộ (OSError: [Errno 28] No space
    left on device)', exit 3."""
    with open("/dev/full", "w") as full:
        done = _run([command[0], str(MINIMAL), *command[1:]], stdout=full)
    assert done.returncode == 2, done.stderr
    assert "không ghi được kết quả ra stdout: hết chỗ trống trên thiết bị" in done.stderr
    assert "lỗi nội bộ" not in done.stderr


def test_a_closed_stdout_is_said_not_a_bug() -> None:
    """`parplan status plan.yaml >&-` was 'lỗi nội bộ (AttributeError: 'NoneType' object
    has no attribute 'write')', exit 3; `check` printed nothing and exited 0."""
    for command in (["status", "--as-of", "30/06/2024"], ["check"]):
        args = [sys.executable, "-m", "parplan", command[0], str(MINIMAL), *command[1:]]
        shell = " ".join(f"'{a}'" for a in args) + " >&-"
        done = subprocess.run(["sh", "-c", shell], text=True, stderr=subprocess.PIPE, check=False)
        assert done.returncode == 2, done.stderr
        assert "không ghi được kết quả ra stdout: tệp đã đóng" in done.stderr


@pytest.mark.parametrize(
    "command",
    [
        ["form", str(MINIMAL), "--period", "2024-Q1", "-o"],
        ["site", str(MINIMAL), "--as-of", "30/06/2024", "-o"],
        ["templates"],
    ],
)
@pytest.mark.parametrize("folder", ["-", ""])
def test_a_folder_output_named_stdout_or_nothing_is_refused(
    command: list[str], folder: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`form -o -`, `site -o -` and `templates -` made a folder named '-' (where '-' is stdout
    to every other -o); with '' they wrote their files into the current folder."""
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, [*command, folder])
    assert result.exit_code == 2, result.output
    assert "giá trị không hợp lệ" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_an_empty_output_file_name_is_said() -> None:
    """`report -o ''` said 'parplan: : tệp không có đuôi' (an empty name before the colon)."""
    result = runner.invoke(app, ["export", str(MINIMAL), "-o", ""])
    assert result.exit_code == 2
    assert "parplan: -o: tên tệp trống; cần một tệp .json, .yaml" in result.stderr


INDEX = Path(__file__).parent / "data" / "index"


def _plan_naming(tmp_path: Path, criteria: str) -> Path:
    text = (INDEX / "ke-hoach.yaml").read_text(encoding="utf-8")
    plan = tmp_path / "ke-hoach.yaml"
    plan.write_text(text.replace("criteria: 2024.yaml", f"criteria: {criteria}"), "utf-8")
    return plan


@pytest.mark.parametrize(
    ("criteria", "said"),
    [
        ("nothere.yaml", "không tìm thấy tệp bộ tiêu chí"),
        ("'.'", "là thư mục, không phải tệp bộ tiêu chí"),
        ('""', "tên tệp bộ tiêu chí trống"),
    ],
)
def test_a_criteria_file_that_is_not_one_is_named_as_such(
    tmp_path: Path, criteria: str, said: str
) -> None:
    """A missing criteria file was 'không tìm thấy tệp kế hoạch' (a plan file), a folder
    '… không phải tệp kế hoạch'; an empty name read the plan's folder."""
    result = runner.invoke(app, ["check", str(_plan_naming(tmp_path, criteria))])
    assert result.exit_code == 1
    assert said in result.stdout and "tệp kế hoạch" not in result.stdout
    assert "[PP303]" in result.stdout


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("bang.yaml", "chỉ nhập được bảng tiêu chí .xlsx, .docx, .md hoặc .txt"),
        ("thu-muc", "là thư mục, không phải tệp bảng tiêu chí"),
    ],
)
def test_index_import_names_what_it_reads(tmp_path: Path, name: str, said: str) -> None:
    """`index import bang.yaml` said 'chỉ nhập được tệp .docx, .txt hoặc .md' (the plan
    importer's list, without the .xlsx index import reads first); a folder said the same."""
    source = tmp_path / name
    if "." in name:
        source.write_text("x\n", encoding="utf-8")
    else:
        source.mkdir()
    result = runner.invoke(app, ["index", "import", str(source), "-o", str(tmp_path / "o.yaml")])
    assert result.exit_code == 2
    assert said in result.stderr
    assert not (tmp_path / "o.yaml").exists()


def _not_a_zip(path: Path) -> None:
    path.write_bytes(b"PK\x03\x04 cut short")


def _workbook(path: Path) -> None:
    from openpyxl import Workbook

    Workbook().save(path)


def _no_document(path: Path) -> None:
    import zipfile

    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (_not_a_zip, "tệp .docx hỏng hoặc không phải tệp Word (không phải gói tài liệu Office)"),
        (_workbook, "đây là tệp Excel mang đuôi .docx: hãy nhập tệp Word của kế hoạch"),
        (_no_document, "tệp .docx hỏng: nội dung bên trong không đọc được"),
    ],
)
def test_a_broken_word_file_is_said_in_vietnamese(tmp_path: Path, make: object, said: str) -> None:
    """The importer added python-docx's own English to its refusal: "(Package not found at
    '…')", "(file '…' is not a Word file, content type is '…spreadsheetml…')",
    "(AttributeError: 'lxml.etree._Element' object has no attribute 'overrides')"."""
    source = tmp_path / "ke-hoach.docx"
    make(source)  # type: ignore[operator]
    result = runner.invoke(app, ["import", str(source), "-o", str(tmp_path / "out.yaml")])
    assert result.exit_code == 2
    assert result.stderr == f"parplan: {source}: {said}; không ghi tệp nào\n"


def test_a_broken_word_template_is_said_as_such(tmp_path: Path) -> None:
    """A --templates folder's report.docx that is no Word file failed as 'lỗi mẫu: một phép
    tính trong mẫu không thực hiện được (PackageNotFoundError: Package not found at …)'."""
    (tmp_path / "mau").mkdir()
    (tmp_path / "mau" / "report.docx").write_bytes(b"not a package")
    out = tmp_path / "bao-cao.docx"
    args = ["report", str(MINIMAL), "--period", "2024-Q1", "-o", str(out)]
    result = runner.invoke(app, [*args, "--templates", str(tmp_path / "mau")])
    assert result.exit_code == 2
    assert "report.docx: không mở được mẫu Word: tệp .docx hỏng hoặc không phải" in result.stderr
    assert "Package" not in result.stderr and not out.exists()


def _criteria_with(tmp_path: Path, old: str, new: str) -> Path:
    text = (INDEX / "2024.yaml").read_text(encoding="utf-8")
    assert old in text
    (tmp_path / "bo.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")
    return _plan_naming(tmp_path, "bo.yaml")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("step: 0.25", "step: 1e-300"),
        ("step: 0.25", "step: 5e-324"),
        ("points: 4", "points: 1e300"),
    ],
)
def test_extreme_points_and_steps_are_checked_not_a_bug(tmp_path: Path, old: str, new: str) -> None:
    """A criteria table's `step: 1e-300` (or a point value of 1e300) was 'lỗi nội bộ
    (InvalidOperation: [<class 'decimal.DivisionImpossible'>])', exit 3, in check, index,
    index form and site: the remainder's quotient has more digits than Decimal's default."""
    result = runner.invoke(app, ["check", str(_criteria_with(tmp_path, old, new))])
    assert result.exit_code in (0, 1), result.output
    assert isinstance(result.exception, SystemExit | None), result.exception


def test_a_strict_bound_is_said_strict(tmp_path: Path) -> None:
    """`step: 0` said 'giá trị 0 phải ≥ 0.0' (true of 0, and an English decimal point)."""
    result = runner.invoke(app, ["check", str(_criteria_with(tmp_path, "step: 0.25", "step: 0"))])
    assert result.exit_code == 1
    assert "bo.yaml:8:7: step: giá trị 0 phải > 0 [PP013]" in result.stdout


@pytest.mark.parametrize("evidence", ["   ", "\u200b", " \u2060 "])
def test_blank_evidence_is_no_evidence(tmp_path: Path, evidence: str) -> None:
    """A self score whose evidence was spaces or zero-width characters alone passed
    check (PP307 asks for evidence or an explanation); the workbook's blank cells did not."""
    text = (INDEX / "ke-hoach.yaml").read_text(encoding="utf-8")
    old = 'evidence: "Kế hoạch số 45/KH-STN ngày 20/02/2024"'
    assert old in text
    plan = tmp_path / "ke-hoach.yaml"
    plan.write_text(text.replace(old, f'evidence: "{evidence}"'), encoding="utf-8")
    (tmp_path / "2024.yaml").write_bytes((INDEX / "2024.yaml").read_bytes())
    result = runner.invoke(app, ["check", str(plan), "--format", "short"])
    assert result.exit_code == 1
    assert "par_index.scores[0].score: điểm tự chấm cần tài liệu kiểm chứng" in result.stdout


def test_a_right_to_left_override_in_a_name_is_shown_not_obeyed(tmp_path: Path) -> None:
    """A unit named 'Văn phòng\\u202e Sở' went to the terminal as is: the override reverses
    what follows it on screen (a name can show other text than it holds)."""
    text = MINIMAL.read_text(encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    plan.write_text(text.replace('"Văn phòng Sở"', '"Văn phòng\\u202e Sở"', 1), "utf-8")
    args = ["status", str(plan), "--as-of", "30/06/2024", "--unit", "van-phong"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "\u202e" not in result.output and "Văn phòng\\u202e Sở" in result.stdout


@pytest.mark.parametrize("evidence", ["", "   ", "\u200b"])
def test_an_evidence_of_no_words_is_refused(tmp_path: Path, evidence: str) -> None:
    """`record task 1 --evidence ''` appended an evidence entry `title: ""` to the plan."""
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(MINIMAL.read_bytes())
    result = runner.invoke(
        app, ["record", "task", "2", "--plan", str(plan), "--status", "in_progress", "-e", evidence]
    )
    assert result.exit_code == 2, result.output
    assert "--evidence: không có tên tài liệu kiểm chứng" in result.stderr
    assert plan.read_bytes() == MINIMAL.read_bytes()


@pytest.mark.parametrize(
    "command",
    [["site", str(MINIMAL), "--as-of", "30/06/2024", "-o"], ["templates"]],
)
def test_no_folder_is_made_inside_a_read_only_folder(tmp_path: Path, command: list[str]) -> None:
    """Run by root, `site -o ro/site` and `templates ro/t` made their folder inside a folder
    of mode 555 and filled it, where every single-file output was refused as read-only."""
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        result = runner.invoke(app, [*command, str(folder / "con")])
        assert result.exit_code == 2, result.output
        assert str(folder) in result.stderr and "không ghi" in result.stderr
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_text_typed_decomposed_is_written_composed(tmp_path: Path) -> None:
    """`record … --note` typed in NFD (a macOS terminal) wrote NFD bytes into an NFC plan:
    `grep 'chú'` no longer found the note, though every view showed it."""
    import unicodedata

    plan = tmp_path / "plan.yaml"
    plan.write_bytes(MINIMAL.read_bytes())
    note = unicodedata.normalize("NFD", "Ghi chú tiếng Việt")
    args = ["record", "task", "2", "--plan", str(plan), "--status", "in_progress"]
    result = runner.invoke(app, [*args, "--note", note, "-e", note])
    assert result.exit_code == 0, result.output
    text = plan.read_text(encoding="utf-8")
    assert text.count('"Ghi chú tiếng Việt"') == 2 and text == unicodedata.normalize("NFC", text)
    again = runner.invoke(app, [*args, "--note", note])
    assert again.exit_code == 0 and "Không có gì thay đổi" in again.stderr


@pytest.mark.parametrize("day", ["31/12/9999", "01/01/0001", "01/01/2102"])
def test_a_day_no_plan_can_be_seen_from_is_refused(day: str) -> None:
    """`deadlines --as-of 31/12/9999 --within 9999nlv` on a plan with a working calendar took
    12 s (the days off of 8,000 years counted); '01/01/0001' showed 'Ngày xét: 01/01/1'."""
    result = runner.invoke(app, ["status", str(MINIMAL), "--as-of", day])
    assert result.exit_code == 2, result.output
    assert f"--as-of: ngày {day} ngoài các năm của kế hoạch (1999–2101)" in result.stderr


def _with_parent(path: Path, parent: str) -> Path:
    text = MINIMAL.read_text(encoding="utf-8")
    old = '  parent_body: "UBND thành phố Hà Nội"\n'
    assert old in text
    path.write_text(text.replace(old, f"{old}  parent: {parent}\n"), encoding="utf-8")
    return path


def test_a_plan_that_is_its_own_parent_is_located(tmp_path: Path) -> None:
    """`plan.parent` naming the plan itself, or a parent naming the plan as its own parent,
    passed check: each plan counted as the other's unit plan."""
    own = _with_parent(tmp_path / "c.yaml", "c.yaml")
    a = _with_parent(tmp_path / "a.yaml", "b.yaml")
    _with_parent(tmp_path / "b.yaml", "./a.yaml")
    result = runner.invoke(app, ["check", str(own), str(a), "--format", "short"])
    assert result.exit_code == 1, result.output
    assert "c.yaml:12:11: plan.parent: kế hoạch ghi chính nó là kế hoạch cấp trên [PP122]" in (
        result.stdout
    )
    assert "a.yaml:12:11: plan.parent: kế hoạch cấp trên" in result.stdout
    assert "lại ghi kế hoạch này là cấp trên của nó (vòng) [PP122]" in result.stdout


def test_a_roman_numeral_is_never_a_loop_per_thousand() -> None:
    """An area numbered 99999999999999999999 made `report` write I, II, … as 10**17 letters
    M: 4.7 GB and no end (the model now stops at 99; the numeral at its own limit)."""
    from parplan.core.decree30 import roman

    assert (roman(4), roman(3999)) == ("IV", "MMMCMXCIX")
    assert (roman(4000), roman(10**6)) == ("4000", "1000000")


def _numbered_docx(path: Path, numbering: tuple[str, str], document: tuple[str, str]) -> Path:
    """A Word file of three 'List Number' paragraphs, its numbering definitions and body
    each with one replacement."""
    import zipfile

    import docx

    made = docx.Document()
    made.add_paragraph("KẾ HOẠCH")
    for i in range(3):
        made.add_paragraph(f"Mục {i}", style="List Number")
    made.save(str(path))
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    for name, (old, new) in (("word/numbering.xml", numbering), ("word/document.xml", document)):
        text = parts[name].decode("utf-8")
        assert old in text
        parts[name] = text.replace(old, new).encode("utf-8")
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path


STYLE = '<w:pStyle w:val="ListNumber"/>'
START = '<w:start w:val="1"/>'


@pytest.mark.parametrize(
    ("numbering", "document"),
    [
        ((START, '<w:start w:val="abc"/>'), (STYLE, STYLE)),
        (
            (START, '<w:start w:val="99999999999999999999"/>'),
            (STYLE, STYLE),
        ),
        (
            (START, START),
            (STYLE, f'{STYLE}<w:numPr><w:ilvl w:val="20"/><w:numId w:val="1"/></w:numPr>'),
        ),
        (
            ('<w:abstractNumId w:val="8"/>', '<w:abstractNumId w:val="1&quot;]]"/>'),
            (STYLE, f'{STYLE}<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'),
        ),
    ],
)
def test_hostile_word_numbering_is_read_not_a_bug(
    tmp_path: Path, numbering: tuple[str, str], document: tuple[str, str]
) -> None:
    """A list starting at 'abc' was 'lỗi nội bộ (ValueError: invalid literal for int()…)'; a
    list level of 20 (Word has 0-8) 'lỗi nội bộ (IndexError…)'; a list definition id with a
    quote, spliced into an XPath, 'lỗi nội bộ (XPathEvalError…)', exit 3."""
    source = _numbered_docx(tmp_path / "ke-hoach.docx", numbering, document)
    result = runner.invoke(app, ["import", str(source), "-o", str(tmp_path / "out.yaml")])
    assert isinstance(result.exception, SystemExit | None), result.exception
    assert result.exit_code == 1 and "không phải kế hoạch CCHC" in result.stderr


@pytest.mark.parametrize(
    ("first", "then", "rows"),
    [
        ('<w:gridSpan w:val="abc"/>', "", 0),
        ('<w:vMerge w:val="restart"/>', "<w:vMerge/>", 3000),
    ],
)
def test_hostile_word_tables_are_read_not_a_bug(
    tmp_path: Path, first: str, then: str, rows: int
) -> None:
    """A cell spanning 'abc' columns was 'lỗi nội bộ (ValueError…)'; a cell merged down 3,000
    rows 'lỗi nội bộ (RecursionError…)' (python-docx recurses once per row), exit 3."""
    source = table_docx(tmp_path / "ke-hoach.docx", first, then, rows)
    result = runner.invoke(app, ["import", str(source), "-o", str(tmp_path / "out.yaml")])
    assert isinstance(result.exception, SystemExit | None), result.exception
    assert result.exit_code == 1 and "không phải kế hoạch CCHC" in result.stderr


def test_a_cell_spans_at_most_a_word_tables_columns(tmp_path: Path) -> None:
    """`gridSpan="100000000"` (a few bytes in a 40 KB file) made the importer repeat the cell
    10**8 times: no end, memory growing (60 s, 1 GB, killed)."""
    import docx

    from parplan.importing.source import MAX_SPAN, _table

    source = table_docx(tmp_path / "ke-hoach.docx", '<w:gridSpan w:val="5000"/>')
    table = _table(docx.Document(str(source)).tables[0], 1)
    assert len(table.rows[1].cells) == MAX_SPAN + 2 and table.rows[1].distinct == 3


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("<w:b/>", '<w:b w:val="maybe"/>'),
        ('w:val="Heading1"', 'w:val="Khong&quot;Co"'),
    ],
)
def test_values_python_docx_refuses_are_said(tmp_path: Path, old: str, new: str) -> None:
    """A bold of 'maybe' was 'lỗi nội bộ (InvalidXmlError…)'; a paragraph style id with a
    quote (python-docx splices it into an XPath) 'lỗi nội bộ (XPathEvalError…)', exit 3."""
    import zipfile

    import docx

    made = docx.Document()
    made.add_paragraph().add_run("KẾ HOẠCH").bold = True
    made.add_paragraph("Mục", style="Heading 1")
    source = tmp_path / "ke-hoach.docx"
    made.save(str(source))
    with zipfile.ZipFile(source) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    body = parts["word/document.xml"].decode("utf-8")
    assert old in body
    parts["word/document.xml"] = body.replace(old, new).encode("utf-8")
    with zipfile.ZipFile(source, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    result = runner.invoke(app, ["import", str(source), "-o", str(tmp_path / "out.yaml")])
    assert result.exit_code == 2, result.output
    assert "tệp .docx có giá trị XML không hợp lệ" in result.stderr
