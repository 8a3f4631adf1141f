"""The views of a plan as of a day: ``status``, ``deadlines``, ``indicators`` and ``calendar``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from parplan.cli.app import app, chosen_format, emit, fail, guarded, print_json
from parplan.cli.completion import fixed_values
from parplan.cli.i18n import examples
from parplan.cli.opening import exit_if_left_out, open_board, open_children, open_plan, open_view
from parplan.cli.options import (
    AsOfOpt,
    ChildrenOpt,
    ForceOpt,
    JsonOpt,
    PlanArg,
    RoleOpt,
    UnitOpt,
    WithinOpt,
    output_option,
    period_option,
)
from parplan.core.errors import UsageError
from parplan.core.workdays import DEFAULT_WITHIN, Within


@app.command(
    epilog=examples(
        'parplan deadlines --unit "van phong" --state "quá hạn" --state "sắp đến hạn"',
        "parplan deadlines plans/2024.yaml --as-of 30/06/2024 --within 30 --json",
    )
)
def deadlines(
    plan: PlanArg = None,
    as_of: AsOfOpt = None,
    within: WithinOpt = DEFAULT_WITHIN,
    unit: UnitOpt = None,
    state: Annotated[
        list[str] | None,
        typer.Option(
            "--state",
            "-s",
            metavar="TRẠNG-THÁI",
            help="Lọc theo trạng thái (lặp lại được), ghi như trong bảng hoặc bằng mã: "
            "Xong (done), Xong (muộn) (done_late), Quá hạn (overdue), Sắp đến hạn (due_soon), "
            "Chưa đến hạn (upcoming), Không hạn (no_deadline), Đã hủy (cancelled)",
            autocompletion=fixed_values("state"),
        ),
    ] = None,
    role: RoleOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Mọi nhiệm vụ và nghĩa vụ định kỳ theo hạn: hạn, số ngày còn/trễ, trạng thái."""
    from parplan.tracking.dashboard import tracked_json
    from parplan.tracking.items import SHORT_STATE_LABELS, STATE_LABELS
    from parplan.tracking.typed import pick_code

    try:
        wanted = {pick_code("--state", s, SHORT_STATE_LABELS, STATE_LABELS) for s in state or []}
    except UsageError as exc:
        fail(exc)
    board = open_board(plan, as_of, within, unit, role)
    rows = [r for r in board.snapshot.rows if not wanted or r.state in wanted]
    if as_json:
        print_json([tracked_json(board.plan, r, board.unit) for r in rows])
        return
    from parplan.cli.board import render_deadlines
    from parplan.cli.screen import screen

    render_deadlines(board.plan, board.file, board.as_of, rows, screen(), unit=board.unit)


