"""Vietnamese for everything the command-line library prints by itself.

Typer vendors Click with its words in English: help headings ("Usage:", "Options"), the
"[default: …]" and "[required]" marks, type names (``<str>``, ``<list[Path]>``), ranges
(``x>=0``) and usage errors ("No such command", "Invalid value for …"). ``install()`` points
the few places that print them at Vietnamese, once, for every command, including commands
added later. tests/test_cli_help.py walks every command and fails on an English word, a
command without examples, or an example that does not parse, so a new command or a Typer
upgrade cannot quietly bring English back.

For a new command: write its help in Vietnamese, give each argument a ``metavar``
(``"TỆP"``, ``"MÃ"``), and end its help with ``epilog=examples("parplan …")``.
"""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import IO, Any

HELP_OPTION = "Hiện hướng dẫn này rồi thoát."

# Typer's own gettext strings (typer/core.py); tests/test_cli_help.py checks none is missing.
CATALOG = {
    "Options": "Tùy chọn",
    "Commands": "Lệnh",
    "Arguments": "Tham số",
    "default: {default}": "mặc định: {default}",
    "required": "bắt buộc",
    "[required]": "[bắt buộc]",
    "[default: {}]": "[mặc định: {}]",
    "env var: {var}": "biến môi trường: {var}",
    "[env var: {}]": "[biến môi trường: {}]",
    "(dynamic)": "(tính lúc chạy)",
    "(deprecated) ": "(không dùng nữa) ",
    "Aborted!": "Đã dừng.",
    "Aborted.": "Đã dừng.",
    "Error": "Lỗi",
    "Missing command.": "thiếu lệnh",
    "No such command {name!r}.": "không có lệnh {name!r}",
    "Try [blue]'{command_path} {help_option}'[/] for help.": (
        "Xem hướng dẫn: [blue]'{command_path} {help_option}'[/]"
    ),
}

# The usage line: Click's placeholders, in the order they are replaced.
USAGE_WORDS = [
    ("COMMAND [ARGS]...", "LỆNH [THAM SỐ]..."),
    ("[OPTIONS]", "[TÙY CHỌN]"),
]

# Type names shown after an option with no metavar of its own.
TYPE_LABELS = {"path": "TỆP", "int": "SỐ", "float": "SỐ", "str": "GIÁ-TRỊ", "datetime": "NGÀY"}

_ERRORS: list[tuple[str, str]] = [
    (r"No such command '(.+)'\.", r"không có lệnh '\1'"),
    (
        r"No such option: (\S+) \(Possible options: (.*)\)",
        r"không có tùy chọn \1 (có phải: \2?)",
    ),
    (r"No such option: (\S+)", r"không có tùy chọn \1"),
    (r"No such option '(.+)'\.?", r"không có tùy chọn '\1'"),
    (r"Option '(.+)' requires an argument\.", r"tùy chọn '\1' cần một giá trị"),
    (r"Option '(.+)' requires (\d+) arguments\.", r"tùy chọn '\1' cần \2 giá trị"),
    (r"Option '(.+)' does not take a value\.", r"tùy chọn '\1' không nhận giá trị"),
    (r"Missing option '(.+)'\.?(.*)", r"thiếu tùy chọn '\1'\2"),
    (r"Missing argument '(.+)'\.?(.*)", r"thiếu tham số '\1'\2"),
    (r"Missing parameter: (.+)", r"thiếu tham số \1"),
    (r"Missing command\.", r"thiếu lệnh"),
    (r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)", r"thừa tham số: \1"),
    (r"Invalid value for '(.+?)': (.*)", r"giá trị không hợp lệ cho '\1': \2"),
    (r"Invalid value: (.*)", r"giá trị không hợp lệ: \1"),
]
_VALUES: list[tuple[str, str]] = [
    (r"Input should be a valid integer.*", "cần một số nguyên"),
    (r"Input should be a valid number.*", "cần một số"),
    (r"Input should be a valid boolean.*", "cần có hoặc không (true/false)"),
    (r"'(.*)' is not a valid integer\.?", r"'\1' không phải số nguyên"),
    (r"'(.*)' is not a valid float\.?", r"'\1' không phải là số"),
    (r"(.*) is not in the range (.*)\.", r"\1 nằm ngoài khoảng cho phép \2"),
    (r"Input should be greater than or equal to (\S+)", r"cần lớn hơn hoặc bằng \1"),
    (r"Input should be less than or equal to (\S+)", r"cần nhỏ hơn hoặc bằng \1"),
    (r"Input should be greater than (\S+)", r"cần lớn hơn \1"),
    (r"Input should be less than (\S+)", r"cần nhỏ hơn \1"),
    (r"(.*) is not one of (.*)\.", r"\1 không thuộc: \2"),
    (r"Path (.*) does not exist\.", r"không có tệp \1"),
]


