"""``parplan record task|indicator|obligation``: progress written into the plan file."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

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
    RecordPlanOpt,
    period_option,
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


def _record(
    plan: Path | None,
    dry_run: bool,
    change: Callable[[Plan, date], Change],
    force: bool = False,
    when: str | None = None,
) -> None:
    """Shared by the record commands: find the file (without one named, the plan of the
    year of ``when``: the --period, else the date recorded), make the change, report."""
    from parplan.core.periods import year_named
    from parplan.document.change import edit_plan
    from parplan.storage.discover import resolve_plan

    today = date.today()
    year = year_named(when) or today.year
    path = guarded(lambda: resolve_plan(plan, year=year))
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


@record_app.command(
    "task",
    epilog=examples(
        'parplan record task 5 --done 20/03/2024 -e "Kế hoạch số 45/KH-SVHTT"',
        'parplan record task 7 --status "đang thực hiện" --dry-run',
    ),
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
    plan: RecordPlanOpt = None,
    dry_run: DryRunOpt = False,
    force: LinksOpt = False,
) -> None:
    """Ghi tiến độ một nhiệm vụ: hoàn thành (kèm tài liệu kiểm chứng), đang làm, hủy."""
    from parplan.editing.record import record_task

    _record(
        plan,
        dry_run,
        lambda p, today: record_task(
            p, number, today=today, done=done, status=status, evidence=evidence, note=note
        ),
        force,
        done,
    )


@record_app.command(
    "indicator",
    epilog=examples(
        "parplan record indicator sipas --period 2024-H1 --value 86,2",
        'parplan record indicator par-index --period 2024 --assessment "đạt một phần"',
    ),
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
    plan: RecordPlanOpt = None,
    dry_run: DryRunOpt = False,
    force: LinksOpt = False,
) -> None:
    """Ghi giá trị đo của một chỉ tiêu cho một kỳ (ghi đè nếu kỳ đó đã có)."""
    from parplan.editing.record import record_indicator

    _record(
        plan,
        dry_run,
        lambda p, today: record_indicator(
            p,
            ident,
            period=period,
            value=value,
            numerator=numerator,
            denominator=denominator,
            assessment=assessment,
            source=source,
            note=note,
        ),
        force,
        period,
    )


@record_app.command(
    "obligation",
    epilog=examples(
        "parplan record obligation ke-hoach-don-vi -u VP --done 09/02/2024",
    ),
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
    done: Annotated[
        str,
        typer.Option("--done", metavar="NGÀY", help="Ngày hoàn thành: 2024-03-29 hoặc 29/03/2024"),
    ],
    period: Annotated[str | None, period_option("Kỳ, ví dụ 2024-03, 2024-Q1")] = None,
    event: Annotated[
        str | None,
        typer.Option("--event", metavar="NGÀY", help="Nghĩa vụ theo sự kiện: ngày xảy ra sự kiện"),
    ] = None,
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit",
            "-u",
            metavar="ĐƠN-VỊ",
            help="Đơn vị đã thực hiện (cần khi nghĩa vụ giao cho nhóm hoặc nhiều đơn vị: "
            "mỗi đơn vị ghi lần của mình); mã hoặc tên",
        ),
    ] = None,
    evidence: EvidenceOpt = None,
    note: NoteOpt = None,
    plan: RecordPlanOpt = None,
    dry_run: DryRunOpt = False,
    force: LinksOpt = False,
) -> None:
    """Ghi một lần thực hiện nghĩa vụ (ví dụ công khai tháng 03/2024 của một đơn vị; hoặc
    một nghĩa vụ theo sự kiện với --event NGÀY-SỰ-KIỆN --done NGÀY-HOÀN-THÀNH)."""
    from parplan.editing.record import record_obligation

    _record(
        plan,
        dry_run,
        lambda p, today: record_obligation(
            p,
            ident,
            today=today,
            done=done,
            period=period,
            event=event,
            evidence=evidence,
            note=note,
            unit=unit,
        ),
        force,
        period or event or done,
    )
