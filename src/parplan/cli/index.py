"""Command line of the PAR INDEX self-assessment: `parplan index PLAN` and its subcommands
(import, form, collect), registered on the main app by parplan.cli. Options in, one library
call, output out."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, cast

import typer
from typer.core import TyperGroup

from parplan.cli.app import app, chosen_format, edited, emit, fail, guarded, parse_as_of, say, tell
from parplan.cli.i18n import examples
from parplan.cli.options import (
    AsOfOpt,
    DryRunOpt,
    ForceOpt,
    OutputOpt,
    PlanArg,
    PlanOpt,
    json_option,
    output_option,
)
from parplan.core.errors import CellProblem, ParplanError, UsageError
from parplan.core.numbers import format_number

if TYPE_CHECKING:
    from parplan.core.criteria import Rebase


class _PlanFirst(TyperGroup):
    """`parplan index PLAN` is the summary: a first word that is no subcommand (a plan's
    file, an option, or nothing) goes to the `show` command."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        first = args[0] if args else None
        if "show" in self.commands and (
            first is None or first not in (*self.commands, "-h", "--help")
        ):
            args = ["show", *args]
        return super().parse_args(ctx, args)


index_app = typer.Typer(
    cls=_PlanFirst,
    help="Tự đánh giá chỉ số cải cách hành chính (PAR INDEX): bộ tiêu chí, biểu tự chấm "
    "điểm, điểm theo lĩnh vực và tổng.",
    epilog=examples(
        "parplan index import bo-tieu-chi-2024.xlsx -o index/2024.yaml",
        "parplan index plans/2024.yaml",
    ),
    rich_markup_mode=None,
)
app.add_typer(index_app, name="index")


def _rejected(problems: Sequence[CellProblem], what: str, code: int) -> None:
    """Every located problem of a table or workbook, then what was not written; exit."""
    from parplan.document.loader import MAX_PROBLEMS

    for problem in problems[:MAX_PROBLEMS]:
        tell(problem.render(), err=True)
    if len(problems) > MAX_PROBLEMS:
        more = format_number(len(problems) - MAX_PROBLEMS)
        tell(f"… còn {more} lỗi nữa không liệt kê (chỉ in {MAX_PROBLEMS} lỗi đầu tiên)", err=True)
    tell(f"{format_number(len(problems))} lỗi; {what}", err=True)
    raise typer.Exit(code)


@index_app.command(
    "import",
    epilog=examples(
        "parplan index import bo-tieu-chi-2024.xlsx -o index/2024.yaml",
        "parplan index import bo-tieu-chi-2024.docx -o index/2024.yaml --step 0.5",
    ),
)
def import_table(
    table: Annotated[
        Path,
        typer.Argument(
            help="Bảng tiêu chí Thành phố gửi: .xlsx, .docx (hoặc bảng .md)",
            metavar="BẢNG",
            readable=False,
            show_default=False,
        ),
    ],
    output: OutputOpt = "-",
    step: Annotated[
        str,
        typer.Option("--step", metavar="SỐ", help="Bước chấm điểm, ví dụ 0,25 hoặc 0,5"),
    ] = "0,25",
    rebase: Annotated[
        str,
        typer.Option(
            "--rebase",
            metavar="CÁCH",
            help="Quy đổi khi có mục không áp dụng: proportional (tỷ lệ), full (tính đủ "
            "điểm) hoặc none (bỏ khỏi điểm tối đa)",
        ),
    ] = "proportional",
    cap: Annotated[
        bool,
        typer.Option(
            "--cap",
            help="Giữ tổng điểm cuối cùng (quy đổi + điểm thưởng − điểm trừ) trong khoảng 0 "
            "đến tổng điểm tối đa (quy định của Thành phố; mặc định không giới hạn)",
        ),
    ] = False,
    force: ForceOpt = False,
) -> None:
    """Nhập bộ tiêu chí chỉ số CCHC từ bảng Thành phố gửi (.xlsx, .docx) thành tệp YAML đã
    kiểm tra: mọi cấp (lĩnh vực 1, tiêu chí 1.1, tiêu chí thành phần 1.1.1) với điểm tối
    đa phải cộng đúng, cùng phần điểm thưởng, điểm trừ; dòng không đọc được và tổng không khớp được chỉ rõ vị trí
    (TỆP.xlsx!Trang!Ô); có lỗi thì không ghi gì (mã thoát 1).
    """
    from parplan.core.criteria import PARTS, REBASE_RULES, leaves
    from parplan.core.numbers import parse_value
    from parplan.index.table import read_table, table_yaml, title_maximum

    chosen_format(output, ("yaml",))
    if rebase not in REBASE_RULES:
        fail(UsageError(f"--rebase: '{rebase}' không hợp lệ; cần proportional, full hoặc none"))
    size = guarded(lambda: parse_value(step, "--step"))
    if size <= 0:
        fail(UsageError(f"--step: '{step}' phải lớn hơn 0"))
    try:
        read = read_table(table, step=size, rebase=cast("Rebase", rebase), cap=cap)
    except ParplanError as exc:
        problems: list[Any] = getattr(exc, "problems", [])
        if not problems:
            fail(exc)
        _rejected(problems, "không ghi tệp nào", int(exc.exit_code))
        return
    emit(output, table_yaml(read, table.name).encode("utf-8"), force)
    if cap and read.bonus is None and read.penalty is None:
        tell("Bảng không có điểm thưởng, điểm trừ: --cap không có tác dụng, không ghi.", err=True)
    items = sum(1 for _ in leaves(read))
    parts = "".join(
        f", {PARTS[key]} {format_number(len(part.items))} mục (tối đa {format_number(part.points)}"
        + (", như tiêu đề ghi)" if title_maximum(part.title) == part.points else ")")
        for key, part in read.adjustments()
    )
    tell(
        f"{format_number(len(read.areas))} lĩnh vực, {format_number(items)} mục chấm điểm, "
        f"tổng {format_number(read.total)} điểm{parts}",
        err=True,
    )


