"""``parplan completion``: the Tab-completion script for bash, zsh or fish."""

from __future__ import annotations

from typing import Annotated

import typer

from parplan.cli.app import app, guarded, tell
from parplan.cli.i18n import examples


@app.command(
    epilog=examples("parplan completion bash >> ~/.bashrc", "parplan completion zsh >> ~/.zshrc")
)
def completion(
    shell: Annotated[str, typer.Argument(metavar="SHELL", help="bash, zsh, fish hoặc powershell")],
) -> None:
    """In đoạn mã gợi ý lệnh bằng phím Tab cho shell (lệnh, tùy chọn, tệp); nạp nó trong
    tệp khởi động của shell, rồi mở cửa sổ dòng lệnh mới."""
    from parplan.cli.completion import script

    tell(guarded(lambda: script(shell)))
