"""``parplan rollup``: many plans (agencies, or a department's units), one row each."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from parplan.cli.app import app, chosen_format, emit, fail, guarded, parse_as_of, tell
from parplan.cli.i18n import examples
from parplan.cli.opening import require_plans
from parplan.cli.options import AsOfOpt, ForceOpt, JsonOpt, OutputOpt, UnitOpt, WithinOpt
from parplan.core.errors import ExitCode, UsageError
from parplan.core.numbers import format_number
from parplan.core.workdays import DEFAULT_WITHIN

ROLLUP_FORMATS = ("json", "md", "html", "xlsx")


@app.command(
    epilog=examples(
        "parplan rollup plans/agencies/ --as-of 30/06/2024",
        "parplan rollup plans/agencies/ -o tong-hop.xlsx",
    )
)
def rollup(
    plans: Annotated[
        list[Path],
        typer.Argument(
            help="Các tệp kế hoạch hoặc thư mục (mọi tệp *.yaml trong đó)",
            show_default=False,
            readable=False,
            metavar="TỆP|THƯ-MỤC",
        ),
    ],
    as_of: AsOfOpt = None,
    within: WithinOpt = DEFAULT_WITHIN,
    unit: UnitOpt = None,
    sort: Annotated[
        str,
        typer.Option(
            "--sort",
            metavar="CỘT",
            help="Sắp xếp theo cột (khóa JSON, ví dụ tasks_overdue, percent_on_time, issuer)",
        ),
    ] = "tasks_overdue",
    as_json: JsonOpt = False,
    output: OutputOpt = "-",
    sites: Annotated[
        Path | None,
        typer.Option(
            "--sites",
            metavar="THƯ-MỤC",
            help="Cùng -o .html: liên kết tới trang của từng kế hoạch (THƯ-MỤC/<tên tệp>/)",
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            metavar="N",
            help="Số tiến trình đọc kế hoạch song song (mặc định: số lõi CPU được dùng)",
        ),
    ] = None,
    force: ForceOpt = False,
) -> None:
    """Tổng hợp nhiều kế hoạch: mỗi kế hoạch (cơ quan) một dòng, số liệu như parplan status.

    Mã thoát: 0 mọi kế hoạch hợp lệ, 1 có kế hoạch lỗi (vẫn được liệt kê, không tính vào
    dòng tổng), 2 lỗi dòng lệnh.
    """
    from parplan.rollup import output as rollup_out
    from parplan.rollup.table import plan_paths
    from parplan.rollup.table import rollup as build_rollup

    table = output == "-" and not as_json
    chosen = "txt" if table else chosen_format(output, ROLLUP_FORMATS, "json" if as_json else None)
    if sites is not None and chosen != "html":
        fail(UsageError("--sites chỉ dùng với -o TỆP.html"))
    day = None if as_of is None else parse_as_of(as_of)
    paths = guarded(lambda: plan_paths(plans))
    require_plans(paths)
    today = parse_as_of(None)
    result = guarded(
        lambda: build_rollup(paths, day, today, within=within, sort=sort, unit=unit, jobs=jobs)
    )
    if table:
        from parplan.cli.rollup_tables import render_rollup
        from parplan.cli.screen import screen

        render_rollup(result, screen())
    else:
        from parplan.core.sanitize import json_text

        target = None if output == "-" else Path(output)
        data = {
            "json": lambda: (json_text(rollup_out.rollup_json(result)) + "\n").encode("utf-8"),
            "md": lambda: rollup_out.markdown(result).encode("utf-8"),
            "html": lambda: guarded(lambda: rollup_out.html(result, target, sites)),
            "xlsx": lambda: rollup_out.xlsx(result),
        }
        emit(output, data[chosen](), force)
    if result.invalid:
        sys.stdout.flush()
        tell(
            f"{format_number(len(result.invalid))} kế hoạch có lỗi, không tính vào dòng tổng "
            "(xem parplan check)",
            err=True,
        )
        raise typer.Exit(int(ExitCode.PLAN_INVALID))
