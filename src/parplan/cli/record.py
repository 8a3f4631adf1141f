"""``parplan record task|indicator|obligation``: progress written into the plan file."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from parplan.cli.app import app, edited, guarded, say
from parplan.cli.completion import fixed_values, plan_values
from parplan.cli.i18n import examples
from parplan.cli.options import (
    DoneOpt,
    DryRunOpt,
    EvidenceOpt,
    LinksOpt,
    NoteOpt,
    PlanOpt,
    done_option,
    period_option,
    unit_option,
)

if TYPE_CHECKING:
    from parplan.core.model import Plan
    from parplan.document.change import Change


record_app = typer.Typer(
    help="Ghi tiến độ vào tệp kế hoạch (giữ nguyên chú thích và các dòng khác).",
    epilog=examples(
        "parplan record task 5 --done 20/03/2024 --evidence 'Kế hoạch số 45/KH-SVHTT'",
        "parplan record indicator sipas --period 2024-H1 --value 86,2 --dry-run",
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
)


app.add_typer(record_app, name="record")


Edit = tuple[str | None, "Callable[[Plan, date], Change]"]  # quoted: Plan, Change type-only
"""What a record command asks for: the period or day that names the plan's year (without
--plan, the plan of that year; else this year's), and the change to make on the plan."""


def _record_command(name: str, *lines: str) -> Callable[[Callable[..., Edit]], Callable[..., None]]:
    """Register ``parplan record NAME``: the function's own arguments and options, then the
    ones every record command takes, declared here once (--plan, --dry-run, --force). The
    function returns the edit; the file is found (without --plan, the plan of the year of
    the period or day the edit names), the change made and what it did reported the one way."""

    def register(command: Callable[..., Edit]) -> Callable[..., None]:
        own = inspect.signature(command, eval_str=True)
        shared = [
            inspect.Parameter(key, inspect.Parameter.KEYWORD_ONLY, annotation=kind, default=value)
            for key, kind, value in (
                ("plan", PlanOpt, None),
                ("dry_run", DryRunOpt, False),
                ("force", LinksOpt, False),
            )
        ]

        @functools.wraps(command, assigned=("__module__", "__name__", "__qualname__", "__doc__"))
        def run(*, plan: Path | None, dry_run: bool, force: bool, **given: Any) -> None:
            from parplan.core.periods import year_named
            from parplan.document.change import edit_plan
            from parplan.storage.discover import resolve_plan

            when, change = command(**given)
            today = date.today()
            path = guarded(lambda: resolve_plan(plan, year=year_named(when) or today.year))
            outcome = guarded(
                lambda: edit_plan(
                    path,
                    lambda p, _text: change(p, today),
                    today=today,
                    dry_run=dry_run,
                    force=force,
                    waiting=say,
                )
            )
            edited(outcome, dry_run)

        run.__signature__ = own.replace(  # type: ignore[attr-defined]  # what typer reads
            parameters=[*own.parameters.values(), *shared], return_annotation=None
        )
        return record_app.command(name, epilog=examples(*lines))(run)

    return register


@_record_command(
    "task",
    'parplan record task 5 --done 20/03/2024 -e "Kế hoạch số 45/KH-SVHTT"',
    'parplan record task 7 --status "đang thực hiện" --dry-run',
)
def record_task_cmd(
    number: Annotated[
        int,
        typer.Argument(
            help="Số thứ tự nhiệm vụ (STT trong phụ lục)",
            metavar="STT",
            autocompletion=plan_values("task"),
        ),
    ],
    done: DoneOpt = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            metavar="TRẠNG-THÁI",
            help="chưa bắt đầu, đang thực hiện, hoàn thành, hủy "
            "(hoặc mã not_started, in_progress, done, cancelled)",
            autocompletion=fixed_values("status"),
        ),
    ] = None,
    evidence: EvidenceOpt = None,
    note: NoteOpt = None,
) -> Edit:
    """Ghi tiến độ một nhiệm vụ: hoàn thành (kèm tài liệu kiểm chứng), đang làm, hủy."""
    from parplan.editing.record import record_task

    return done, lambda p, today: record_task(
        p, number, today=today, done=done, status=status, evidence=evidence, note=note
    )


