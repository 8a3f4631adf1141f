"""What Tab may offer at each place of the command line, read once from the commands themselves
(Click's tree as Typer builds it): the completion scripts carry these words, so a Tab press on a
command or an option name costs no parplan start; only values read from a plan ask parplan.

``places`` is the one table; ``cli.shellscripts`` writes it out for bash, zsh and fish."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import typer

from parplan.cli.completion import FROM_PLAN, STATIC


@dataclass(frozen=True)
class Values:
    """What may follow an option or stand as an argument: values read from the plan (``ask``:
    the script asks parplan), values known now (``fixed``, each with its label), a path
    (``files``: the shell offers its files), else nothing (a date, a number, a text)."""

    ask: bool = False
    fixed: tuple[tuple[str, str], ...] = ()
    files: bool = False


@dataclass(frozen=True)
class Place:
    """One command (``path``: the words after ``parplan``, empty for parplan itself)."""

    path: tuple[str, ...]
    commands: tuple[tuple[str, str], ...]  # a group's commands, each with its short help
    options: tuple[tuple[str, str], ...]  # each option word (``--unit``, ``-u``), with its help
    takes: dict[str, Values]  # the option words that take a value, and what that value may be
    arguments: tuple[Values, ...]  # the positional arguments, in order
    repeats: bool  # the last argument takes any number of words


# A value a script can write as a bare word in all three shells (codes, formats); any other
# fixed value is asked of parplan instead.
_PLAIN = re.compile(r"[A-Za-z0-9_.-]+\Z")
# The metavars that name a date or a number (as --help shows them): Tab offers no files there.
_NOT_FILES = ("NGÀY", "SỐ", "NĂM", "N", "STT")


def places(root: Any, name: str = "parplan") -> list[Place]:
    """Every command under ``root`` (Typer's Click command; ``Any``: the Click Typer bundles),
    parents before children."""
    context = typer.Context(root, info_name=name, **root.context_settings)
    context.meta[STATIC] = True
    found: list[Place] = []
    _walk(root, context, (), found)
    return found


def _walk(command: Any, context: Any, path: tuple[str, ...], found: list[Place]) -> None:
    commands: list[tuple[str, str]] = []
    children: list[tuple[str, Any]] = []
    if hasattr(command, "list_commands"):  # a group
        for name in command.list_commands(context):
            child = command.get_command(context, name)
            if child is not None and not child.hidden:
                commands.append((name, _one_line(child.get_short_help_str(limit=60))))
                children.append((name, child))
    options: list[tuple[str, str]] = []
    takes: dict[str, Values] = {}
    arguments: list[Values] = []
    repeats = False
    for param in command.get_params(context):
        if param.param_type_name == "option":
            if param.hidden:
                continue
            words = [*param.opts, *param.secondary_opts]
            options += [(word, _one_line(param.help or "")) for word in words]
            if not (param.is_flag or param.count):
                takes.update(dict.fromkeys(param.opts, _values(param, context)))
        elif param.param_type_name == "argument":
            arguments.append(_values(param, context))
            repeats = param.nargs == -1
    found.append(Place(path, tuple(commands), tuple(options), takes, tuple(arguments), repeats))
    for name, child in children:
        inner = typer.Context(child, info_name=name, parent=context, **child.context_settings)
        _walk(child, inner, (*path, name), found)


def _values(param: Any, context: Any) -> Values:
    items = param.shell_complete(context, "")
    if any(item.value == FROM_PLAN for item in items):
        return Values(ask=True)
    fixed = tuple((str(item.value), _one_line(item.help or "")) for item in items)
    if not items:  # nothing known: files, but for a date or a number
        return Values(files=param.metavar not in _NOT_FILES)
    if any(item.type != "plain" for item in items):  # Click's own file or folder
        return Values(files=True)
    if not all(_PLAIN.match(value) for value, _ in fixed):
        return Values(ask=True)
    return Values(fixed=fixed)


def _one_line(text: str) -> str:
    return " ".join(text.split())
