"""Hostile input: resource limits, safe loading, text that fights the output, nothing lost.

Each test guards one protection and would fail without it:

* alias bomb ("billion laughs") -> refused at its first anchor (expanded, it is 9**9 nodes);
* deep nesting -> refused by the depth limit (without it, NFC normalisation recurses until
  RecursionError);
* PARPLAN_MAX_BYTES -> refused by the size check before reading;
* ``!!python/...`` and custom tags -> the safe loader never runs code, and the tag scan reports
  PP007 at the tag; ``!!binary``/``!!set``/``!!omap`` (which the safe loader *would* build, and
  pydantic would accept as text or lists) are refused by the same scan;
* merge keys and anchors/aliases -> refused with their line and column;
* plan text with Markdown, HTML, Jinja and Rich specials -> shown verbatim, never evaluated;
* output files -> never overwritten without --force, clear messages for missing folders and
  read-only plans.

The last section holds regression tests for bugs found while fuzzing (deep flow nesting,
terminal escape sequences in messages, a tab after 'key:', U+0085 in recorded text).

Memory is measured in a fresh subprocess as the growth of ``ru_maxrss`` (resource.getrusage,
peak resident set size) across ``check_file``: unlike tracemalloc it also sees the memory
libyaml's C parser allocates.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parplan.cli import app
from parplan.core.errors import Problem
from parplan.document.loader import check_file, load_plan

from .conftest import DATA, HANG_GUARD, MINIMAL

PROGRESS = DATA / "plans" / "valid" / "progress.yaml"
runner = CliRunner()


def position_of(text: str, token: str, nth: int = 0) -> tuple[int, int]:
    """1-based (line, column in characters) of the ``nth`` occurrence of ``token``."""
    index = -1
    for _ in range(nth + 1):
        index = text.index(token, index + 1)
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def problems_of(path: Path) -> list[Problem]:
    return check_file(path).problems


def codes_at(problems: list[Problem]) -> list[tuple[str, int | None, int | None]]:
    return [(p.code, p.line, p.column) for p in problems]


def minimal_with(old: str, new: str) -> str:
    text = MINIMAL.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


# --- resource limits ------------------------------------------------------------------------

# Nine lists of nine aliases to the list above: 9**9 (387 million) "lol" once expanded.
BILLION_LAUGHS = (
    'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
    + "".join(
        f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
)

MEASURE = """
import json, resource, sys, time
from pathlib import Path
from parplan.document.loader import check_file, load_plan

path = Path(sys.argv[1])
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
result = check_file(path)
seconds = time.perf_counter() - start
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
print(json.dumps({
    "lines": [p.render() for p in result.problems],
    "codes": [p.code for p in result.problems],
    "seconds": seconds,
    "extra_bytes": (after - before) * scale,
}))
"""


def measure_check(path: Path, timeout: float = HANG_GUARD) -> dict[str, object]:
    """check_file in a fresh interpreter: problems, seconds and peak-memory growth."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", MEASURE, str(path)],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"check_file({path.name}) still running after {timeout} s: a hang")
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_alias_bomb_is_refused_fast_and_small(tmp_path: Path) -> None:
    path = tmp_path / "laughs.yaml"
    path.write_text(BILLION_LAUGHS, encoding="utf-8")
    result = measure_check(path)
    line, col = position_of(BILLION_LAUGHS, "&a")
    assert result["codes"] == ["PP007"]
    assert result["lines"] == [
        f"{path}:{line}:{col}: neo '&a' không được hỗ trợ trong tệp kế hoạch: hãy viết đầy đủ "
        "giá trị (mỗi mục chỉ ở một chỗ để sửa an toàn) [PP007]"
    ]
    assert isinstance(result["extra_bytes"], int) and result["extra_bytes"] < 100 * 2**20


NFD_TEXT = unicodedata.normalize("NFD", "Hà Nội")
DEEP_CASES = {
    # unclosed: a syntax error at the end
    "unclosed-10000": "[" * 10_000,
    # closed, with NFD text inside: without the depth limit NFC normalisation recurses
    "closed-10000": f'version: 1\nplan: {"[" * 10_000}"{NFD_TEXT}"{"]" * 10_000}\n',
}


