"""Command line: parse options, call one library function, print its result.

Heavy modules (pydantic, ruamel, rich, jinja) are imported inside the commands that need
them, so ``parplan --help`` stays fast.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, TypeVar

import typer

from parplan import i18n
from parplan.errors import ExitCode, ParplanError, UsageError
from parplan.i18n import examples
from parplan.numbers import format_number
from parplan.workdays import DEFAULT_WITHIN, Within, parse_within

if TYPE_CHECKING:
    from parplan.dashboard import Dashboard
    from parplan.document import Change
    from parplan.model import Plan
    from parplan.unitfilter import Role
    from parplan.unitplans import Children

i18n.install()

app = typer.Typer(
    name="parplan",
    epilog=examples("parplan status", "parplan check plans/2024.yaml"),
    pretty_exceptions_enable=False,
    help="Kế hoạch cải cách hành chính (CCHC) dưới dạng YAML: kiểm tra, theo dõi, báo cáo.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

T = TypeVar("T")


def _version(value: bool) -> None:
    if value:
        from parplan import version

        tell(f"parplan {version()}")
        raise typer.Exit()


@app.callback()
def _root(
    show_version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="In số phiên bản rồi thoát."
        ),
    ] = False,
) -> None:
    """Kế hoạch cải cách hành chính (CCHC) dưới dạng YAML: kiểm tra, theo dõi, báo cáo."""


PlanArg = Annotated[
    Path | None,
    typer.Argument(
        help="Tệp kế hoạch; bỏ trống: $PARPLAN_PLAN, rồi plans/<năm>.yaml",
        show_default=False,
        readable=False,  # parplan.files reads and says why not, in Vietnamese
        metavar="TỆP",
    ),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="NGÀY",
        help="Ngày xét: 2024-04-15 hoặc 15/04/2024 (mặc định: hôm nay)",
    ),
]


def tell(message: str, *, err: bool = False, nl: bool = True) -> None:
    """The one way the CLI writes what a person reads (messages, summaries, tables, problem
    lines, JSON): every control character shown as an escape (``sanitize.visible``), never
    sent to the terminal. Only documents (``_emit``) go out byte for byte."""
    from parplan.sanitize import visible

    typer.echo(visible(message), err=err, nl=nl)


def fail(error: ParplanError) -> NoReturn:
    """The one place where an error becomes a message on stderr and an exit code."""
    from parplan.sanitize import visible

    tell(f"parplan: {visible(error.message, one_line=True)}", err=True)
    raise typer.Exit(int(error.exit_code))


def guarded(fn: Callable[[], T]) -> T:
    try:
        return fn()
    except ParplanError as exc:
        fail(exc)


def parse_as_of(value: str | None, option: str = "--as-of") -> date:
    """The clock is read here, in the CLI, and nowhere else."""
    if value is None:
        return date.today()
    from parplan.periods import parse_user_date

    try:
        return parse_user_date(value)
    except ValueError as exc:
        fail(UsageError(f"{option}: {exc}"))


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
        typer.Option(
            "--format",
            "-f",
            metavar="DẠNG",
            help="text (kèm dòng nguồn và dấu ^), short (mỗi lỗi một dòng), github (chú thích "
            "GitHub Actions) hoặc json",
        ),
    ] = "text",
) -> None:
    """Kiểm tra tệp kế hoạch: cú pháp, kiểu dữ liệu, tham chiếu, ngày tháng.

    Mã thoát: 0 hợp lệ (kể cả khi có cảnh báo), 1 có lỗi trong kế hoạch, 2 lỗi dòng lệnh
    (ví dụ không có tệp).
    """
    from parplan.check_output import github_report, json_report, short_report, text_report
    from parplan.discover import plan_files
    from parplan.document.loader import check_file

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
    from functools import partial

    from parplan.files import require_input

    for path in paths:
        guarded(partial(require_input, path))
    results = [check_file(path, as_of=day) for path in paths]
    tell(reporters[fmt](results), nl=False)
    warned = sum(r.warnings for r in results)
    if warned:
        tell(f"{format_number(warned)} cảnh báo (kế hoạch vẫn hợp lệ)", err=True)
    bad = sum(r.count for r in results)
    if bad:
        files = sum(1 for r in results if not r.ok)
        tell(f"{format_number(bad)} lỗi trong {files} tệp", err=True)
        raise typer.Exit(int(ExitCode.PLAN_INVALID))


OutputOpt = Annotated[
    str,
    typer.Option(
        "--output",
        "-o",
        metavar="TỆP",
        help="Tệp kết quả (định dạng theo đuôi tệp); '-' in ra stdout",
    ),
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Ghi đè tệp đã có")]


def _emit(output: str, data: bytes, force: bool, *, said: bool = True) -> None:
    """The product to stdout ('-') or, safely, to the named file (``said``: and say so;
    commands with more to say about what they wrote say it themselves)."""
    if output == "-":  # a document, byte for byte as the file would hold it
        typer.echo(data.decode("utf-8"), nl=False)
        return
    from parplan.files import write_output

    guarded(lambda: write_output(Path(output), data, force=force, waiting=say))
    if said:
        _wrote(output)


def _format(output: str, allowed: tuple[str, ...], requested: str | None = None) -> str:
    """The output's format (formats.output_format). When -o names something that is not a
    file (a folder, a device such as /dev/null, a FIFO, a dangling link), the output writer's
    refusal says what it is, which helps more than a remark on its name: it comes later,
    still before anything is written."""
    import os

    from parplan.formats import output_format

    try:
        return output_format(output, allowed, requested)
    except UsageError as exc:
        if output != "-" and os.path.lexists(output) and not os.path.isfile(output):
            return requested if requested in allowed else allowed[0]
        fail(exc)


@app.command(epilog=examples("parplan export plans/2024.yaml", "parplan export -o 2024.yaml"))
def export(
    plan: PlanArg = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format", "-f", metavar="DẠNG", help="json hoặc yaml (mặc định theo đuôi tệp)"
        ),
    ] = None,
    output: OutputOpt = "-",
    force: ForceOpt = False,
) -> None:
    """In kế hoạch đã kiểm tra dạng JSON (giao diện ổn định cho script) hoặc YAML."""
    from parplan.discover import resolve_plan
    from parplan.document.loader import load_plan
    from parplan.export import export_plan, normalised_yaml_data
    from parplan.sanitize import json_text

    chosen = _format(output, ("json", "yaml"), fmt)
    loaded = guarded(lambda: load_plan(resolve_plan(plan)))
    if chosen == "json":
        text = json_text(export_plan(loaded)) + "\n"
    else:
        from parplan.document.yamlio import dump_plain

        text = dump_plain(normalised_yaml_data(loaded))
    _emit(output, text.encode("utf-8"), force)


UnitOpt = Annotated[
    str | None,
    typer.Option(
        "--unit",
        "-u",
        metavar="ĐƠN-VỊ",
        help="Mã hoặc tên đơn vị (không phân biệt hoa thường, dấu)",
    ),
]


def _within(value: str | Within) -> Within:
    if isinstance(value, Within):
        return value
    try:
        return parse_within(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc


WithinOpt = Annotated[
    Within,
    typer.Option(
        "--within",
        parser=_within,
        metavar="SỐ",
        help="Số ngày coi là sắp đến hạn; thêm 'nlv' để đếm ngày làm việc (5nlv: trong 5 ngày "
        "làm việc, bỏ thứ Bảy, Chủ nhật, ngày lễ, Tết)",
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="In JSON (xem README) thay cho bảng")]
RoleOpt = Annotated[
    str | None,
    typer.Option(
        "--role",
        metavar="VAI-TRÒ",
        help="Cùng --unit: chỉ việc đơn vị chủ trì (lead) hoặc phối hợp (coordinate)",
    ),
]


def _unit_role(loaded: Plan, unit: str | None, role: str | None) -> tuple[str | None, Role | None]:
    """--unit and --role as a unit id and a role code (Vietnamese label or code)."""
    from parplan.typed_input import pick_code
    from parplan.unitfilter import ROLE_LABELS

    if role is not None and unit is None:
        fail(UsageError("--role cần --unit: vai trò của đơn vị nào?"))
    unit_id = _unit(loaded, unit)
    return unit_id, None if role is None else guarded(
        lambda: pick_code("--role", role, ROLE_LABELS)
    )


def _open(plan: Path | None, day: date) -> tuple[Plan, str]:
    from parplan.document.loader import load_default

    return guarded(lambda: load_default(plan, day.year))


def _open_view(
    plan: Path | None, as_of: str | None, *, notice: bool = True
) -> tuple[Plan, str, date]:
    """The plan and the day a view shows. Without --as-of, a day after the plan's year shows
    the state at the end of that year (and says so unless ``notice`` is off), not every item
    years overdue."""
    from parplan.dashboard import shown_day
    from parplan.periods import format_date

    day = parse_as_of(as_of)
    loaded, file = _open(plan, day)
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


def _year_of(text: str | None) -> int | None:
    """The year a typed period or date names (2024-Q1, 2024, 20/03/2024), if it names one."""
    import re

    if not text:
        return None
    m = re.match(r"^\s*(\d{4})\b", text) or re.search(r"/(\d{4})\s*$", text)
    return int(m[1]) if m else None


def _open_for_period(plan: Path | None, period: str) -> tuple[Plan, str]:
    """The plan a --period speaks of: without a named file, plans/<year of the period>.yaml."""
    from parplan.periods import parse_period

    try:
        year = parse_period(period).year
    except ValueError as exc:
        fail(UsageError(f"--period: {exc}"))
    return _open(plan, date(year, 1, 1))


def _unit(loaded: Plan, query: str | None) -> str | None:
    from parplan.unitfilter import find_unit

    return None if query is None else guarded(lambda: find_unit(loaded, query))


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
        ),
    ] = None,
    role: RoleOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Mọi nhiệm vụ và nghĩa vụ định kỳ theo hạn: hạn, số ngày còn/trễ, trạng thái."""
    from parplan.dashboard import build, tracked_json
    from parplan.tracking import SHORT_STATE_LABELS, STATE_LABELS
    from parplan.typed_input import pick_code

    try:
        wanted = {pick_code("--state", s, SHORT_STATE_LABELS, STATE_LABELS) for s in state or []}
    except UsageError as exc:
        fail(exc)
    loaded, file, day = _open_view(plan, as_of)
    unit_id, role_code = _unit_role(loaded, unit, role)
    board = build(loaded, file, day, within=within, unit=unit_id, role=role_code)
    rows = [r for r in board.snapshot.rows if not wanted or r.state in wanted]
    if as_json:
        _print_json([tracked_json(loaded, r, unit_id) for r in rows])
        return
    from parplan.terminal import console, render_deadlines

    render_deadlines(loaded, file, day, rows, console(), unit=unit_id)


