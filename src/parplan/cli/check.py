"""``parplan check``, ``export`` and ``schema``: is the plan valid, and the plan as data."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Annotated

import typer

from parplan.cli.app import app, chosen_format, emit, fail, guarded, parse_as_of, tell
from parplan.cli.i18n import examples
from parplan.cli.opening import require_plans
from parplan.cli.options import AsOfOpt, ForceOpt, OutputOpt, PlanArg, format_option
from parplan.core.errors import ExitCode, UsageError
from parplan.core.numbers import format_number


@app.command(
    epilog=examples("parplan check plans/2024.yaml", "parplan check --format github plans/*.yaml")
)
def check(
    plans: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Các tệp kế hoạch; bỏ trống: mọi tệp plans/*.yaml",
            show_default=False,
            readable=False,
            metavar="TỆP",
        ),
    ] = None,
    as_of: AsOfOpt = None,
    fmt: Annotated[
        str,
        format_option(
            "text (kèm dòng nguồn và dấu ^), short (mỗi lỗi một dòng), github (chú thích "
            "GitHub Actions) hoặc json",
            ("text", "short", "github", "json"),
        ),
    ] = "text",
) -> None:
    """Kiểm tra tệp kế hoạch: cú pháp, kiểu dữ liệu, tham chiếu, ngày tháng.

    Mã thoát: 0 hợp lệ (kể cả khi có cảnh báo), 1 có lỗi trong kế hoạch, 2 lỗi dòng lệnh
    (ví dụ không có tệp).
    """
    from parplan.cli.check_output import github_report, json_report, short_report, text_report
    from parplan.document.loader import check_file
    from parplan.storage.discover import plan_files

    reporters = {
        "text": text_report,
        "short": short_report,
        "github": github_report,
        "json": json_report,
    }
    if fmt not in reporters:
        fail(UsageError(f"--format: '{fmt}' không hợp lệ; cần text, short, github hoặc json"))
    day = parse_as_of(as_of)
    paths = plans or plan_files()
    if not paths:
        fail(UsageError("không có tệp nào để kiểm tra: hãy chỉ rõ tệp hoặc tạo plans/*.yaml"))
    require_plans(paths)
    # a file that passed the look but fails to read (an I/O error, /proc/self/mem) is refused
    # as any unreadable file is, not reported as a bug
    results = [guarded(partial(check_file, path, as_of=day)) for path in paths]
    tell(reporters[fmt](results), nl=False)
    warned = sum(r.warnings for r in results)
    if warned:
        tell(f"{format_number(warned)} cảnh báo (kế hoạch vẫn hợp lệ)", err=True)
    bad = sum(r.count for r in results)
    if bad:
        files = sum(1 for r in results if not r.ok)
        tell(f"{format_number(bad)} lỗi trong {files} tệp", err=True)
        raise typer.Exit(int(ExitCode.PLAN_INVALID))


@app.command(epilog=examples("parplan export plans/2024.yaml", "parplan export -o 2024.yaml"))
def export(
    plan: PlanArg = None,
    fmt: Annotated[
        str | None,
        format_option("json hoặc yaml (mặc định theo đuôi tệp)", ("json", "yaml")),
    ] = None,
    output: OutputOpt = "-",
    force: ForceOpt = False,
) -> None:
    """In kế hoạch đã kiểm tra dạng JSON (giao diện ổn định cho script) hoặc YAML."""
    from parplan.core.sanitize import json_text
    from parplan.document.loader import load_plan
    from parplan.render.export import export_plan, normalised_yaml_data
    from parplan.storage.discover import resolve_plan

    chosen = chosen_format(output, ("json", "yaml"), fmt)
    loaded = guarded(lambda: load_plan(resolve_plan(plan)))
    if chosen == "json":
        text = json_text(export_plan(loaded)) + "\n"
    else:
        from parplan.document.yamlio import dump_plain

        text = dump_plain(normalised_yaml_data(loaded))
    emit(output, text.encode("utf-8"), force)


@app.command(epilog=examples("parplan schema -o schema/plan.schema.json"))
def schema(output: OutputOpt = "-", force: ForceOpt = False) -> None:
    """In JSON Schema của tệp kế hoạch (cho VS Code YAML, check-jsonschema)."""
    from parplan.render.schema import schema_text

    chosen_format(output, ("json",))
    emit(output, schema_text().encode("utf-8"), force)