@pytest.mark.parametrize("name", sorted(DEEP_CASES))
def test_deep_nesting_is_refused(tmp_path: Path, name: str) -> None:
    """Refused, not a RecursionError; its time (≤ 2 s) is measured by `make robustness`."""
    path = tmp_path / f"{name}.yaml"
    path.write_text(DEEP_CASES[name], encoding="utf-8")
    problems = problems_of(path)  # a RecursionError would escape here
    assert [p.code for p in problems] in (["PP008"], ["PP001"]), [p.render() for p in problems]


def test_very_deep_nesting_is_refused_by_the_cli(tmp_path: Path) -> None:
    """A located problem, exit 1; the time (≤ 2 s) is measured by `make robustness`."""
    path = tmp_path / "deep-40000.yaml"
    path.write_text("[" * 40_000, encoding="utf-8")
    try:
        done = subprocess.run(
            [sys.executable, "-m", "parplan", "check", "--format", "short", str(path)],
            capture_output=True,
            text=True,
            timeout=HANG_GUARD,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"check of 40,000 levels of '[' still running after {HANG_GUARD:g} s: a hang")
    assert done.returncode == 1, f"exit {done.returncode}: {done.stderr[-500:]}"
    assert re.search(r":\d+:\d+: .* \[PP00[18]\]$", done.stdout.strip())


def test_file_over_max_bytes_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.yaml"
    shutil.copy(MINIMAL, path)
    size = path.stat().st_size
    monkeypatch.setenv("PARPLAN_MAX_BYTES", str(size - 1))
    problems = problems_of(path)
    assert codes_at(problems) == [("PP008", 1, 1)]
    # sizes as Vietnamese write numbers: 1.234, not 1,234
    given, limit = (f"{n:,}".replace(",", ".") for n in (size, size - 1))
    assert f"tệp quá lớn ({given} byte), vượt giới hạn {limit} byte" in problems[0].message
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{path}:1:1: ")
    monkeypatch.setenv("PARPLAN_MAX_BYTES", str(size))  # at the limit: accepted
    assert problems_of(path) == []


# --- safe loading ---------------------------------------------------------------------------

PLACE = 'place: "Hà Nội"'
CODE_TAGS = {
    "os-system": '!!python/object/apply:os.system ["touch {marker}"]',
    "subprocess": '!!python/object/apply:subprocess.check_call [["touch", "{marker}"]]',
    "exec": "!!python/object/apply:builtins.exec [\"open('{marker}', 'w')\"]",
    "object-new": '!!python/object/new:os.system ["touch {marker}"]',
    "object": '!!python/object:os.system {{cmd: "touch {marker}"}}',
    "name": "!!python/name:os.system",
    "module": "!!python/module:os",
    "tuple": "!!python/tuple [1, 2]",
    "verbatim": '!<tag:yaml.org,2002:python/object/apply:os.system> ["touch {marker}"]',
    "custom": '!touch "{marker}"',
    "include": "!include /etc/passwd",
    "env": "!env HOME",
}


@pytest.mark.parametrize("name", sorted(CODE_TAGS))
def test_code_tags_never_run_and_are_refused(tmp_path: Path, name: str) -> None:
    marker = tmp_path / "pwned"
    tag = CODE_TAGS[name].format(marker=marker)
    text = minimal_with(PLACE, f"place: {tag}")
    path = tmp_path / "tag.yaml"
    path.write_text(text, encoding="utf-8")
    problems = problems_of(path)
    for command in (["check"], ["status", "--as-of", "2024-06-30"], ["export"]):
        result = runner.invoke(app, [*command, str(path)])
        assert result.exit_code == 1, (command, result.output)
    assert not marker.exists()
    assert codes_at(problems) == [("PP007", *position_of(text, tag))]
    assert "không được hỗ trợ" in problems[0].message


