"""Starting a plan: ``new`` (a skeleton, or next year's from this year's) and ``import`` (from
the Word plan an agency already has)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from parplan.cli.app import app, chosen_format, emit, fail, guarded, tell
from parplan.cli.i18n import examples
from parplan.cli.options import ForceOpt, output_option, year_option
from parplan.core.errors import ExitCode, UsageError
from parplan.core.numbers import format_number


@app.command(
    epilog=examples(
        'parplan new --year 2025 --issuer "Sở Văn hóa và Thể thao" -o plans/2025.yaml',
        "parplan new --from plans/2024.yaml --year 2025 -o plans/2025.yaml",
    )
)
def new(
    output: Annotated[
        str | None,
        output_option("Tệp kế hoạch mới (.yaml); '-' in ra stdout"),
    ] = None,
    year: Annotated[int | None, year_option("Năm kế hoạch")] = None,
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
    force: ForceOpt = False,
) -> None:
    """Tạo kế hoạch mới: bản khung có chú thích, hoặc chuyển từ kế hoạch năm trước.

    Bản khung có đủ các mục của kế hoạch CCHC, mỗi mục một ví dụ, và qua được `check`.
    Với --from: thời hạn và kỳ chuyển sang năm mới (cả thời hạn như văn bản), xóa tiến độ,
    số liệu và lần thực hiện; các dòng khác giữ nguyên. Mỗi chỗ còn năm cũ trong nội dung
    được báo (dòng N) để rà soát.
    """
    from parplan.editing.newplan import create_plan

    if output is None:
        fail(UsageError("--output/-o: cần tệp kế hoạch mới, ví dụ plans/2025.yaml (hoặc '-')"))
    chosen_format(output, ("yaml",))
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
    emit(output, made.text.encode("utf-8"), force, said=False)
    for moved in made.handovers:  # stdout, unless stdout carries the plan itself
        tell(f"Đơn vị đã thay đổi: {moved}", err=output == "-")
    for leftover in made.leftovers:
        tell(leftover.message(), err=output == "-")
    if output != "-":
        left = format_number(len(made.leftovers))
        review = f"; {left} chỗ còn năm cũ cần rà soát" if made.leftovers else ""
        tell(f"Đã ghi {output}{review}; kiểm tra: parplan check {output}", err=True)


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
        output_option("Tệp kế hoạch YAML sẽ ghi; '-' in ra stdout", show_default=False),
    ],
    year: Annotated[int | None, year_option("Năm kế hoạch (mặc định: theo tiêu đề)")] = None,
    force: ForceOpt = False,
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
    from parplan.importing.build import import_plan
    from parplan.importing.summary import render_summary
    from parplan.storage.files import shown

    chosen_format(output, ("yaml",))
    result = guarded(lambda: import_plan(source, year=year, output=output))
    emit(output, result.text.encode("utf-8"), force, said=False)
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