@app.command(
    epilog=examples(
        "parplan status",
        'parplan status --as-of 20/06/2024 --unit "van phong" --role "chủ trì"',
    )
)
def status(
    plan: PlanArg = None,
    as_of: AsOfOpt = None,
    within: WithinOpt = DEFAULT_WITHIN,
    unit: UnitOpt = None,
    role: RoleOpt = None,
    children: Annotated[
        list[Path] | None,
        typer.Option(
            "--children",
            metavar="TỆP|THƯ-MỤC",
            help="Kế hoạch đơn vị (tệp hoặc thư mục, lặp lại được): với mỗi nhiệm vụ mà các kế "
            "hoạch ghi plan.parent là kế hoạch này thực hiện, số kế hoạch đơn vị đã hoàn thành",
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Bảng tổng hợp: tiến độ từng lĩnh vực, việc quá hạn, sắp đến hạn, chỉ tiêu."""
    from parplan.dashboard import build, dashboard_json

    loaded, file, day = _open_view(plan, as_of)
    unit_id, role_code = _unit_role(loaded, unit, role)
    board = build(loaded, file, day, within=within, unit=unit_id, role=role_code)
    units = _children(board, children, within) if children else None
    if as_json:
        from parplan.unitplans import children_json

        _print_json(dashboard_json(board) | ({"children": children_json(units)} if units else {}))
    else:
        from parplan.terminal import console, render_children, render_status

        render_status(board, console())
        if units:
            console().print()
            render_children(units, console())
    if units and units.left_out:
        sys.stdout.flush()
        count = format_number(len(units.left_out))
        tell(f"{count} kế hoạch đơn vị có lỗi, không tính (xem parplan check)", err=True)
        raise typer.Exit(int(ExitCode.PLAN_INVALID))


def _children(board: Dashboard, given: list[Path], within: Within) -> Children:
    """``status --children``: the units' plans among ``given`` naming the plan shown."""
    from functools import partial

    from parplan.files import require_input
    from parplan.rollup import plan_paths
    from parplan.unitplans import children

    if board.file == "-":
        fail(UsageError("--children cần tệp kế hoạch, không dùng với kế hoạch đọc từ stdin"))
    paths = guarded(lambda: plan_paths(given))
    for path in paths:
        guarded(partial(require_input, path))
    return guarded(lambda: children(board, paths, parse_as_of(None), within))


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
    from functools import partial

    from parplan import rollup_out
    from parplan.files import require_input
    from parplan.rollup import plan_paths, rollup_json
    from parplan.rollup import rollup as build_rollup

    table = output == "-" and not as_json
    chosen = "txt" if table else _format(output, ROLLUP_FORMATS, "json" if as_json else None)
    if sites is not None and chosen != "html":
        fail(UsageError("--sites chỉ dùng với -o TỆP.html"))
    day = None if as_of is None else parse_as_of(as_of)
    paths = guarded(lambda: plan_paths(plans))
    for path in paths:
        guarded(partial(require_input, path))
    today = parse_as_of(None)
    result = guarded(
        lambda: build_rollup(paths, day, today, within=within, sort=sort, unit=unit, jobs=jobs)
    )
    if table:
        from parplan.terminal import console, render_rollup

        render_rollup(result, console())
    else:
        from parplan.sanitize import json_text

        target = None if output == "-" else Path(output)
        data = {
            "json": lambda: (json_text(rollup_json(result)) + "\n").encode("utf-8"),
            "md": lambda: rollup_out.markdown(result).encode("utf-8"),
            "html": lambda: guarded(lambda: rollup_out.html(result, target, sites)),
            "xlsx": lambda: rollup_out.xlsx(result),
        }
        _emit(output, data[chosen](), force)
    if result.invalid:
        sys.stdout.flush()
        tell(
            f"{format_number(len(result.invalid))} kế hoạch có lỗi, không tính vào dòng tổng "
            "(xem parplan check)",
            err=True,
        )
        raise typer.Exit(int(ExitCode.PLAN_INVALID))


@app.command(epilog=examples("parplan calendar plans/2024.yaml -o han-cchc-2024.ics"))
def calendar(
    plan: PlanArg = None,
    output: Annotated[
        str,
        typer.Option("--output", "-o", metavar="TỆP", help="Tệp .ics sẽ ghi; '-' in ra stdout"),
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

    from parplan.ical import build_calendar

    _format(output, ("ics",))
    now = datetime.now(UTC).replace(microsecond=0)
    loaded, _ = _open(plan, now.date())
    names = {u.id: u.name for u in loaded.units}
    data = build_calendar(loaded, now, names, open_only=open_only, remind=remind, days_off=days_off)
    _emit(output, data, force)


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
        typer.Option(
            "--period", "-p", metavar="KỲ", help="Chỉ xét kỳ này: 2024-Q1, 2024-H1, 2024-9M, 2024"
        ),
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
    from parplan.progress import evaluate, progress_json
    from parplan.typed_input import pick_area, pick_period

    # a period's figures are those counted by its cut-off day, unless --as-of says otherwise
    loaded, file, day = _open_view(plan, as_of, notice=period is None)
    code = guarded(lambda: pick_period(loaded, period))
    if code is not None and as_of is None:
        from parplan.periods import parse_period
        from parplan.report import data_window

        day = data_window(loaded, parse_period(code))[1]
    area_id = guarded(lambda: pick_area(loaded, area))
    chosen = [i for i in loaded.indicators if area is None or i.area == area_id]
    rows = [evaluate(i, day, code) for i in chosen]
    if as_json:
        _print_json([progress_json(r) for r in rows])
        return
    from parplan.terminal import console, render_indicators

    render_indicators(loaded, file, day, rows, console())


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

RecordPlanOpt = Annotated[
    Path | None,
    typer.Option("--plan", help="Tệp kế hoạch (mặc định như các lệnh khác)", readable=False),
]
DryRunOpt = Annotated[
    bool, typer.Option("--dry-run", help="Chỉ in phần thay đổi (diff), không ghi tệp")
]
EvidenceOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--evidence",
        "-e",
        metavar="VĂN-BẢN",
        help='Tài liệu kiểm chứng, ví dụ "Kế hoạch số 45/KH-SVHTT ngày 20/03/2024"',
    ),
]
NoteOpt = Annotated[str | None, typer.Option("--note", metavar="VĂN-BẢN", help="Ghi chú")]
LinksOpt = Annotated[
    bool,
    typer.Option(
        "--force", help="Ghi cả khi tệp có nhiều liên kết cứng (các liên kết kia giữ bản cũ)"
    ),
]


def _record(
    plan: Path | None,
    dry_run: bool,
    change: Callable[[Plan, date], Change],
    force: bool = False,
    when: str | None = None,
) -> None:
    """Shared by the record commands: find the file (without one named, the plan of the
    year of ``when``: the --period, else the date recorded), make the change, report."""
    from parplan.discover import resolve_plan
    from parplan.document import edit_plan
    from parplan.files import shown
    from parplan.sanitize import visible

    today = date.today()
    year = _year_of(when) or today.year
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
    for stale in outcome.removed:
        tell(f"Đã xóa tệp tạm còn sót của một lần ghi bị ngắt: {shown(stale)}", err=True)
    where, summary = shown(outcome.path), visible(outcome.summary, one_line=True)
    if dry_run:
        tell(visible(outcome.diff), nl=False)
        tell(f"(chưa ghi) {summary}", err=True)
    elif outcome.written:
        tell(f"Đã ghi {where}: {summary}", err=True)
    else:
        tell(f"Không có gì thay đổi ở {where}: {summary} (đã có sẵn)", err=True)


@record_app.command(
    "task",
    epilog=examples(
        'parplan record task 5 --done 20/03/2024 -e "Kế hoạch số 45/KH-SVHTT"',
        'parplan record task 7 --status "đang thực hiện" --dry-run',
    ),
)
def record_task_cmd(
    number: Annotated[
        int, typer.Argument(help="Số thứ tự nhiệm vụ (STT trong phụ lục)", metavar="STT")
    ],
    done: Annotated[
        str | None,
        typer.Option("--done", metavar="NGÀY", help="Ngày hoàn thành: 2024-03-20 hoặc 20/03/2024"),
    ] = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            metavar="TRẠNG-THÁI",
            help="chưa bắt đầu, đang thực hiện, hoàn thành, hủy "
            "(hoặc mã not_started, in_progress, done, cancelled)",
        ),
    ] = None,
    evidence: EvidenceOpt = None,
    note: NoteOpt = None,
    plan: RecordPlanOpt = None,
    dry_run: DryRunOpt = False,
    force: LinksOpt = False,
) -> None:
    """Ghi tiến độ một nhiệm vụ: hoàn thành (kèm tài liệu kiểm chứng), đang làm, hủy."""
    from parplan.record import record_task

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
    ident: Annotated[str, typer.Argument(help="Mã chỉ tiêu, ví dụ sipas", metavar="MÃ")],
    period: Annotated[
        str,
        typer.Option("--period", "-p", metavar="KỲ", help="Kỳ: 2024-Q1, 2024-H1, 2024-9M, 2024"),
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
    from parplan.record import record_indicator

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
        str, typer.Argument(help="Mã nghĩa vụ, ví dụ cong-khai-hang-thang", metavar="MÃ")
    ],
    done: Annotated[
        str,
        typer.Option("--done", metavar="NGÀY", help="Ngày hoàn thành: 2024-03-29 hoặc 29/03/2024"),
    ],
    period: Annotated[
        str | None, typer.Option("--period", "-p", metavar="KỲ", help="Kỳ, ví dụ 2024-03, 2024-Q1")
    ] = None,
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
    from parplan.record import record_obligation

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


@app.command(
    epilog=examples(
        "parplan report --period 2024-H1 --format docx -o bao-cao-6-thang-2024.docx",
        'parplan report --period 2024-Q1 --unit "van phong" -o -',
    )
)
def report(
    plan: PlanArg = None,
    period: Annotated[
        str,
        typer.Option(
            "--period", "-p", metavar="KỲ", help="Kỳ báo cáo: 2024-Q1…Q4, 2024-H1, 2024-9M, 2024"
        ),
    ] = "",
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format", "-f", metavar="DẠNG", help="md hoặc docx (mặc định theo đuôi tệp)"
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output", "-o", metavar="TỆP", help="Tệp .docx hoặc .md; '-' in Markdown ra stdout"
        ),
    ] = None,
    unit: UnitOpt = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="NGÀY",
            help="Ngày chốt số liệu (mặc định: cuối kỳ theo Nghị định 09/2019)",
        ),
    ] = None,
    report_date: Annotated[
        str | None,
        typer.Option("--date", metavar="NGÀY", help="Ngày ghi trên báo cáo (mặc định: hôm nay)"),
    ] = None,
    templates: Annotated[
        Path | None,
        typer.Option(
            "--templates", metavar="THƯ-MỤC", readable=False, help="Thư mục mẫu thay cho mẫu có sẵn"
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Ghi đè tệp đã có")] = False,
) -> None:
    """Soạn báo cáo định kỳ CCHC (Markdown hoặc Word) theo thể thức Nghị định 30/2020."""
    from parplan.render import draft_report

    if not period:
        fail(UsageError("--period: cần kỳ báo cáo, ví dụ 2024-Q1, 2024-H1, 2024-9M, 2024"))
    if output is None:
        fail(
            UsageError("--output/-o: cần tệp .docx hoặc .md (hoặc '-' để in Markdown ra màn hình)")
        )
    chosen = _format(output, ("md", "docx"), fmt)
    today = parse_as_of(report_date, "--date")
    cutoff = parse_as_of(as_of) if as_of else None
    loaded, _ = _open_for_period(plan, period)
    unit_id = _unit(loaded, unit)
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
    _emit(output, data, force)


@app.command(
    epilog=examples(
        'parplan new --year 2025 --issuer "Sở Văn hóa và Thể thao" -o plans/2025.yaml',
        "parplan new --from plans/2024.yaml --year 2025 -o plans/2025.yaml",
    )
)
def new(
    output: Annotated[
        str | None,
        typer.Option(
            "--output", "-o", metavar="TỆP", help="Tệp kế hoạch mới (.yaml); '-' in ra stdout"
        ),
    ] = None,
    year: Annotated[
        int | None, typer.Option("--year", metavar="NĂM", help="Năm kế hoạch", min=2000, max=2100)
    ] = None,
    issuer: Annotated[
        str | None, typer.Option("--issuer", metavar="TÊN", help="Cơ quan ban hành")
    ] = None,
    parent: Annotated[
        str | None, typer.Option("--parent", metavar="TÊN", help="Cơ quan chủ quản")
    ] = None,
    place: Annotated[str, typer.Option("--place", help="Địa danh ghi ở ngày ban hành")] = "Hà Nội",
    symbol: Annotated[
        str | None, typer.Option("--symbol", help="Ký hiệu, ví dụ KH-SVHTT (mặc định: viết tắt)")
    ] = None,
    source: Annotated[
        Path | None,
        typer.Option("--from", metavar="TỆP", help="Chuyển kế hoạch năm trước sang năm --year"),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Ghi đè tệp đã có")] = False,
) -> None:
    """Tạo kế hoạch mới: bản khung có chú thích, hoặc chuyển từ kế hoạch năm trước.

    Bản khung có đủ các mục của kế hoạch CCHC, mỗi mục một ví dụ, và qua được `check`.
    Với --from: thời hạn và kỳ chuyển sang năm mới (cả thời hạn như văn bản), xóa tiến độ,
    số liệu và lần thực hiện; các dòng khác giữ nguyên. Mỗi chỗ còn năm cũ trong nội dung
    được báo (dòng N) để rà soát.
    """
    from parplan.newplan import create_plan

    if output is None:
        fail(UsageError("--output/-o: cần tệp kế hoạch mới, ví dụ plans/2025.yaml (hoặc '-')"))
    _format(output, ("yaml",))
    made = guarded(
        lambda: create_plan(
            file=output,
            year=year,
            source=source,
            issuer=issuer,
            parent=parent,
            place=place,
            symbol=symbol,
        )
    )
    _emit(output, made.text.encode("utf-8"), force, said=False)
    for leftover in made.leftovers:  # stdout, unless stdout carries the plan itself
        tell(leftover.message(), err=output == "-")
    if output != "-":
        left = format_number(len(made.leftovers))
        review = f"; {left} chỗ còn năm cũ cần rà soát" if made.leftovers else ""
        tell(f"Đã ghi {output}{review}; kiểm tra: parplan check {output}", err=True)


@app.command(
    epilog=examples(
        "parplan publish plans/2024.yaml -o ke-hoach-2024.docx",
        "parplan publish plans/2024.yaml -o - | head -20",
    )
)
def publish(
    plan: PlanArg = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output", "-o", metavar="TỆP", help="Tệp .docx hoặc .md; '-' in Markdown ra stdout"
        ),
    ] = None,
    templates: Annotated[
        Path | None,
        typer.Option(
            "--templates", metavar="THƯ-MỤC", readable=False, help="Thư mục mẫu thay cho mẫu có sẵn"
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Ghi đè tệp đã có")] = False,
) -> None:
    """Xuất kế hoạch thành văn bản ban hành (Word, Markdown) theo Nghị định 30/2020.

    Đủ thể thức: phần đầu, "KẾ HOẠCH" và trích yếu, các mục I–V, nơi nhận, chữ ký, rồi
    Phụ lục nhiệm vụ (trang ngang). Định dạng theo đuôi tệp (.docx, .md). Số và ngày chưa
    có để trống như bản dự thảo. Mẫu tùy biến được như báo cáo (parplan templates).
    """
    from parplan.render import publish_plan

    if output is None:
        fail(UsageError("--output/-o: cần tệp kết quả .docx, .md (hoặc '-' để in Markdown)"))
    fmt = _format(output, ("md", "docx"))
    loaded, _ = _open(plan, parse_as_of(None))
    _templates_notice(templates)
    data = guarded(lambda: publish_plan(loaded, fmt, templates=templates))
    _emit(output, data, force)


@app.command(epilog=examples("parplan site plans/2024.yaml --as-of 20/06/2024 -o site/"))
def site(
    plan: PlanArg = None,
    as_of: AsOfOpt = None,
    within: WithinOpt = DEFAULT_WITHIN,
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", metavar="THƯ-MỤC", help="Thư mục sẽ ghi trang", readable=False
        ),
    ] = Path("site"),
    templates: Annotated[
        Path | None,
        typer.Option("--templates", metavar="THƯ-MỤC", help="Thư mục mẫu thay cho mẫu có sẵn"),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Ghi đè trang đã có")] = False,
) -> None:
    """Trang tổng hợp (HTML tĩnh) cho cổng thông tin: tiến độ, chỉ tiêu, việc quá hạn, từng đơn vị."""
    from parplan.files import shown, write_tree
    from parplan.render import draft_site

    day = parse_as_of(as_of)
    loaded, file = _open(plan, day)
    _templates_notice(templates)
    pages = guarded(lambda: draft_site(loaded, Path(file), day, within=within, templates=templates))
    guarded(lambda: write_tree(output, pages, force=force, waiting=say))
    index = shown(output / "index.html")
    tell(f"Đã ghi {format_number(len(pages))} trang vào {shown(output)}/ (mở {index})", err=True)


def _templates_notice(templates: Path | None) -> None:
    """Say which template folder runs: a folder's templates are code, used only when named."""
    if templates is not None:
        from parplan.files import shown

        tell(
            f"Dùng mẫu trong thư mục {shown(templates)} (mẫu không có ở đó: dùng mẫu có sẵn)",
            err=True,
        )


@app.command("templates", epilog=examples("parplan templates mau-bao-cao/"))
def templates_cmd(
    folder: Annotated[
        Path, typer.Argument(help="Thư mục sẽ chép mẫu vào", metavar="THƯ-MỤC", readable=False)
    ] = Path("templates"),
    force: Annotated[bool, typer.Option("--force", help="Ghi đè mẫu đã có")] = False,
) -> None:
    """Chép các mẫu có sẵn (báo cáo, trang tổng hợp) ra một thư mục để tùy biến (--templates)."""
    from parplan.files import shown, write_tree
    from parplan.render import builtin_templates

    files = {name: path.read_bytes() for name, path in builtin_templates().items()}
    guarded(lambda: write_tree(folder, files, force=force, waiting=say))
    for name in files:
        tell(f"Đã chép {shown(folder / name)}", err=True)


@app.command(
    epilog=examples(
        "parplan diff plans/2024.yaml plans/2025.yaml",
        "parplan diff --git HEAD~3..HEAD plans/2024.yaml",
    )
)
def diff(
    old: Annotated[
        str | None,
        typer.Argument(
            help="Bản cũ (với --git A B TỆP: phiên bản B)", show_default=False, metavar="BẢN-CŨ"
        ),
    ] = None,
    new: Annotated[
        str | None,
        typer.Argument(
            help="Bản mới (với --git: tệp kế hoạch)", show_default=False, metavar="BẢN-MỚI"
        ),
    ] = None,
    git: Annotated[
        str | None,
        typer.Option(
            "--git",
            metavar="COMMIT",
            help="So bản ở COMMIT (nhánh, thẻ, mã commit) với tệp hiện tại; "
            "--git A B TỆP hoặc --git A..B TỆP: so hai phiên bản",
        ),
    ] = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format", "-f", metavar="DẠNG", help="text hoặc md (bình luận pull request)"
        ),
    ] = "text",
    as_json: JsonOpt = False,
) -> None:
    """Những thay đổi đáng chú ý giữa hai bản kế hoạch: chỉ tiêu, thời hạn, đơn vị, tiến độ.

    Mã thoát: 0 (dù có thay đổi hay không), 1 nếu một trong hai bản không hợp lệ, 2 lỗi dòng lệnh.
    """
    from parplan.plandiff import diff_plans, render_json, render_text
    from parplan.revisions import load_pair

    if fmt not in ("text", "md"):
        fail(UsageError(f"--format: '{fmt}' không hợp lệ; cần text hoặc md"))
    before, after = guarded(lambda: load_pair(old, new, git))
    changes = diff_plans(before, after)
    if as_json:
        tell(render_json(changes), nl=False)
        return
    tell(render_text(changes, markdown=fmt == "md"), nl=False)


