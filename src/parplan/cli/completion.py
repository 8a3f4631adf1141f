"""Shell completion (Tab): `parplan completion SHELL` prints the script. For bash, zsh and fish
the script knows the commands and options itself (``cli.tabwords``, ``cli.shellscripts``) and
calls parplan, with ``_PARPLAN_COMPLETE`` set, only for values read from a plan; Typer's
machinery answers that call through the completers below. Typer's ``--install-completion`` is
not used: it edits the user's shell start-up files and speaks English."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

import typer

if TYPE_CHECKING:
    from parplan.document.choices import Kind

PROG = "parplan"
COMPLETE_VAR = "_PARPLAN_COMPLETE"
SHELLS = ("bash", "zsh", "fish", "powershell")
# The scripts are built with this key set in the Click context's ``meta``: a value completer
# then says what it offers without reading a plan (``cli.tabwords``).
STATIC = "parplan.static"
FROM_PLAN = "\x00plan"  # the word a plan-values completer offers then: "ask parplan"


def prepare() -> None:
    """Register Typer's completion classes (they read the words the scripts pass)."""
    from typer._completion_classes import completion_init

    completion_init()


def plan_values(kind: Kind) -> Callable[[typer.Context, str], list[tuple[str, str]]]:
    """A Typer ``autocompletion``: the values of ``kind`` (``document.choices``) in the plan
    the command line names (its plan argument or ``--plan``), else in the plan the command
    would find; nothing, and no message, when there is no such plan or it does not parse.
    For a unit, the ids (each with its name), and the names that begin with the word typed
    (each with its id). Typer keeps those that begin with the word, as typed."""

    def complete(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
        from pathlib import Path

        if ctx.meta.get(STATIC):
            return [(FROM_PLAN, "")]
        from parplan.document.choices import plan_values
        from parplan.storage.discover import resolve_plan

        named = ctx.params.get("plan") or _plan_argument(ctx)
        try:
            path = resolve_plan(Path(named) if named else None)
        except Exception:  # no plan to read: nothing to offer
            return []
        values = plan_values(path, kind)
        offered = [(v, d) for v, d in values if v.startswith(incomplete)]
        if kind == "unit" and incomplete:  # `--unit Phòng` offers the names (--unit takes them)
            offered += [(name, unit) for unit, name in values if name.startswith(incomplete)]
        return offered

    return complete


def fixed_values(
    kind: Literal["state", "status", "assessment", "role"] | tuple[str, ...],
) -> Callable[[typer.Context, str], list[tuple[str, str]]]:
    """A Typer ``autocompletion`` for values that do not come from a plan: a view's states, a
    task's status, an indicator's assessment, a unit's role (each code with its Vietnamese
    label beside it;
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
    if kind == "role":
        from parplan.tracking.units import ROLE_LABELS

        return {str(code): label for code, label in ROLE_LABELS.items()}
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
