"""The robustness table's rows for issue #24's bounded-work and template items (templates
confined and limited, millions of keys or paragraphs, huge .docx, diff --git of a non-UTF-8
commit), added to scripts/robustness_table.py's scenarios."""

from __future__ import annotations

import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

from robustness_table import MINIMAL, PROGRESS, Run, Scenario, write


def _templates(folder: Path, text: str, link: str | None = None) -> list[str]:
    own = folder / "mau"
    own.mkdir()
    (own / "report.md.j2").write_text(text, encoding="utf-8")
    if link:
        (own / "phan.j2").symlink_to(link)
    out = folder / "report.md"
    return ["report", str(PROGRESS), "--period", "2024-Q1", "-o", str(out), "--templates", str(own)]


def _refused_at(line: int, words: str) -> Callable[[Path, Run], str | None]:
    def check(folder: Path, run: Run) -> str | None:
        if (folder / "report.md").exists():
            return "a report was written"
        found = f"report.md.j2:{line}: lỗi mẫu: " in run.stderr and words in run.stderr
        return None if found else "the template's line or the reason is not named"

    return check


def _many_keys(folder: Path) -> list[str]:
    text = MINIMAL.read_text(encoding="utf-8") + "".join(f"k{i}: 1\n" for i in range(4_000_000))
    return ["check", str(write(folder, "keys.yaml", text))]


def _many_purposes(folder: Path) -> list[str]:
    lines = "".join(f'  - "Mục đích số {i} của kế hoạch."\n' for i in range(1_000_000))
    text = MINIMAL.read_text(encoding="utf-8").replace("areas:\n", f"purposes:\n{lines}areas:\n")
    return ["publish", str(write(folder, "purposes.yaml", text)), "-o", str(folder / "kh.md")]


def _docx_with(folder: Path, body: str) -> Path:
    import docx

    base = folder / "base.docx"
    document = docx.Document()
    document.add_paragraph("x")
    document.save(str(base))
    path = folder / "plan.docx"
    with zipfile.ZipFile(base) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body>" + body.encode(), 1)
            zout.writestr(item, data)
    return path


def _many_runs(folder: Path) -> list[str]:
    body = ("<w:p>" + "<w:r><w:t>a</w:t></w:r>" * 2700 + "</w:p>") * 1000
    return ["import", str(_docx_with(folder, body)), "-o", str(folder / "plan.yaml")]


def _many_paragraphs(folder: Path) -> list[str]:
    para = '<w:p><w:pPr><w:pStyle w:val="ListNumber"/></w:pPr><w:r><w:t>Đoạn {}</w:t></w:r></w:p>'
    body = "".join(para.format(i) for i in range(8600))
    return ["import", str(_docx_with(folder, body)), "-o", str(folder / "plan.yaml")]


def _nothing_written(folder: Path, run: Run) -> str | None:
    written = [p.name for p in folder.iterdir() if p.name in ("plan.yaml", "kh.md")]
    return f"{written[0]} was written" if written else None


def _git_latin1(folder: Path) -> list[str]:
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-C", str(folder)]
    subprocess.run([*git, "init", "-q"], check=True)
    path = folder / "plan.yaml"
    path.write_bytes(MINIMAL.read_bytes().replace("Hà Nội".encode(), b"H\xe0 N\xf4i"))
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "latin-1"], check=True)
    path.write_bytes(MINIMAL.read_bytes())
    return ["diff", "--git", "HEAD", str(path)]


SCENARIOS = [
    Scenario(
        "Mẫu `{% include %}` một liên kết tới /etc/shadow / a template including a link out",
        "report --templates",
        lambda folder: _templates(folder, 'Đầu\n{% include "phan.j2" %}\n', "/etc/shadow"),
        (2,),
        None,
        check=_refused_at(2, "ngoài thư mục mẫu"),
    ),
    Scenario(
        "Mẫu lặp `range(100000)` lồng nhau (giới hạn 2 s) / nested range(100000) loops",
        "report --templates",
        lambda folder: _templates(
            folder,
            "a\n{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n",
        ),
        (2,),
        None,
        env={"PARPLAN_TEMPLATE_SECONDS": "2"},
        check=_refused_at(2, "mẫu chạy quá 2 giây"),
        limit=6.0,
    ),
    Scenario(
        "Mẫu tính `'x' * 3000000000` / a template making a 3 GB string",
        "report --templates",
        lambda folder: _templates(folder, "a\nb\n{{ 'x' * 3000000000 }}\n"),
        (2,),
        None,
        check=_refused_at(3, "kết quả quá lớn"),
        memory=100,
    ),
    Scenario(
        "4 triệu khóa lạ (47 MB) / 4 million unknown keys (47 MB)",
        "check",
        _many_keys,
        (1,),
        "PP008",
        limit=20.0,
        memory=400,
    ),
    Scenario(
        "1 triệu mục đích (51 MB) / a million purposes (51 MB)",
        "publish",
        _many_purposes,
        (1,),
        "PP008",
        check=_nothing_written,
        limit=30.0,
        memory=600,
    ),
    Scenario(
        ".docx 2,7 triệu run (62 MB giải nén) / a .docx of 2.7 million runs",
        "import",
        _many_runs,
        (2,),
        None,
        check=_nothing_written,
        limit=10.0,
        memory=100,
    ),
    Scenario(
        ".docx 8 600 đoạn có kiểu / a .docx of 8,600 styled paragraphs",
        "import",
        _many_paragraphs,
        (1,),  # read whole, then found not to be a plan
        None,
        check=_nothing_written,
        limit=20.0,
        memory=150,
    ),
    Scenario(
        "`diff --git` một bản đã commit không phải UTF-8 / a committed non-UTF-8 plan",
        "diff --git HEAD",
        _git_latin1,
        (1,),
        "PP003",
    ),
]
