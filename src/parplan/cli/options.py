"""The options and arguments many commands share, declared once (``--as-of``, ``--unit``,
``--within``, ``-o``, ``--force``, ``--json`` …)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from parplan.cli.completion import fixed_values, plan_values
from parplan.core.periods import FIRST_YEAR, LAST_YEAR
from parplan.core.workdays import Within, parse_within


def folder_path(value: str | Path) -> Path:
    """The folder a command writes its files into: '-' (which means stdout to every other
    -o) and '' (which would be the current folder) are refused, not made or filled."""
    if isinstance(value, Path):
        return value
    if value == "-":
        raise typer.BadParameter(
            "'-' là đầu ra chuẩn (stdout), không phải thư mục: lệnh này ghi nhiều tệp vào một "
            "thư mục; ghi tên thư mục (./- nếu thật muốn thư mục tên '-')"
        )
    if not value.strip():
        raise typer.BadParameter("tên thư mục trống; ghi tên thư mục (. là thư mục hiện tại)")
    return Path(value)


def output_option(help: str, *, folder: bool = False, **more: Any) -> Any:
    """``-o/--output`` with the words of a command for what it writes (a file or a folder)."""
    if folder:
        more["parser"] = folder_path
    return typer.Option("--output", "-o", metavar="THƯ-MỤC" if folder else "TỆP", help=help, **more)


def format_option(help: str, formats: tuple[str, ...]) -> Any:
    """``-f/--format`` with the formats a command offers (and Tab offers)."""
    return typer.Option(
        "--format", "-f", metavar="DẠNG", help=help, autocompletion=fixed_values(formats)
    )


def period_option(help: str) -> Any:
    """``-p/--period`` with the periods a command takes."""
    return typer.Option(
        "--period", "-p", metavar="KỲ", help=help, autocompletion=plan_values("period")
    )


def as_of_option(help: str) -> Any:
    """``--as-of``, the day a command counts as of (``app.parse_as_of`` reads it)."""
    return typer.Option("--as-of", metavar="NGÀY", help=help)


def force_option(what: str) -> Any:
    """``--force`` of a command that refuses to replace the ``what`` it writes."""
    return typer.Option("--force", help=f"Ghi đè {what} đã có")


def year_option(help: str) -> Any:
    """``--year`` with the years a plan may have."""
    return typer.Option("--year", metavar="NĂM", min=FIRST_YEAR, max=LAST_YEAR, help=help)


PlanArg = Annotated[
    Path | None,
    typer.Argument(
        help="Tệp kế hoạch; bỏ trống: $PARPLAN_PLAN, rồi plans/<năm>.yaml",
        show_default=False,
        readable=False,  # parplan.storage.files reads and says why not, in Vietnamese
        metavar="TỆP",
    ),
]


AsOfOpt = Annotated[
    str | None, as_of_option("Ngày xét: 2024-04-15 hoặc 15/04/2024 (mặc định: hôm nay)")
]


OutputOpt = Annotated[str, output_option("Tệp kết quả (định dạng theo đuôi tệp); '-' in ra stdout")]


ForceOpt = Annotated[bool, force_option("tệp")]


def unit_option(help: str) -> Any:
    """``-u/--unit``, a unit by its id or name (Tab offers the plan's), with the words of a
    command for which unit it means."""
    return typer.Option(
        "--unit", "-u", metavar="ĐƠN-VỊ", help=help, autocompletion=plan_values("unit")
    )


UnitOpt = Annotated[str | None, unit_option("Mã hoặc tên đơn vị (không phân biệt hoa thường, dấu)")]


def _within(value: str | Within) -> Within:
    if isinstance(value, Within):
        return value
    try:
        return parse_within(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc


WithinOpt = Annotated[
    Within,
    typer.Option(
        "--within",
        parser=_within,
        metavar="SỐ",
        help="Số ngày coi là sắp đến hạn; thêm 'nlv' để đếm ngày làm việc (5nlv: trong 5 ngày "
        "làm việc, bỏ thứ Bảy, Chủ nhật, ngày lễ, Tết)",
    ),
]


def json_option(help: str) -> Any:
    """``--json``: the command prints JSON instead of its table."""
    return typer.Option("--json", help=help)


JsonOpt = Annotated[bool, json_option("In JSON (xem README) thay cho bảng")]


RoleOpt = Annotated[
    str | None,
    typer.Option(
        "--role",
        metavar="VAI-TRÒ",
        help="Cùng --unit: chỉ việc đơn vị chủ trì (lead) hoặc phối hợp (coordinate)",
        autocompletion=fixed_values("role"),
    ),
]


# --plan: the plan file of a command whose argument is something else (record, collect)
PlanOpt = Annotated[
    Path | None,
    typer.Option("--plan", help="Tệp kế hoạch (mặc định như các lệnh khác)", readable=False),
]


DryRunOpt = Annotated[
    bool, typer.Option("--dry-run", help="Chỉ in phần thay đổi (diff), không ghi tệp")
]


EvidenceOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--evidence",
        "-e",
        metavar="VĂN-BẢN",
        help='Tài liệu kiểm chứng, ví dụ "Kế hoạch số 45/KH-SVHTT ngày 20/03/2024"',
    ),
]


NoteOpt = Annotated[str | None, typer.Option("--note", metavar="VĂN-BẢN", help="Ghi chú")]


LinksOpt = Annotated[
    bool,
    typer.Option(
        "--force", help="Ghi cả khi tệp có nhiều liên kết cứng (các liên kết kia giữ bản cũ)"
    ),
]


ChildrenOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--children",
        metavar="TỆP|THƯ-MỤC",
        help="Kế hoạch đơn vị (tệp hoặc thư mục, lặp lại được): với mỗi nhiệm vụ mà các kế "
        "hoạch ghi plan.parent là kế hoạch này thực hiện, số kế hoạch đơn vị đã hoàn thành",
    ),
]


PeriodOpt = Annotated[str | None, period_option("Kỳ báo cáo: 2024-Q1…Q4, 2024-H1, 2024-9M, 2024")]


DocumentOpt = Annotated[str | None, output_option("Tệp .docx hoặc .md; '-' in Markdown ra stdout")]


TemplatesOpt = Annotated[
    Path | None,
    typer.Option(
        "--templates", metavar="THƯ-MỤC", readable=False, help="Thư mục mẫu thay cho mẫu có sẵn"
    ),
]


def done_option(help: str) -> Any:
    """``--done``, the day a record command says the work was completed."""
    return typer.Option("--done", metavar="NGÀY", help=help)


DoneOpt = Annotated[str | None, done_option("Ngày hoàn thành: 2024-03-20 hoặc 20/03/2024")]