def test_tag_directive_to_python_is_refused(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    tag = f'!py!os.system ["touch {marker}"]'
    text = "%TAG !py! tag:yaml.org,2002:python/object/apply:\n---\n" + minimal_with(
        PLACE, f"place: {tag}"
    )
    path = tmp_path / "tag-directive.yaml"
    path.write_text(text, encoding="utf-8")
    assert codes_at(problems_of(path)) == [("PP007", *position_of(text, tag))]
    assert not marker.exists()


def test_whole_document_tag_is_refused(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f'--- !!python/object/apply:os.system ["touch {marker}"]\n'
    path = tmp_path / "document-tag.yaml"
    path.write_text(text, encoding="utf-8")
    assert codes_at(problems_of(path)) == [("PP007", 1, 5)]
    assert not marker.exists()


# Types the safe loader knows how to build: refused all the same (a plan holds only text,
# numbers, lists and mappings), located at the tag.
SAFE_TAGS = {
    "binary": (PLACE, "place: !!binary SMOgIE7hu5lp"),
    "set": ("lead: [van-phong]", "lead: !!set {van-phong: null}"),
    "omap": ("lead: [van-phong]", "lead: !!omap [van-phong: 1]"),
    "pairs": ("lead: [van-phong]", "lead: !!pairs [van-phong: 1]"),
}


@pytest.mark.parametrize("name", sorted(SAFE_TAGS))
def test_safe_but_foreign_tags_are_refused(tmp_path: Path, name: str) -> None:
    old, new = SAFE_TAGS[name]
    text = minimal_with(old, new)
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    tag = new.split(" ", 2)[1]
    assert codes_at(problems_of(path)) == [("PP007", *position_of(text, tag))]


ALIASING = {
    "anchor": (PLACE, 'place: &p "Hà Nội"', "&p", "neo '&p'"),
    "alias": ('parent_body: "UBND thành phố Hà Nội"', "parent_body: *p", "*p", "bí danh '*p'"),
    "merge-inline": (
        "    kind: internal\n",
        "    kind: internal\n    <<: {short: VP}\n",
        "<<",
        "khóa gộp '<<'",
    ),
    "merge-alias": (
        "  - id: so-noi-vu\n",
        "  - <<: *base\n    id: so-noi-vu\n",
        "<<",
        "khóa gộp '<<'",
    ),
    "anchored-mapping": (
        "units:\n  - id: van-phong",
        "units:\n  - &base\n    id: van-phong",
        "&base",
        "neo '&base'",
    ),
}


@pytest.mark.parametrize("name", sorted(ALIASING))
def test_anchors_aliases_and_merge_keys_are_refused_with_position(
    tmp_path: Path, name: str
) -> None:
    old, new, token, what = ALIASING[name]
    text = minimal_with(old, new)
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    problems = problems_of(path)
    assert codes_at(problems) == [("PP007", *position_of(text, token))]
    assert problems[0].message.startswith(what)


# --- text that fights the output ------------------------------------------------------------

NFD_VIETNAMESE = unicodedata.normalize("NFD", "Kế hoạch cải cách hành chính")
HOSTILE = (
    "A & B < C > D \" E ' F | G `H` I\nJ\tK 🇻🇳👍 L \u200fM\u200d N "
    f"{NFD_VIETNAMESE} «{{{{ 7*7 }}}}» {{% raw %}}x{{% endraw %}} [bold]R[/bold] *_#_*"
)
HOSTILE_NFC = unicodedata.normalize("NFC", HOSTILE)
# pieces that survive any layout (a table may turn the line break and tab into spaces)
HOSTILE_PIECES = [
    "A & B < C > D \" E ' F | G `H` I",
    "🇻🇳👍 L \u200fM\u200d N",
    unicodedata.normalize("NFC", NFD_VIETNAMESE),
    "«{{ 7*7 }}» {% raw %}x{% endraw %} [bold]R[/bold] *_#_*",
]


@pytest.fixture
def hostile_plan(tmp_path: Path) -> Path:
    """progress.yaml with the hostile text in task 1's objective, product and evidence, task
    2's evidence, task 4's objective (overdue, so on the dashboard), the parent body (a table
    cell of the report's header) and the recipients (a table cell at its end)."""
    quoted = json.dumps(HOSTILE, ensure_ascii=False)  # a JSON string is a YAML "…" scalar
    text = PROGRESS.read_text(encoding="utf-8")
    for old in (
        'objective: "Kế hoạch CCHC năm 2024."',
        'product: "Kế hoạch CCHC năm 2024"',
        '- title: "Kế hoạch CCHC năm 2024"',
        'evidence: "Kế hoạch số 52/KH-STN ngày 05/03/2024"',
        'objective: "Rà soát, đơn giản hóa TTHC."',
        'parent_body: "UBND thành phố Hà Nội"',
    ):
        assert old in text
        text = text.replace(old, f"{old.split(':')[0]}: {quoted}", 1)
    text += f"recipients: [{quoted}, Lưu VT]\n"
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_export_json_round_trips_hostile_text(hostile_plan: Path) -> None:
    result = runner.invoke(app, ["export", str(hostile_plan), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    task1, task2, task4 = data["tasks"][0], data["tasks"][1], data["tasks"][3]
    assert task1["objective"] == HOSTILE_NFC
    assert task1["product"] == HOSTILE_NFC
    assert task1["progress"]["evidence"][0]["title"] == HOSTILE_NFC
    assert task2["progress"]["evidence"][0]["title"] == HOSTILE_NFC
    assert task4["objective"] == HOSTILE_NFC
    assert data["plan"]["parent_body"] == HOSTILE_NFC


@pytest.mark.parametrize(
    "command",
    [
        ["status", "--as-of", "2024-07-05"],
        ["deadlines", "--as-of", "2024-07-05"],
        ["status", "--json", "--as-of", "2024-07-05"],
        ["deadlines", "--json", "--as-of", "2024-07-05"],
    ],
    ids=["status", "deadlines", "status-json", "deadlines-json"],
)
def test_views_show_hostile_text_verbatim(
    hostile_plan: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    monkeypatch.setenv("COLUMNS", "1000")  # no wrapping inside a table cell
    result = runner.invoke(app, [command[0], str(hostile_plan), *command[1:]])
    assert result.exit_code == 0, result.output
    out = result.stdout
    if "--json" in command:
        assert HOSTILE_NFC in _strings(json.loads(out))
    for piece in HOSTILE_PIECES if "--json" not in command else []:
        assert piece in out, piece
    assert "«49»" not in out


def _strings(data: object) -> set[str]:
    """Every string in parsed JSON."""
    if isinstance(data, str):
        return {data}
    if isinstance(data, dict):
        return set().union(*(_strings(v) for v in data.values()), set())
    if isinstance(data, list):
        return set().union(*(_strings(v) for v in data), set())
    return set()


def _unescape_markdown(text: str) -> str:
    return re.sub(r"\\([\\`*_\[\]<>|#])", r"\1", text)


def _pipes(row: str) -> int:
    """Unescaped '|' in a Markdown table row."""
    return sum(1 for m in re.finditer(r"\\.|\|", row) if m.group() == "|")


def test_markdown_report_shows_hostile_text_with_tables_intact(
    hostile_plan: Path, tmp_path: Path
) -> None:
    out = tmp_path / "report.md"
    result = runner.invoke(
        app,
        ["report", str(hostile_plan), "--period", "2024", "--date", "2025-01-10", "-o", str(out)],
    )
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    shown = _unescape_markdown(text)
    flat = " ".join(HOSTILE_NFC.split())  # a paragraph joins the text's lines
    assert flat in " ".join(shown.split())
    for piece in HOSTILE_PIECES:
        assert piece in shown, piece
    assert "«49»" not in shown
    tables: list[list[str]] = []
    previous = False
    for line in text.splitlines():
        is_row = line.startswith("|")
        if is_row and not previous:
            tables.append([])
        if is_row:
            tables[-1].append(line)
        previous = is_row
    assert len(tables) >= 2  # the header and the signature block
    for rows in tables:
        assert len({_pipes(row) for row in rows}) == 1, rows


def test_docx_report_holds_hostile_text(hostile_plan: Path, tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    out = tmp_path / "report.docx"
    result = runner.invoke(
        app,
        ["report", str(hostile_plan), "--period", "2024", "-f", "docx", "-o", str(out)],
    )
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    texts = [p.text for p in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    everything = "\n".join(texts)
    assert HOSTILE_NFC in everything
    assert "«49»" not in everything


# --- nothing lost ---------------------------------------------------------------------------


def test_calendar_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    target = tmp_path / "deadlines.ics"
    target.write_bytes(b"keep me\n")
    result = runner.invoke(app, ["calendar", str(PROGRESS), "-o", str(target)])
    assert result.exit_code == 2
    assert str(target) in result.stderr and "--force" in result.stderr
    assert target.read_bytes() == b"keep me\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deadlines.ics"]  # no temporary left


def test_output_into_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    target = tmp_path / "khong-co" / "deadlines.ics"
    result = runner.invoke(app, ["calendar", str(PROGRESS), "-o", str(target)])
    assert result.exit_code == 2
    assert result.stderr.startswith("parplan: ")
    assert str(target.parent) in result.stderr and "không tồn tại" in result.stderr
    assert "Traceback" not in result.output
    assert not target.parent.exists()


def test_record_on_read_only_plan_is_a_clear_error(tmp_path: Path) -> None:
    """Read-only by its mode bits is refused whoever runs parplan (root too, which os.access
    lets write anything)."""
    plan = tmp_path / "plan.yaml"
    shutil.copy(PROGRESS, plan)
    before = plan.read_bytes()
    plan.chmod(0o444)
    try:
        result = runner.invoke(
            app, ["record", "task", "4", "--status", "in_progress", "--plan", str(plan)]
        )
    finally:
        plan.chmod(0o644)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"parplan: {plan}: ")
    assert "chỉ đọc" in result.stderr
    assert "Traceback" not in result.output
    assert plan.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml"]  # no lock, no temp file


def _read_only_cases(folder: Path) -> dict[str, tuple[list[str], Path, str]]:
    """Writers onto something read-only by its mode bits: (arguments, the path made
    read-only, the words of the refusal)."""
    plan = folder / "plan.yaml"
    shutil.copy(PROGRESS, plan)
    inner = folder / "ro"
    inner.mkdir()
    shutil.copy(PROGRESS, inner / "plan.yaml")
    for name in ("ro.md", "ro.yaml"):
        (folder / name).write_text("cũ\n", encoding="utf-8")
    record = ["record", "task", "4", "--status", "in_progress", "--plan"]
    md = ["publish", str(PROGRESS), "-o"]
    return {
        "record 0444 plan": ([*record, str(plan)], plan, "tệp chỉ đọc"),
        "record in 0555 folder": ([*record, str(inner / "plan.yaml")], inner, "thư mục chỉ đọc"),
        "publish -o 0444 --force": ([*md, str(folder / "ro.md"), "--force"], folder / "ro.md",
                                    "tệp chỉ đọc"),
        "publish -o into 0555": ([*md, str(inner / "new.md")], inner, "thư mục chỉ đọc"),
        "import -o 0444 --force": (
            ["import", str(DATA / "import" / "ke-hoach-huyen.md"), "-o", str(folder / "ro.yaml"),
             "--force"],
            folder / "ro.yaml",
            "tệp chỉ đọc",
        ),
        "site into 0555": (["site", str(PROGRESS), "-o", str(inner)], inner, "thư mục chỉ đọc"),
    }  # fmt: skip


READ_ONLY_CASES = [
    "record 0444 plan",
    "record in 0555 folder",
    "publish -o 0444 --force",
    "publish -o into 0555",
    "import -o 0444 --force",
    "site into 0555",
]


@pytest.mark.parametrize("case", READ_ONLY_CASES)
def test_read_only_by_mode_bits_is_refused_whoever_runs(tmp_path: Path, case: str) -> None:
    """A 0444 file or 0555 folder is never written, not even by root: a located Vietnamese
    refusal, exit 2, nothing written (no lock or temporary file either)."""
    args, read_only, says = _read_only_cases(tmp_path)[case]
    before = {p: p.read_bytes() if p.is_file() else b"" for p in sorted(tmp_path.rglob("*"))}
    mode = read_only.stat().st_mode
    read_only.chmod(0o555 if read_only.is_dir() else 0o444)
    try:
        result = runner.invoke(app, args)
    finally:
        read_only.chmod(mode)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("parplan: ") and says in result.stderr
    assert "không ghi gì" in result.stderr
    after = {p: p.read_bytes() if p.is_file() else b"" for p in sorted(tmp_path.rglob("*"))}
    assert after == before


def _site_with_links(tmp_path: Path, link: str) -> tuple[Path, Path]:
    """A site folder whose ``index.html`` (a file link) or ``don-vi`` (a folder link) points
    outside it, at ``victim/``: (the site folder, the victim folder)."""
    site, victim = tmp_path / "site", tmp_path / "victim"
    site.mkdir()
    victim.mkdir()
    (victim / "config.conf").write_text("giữ nguyên\n", encoding="utf-8")
    if link == "file":
        (site / "index.html").symlink_to(victim / "config.conf")
    else:
        (site / "don-vi").symlink_to(victim)
    return site, victim


@pytest.mark.parametrize("link", ["file", "folder"])
def test_site_never_writes_through_a_link_inside_its_folder(tmp_path: Path, link: str) -> None:
    """`site -o DIR --force` with a link inside DIR (to a file, to a folder): refused naming
    the link, nothing written anywhere (the old code replaced victim/config.conf and wrote the
    unit pages into the linked folder)."""
    site, victim = _site_with_links(tmp_path, link)
    result = runner.invoke(app, ["site", str(PROGRESS), "-o", str(site), "--force"])
    assert result.exit_code == 2, result.output
    named = site / ("index.html" if link == "file" else "don-vi")
    assert f"parplan: {named}: là liên kết tượng trưng (trỏ tới {victim}" in result.stderr
    assert "không ghi qua liên kết" in result.stderr
    assert sorted(p.name for p in victim.iterdir()) == ["config.conf"]
    assert (victim / "config.conf").read_text(encoding="utf-8") == "giữ nguyên\n"
    assert sorted(p.name for p in site.iterdir()) == [named.name]  # nothing else written
    assert named.is_symlink()


def test_site_writes_into_a_folder_named_through_a_link(tmp_path: Path) -> None:
    """The folder the person names may itself be a link: it is theirs to choose."""
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "site").symlink_to(real)
    result = runner.invoke(app, ["site", str(PROGRESS), "-o", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    assert (real / "index.html").is_file() and (real / "don-vi").is_dir()


# --- found while fuzzing --------------------------------------------------------------------


def test_problem_lines_hold_no_terminal_control_characters(tmp_path: Path) -> None:
    text = minimal_with("kind: internal", 'kind: "\\e]0;pwned\\a\\e[2J"')
    path = tmp_path / "escape-sequence.yaml"
    path.write_text(text, encoding="utf-8")
    lines = [p.render() for p in problems_of(path)]
    assert len(lines) == 1
    assert [c for c in lines[0] if unicodedata.category(c) == "Cc"] == []


def test_tab_after_colon_keeps_problem_positions(tmp_path: Path) -> None:
    text = minimal_with("version: 1", "version: 2").replace(PLACE, 'place:\t"Hà Nội"')
    path = tmp_path / "tab-separator.yaml"
    path.write_text(text, encoding="utf-8")
    assert codes_at(problems_of(path)) == [("PP013", *position_of(text, "2\n"))]


def test_record_keeps_a_note_with_a_next_line_character(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    shutil.copy(PROGRESS, plan)
    note = "trước\x85sau"
    result = runner.invoke(
        app, ["record", "task", "4", "--status", "in_progress", "--note", note, "--plan", str(plan)]
    )
    assert result.exit_code == 0, result.output
    progress = load_plan(plan).tasks[3].progress
    assert progress is not None and progress.note == note
