"""Command line of the progress forms: `parplan form` and `parplan collect` (registered on
the main app by parplan.cli). Options in, one library call, output out."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from parplan.cli.app import app, fail, guarded, say, tell
from parplan.cli.i18n import examples
from parplan.cli.options import (
    DryRunOpt,
    PeriodOpt,
    PlanArg,
    PlanOpt,
    force_option,
    output_option,
    unit_option,
)
from parplan.core.errors import FormsRejected, ParplanError, UsageError
from parplan.core.numbers import format_number


@app.command(
    epilog=examples(
        "parplan form plans/2024.yaml --period 2024-Q2 -o forms/",
        'parplan form --period 2024-H1 --unit "van phong" -u thanh-tra -o forms/',
    )
)
def form(
    plan: PlanArg = None,
    period: PeriodOpt = None,
    unit: Annotated[
        list[str] | None,
        unit_option("Chỉ lập cho đơn vị này (lặp lại được); mặc định: mọi đơn vị"),
    ] = None,
    output: Annotated[
        Path,
        output_option("Thư mục ghi biểu mẫu (tạo nếu chưa có)", folder=True, readable=False),
    ] = Path("forms"),
    force: Annotated[bool, force_option("biểu mẫu")] = False,
) -> None:
    """Lập biểu mẫu Excel (.xlsx) báo cáo tiến độ cho từng đơn vị: nhiệm vụ, chỉ tiêu và
    nghĩa vụ của kỳ; đơn vị điền các ô màu vàng rồi gửi lại để `parplan collect`.
    """
    from parplan.core.periods import year_named
    from parplan.document.loader import plan_from_text, read_plan_text
    from parplan.forms.build import write_forms
    from parplan.storage.discover import resolve_plan
    from parplan.tracking.typed import plan_period
    from parplan.tracking.units import find_unit

    if period is None:
        fail(UsageError("--period: cần kỳ của biểu mẫu, ví dụ 2024-Q2, 2024-H1, 2024"))
    year = year_named(period) or date.today().year
    path = guarded(lambda: resolve_plan(plan, year=year))
    text = guarded(lambda: read_plan_text(path))
    loaded = guarded(lambda: plan_from_text(text, str(path)))
    when = guarded(lambda: plan_period(loaded, period))
    units = guarded(lambda: [find_unit(loaded, q) for q in unit]) if unit else None
    made = guarded(
        lambda: write_forms(loaded, text, path.name, when, units, output, force=force, waiting=say)
    )
    for file, made_form in made:
        counts = ", ".join(
            f"{format_number(len(rows))} {sheet.lower()}" for sheet, rows in made_form.rows.items()
        )
        tell(f"Đã ghi {file} — {made_form.unit_name}: {counts}")
    if not made:
        tell(f"Không đơn vị nào có mục cần báo cáo trong {when.label}", err=True)


@app.command(
    epilog=examples(
        "parplan collect forms/*.xlsx --plan plans/2024.yaml --dry-run",
        "parplan collect forms/van-phong.xlsx --plan plans/2024.yaml",
    )
)
def collect(
    forms: Annotated[
        list[Path],
        typer.Argument(
            help="Các biểu mẫu đã điền (.xlsx), hoặc thư mục chứa chúng",
            metavar="TỆP",
            readable=False,
        ),
    ],
    plan: PlanOpt = None,
    period: PeriodOpt = None,
    dry_run: DryRunOpt = False,
) -> None:
    """Thu biểu mẫu đã điền và ghi vào kế hoạch: kiểm tra từng ô như `parplan record`,
    từ chối mọi xung đột (kèm vị trí TỆP.xlsx!Trang!Ô); có lỗi thì không ghi gì (mã thoát 1).
    """
    from parplan.forms.collect import collect as run
    from parplan.forms.collect import summary_table
    from parplan.forms.read import read_forms
    from parplan.storage.discover import resolve_plan

    today = date.today()
    path = guarded(lambda: resolve_plan(plan, year=today.year))
    forms = guarded(lambda: _form_files(forms))
    read = read_forms(forms)
    try:
        collected, outcome = run(
            path,
            [f for f, _ in read],
            today=today,
            period=period,
            dry_run=dry_run,
            known=[p for _, problems in read for p in problems],
            waiting=say,
        )
    except FormsRejected as exc:
        from parplan.document.loader import MAX_PROBLEMS

        for problem in exc.problems[:MAX_PROBLEMS]:
            tell(problem.render(), err=True)
        if len(exc.problems) > MAX_PROBLEMS:
            more = format_number(len(exc.problems) - MAX_PROBLEMS)
            tell(
                f"… còn {more} lỗi nữa không liệt kê (chỉ in {MAX_PROBLEMS} lỗi đầu tiên)", err=True
            )
        tell(f"{format_number(len(exc.problems))} lỗi; không ghi gì vào {path}", err=True)
        raise typer.Exit(int(exc.exit_code)) from None
    except ParplanError as exc:
        fail(exc)
    if dry_run:  # the diff is the product (it can be piped); the table goes beside it
        tell(outcome.diff, nl=False)
    tell(summary_table(collected), err=dry_run)
    total = format_number(len(collected.changes))
    if dry_run:
        tell(f"(chưa ghi) {total} mục sẽ thay đổi trong {path}", err=True)
    elif outcome.written:
        tell(f"Đã ghi {path}: {total} mục từ {format_number(len(forms))} biểu mẫu", err=True)
    else:
        tell(f"Không có gì thay đổi ở {path}", err=True)


def _form_files(paths: list[Path]) -> list[Path]:
    """The forms named, a folder standing for every .xlsx in it (sorted by name)."""
    from parplan.storage.discover import expand_folders, form_files

    return expand_folders(paths, form_files, "biểu mẫu .xlsx")