@app.command(
    "import",
    epilog=examples(
        "parplan import ke-hoach-2025.docx -o plans/2025.yaml",
        "parplan import ke-hoach.md -o plans/2025.yaml --year 2025 --force",
    ),
)
def import_cmd(
    source: Annotated[
        Path,
        typer.Argument(
            help="Văn bản kế hoạch: .docx, .txt hoặc .md",
            show_default=False,
            metavar="VĂN-BẢN",
            readable=False,  # the reader says why not, in Vietnamese
        ),
    ],
    output: Annotated[
        str,
        typer.Option(
            "--output",
            "-o",
            metavar="TỆP",
            help="Tệp kế hoạch YAML sẽ ghi; '-' in ra stdout",
            show_default=False,
        ),
    ],
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            metavar="NĂM",
            min=2000,
            max=2100,
            help="Năm kế hoạch (mặc định: theo tiêu đề)",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Ghi đè tệp đã có")] = False,
) -> None:
    """Nhập kế hoạch CCHC từ văn bản Word (.docx) hoặc văn bản thuần/Markdown (.txt, .md).

    Đọc đầu văn bản, các mục (đánh số kiểu gì cũng được), chỉ tiêu, nhiệm vụ của từng đơn vị và
    bảng Phụ lục; in số mục đã đọc và mọi chỗ cần rà soát (TỆP:ĐOẠN hoặc bảng, dòng). Chỗ không
    chắc được ghi vào kế hoạch dưới dạng note "import: cần rà soát — …"; đoạn không xếp được vào
    mục nào nằm trong danh sách unclassified.

    Mã thoát: 0 đã ghi, kế hoạch hợp lệ; 1 đã ghi nhưng `check` còn lỗi (in ra, đều ở các chỗ có
    note), hoặc văn bản không phải kế hoạch (không ghi); 2 tệp không đọc được, .doc, có mật khẩu,
    hỏng, rỗng, hoặc tệp đích đã có (không ghi).
    """
    from parplan.files import shown
    from parplan.importing.build import import_plan
    from parplan.importing.summary import render_summary

    _format(output, ("yaml",))
    result = guarded(lambda: import_plan(source, year=year, output=output))
    _emit(output, result.text.encode("utf-8"), force, said=False)
    to_stdout = output == "-"  # stdout carries the plan: the summary goes beside it
    tell(render_summary(result, source.name), nl=False, err=to_stdout)
    where = "ra stdout" if to_stdout else shown(output)
    if result.problems:
        for problem in result.problems:
            tell(problem.render(), err=True)
        tell(
            f"Đã ghi {where}; `parplan check` còn {format_number(len(result.problems))} lỗi ở các "
            "chỗ cần rà soát",
            err=True,
        )
        raise typer.Exit(int(ExitCode.PLAN_INVALID))
    tell(f"Đã ghi {where}: hợp lệ theo `parplan check`", err=True)