@_record_command(
    "indicator",
    "parplan record indicator sipas --period 2024-H1 --value 86,2",
    'parplan record indicator par-index --period 2024 --assessment "đạt một phần"',
)
def record_indicator_cmd(
    ident: Annotated[
        str,
        typer.Argument(
            help="Mã chỉ tiêu, ví dụ sipas", metavar="MÃ", autocompletion=plan_values("indicator")
        ),
    ],
    period: Annotated[
        str,
        period_option("Kỳ: 2024-Q1, 2024-H1, 2024-9M, 2024"),
    ],
    value: Annotated[
        str | None, typer.Option("--value", metavar="SỐ", help="Giá trị đo (86,2 hoặc 86.2)")
    ] = None,
    numerator: Annotated[
        str | None, typer.Option("--numerator", metavar="SỐ", help="Tử số (số nguyên), ví dụ 1.245")
    ] = None,
    denominator: Annotated[
        str | None,
        typer.Option("--denominator", metavar="SỐ", help="Mẫu số (số nguyên), ví dụ 1.250"),
    ] = None,
    assessment: Annotated[
        str | None,
        typer.Option(
            "--assessment",
            metavar="ĐÁNH-GIÁ",
            help="Chỉ tiêu định tính: đạt, đạt một phần, chưa đạt "
            "(hoặc mã achieved, partly, not_achieved)",
            autocompletion=fixed_values("assessment"),
        ),
    ] = None,
    source: Annotated[
        str | None,
        typer.Option("--source", metavar="VĂN-BẢN", help="Nguồn số liệu, tài liệu kiểm chứng"),
    ] = None,
    note: NoteOpt = None,
) -> Edit:
    """Ghi giá trị đo của một chỉ tiêu cho một kỳ (ghi đè nếu kỳ đó đã có)."""
    from parplan.editing.record import record_indicator

    return period, lambda p, _today: record_indicator(
        p,
        ident,
        period=period,
        value=value,
        numerator=numerator,
        denominator=denominator,
        assessment=assessment,
        source=source,
        note=note,
    )


@_record_command(
    "obligation",
    "parplan record obligation ke-hoach-don-vi -u VP --done 09/02/2024",
)
def record_obligation_cmd(
    ident: Annotated[
        str,
        typer.Argument(
            help="Mã nghĩa vụ, ví dụ cong-khai-hang-thang",
            metavar="MÃ",
            autocompletion=plan_values("obligation"),
        ),
    ],
    done: Annotated[str, done_option("Ngày hoàn thành: 2024-03-29 hoặc 29/03/2024")],
    period: Annotated[str | None, period_option("Kỳ, ví dụ 2024-03, 2024-Q1")] = None,
    event: Annotated[
        str | None,
        typer.Option("--event", metavar="NGÀY", help="Nghĩa vụ theo sự kiện: ngày xảy ra sự kiện"),
    ] = None,
    unit: Annotated[
        str | None,
        unit_option(
            "Đơn vị đã thực hiện (cần khi nghĩa vụ giao cho nhóm hoặc nhiều đơn vị: "
            "mỗi đơn vị ghi lần của mình); mã hoặc tên"
        ),
    ] = None,
    evidence: EvidenceOpt = None,
    note: NoteOpt = None,
) -> Edit:
    """Ghi một lần thực hiện nghĩa vụ (ví dụ công khai tháng 03/2024 của một đơn vị; hoặc
    một nghĩa vụ theo sự kiện với --event NGÀY-SỰ-KIỆN --done NGÀY-HOÀN-THÀNH)."""
    from parplan.editing.record import record_obligation

    return period or event or done, lambda p, today: record_obligation(
        p,
        ident,
        today=today,
        done=done,
        period=period,
        event=event,
        evidence=evidence,
        note=note,
        unit=unit,
    )
