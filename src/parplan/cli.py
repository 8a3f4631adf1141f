"""Command line: parse options, call one library function, print its result.

Heavy modules (pydantic, ruamel, rich, jinja) are imported inside the commands that need
them, so ``parplan --help`` stays fast.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, NoReturn, TypeVar

import typer

from parplan.errors import ExitCode, ParplanError, UsageError

app = typer.Typer(
    name="parplan",
    help="Kế hoạch cải cách hành chính (CCHC) dưới dạng YAML: kiểm tra, theo dõi, báo cáo.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

T = TypeVar("T")

PlanArg = Annotated[
    Path | None,
    typer.Argument(
        help="Tệp kế hoạch; bỏ trống: $PARPLAN_PLAN, rồi plans/<năm>.yaml", show_default=False
    ),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option("--as-of", help="Ngày xét: 2024-04-15 hoặc 15/04/2024 (mặc định: hôm nay)"),
]


def fail(error: ParplanError) -> NoReturn:
    """The one place where an error becomes a message on stderr and an exit code."""
    typer.echo(f"parplan: {error.message}", err=True)
    raise typer.Exit(int(error.exit_code))


def guarded(fn: Callable[[], T]) -> T:
    try:
        return fn()
    except ParplanError as exc:
        fail(exc)


def parse_as_of(value: str | None) -> date:
    """The clock is read here, in the CLI, and nowhere else."""
    if value is None:
        return date.today()
    from parplan.periods import parse_user_date

    try:
        return parse_user_date(value)
    except ValueError as exc:
        fail(UsageError(f"--as-of: {exc}"))


@app.command()
def check(
    plans: Annotated[
        list[Path] | None,
        typer.Argument(help="Các tệp kế hoạch; bỏ trống: mọi tệp plans/*.yaml", show_default=False),
    ] = None,
    as_of: AsOfOpt = None,
) -> None:
    """Kiểm tra tệp kế hoạch: cú pháp, kiểu dữ liệu, tham chiếu, ngày tháng.

    Mã thoát: 0 hợp lệ, 1 có lỗi trong kế hoạch, 2 lỗi dòng lệnh (ví dụ không có tệp).
    """
    from parplan.discover import plan_files
    from parplan.loader import check_file

    day = parse_as_of(as_of)
    paths = plans or plan_files()
    if not paths:
        fail(UsageError("không có tệp nào để kiểm tra: hãy chỉ rõ tệp hoặc tạo plans/*.yaml"))
    missing = [p for p in paths if not p.is_file()]
    if missing:
        fail(UsageError(f"{missing[0]}: không tìm thấy tệp kế hoạch"))
    results = [check_file(path, as_of=day) for path in paths]
    for result in results:
        if result.ok:
            s = result.summary
            typer.echo(
                f"{result.file}: hợp lệ — {s['units']} đơn vị, {s['areas']} lĩnh vực, "
                f"{s['indicators']} chỉ tiêu, {s['tasks']} nhiệm vụ, {s['obligations']} nghĩa vụ"
            )
        for problem in result.problems:
            typer.echo(problem.render())
    bad = sum(len(r.problems) for r in results)
    if bad:
        files = sum(1 for r in results if not r.ok)
        typer.echo(f"{bad} lỗi trong {files} tệp", err=True)
        raise typer.Exit(int(ExitCode.PLAN_INVALID))


@app.command()
def export(
    plan: PlanArg = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="json hoặc yaml")] = "json",
) -> None:
    """In kế hoạch đã kiểm tra ra stdout dạng JSON (giao diện ổn định cho script) hoặc YAML."""
    import json

    from parplan.discover import resolve_plan
    from parplan.export import export_plan, normalised_yaml_data
    from parplan.loader import load_plan

    if fmt not in ("json", "yaml"):
        fail(UsageError(f"--format: '{fmt}' không hợp lệ; cần json hoặc yaml"))
    loaded = guarded(lambda: load_plan(resolve_plan(plan)))
    if fmt == "json":
        typer.echo(json.dumps(export_plan(loaded), ensure_ascii=False, indent=2))
    else:
        from parplan.yamlio import dump_plain

        typer.echo(dump_plain(normalised_yaml_data(loaded)), nl=False)


def main() -> None:
    """Console entry point."""
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
