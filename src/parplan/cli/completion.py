"""Shell completion (Tab) through Typer's own machinery: `parplan completion SHELL` prints the
script; the shell then calls parplan with ``_PARPLAN_COMPLETE`` set and Typer answers with the
commands, options and files that fit. Typer's ``--install-completion`` is not used: it edits
the user's shell start-up files and speaks English."""

from __future__ import annotations

from parplan.core.errors import UsageError

PROG = "parplan"
COMPLETE_VAR = "_PARPLAN_COMPLETE"
SHELLS = ("bash", "zsh", "fish", "powershell")


def prepare() -> None:
    """Register Typer's completion classes (they read the words the scripts pass)."""
    from typer._completion_classes import completion_init

    completion_init()


def script(shell: str) -> str:
    """The completion script for ``shell``, to source from its start-up file."""
    if shell not in SHELLS:
        raise UsageError(f"shell '{shell}' không được hỗ trợ; cần một trong: {', '.join(SHELLS)}")
    from typer._completion_shared import get_completion_script

    return get_completion_script(prog_name=PROG, complete_var=COMPLETE_VAR, shell=shell)
