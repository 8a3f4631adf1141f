"""Shell completion (Tab) through Typer's own machinery: `parplan completion SHELL` prints the
script; the shell then calls parplan with ``_PARPLAN_COMPLETE`` set and Typer answers with the
commands, options and files that fit. Typer's ``--install-completion`` is not used: it edits
the user's shell start-up files and speaks English."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

import typer

from parplan.core.errors import UsageError

if TYPE_CHECKING:
    from parplan.document.choices import Kind

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


def plan_values(kind: Kind) -> Callable[[typer.Context, str], list[tuple[str, str]]]:
    """A Typer ``autocompletion``: the values of ``kind`` (``document.choices``) in the plan
    the command line names (its plan argument or ``--plan``), else in the plan the command
    would find; nothing, and no message, when there is no such plan or it does not parse."""

    def complete(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
        from pathlib import Path

        from parplan.document.choices import plan_values
        from parplan.storage.discover import resolve_plan

        named = ctx.params.get("plan") or _plan_argument(ctx)
        try:
            path = resolve_plan(Path(named) if named else None)
        except Exception:  # no plan to read: nothing to offer
            return []
        folded = incomplete.casefold()
        return [(v, d) for v, d in plan_values(path, kind) if v.casefold().startswith(folded)]

    return complete


def fixed_values(
    kind: Literal["state", "status", "assessment"] | tuple[str, ...],
) -> Callable[[typer.Context, str], list[tuple[str, str]]]:
    """A Typer ``autocompletion`` for values that do not come from a plan: a view's states, a
    task's status, an indicator's assessment (each code with its Vietnamese label beside it;
    the label is accepted as typed too) or a command's formats (``kind`` as the tuple)."""

    def complete(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
        if isinstance(kind, tuple):
            pairs = [(value, "") for value in kind]
        else:
            pairs = list(_labels(kind).items())
        return [(code, label) for code, label in pairs if code.startswith(incomplete)]

    return complete


def _labels(kind: str) -> dict[str, str]:
    """The labels shown for ``kind``, where the views say them (one home each)."""
    if kind == "assessment":
        from parplan.tracking.progress import ASSESSMENT_LABELS

        return dict(ASSESSMENT_LABELS)
    from parplan.tracking.items import STATE_LABELS, TASK_STATUS_LABELS

    if kind == "state":
        return {str(code): label for code, label in STATE_LABELS.items()}
    return dict(TASK_STATUS_LABELS)


def _plan_argument(ctx: typer.Context) -> str | None:
    """The plan argument as typed: while the line is incomplete, Click's lenient parse leaves
    the positional words in ``ctx.args``; the plan is the first when the command's first
    argument is its plan (views, check), never for `record`, whose first argument is an id."""
    arguments = [p for p in ctx.command.params if p.param_type_name == "argument"]
    if not arguments or arguments[0].name != "plan":
        return None
    return next((word for word in ctx.args if not word.startswith("-")), None)