@app.command(epilog=examples("parplan schema -o schema/plan.schema.json"))
def schema(output: OutputOpt = "-", force: ForceOpt = False) -> None:
    """In JSON Schema của tệp kế hoạch (cho VS Code YAML, check-jsonschema)."""
    from parplan.schema import schema_text

    _format(output, ("json",))
    _emit(output, schema_text().encode("utf-8"), force)


@app.command(
    epilog=examples("parplan completion bash >> ~/.bashrc", "parplan completion zsh >> ~/.zshrc")
)
def completion(
    shell: Annotated[str, typer.Argument(metavar="SHELL", help="bash, zsh, fish hoặc powershell")],
) -> None:
    """In đoạn mã gợi ý lệnh bằng phím Tab cho shell (lệnh, tùy chọn, tệp); nạp nó trong
    tệp khởi động của shell, rồi mở cửa sổ dòng lệnh mới."""
    from parplan.completion import script

    tell(guarded(lambda: script(shell)))


def say(message: str) -> None:
    """A passing word to the person at the terminal (stderr), such as a wait for the lock."""
    tell(f"parplan: {message}", err=True)


def _wrote(path: Path | str) -> None:
    """The one line that says an output file was written (its name escaped)."""
    from parplan.files import shown

    tell(f"Đã ghi {shown(path)}", err=True)