def _assessment(plan: Path | None, as_of: str | None) -> Any:
    from parplan.index.assess import open_assessment
    from parplan.storage.discover import resolve_plan

    day = parse_as_of(as_of)
    path = guarded(lambda: resolve_plan(plan, year=day.year))
    return guarded(lambda: open_assessment(path, day))


@index_app.command(
    "form",
    epilog=examples(
        "parplan index form plans/2024.yaml -o tu-cham.xlsx",
        "parplan index form plans/2024.yaml --as-of 30/11/2024 -o tu-cham.xlsx",
    ),
)
def form_cmd(
    plan: PlanArg = None,
    output: Annotated[
        str,
        output_option("Biểu tự chấm điểm .xlsx sẽ ghi"),
    ] = "tu-cham.xlsx",
    as_of: AsOfOpt = None,
    force: ForceOpt = False,
) -> None:
    """Lập biểu tự chấm điểm chỉ số CCHC (.xlsx): STT | Tiêu chí | Điểm tối đa | Số liệu kê
    khai | Cách tính điểm | Tài liệu kiểm chứng | Điểm tự chấm | Giải trình; số liệu, tài liệu
    kiểm chứng của các mục kế hoạch gắn với tiêu chí và điểm gợi ý (tỷ lệ việc đúng hạn) điền
    sẵn; các ô cần điền tô vàng. Điền xong: `parplan index collect`.
    """
    from parplan.index.workbook import workbook_bytes

    chosen_format(output, ("xlsx",))
    assessed = _assessment(plan, as_of)
    emit(output, workbook_bytes(assessed), force)


@index_app.command(
    "collect",
    epilog=examples(
        "parplan index collect tu-cham.xlsx --plan plans/2024.yaml --dry-run",
        "parplan index collect tu-cham.xlsx --plan plans/2024.yaml",
    ),
)
def collect_cmd(
    workbook: Annotated[
        Path,
        typer.Argument(help="Biểu tự chấm điểm đã điền (.xlsx)", metavar="TỆP", readable=False),
    ],
    plan: PlanOpt = None,
    dry_run: DryRunOpt = False,
) -> None:
    """Thu biểu tự chấm điểm đã điền và ghi điểm vào kế hoạch (par_index.scores) như
    `parplan record`: kiểm tra từng ô (điểm vượt điểm tối đa, âm, không theo bước chấm, thiếu
    cả tài liệu kiểm chứng lẫn giải trình), lỗi kèm vị trí TỆP.xlsx!Trang!Ô; có lỗi thì không
    ghi gì (mã thoát 1).
    """
    from datetime import date

    from parplan.core.errors import FormsRejected
    from parplan.index.collect import collect
    from parplan.storage.discover import resolve_plan

    today = date.today()
    path = guarded(lambda: resolve_plan(plan, year=today.year))
    try:
        outcome = collect(path, workbook, today=today, dry_run=dry_run, waiting=say)
    except FormsRejected as exc:
        _rejected(exc.problems, f"không ghi gì vào {path}", int(exc.exit_code))
        return
    except ParplanError as exc:
        fail(exc)
    edited(outcome, dry_run)


@index_app.command(
    "show",
    epilog=examples(
        "parplan index show plans/2024.yaml --json",
        "parplan index show plans/2024.yaml -o bao-cao-tu-cham.docx",
    ),
)
def show_cmd(
    plan: PlanArg = None,
    as_of: AsOfOpt = None,
    as_json: Annotated[bool, json_option("In dạng JSON")] = False,
    output: OutputOpt = "-",
    force: ForceOpt = False,
) -> None:
    """Kết quả tự chấm điểm chỉ số CCHC theo lĩnh vực và tổng: điểm tối đa, điểm tự chấm,
    tỷ lệ, số mục chấm không có tài liệu kiểm chứng, chưa chấm, không áp dụng, và cách quy
    đổi tổng điểm; `-o` ghi báo cáo tự đánh giá (.docx, .md, Decree 30, bảng là phụ lục) hoặc
    bảng .xlsx. (`parplan index TỆP` là lệnh này.)
    """
    from parplan.index import output as out
    from parplan.index.report import json_data

    if as_json and output != "-":
        fail(UsageError("--json in ra stdout; bỏ -o, hoặc bỏ --json để ghi báo cáo"))
    chosen = chosen_format(output, ("md", "docx", "xlsx")) if output != "-" else ""
    assessed = _assessment(plan, as_of)
    if as_json:
        from parplan.core.sanitize import json_text

        tell(json_text(json_data(assessed)))
    elif not chosen:
        tell(out.terminal_text(assessed), nl=False)
    elif chosen == "xlsx":
        emit(output, out.xlsx_bytes(assessed), force)
    elif chosen == "md":
        emit(output, out.markdown(assessed, assessed.as_of).encode("utf-8"), force)
    else:
        emit(output, out.docx_bytes(assessed, assessed.as_of), force)


def site_pages(path: Path, day: Any) -> dict[str, tuple[str, str, dict[str, Any]]]:
    """The site's PAR INDEX page for `parplan site` (the plan must pass `check`)."""
    from parplan.index.assess import open_assessment
    from parplan.index.output import SITE_PAGE, site_page

    return {SITE_PAGE: site_page(guarded(lambda: open_assessment(path, day)))}