@app.command(
    epilog=examples(
        'parplan status --as-of 20/06/2024 --unit "van phong" --role "chủ trì"',
        "parplan status --by-unit",
    )
)
def status(
    plan: PlanArg = None,
    as_of: AsOfOpt = None,
    within: WithinOpt = DEFAULT_WITHIN,
    unit: UnitOpt = None,
    role: RoleOpt = None,
    children: ChildrenOpt = None,
    by_units: Annotated[
        bool,
        typer.Option(
            "--by-unit",
            help="Mỗi đơn vị một dòng (số liệu như status --unit của đơn vị đó): đến hạn, xong "
            "đúng hạn, xong muộn, quá hạn, sắp đến hạn, đã hủy",
        ),
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Bảng tổng hợp: tiến độ từng lĩnh vực, việc quá hạn, sắp đến hạn, chỉ tiêu."""
    from parplan.tracking.dashboard import dashboard_json

    if by_units:
        if unit is not None or role is not None or children:
            fail(UsageError("--by-unit: không dùng cùng --unit, --role hoặc --children"))
        _status_by_unit(plan, as_of, within, as_json)
        return
    board = open_board(plan, as_of, within, unit, role)
    units = open_children(board, children, within) if children else None
    if as_json:
        from parplan.rollup.unitplans import children_json

        print_json(dashboard_json(board) | ({"children": children_json(units)} if units else {}))
    else:
        from parplan.cli.board import render_status
        from parplan.cli.screen import screen

        shown = screen()
        render_status(board, shown)
        if units:
            from parplan.cli.rollup_tables import render_children

            shown.print()
            render_children(units, shown)
    if units:
        exit_if_left_out(units)


def _status_by_unit(plan: Path | None, as_of: str | None, within: Within, as_json: bool) -> None:
    """``status --by-unit``: each unit's own figures, side by side."""
    from parplan.tracking.dashboard import by_unit, by_unit_json

    loaded, file, day = open_view(plan, as_of)
    boards = by_unit(loaded, file, day, within=within)
    if as_json:
        print_json(by_unit_json(loaded, file, day, within, boards))
        return
    from parplan.cli.board import render_by_unit
    from parplan.cli.screen import screen

    render_by_unit(loaded, file, day, boards, screen())


@app.command(epilog=examples("parplan calendar plans/2024.yaml -o han-cchc-2024.ics"))
def calendar(
    plan: PlanArg = None,
    output: Annotated[
        str,
        output_option("Tệp .ics sẽ ghi; '-' in ra stdout"),
    ] = "deadlines.ics",
    force: ForceOpt = False,
    open_only: Annotated[
        bool, typer.Option("--open-only", help="Bỏ các việc đã xong hoặc đã hủy")
    ] = False,
    remind: Annotated[
        int | None,
        typer.Option("--remind", min=0, max=366, help="Nhắc trước hạn N ngày (VALARM)"),
    ] = None,
    days_off: Annotated[
        bool,
        typer.Option(
            "--days-off",
            help="Thêm ngày nghỉ lễ, Tết và ngày làm bù của năm kế hoạch (sự kiện cả ngày)",
        ),
    ] = False,
) -> None:
    """Xuất mọi hạn (nhiệm vụ, nghĩa vụ định kỳ) ra tệp iCalendar (.ics) cho Outlook, Google.

    Việc đã hủy mang STATUS:CANCELLED; việc đã xong ghi "[Đã xong]" (--open-only bỏ cả hai)."""
    from datetime import UTC, datetime

    from parplan.render.ical import build_calendar

    chosen_format(output, ("ics",))
    now = datetime.now(UTC).replace(microsecond=0)
    loaded, _ = open_plan(plan, now.date())
    names = {u.id: u.name for u in loaded.units}
    data = build_calendar(loaded, now, names, open_only=open_only, remind=remind, days_off=days_off)
    emit(output, data, force)


@app.command(
    epilog=examples(
        "parplan indicators --period 2024-H1", "parplan indicators plans/2024.yaml --area tthc"
    )
)
def indicators(
    plan: PlanArg = None,
    as_of: AsOfOpt = None,
    period: Annotated[
        str | None,
        period_option("Chỉ xét kỳ này: 2024-Q1, 2024-H1, 2024-9M, 2024"),
    ] = None,
    area: Annotated[
        str | None,
        typer.Option(
            "--area", "-a", metavar="LĨNH-VỰC", help="Mã hoặc tên lĩnh vực; 'chung' cho mục I"
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Chỉ tiêu so với kế hoạch: giá trị mới nhất, % kế hoạch, đạt hay chưa đạt."""
    from parplan.tracking.progress import evaluate, progress_json
    from parplan.tracking.typed import pick_area, pick_period

    # a period's figures are those counted by its cut-off day, unless --as-of says otherwise
    loaded, file, day = open_view(plan, as_of, notice=period is None)
    code = guarded(lambda: pick_period(loaded, period))
    if code is not None and as_of is None:
        from parplan.core.periods import parse_period
        from parplan.documents.report import data_window

        day = data_window(loaded, parse_period(code))[1]
    area_id = guarded(lambda: pick_area(loaded, area))
    chosen = [i for i in loaded.indicators if area is None or i.area == area_id]
    rows = [evaluate(i, day, code) for i in chosen]
    if as_json:
        print_json([progress_json(r) for r in rows])
        return
    from parplan.cli.board import render_indicators
    from parplan.cli.screen import screen

    render_indicators(loaded, file, day, rows, screen())