def _print_json(data: object) -> None:
    from parplan.sanitize import json_text

    tell(json_text(data))


def main() -> None:
    """Console entry point: a bug is one line on stderr (exit 3), never a traceback, unless
    PARPLAN_DEBUG=1."""
    import os
    import signal

    # A reader that stops early (`parplan status | head -1`) ends parplan the way it ends any
    # Unix tool, by SIGPIPE (the shell reports 141), instead of Click turning the broken pipe
    # into exit 1, which means "the plan has problems".
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    from parplan.completion import COMPLETE_VAR, PROG, prepare

    if COMPLETE_VAR in os.environ:  # the shell asks what may follow the words typed so far
        prepare()
    try:
        app(prog_name=PROG, complete_var=COMPLETE_VAR, standalone_mode=True)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # the last resort: report, do not dump a traceback on a user
        if os.environ.get("PARPLAN_DEBUG") == "1":
            raise
        message = " ".join(str(exc).split())[:300]
        tell(
            f"parplan: lỗi nội bộ ({type(exc).__name__}: {message}); "
            "hãy báo lỗi kèm lệnh đã chạy (PARPLAN_DEBUG=1 để xem chi tiết)",
            err=True,
        )
        sys.exit(int(ExitCode.INTERNAL))


# the progress-form commands (form, collect) and the PAR INDEX ones (index …) live in their
# own modules and register on `app`
from parplan import cli_forms, cli_index  # noqa: E402, F401
