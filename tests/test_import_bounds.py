"""`parplan import` reads a .docx in work bounded by what it holds: each style looked up once,
and paragraphs and runs counted (and refused past their limits) before python-docx parses the
file. Counts are asserted, never durations."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.styles.styles import Styles

from parplan.core.errors import ImportRefused
from parplan.importing import source
from parplan.importing.source import Para, read_source


def _document(path: Path, paragraphs: int, runs: int = 2) -> Path:
    doc = docx.Document()
    doc.add_paragraph("KẾ HOẠCH", style="Title")
    for i in range(paragraphs):
        p = doc.add_paragraph(style="List Number" if i % 3 == 0 else None)
        for j in range(runs):
            p.add_run(f"Đoạn {i}, phần {j}. ").bold = i % 5 == 0
    doc.save(str(path))
    return path


def test_styles_are_looked_up_once_each(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """python-docx searches the styles part on every paragraph.style and run.style: 8,600
    paragraphs took 42 s. Three styles are used here, by 600 paragraphs and 1,200 runs."""
    looked_up: list[str | None] = []
    real = Styles.get_by_id

    def counting(self: Styles, style_id: str | None, style_type: object) -> object:
        looked_up.append(style_id)
        return real(self, style_id, style_type)  # type: ignore[arg-type]

    monkeypatch.setattr(Styles, "get_by_id", counting)
    blocks = read_source(_document(tmp_path / "plan.docx", 600)).blocks
    paras = [b for b in blocks if isinstance(b, Para)]
    assert len(paras) == 601 and paras[0].heading == 1  # Title
    assert paras[1].text.startswith("1. Đoạn 0") and paras[1].bold  # numbered, bold runs
    assert not paras[2].bold and paras[4].text.startswith("2. Đoạn 3")
    assert len(looked_up) == len(set(looked_up)) <= 4  # Title, List Number, default (+ runs')


@pytest.mark.parametrize(("limit", "what"), [("MAX_PARAGRAPHS", "đoạn"), ("MAX_RUNS", "run")])
def test_too_many_paragraphs_or_runs_are_refused_before_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: str, what: str
) -> None:
    path = _document(tmp_path / "big.docx", 30, runs=3)  # 31 paragraphs, 91 runs
    monkeypatch.setattr(source, limit, 20)

    def never(*args: object) -> None:
        raise AssertionError("python-docx parsed a file past the limit")

    monkeypatch.setattr(docx, "Document", never)
    with pytest.raises(ImportRefused) as refused:
        read_source(path)
    message = str(refused.value)
    assert "quá giới hạn 20 của một kế hoạch" in message and what in message
    counted = "31 đoạn" if limit == "MAX_PARAGRAPHS" else "91 đoạn chữ (run)"  # the title's too
    assert f"tệp có {counted}" in message
