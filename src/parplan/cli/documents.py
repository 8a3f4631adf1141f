"""The documents made from a plan: ``report``, ``publish``, ``site`` and ``templates``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from parplan.cli.app import app, chosen_format, emit, fail, guarded, parse_as_of, say, tell
from parplan.cli.i18n import examples
from parplan.cli.opening import (
    ended_notice,
    exit_if_left_out,
    find_unit_id,
    open_children,
    open_for_period,
    open_plan,
)
from parplan.cli.options import (
    AsOfOpt,
    ChildrenOpt,
    DocumentOpt,
    ForceOpt,
    PeriodOpt,
    PlanArg,
    TemplatesOpt,
    UnitOpt,
    WithinOpt,
    as_of_option,
    folder_path,
    force_option,
    format_option,
    output_option,
)
from parplan.core.errors import UsageError
from parplan.core.numbers import format_number
from parplan.core.workdays import DEFAULT_WITHIN, Within

if TYPE_CHECKING:
    from datetime import date

    from parplan.core.model import Plan
    from parplan.rollup.unitplans import Children


@app.command(
    epilog=examples(
        "parplan report --period 2024-H1 --format docx -o bao-cao-6-thang-2024.docx",
        'parplan report --period 2024-Q1 --unit "van phong" -o -',
    )
)
def report(
    plan: PlanArg = None,
    period: PeriodOpt = None,
    fmt: Annotated[
        str | None,
        format_option("md hoặc docx (mặc định theo đuôi tệp)", ("md", "docx")),
    ] = None,
    output: DocumentOpt = None,
    unit: UnitOpt = None,
    as_of: Annotated[
        str | None, as_of_option("Ngày chốt số liệu (mặc định: cuối kỳ theo Nghị định 09/2019)")
    ] = None,
    report_date: Annotated[
        str | None,
        typer.Option("--date", metavar="NGÀY", help="Ngày ghi trên báo cáo (mặc định: hôm nay)"),
    ] = None,
    templates: TemplatesOpt = None,
    force: ForceOpt = False,
) -> None:
    """Soạn báo cáo định kỳ CCHC (Markdown hoặc Word) theo thể thức Nghị định 30/2020."""
    from parplan.core.periods import parse_period
    from parplan.documents.report import draft_report

    if not period:
        fail(UsageError("--period: cần kỳ báo cáo, ví dụ 2024-Q1, 2024-H1, 2024-9M, 2024"))
    if output is None:
        fail(
            UsageError("--output/-o: cần tệp .docx hoặc .md (hoặc '-' để in Markdown ra màn hình)")
        )
    chosen = chosen_format(output, ("md", "docx"), fmt)
    today = parse_as_of(report_date, "--date")
    cutoff = parse_as_of(as_of) if as_of else None
    loaded, _ = open_for_period(plan, period)
    last_day = cutoff or guarded(lambda: parse_period(period)).end
    unit_id = find_unit_id(loaded, unit)
    _templates_notice(templates)
    data = guarded(
        lambda: draft_report(
            loaded,
            period,
            chosen,
            report_date=today,
            as_of=cutoff,
            unit=unit_id,
            templates=templates,
        )
    )
    # a unit that ended by the report's last day is named, and where its open work went
    # said (a unit out of office all the period was refused its report)
    ended_notice(loaded, unit_id, last_day)
    emit(output, data, force)


@app.command(
    epilog=examples(
        "parplan publish plans/2024.yaml -o ke-hoach-2024.docx",
        "parplan publish plans/2024.yaml -o - | head -20",
    )
)
def publish(
    plan: PlanArg = None,
    output: DocumentOpt = None,
    templates: TemplatesOpt = None,
    force: ForceOpt = False,
) -> None:
    """Xuất kế hoạch thành văn bản ban hành (Word, Markdown) theo Nghị định 30/2020.

    Đủ thể thức: phần đầu, "KẾ HOẠCH" và trích yếu, các mục I–V, nơi nhận, chữ ký, rồi
    Phụ lục nhiệm vụ (trang ngang). Định dạng theo đuôi tệp (.docx, .md). Số và ngày chưa
    có để trống như bản dự thảo. Mẫu tùy biến được như báo cáo (parplan templates).
    """
    from parplan.documents.publish import publish_plan

    if output is None:
        fail(UsageError("--output/-o: cần tệp kết quả .docx, .md (hoặc '-' để in Markdown)"))
    fmt = chosen_format(output, ("md", "docx"))
    loaded, _ = open_plan(plan, parse_as_of(None))
    _templates_notice(templates)
    data = guarded(lambda: publish_plan(loaded, fmt, templates=templates))
    emit(output, data, force)


@app.command(epilog=examples("parplan site plans/2024.yaml --as-of 20/06/2024 -o site/"))
def site(
    plan: PlanArg = None,
    as_of: AsOfOpt = None,
    within: WithinOpt = DEFAULT_WITHIN,
    output: Annotated[
        Path,
        output_option("Thư mục sẽ ghi trang", folder=True, readable=False),
    ] = Path("site"),
    templates: TemplatesOpt = None,
    children: ChildrenOpt = None,
    force: Annotated[bool, force_option("trang")] = False,
) -> None:
    """Trang tổng hợp (HTML tĩnh) cho cổng thông tin: tiến độ, chỉ tiêu, việc quá hạn, từng đơn vị."""
    from parplan.documents.site import draft_site
    from parplan.storage.files import shown
    from parplan.storage.writes import write_tree

    day = parse_as_of(as_of)
    loaded, file = open_plan(plan, day)
    _templates_notice(templates)
    extra = None
    if loaded.par_index is not None:  # the PAR INDEX self-assessment's page beside the site
        from parplan.cli.index import site_pages

        extra = site_pages(Path(file), day)
    units = _units_page(loaded, file, day, within, children) if children else None
    if units is not None:
        extra = (extra or {}) | units[1]
    pages = guarded(
        lambda: draft_site(loaded, Path(file), day, within=within, templates=templates, extra=extra)
    )
    guarded(lambda: write_tree(output, pages, force=force, waiting=say))
    index = shown(output / "index.html")
    tell(f"Đã ghi {format_number(len(pages))} trang vào {shown(output)}/ (mở {index})", err=True)
    if units is not None:
        exit_if_left_out(units[0])


def _units_page(
    loaded: Plan, file: str, day: date, within: Within, given: list[Path]
) -> tuple[Children, dict[str, tuple[str, str, dict[str, Any]]]]:
    """``site --children``: the page of the plan's tasks units' plans carry out, linked from
    the front page (the table ``status --children`` prints)."""
    from parplan.documents.site import page_common
    from parplan.rollup.output import UNITS_PAGE, UNITS_PAGE_LABEL, children_context
    from parplan.tracking.dashboard import build

    board = build(loaded, file, day, within=within)
    units = open_children(board, given, within)
    context = page_common(loaded, day, board) | children_context(units)
    return units, {UNITS_PAGE: (UNITS_PAGE_LABEL, "site/units-plans.html.j2", context)}


def _templates_notice(templates: Path | None) -> None:
    """Say which template folder runs: a folder's templates are code, used only when named."""
    if templates is not None:
        from parplan.storage.files import shown

        tell(
            f"Dùng mẫu trong thư mục {shown(templates)} (mẫu không có ở đó: dùng mẫu có sẵn)",
            err=True,
        )


@app.command("templates", epilog=examples("parplan templates mau-bao-cao/"))
def templates_cmd(
    folder: Annotated[
        Path,
        typer.Argument(
            help="Thư mục sẽ chép mẫu vào",
            metavar="THƯ-MỤC",
            readable=False,
            parser=folder_path,
        ),
    ] = Path("templates"),
    force: Annotated[bool, force_option("mẫu")] = False,
) -> None:
    """Chép các mẫu có sẵn (báo cáo, trang tổng hợp) ra một thư mục để tùy biến (--templates)."""
    from parplan.render.templates import builtin_templates
    from parplan.storage.files import shown
    from parplan.storage.writes import write_tree

    files = {name: path.read_bytes() for name, path in builtin_templates().items()}
    guarded(lambda: write_tree(folder, files, force=force, waiting=say))
    for name in files:
        tell(f"Đã chép {shown(folder / name)}", err=True)
