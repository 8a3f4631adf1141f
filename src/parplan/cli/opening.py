"""The one way a command opens its plan: the file named or found, the day a view shows, the
plan a period speaks of, and a typed unit and role resolved against it."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from parplan.cli.app import fail, guarded, parse_as_of, tell
from parplan.core.errors import UsageError

if TYPE_CHECKING:
    from parplan.core.model import Plan
    from parplan.core.workdays import Within
    from parplan.rollup.unitplans import Children
    from parplan.tracking.dashboard import Dashboard
    from parplan.tracking.units import Role


def unit_and_role(
    loaded: Plan, unit: str | None, role: str | None, day: date
) -> tuple[str | None, Role | None]:
    """--unit and --role as a unit id and a role code (Vietnamese label or code); a unit
    that no longer exists on ``day`` is shown, and where its open work went is said."""
    from parplan.tracking.typed import pick_code
    from parplan.tracking.units import ROLE_LABELS

    if role is not None and unit is None:
        fail(UsageError("--role cần --unit: vai trò của đơn vị nào?"))
    unit_id = find_unit_id(loaded, unit)
    ended_notice(loaded, unit_id, day)
    return unit_id, None if role is None else guarded(
        lambda: pick_code("--role", role, ROLE_LABELS)
    )


def ended_notice(loaded: Plan, unit_id: str | None, day: date) -> None:
    """Say (stderr) that ``unit_id`` no longer exists on ``day`` and where its open work
    went (``ended_note``); nothing while it is in office."""
    from parplan.tracking.handover import ended_note

    note = ended_note(loaded, unit_id, day) if unit_id else None
    if note:
        tell(f"Lưu ý: {note}", err=True)


def open_plan(plan: Path | None, day: date) -> tuple[Plan, str]:
    from parplan.document.loader import load_default

    return guarded(lambda: load_default(plan, day.year))


def open_view(
    plan: Path | None, as_of: str | None, *, notice: bool = True
) -> tuple[Plan, str, date]:
    """The plan and the day a view shows. Without --as-of, a day after the plan's year shows
    the state at the end of that year (and says so unless ``notice`` is off), not every item
    years overdue."""
    from parplan.core.periods import format_date
    from parplan.tracking.dashboard import shown_day

    day = parse_as_of(as_of)
    loaded, file = open_plan(plan, day)
    end = shown_day(loaded.plan.year, day)
    if as_of is None and day > end:
        if notice:
            tell(
                f"Hôm nay ({format_date(day)}) đã qua năm kế hoạch {loaded.plan.year}: hiển thị "
                f"tình hình tại ngày {format_date(end)} (chọn ngày khác bằng --as-of)",
                err=True,
            )
        day = end
    return loaded, file, day


def open_board(
    plan: Path | None, as_of: str | None, within: Within, unit: str | None, role: str | None
) -> Dashboard:
    """The figures a view of one plan shows (``status``, ``deadlines``): the plan and day
    opened as ``open_view`` does, --unit and --role resolved, the dashboard built."""
    from parplan.tracking.dashboard import build

    loaded, file, day = open_view(plan, as_of)
    unit_id, role_code = unit_and_role(loaded, unit, role, day)
    return build(loaded, file, day, within=within, unit=unit_id, role=role_code)


def require_plans(paths: list[Path]) -> None:
    """Refuse, before any is read, a path among the plans named that is not a file."""
    from functools import partial

    from parplan.storage.files import require_input

    for path in paths:
        guarded(partial(require_input, path))


def open_for_period(plan: Path | None, period: str) -> tuple[Plan, str]:
    """The plan a --period speaks of: without a named file, plans/<year of the period>.yaml."""
    from parplan.core.periods import parse_period

    try:
        year = parse_period(period).year
    except ValueError as exc:
        fail(UsageError(f"--period: {exc}"))
    return open_plan(plan, date(year, 1, 1))


def find_unit_id(loaded: Plan, query: str | None) -> str | None:
    from parplan.tracking.units import find_unit

    return None if query is None else guarded(lambda: find_unit(loaded, query))


def open_children(board: Dashboard, given: list[Path], within: Within) -> Children:
    """``--children`` (status, site): the units' plans among ``given`` naming the plan of
    ``board`` as their parent."""
    from parplan.rollup.table import plan_paths
    from parplan.rollup.unitplans import children

    if board.file == "-":
        fail(UsageError("--children cần tệp kế hoạch, không dùng với kế hoạch đọc từ stdin"))
    paths = guarded(lambda: plan_paths(given))
    require_plans(paths)
    return guarded(lambda: children(board, paths, parse_as_of(None), within))


def exit_if_left_out(units: Children) -> None:
    """After the output: units' plans with problems are said on stderr and give exit 1, as
    ``rollup``'s do."""
    import sys

    import typer

    from parplan.core.errors import ExitCode
    from parplan.core.numbers import format_number

    if units.left_out:
        sys.stdout.flush()
        count = format_number(len(units.left_out))
        tell(f"{count} kế hoạch đơn vị có lỗi, không tính (xem parplan check)", err=True)
        raise typer.Exit(int(ExitCode.PLAN_INVALID))
