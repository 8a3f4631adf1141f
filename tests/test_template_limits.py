"""A user's template is code run on the plan: it reads only regular files inside its own
folder, and is stopped (time, size) with a message naming its file and line, exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from parplan.cli import app

from .conftest import PROGRESS_REL

runner = CliRunner()
SECRET = "bí mật của máy chủ"


def _report(folder: Path, *extra: str) -> tuple[int, str, str]:
    args = ["report", str(PROGRESS_REL), "-p", "2024-Q1", "-o", "-", "--templates", str(folder)]
    result = runner.invoke(app, [*args, *extra])
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def _folder(tmp_path: Path, template: str, name: str = "report.md.j2") -> Path:
    folder = tmp_path / "tpl"
    (folder / name).parent.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(template, encoding="utf-8")
    return folder


@pytest.mark.parametrize("target", ["report.md.j2", "phan.j2"])
def test_a_link_out_of_the_template_folder_is_not_read(tmp_path: Path, target: str) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    folder = _folder(tmp_path, 'Đầu\n{% include "phan.j2" %}\n')
    (folder / target).unlink(missing_ok=True)
    (folder / target).symlink_to(secret)
    code, out, err = _report(folder)
    assert code == 2 and SECRET not in out + err
    assert f"mẫu '{target}' là liên kết tới {secret}, ngoài thư mục mẫu" in err
    if target == "phan.j2":
        assert f"{folder / 'report.md.j2'}:2: lỗi mẫu: " in err


def test_a_link_inside_the_folder_is_read(tmp_path: Path) -> None:
    folder = _folder(tmp_path, '{% include "chung.j2" %}\n')
    (folder / "that.j2").write_text("Phần chung\n", encoding="utf-8")
    (folder / "chung.j2").symlink_to(folder / "that.j2")
    assert _report(folder)[:2] == (0, "Phần chung\n")


def test_an_include_of_a_device_is_refused(tmp_path: Path) -> None:
    folder = _folder(tmp_path, 'x\n{% include "sub" %}\n')
    (folder / "sub").mkdir()
    code, _, err = _report(folder)
    assert code == 2 and f"{folder / 'report.md.j2'}:2: lỗi mẫu: mẫu 'sub' là thư mục" in err


def test_a_nested_loop_is_stopped_by_the_clock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PARPLAN_TEMPLATE_SECONDS", "0.5")
    loop = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    folder = _folder(tmp_path, f"Đầu\n\n{loop}\n")
    code, out, err = _report(folder)
    assert code == 2 and out == ""
    assert f"{folder / 'report.md.j2'}:3: lỗi mẫu: mẫu chạy quá 0,5 giây nên bị dừng" in err


@pytest.mark.parametrize(
    ("line", "size"),
    [
        ("{{ 'x' * 3000000000 }}", "3.000.000.000"),
        ("{{ 3000000000 * ['x'] }}", "3.000.000.000"),
        ("{{ 'x' | center(3000000000) }}", "3.000.000.000"),
        ("{{ 'x'.ljust(3000000000) }}", "3.000.000.000"),
        ("{{ '%3000000000s' % 'x' }}", "3.000.000.000"),
        ("{{ '{:3000000000}'.format('x') }}", "3.000.000.000"),
        ("{{ 2 ** 3000000000 }}", "750.000.000"),
        ("{% set s = 'x' * 60000 %}{{ s | replace('x', s) }}", "3.600.000.000"),
        ("{{ range(100000) | join('x' * 60000) }}", "5.999.940.000"),
    ],
)
def test_a_huge_value_is_refused_before_it_is_made(tmp_path: Path, line: str, size: str) -> None:
    folder = _folder(tmp_path, f"a\nb\n{line}\n")
    code, out, err = _report(folder)
    assert code == 2 and out == ""
    assert f"{folder / 'report.md.j2'}:3: lỗi mẫu: kết quả quá lớn ({size} ký tự" in err


def test_output_growing_past_the_limit_is_stopped_in_the_template(tmp_path: Path) -> None:
    loop = "{% for i in range(100000) %}{{ 'y' * 1000 }}{% endfor %}"
    folder = _folder(tmp_path, f"a\n{loop}\n")  # 100,000,002 characters
    code, out, err = _report(folder)
    assert code == 2 and out == ""
    assert f"{folder / 'report.md.j2'}:2: lỗi mẫu: kết quả quá lớn (" in err


def test_site_and_word_templates_are_confined_too(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    folder = _folder(tmp_path, '{% include "site/x.j2" %}', "site/index.html.j2")
    (folder / "site" / "x.j2").symlink_to(secret)
    (folder / "report.docx").symlink_to(secret)
    out = tmp_path / "web"
    args = ["--as-of", "2024-06-20", "--templates", str(folder)]
    site = runner.invoke(app, ["site", str(PROGRESS_REL), "-o", str(out), *args])
    assert site.exit_code == 2 and "'site/x.j2' là liên kết tới" in site.stderr
    assert not out.exists()
    word = runner.invoke(
        app,
        ["report", str(PROGRESS_REL), "-p", "2024-Q1", "-o", str(tmp_path / "r.docx"), *args[2:]],
    )
    assert word.exit_code == 2 and "'report.docx' là liên kết tới" in word.stderr
    assert not (tmp_path / "r.docx").exists()
