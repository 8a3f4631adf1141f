"""The Typer application and what every command shares: the one printer (``tell``), errors
becoming a message and an exit code (``fail``, ``guarded``), documents written to stdout or a
file (``emit``), the day a view shows (``parse_as_of``) and the console entry point (``main``)."""

from __future__ import annotations

import errno
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer
from typer.core import TyperGroup
from typer.models import CommandInfo

from parplan.cli import i18n
from parplan.cli.i18n import examples
from parplan.core.errors import ExitCode, ParplanError, UsageError

if TYPE_CHECKING:
    from parplan.document.change import Outcome

i18n.install()

# The order `parplan --help` lists the commands in, whichever module registers them.
# The module that registers each command: a command line loads its own command's module only
# (``load_commands``), so `parplan status` never builds (nor imports) `report` or `record`.
# tests/test_startup.py holds this map to what the modules register. Its order is the order
# `parplan --help` lists the commands in.
COMMAND_MODULES = {
    "check": "check", "export": "check", "deadlines": "views", "status": "views",
    "rollup": "rollup", "calendar": "views", "indicators": "views", "report": "documents",
    "new": "plans", "publish": "documents", "site": "documents", "templates": "documents",
    "diff": "diff", "import": "plans", "schema": "check", "completion": "shell",
    "form": "forms", "collect": "forms", "record": "record", "index": "index",
}  # fmt: skip


def named_command(words: Sequence[str]) -> str | None:
    """The command ``words`` name (the first word that is not an option: the root's options
    take no value), when it is one of COMMAND_MODULES."""
    named = next((word for word in words if not word.startswith("-")), "")
    return named if named in COMMAND_MODULES else None


def load_commands(words: Sequence[str] = ()) -> None:
    """Register commands on ``app``: only the module of the command ``words`` name, else every
    module (help, no command, a mistyped name that Click answers with the names it knows)."""
    import importlib

    named = named_command(words)
    if named is None and "--version" in words:  # eager: answered before any command is read
        return
    if named is not None:
        modules = [COMMAND_MODULES[named]]
    else:
        modules = sorted(set(COMMAND_MODULES.values()))
    for module in modules:
        importlib.import_module(f"parplan.cli.{module}")


@contextmanager
def only_command(named: str | None) -> Iterator[None]:
    """While the app runs, only the command named is registered (its module may register
    others: `views` has status, deadlines, indicators and calendar). Typer builds every
    registered command's parameters before it runs one (signature, type hints, each option's
    metadata): for `status`, ~20 million instructions of its neighbours'. Restored after."""
    kept = app.registered_commands
    if named is not None:
        app.registered_commands = [c for c in kept if _command_name(c) == named]
    try:
        yield
    finally:
        app.registered_commands = kept


def _command_name(info: CommandInfo) -> str:
    """The name Typer gives a registered command: its own, else its function's."""
    return info.name or getattr(info.callback, "__name__", "").lower().replace("_", "-")


class _Commands(TyperGroup):
    def list_commands(self, ctx: Any) -> list[str]:  # Any: the Click typer bundles
        names = super().list_commands(ctx)
        rank = {name: i for i, name in enumerate(COMMAND_MODULES)}
        return sorted(names, key=lambda name: rank.get(name, len(rank)))