def translate(message: str) -> str:
    """A usage error from Click/Typer, in Vietnamese."""
    suggestion = re.fullmatch(r"(.+?)\.? Did you mean (.+)\?", message, flags=re.S)
    if suggestion:  # typer appends this to an already-raised error: "… Did you mean 'status'?"
        return f"{translate(suggestion[1])} (có phải: {suggestion[2]}?)"
    for pattern, replacement in _ERRORS:
        if re.fullmatch(pattern, message, flags=re.S):
            message = re.sub(pattern, replacement, message, flags=re.S)
            break
    for pattern, replacement in _VALUES:
        message = re.sub(pattern, replacement, message)
    return message


def number_range(low: float | None, high: float | None) -> str | None:
    """``x>=0`` as a reader says it."""
    if low is None and high is None:
        return None
    if high is None:
        return f"từ {low} trở lên"
    if low is None:
        return f"tối đa {high}"
    return f"từ {low} đến {high}"


def examples(*commands: str) -> str:
    """The closing "Ví dụ:" block of a command's --help (an ``epilog``), kept line by line."""
    lines = "\n".join(f"  {command}" for command in commands)
    return f"\b\nVí dụ:\n{lines}"


def type_label(param: Any) -> str:
    """What an option expects, in Vietnamese: its metavar if it has one, else its type."""
    if param.metavar:
        return str(param.metavar)
    desc = param.type_descriptor
    if desc.is_choice:
        return "|".join(str(getattr(c, "value", c)) for c in desc.choices or ())
    annotation = desc.annotation.__args__[0] if desc.is_list else desc.annotation
    if desc.is_path or (isinstance(annotation, type) and issubclass(annotation, PurePath)):
        name = "path"
    elif desc.is_datetime:
        name = "datetime"
    else:
        name = getattr(annotation, "__name__", "str")
    label = TYPE_LABELS.get(name, TYPE_LABELS["str"])
    many = desc.is_list and param.param_type_name == "argument"  # a list option is repeated
    return f"{label}..." if many else label


def install() -> None:
    """Patch the vendored Click and Typer once; later calls do nothing."""
    from typer import _click, core

    if getattr(install, "done", False):
        return
    install.done = True  # type: ignore[attr-defined]

    core._ = lambda text: CATALOG.get(text, text)  # type: ignore[assignment,attr-defined]
    _install_help(_click, core)
    _install_errors()


def _install_help(click: Any, core: Any) -> None:
    from typer._click import formatting

    write_usage = formatting.HelpFormatter.write_usage

    def vi_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        for english, vietnamese in USAGE_WORDS:
            args = args.replace(english, vietnamese)
        write_usage(self, prog, args, "Cách dùng: " if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = vi_usage  # type: ignore[method-assign]

    get_help_option = click.core.Command.get_help_option

    def vi_help_option(self: Any, ctx: Any) -> Any:
        option = get_help_option(self, ctx)
        if option is not None:
            option.help = HELP_OPTION
        return option

    click.core.Command.get_help_option = vi_help_option

    def display_type(self: Any, ctx: Any) -> str:
        # an argument's metavar is its name in the help already: no type after it
        if isinstance(self, core.TyperArgument):
            return "" if self.metavar else type_label(self)
        return type_label(self)

    core._TyperParameter.display_type = display_type
    for cls in (core.TyperArgument, core.TyperOption):
        cls._get_number_range_help_str = lambda self: number_range(self.min, self.max)


def _install_errors() -> None:
    from typer._click import _compat, exceptions, utils

    def show_usage_error(self: Any, file: IO[Any] | None = None) -> None:
        out = file or _compat.get_text_stderr()
        hint = ""
        if self.ctx is not None:
            hint = f"\nXem hướng dẫn: {self.ctx.command_path} {self.ctx.help_option_names[0]}"
        utils.echo(f"parplan: {translate(self.format_message())}{hint}", file=out)

    def show_error(self: Any, file: IO[Any] | None = None) -> None:
        out = file or _compat.get_text_stderr()
        utils.echo(f"parplan: {translate(self.format_message())}", file=out)

    exceptions.UsageError.show = show_usage_error  # type: ignore[method-assign]
    exceptions.ClickException.show = show_error  # type: ignore[method-assign]
