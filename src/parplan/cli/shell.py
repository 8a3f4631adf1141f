"""``parplan completion``: the Tab-completion script for bash, zsh, fish or PowerShell."""

from __future__ import annotations

from typing import Annotated

import typer

from parplan.cli.app import app, guarded, load_commands, tell
from parplan.cli.completion import COMPLETE_VAR, PROG, SHELLS
from parplan.cli.i18n import examples
from parplan.core.errors import UsageError


@app.command(
    epilog=examples("parplan completion bash >> ~/.bashrc", "parplan completion zsh >> ~/.zshrc")
)
def completion(
    shell: Annotated[str, typer.Argument(metavar="SHELL", help="bash, zsh, fish hoặc powershell")],
) -> None:
    """In đoạn mã gợi ý lệnh bằng phím Tab cho shell (lệnh, tùy chọn, giá trị trong kế hoạch,
    tệp); nạp nó trong tệp khởi động của shell, rồi mở cửa sổ dòng lệnh mới. In lại sau khi
    nâng cấp parplan."""
    tell(guarded(lambda: script(shell)))


def script(shell: str) -> str:
    """The completion script for ``shell``, to source from its start-up file: for bash, zsh
    and fish it carries the commands and options itself (``cli.tabwords``,
    ``cli.shellscripts``); PowerShell's is Typer's, which asks parplan at every press."""
    if shell not in SHELLS:
        raise UsageError(f"shell '{shell}' không được hỗ trợ; cần một trong: {', '.join(SHELLS)}")
    if shell == "powershell":
        from typer._completion_shared import get_completion_script

        return get_completion_script(prog_name=PROG, complete_var=COMPLETE_VAR, shell=shell)
    from typer.main import get_command

    from parplan.cli.shellscripts import SCRIPTS
    from parplan.cli.tabwords import places

    load_commands()
    return SCRIPTS[shell](places(get_command(app), PROG))
