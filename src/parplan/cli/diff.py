"""``parplan diff``: what changed between two versions of a plan, as a reviewer reads it."""

from __future__ import annotations

from typing import Annotated

import typer

from parplan.cli.app import app, fail, guarded, tell
from parplan.cli.i18n import examples
from parplan.cli.options import JsonOpt, format_option
from parplan.core.errors import UsageError


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
        format_option("text hoặc md (bình luận pull request)", ("text", "md")),
    ] = "text",
    as_json: JsonOpt = False,
) -> None:
    """Những thay đổi đáng chú ý giữa hai bản kế hoạch: chỉ tiêu, thời hạn, đơn vị, tiến độ.

    Mã thoát: 0 (dù có thay đổi hay không), 1 nếu một trong hai bản không hợp lệ, 2 lỗi dòng lệnh.
    """
    from parplan.diff.compare import diff_plans, render_json, render_text
    from parplan.diff.revisions import load_pair

    if fmt not in ("text", "md"):
        fail(UsageError(f"--format: '{fmt}' không hợp lệ; cần text hoặc md"))
    pair = guarded(lambda: load_pair(old, new, git))
    changes = diff_plans(pair.old, pair.new, pair.parts)
    if as_json:
        tell(render_json(changes), nl=False)
        return
    tell(render_text(changes, markdown=fmt == "md"), nl=False)