app = typer.Typer(
    name="parplan",
    cls=_Commands,
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
        from parplan import __version__

        tell(f"parplan {__version__}")
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
    _resume_collector()


# Start-up (``main``: the command's module imported, its parameters built, the line parsed)
# makes objects that live as long as the process: modules, classes, functions. The cyclic
# collector's passes over them find nothing (~5% of `check`'s instructions, measured with
# callgrind), so ``main`` pauses it and the command, once it runs, resumes it with what start-up
# made frozen out of its passes (``gc.freeze``). Only ``main`` pauses: a program that drives
# ``app`` itself (the tests) keeps its collector as it was.
_collector = {"paused": False}


def _pause_collector() -> None:
    import gc

    if gc.isenabled():
        gc.disable()
        _collector["paused"] = True


def _resume_collector() -> None:
    if _collector["paused"]:
        import gc

        _collector["paused"] = False
        gc.freeze()
        gc.enable()


def tell(message: str, *, err: bool = False, nl: bool = True) -> None:
    """The one way the CLI writes what a person reads (messages, summaries, tables, problem
    lines, JSON): every control character shown as an escape (``sanitize.visible``), never
    sent to the terminal. Only documents (``emit``) go out byte for byte."""
    from parplan.core.sanitize import visible

    typer.echo(visible(message), err=err, nl=nl)


def fail(error: ParplanError) -> NoReturn:
    """The one place where an error becomes a message on stderr and an exit code."""
    from parplan.core.sanitize import visible

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
    from parplan.core.periods import FIRST_YEAR, LAST_YEAR, format_date, parse_user_date

    try:
        day = parse_user_date(value)
    except ValueError as exc:
        fail(UsageError(f"{option}: {exc}"))
    # a day no plan can be seen from: counting working days to it from a plan's deadlines
    # would compute the days off of every year between (31/12/9999: 8,000 years, 12 s)
    if not FIRST_YEAR - 1 <= day.year <= LAST_YEAR + 1:
        fail(
            UsageError(
                f"{option}: ngày {format_date(day)} ngoài các năm của kế hoạch "
                f"({FIRST_YEAR - 1}–{LAST_YEAR + 1})"
            )
        )
    return day


def emit(output: str, data: bytes, force: bool, *, said: bool = True) -> None:
    """The product to stdout ('-') or, safely, to the named file (``said``: and say so;
    commands with more to say about what they wrote say it themselves)."""
    if output == "-":  # a document, byte for byte as the file would hold it
        typer.echo(data.decode("utf-8"), nl=False)
        return
    from parplan.storage.writes import write_output

    guarded(lambda: write_output(Path(output), data, force=force, waiting=say))
    if said:
        wrote(output)


def chosen_format(output: str, allowed: tuple[str, ...], requested: str | None = None) -> str:
    """The output's format (formats.output_format). When -o names something that is not a
    file (a folder, a device such as /dev/null, a FIFO, a dangling link), the output writer's
    refusal says what it is, which helps more than a remark on its name: it comes later,
    still before anything is written."""
    import os

    from parplan.render.formats import output_format

    try:
        return output_format(output, allowed, requested)
    except UsageError as exc:
        if output != "-" and os.path.lexists(output) and not os.path.isfile(output):
            return requested if requested in allowed else allowed[0]
        fail(exc)


def say(message: str) -> None:
    """A passing word to the person at the terminal (stderr), such as a wait for the lock."""
    tell(f"parplan: {message}", err=True)


def wrote(path: Path | str) -> None:
    """The one line that says an output file was written (its name escaped)."""
    from parplan.storage.files import shown

    tell(f"Đã ghi {shown(path)}", err=True)


def edited(outcome: Outcome, dry_run: bool) -> None:
    """What an edit of the plan file did (``record``, ``index collect``): the diff and
    "(chưa ghi)" for a dry run, else written or already there; stale temporary files of an
    interrupted write that were removed on the way."""
    from parplan.core.sanitize import visible
    from parplan.storage.files import shown

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


def print_json(data: object) -> None:
    from parplan.core.sanitize import json_text

    tell(json_text(data))


# what writing a document or a table to stdout meets: a full disk or quota, a stdout that is
# closed or a device that fails (a reader that stops early ends parplan by SIGPIPE instead)
_OUTPUT_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EBADF, errno.EIO})


class _ClosedOutput:
    """stdout when the process was started without one: every write fails as a write to a
    closed file does, and is reported as such."""

    encoding = "utf-8"  # read by click and rich before they write

    def write(self, text: str) -> int:
        if text:
            raise OSError(errno.EBADF, "closed")
        return 0

    def flush(self) -> None:
        return None

    def isatty(self) -> bool:
        return False


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
    from parplan.cli.completion import COMPLETE_VAR, PROG, prepare

    # pydantic's documented switch: no search of every installed package's entry points for
    # pydantic plugins on each start (parplan uses none; a value set by the user is kept).
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from parplan.document.ruamel_lazy import defer_package_init

    defer_package_init()
    _pause_collector()
    if COMPLETE_VAR in os.environ:  # the shell asks what may follow the words typed so far
        prepare()
        # the words typed (bash passes them in COMP_WORDS, zsh and fish in _TYPER_COMPLETE_ARGS)
        typed = os.environ.get("COMP_WORDS") or os.environ.get("_TYPER_COMPLETE_ARGS", "")
        words = typed.split()[1:-1]  # the last may be the command still being typed
    else:
        words = sys.argv[1:]
    load_commands(words)
    if sys.stdout is None:  # started with stdout closed (`parplan status >&-`)
        sys.stdout = _ClosedOutput()
    try:
        with only_command(named_command(words)):
            try:
                app(prog_name=PROG, complete_var=COMPLETE_VAR, standalone_mode=True)
            finally:  # what is still buffered fails here, not unreported at exit
                sys.stdout.flush()
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # the last resort: report, do not dump a traceback on a user
        if os.environ.get("PARPLAN_DEBUG") == "1":
            raise
        if isinstance(exc, OSError) and exc.filename is None and exc.errno in _OUTPUT_ERRORS:
            from parplan.core.errors import os_reason

            # the output could not be written: a full disk (/dev/full), a closed stdout
            tell(f"parplan: không ghi được kết quả ra stdout: {os_reason(exc)}", err=True)
            sys.exit(int(ExitCode.USAGE))
        message = " ".join(str(exc).split())[:300]
        tell(
            f"parplan: lỗi nội bộ ({type(exc).__name__}: {message}); "
            "hãy báo lỗi kèm lệnh đã chạy (PARPLAN_DEBUG=1 để xem chi tiết)",
            err=True,
        )
        sys.exit(int(ExitCode.INTERNAL))
