"""Vietnamese for what the command-line library prints itself: help headings ("Usage:",
"Options", "Show this message and exit.") and usage errors ("No such command", "Invalid value
for '--within'", …). Typer vendors Click with these strings in English; `install()` points
the few places that print them at Vietnamese. tests/test_cli.py pins the result, so a Typer
upgrade that moves them fails a test instead of silently going back to English.
"""

from __future__ import annotations

import re
from typing import IO, Any

HELP_OPTION = "Hiện hướng dẫn này rồi thoát."
HEADINGS = {"Options": "Tùy chọn", "Commands": "Lệnh", "Arguments": "Tham số"}

_ERRORS: list[tuple[str, str]] = [
    (r"No such command '(.+)'\.", r"không có lệnh '\1'"),
    (r"No such option: (\S+)", r"không có tùy chọn \1"),
    (r"No such option '(.+)'\.?", r"không có tùy chọn '\1'"),
    (r"Option '(.+)' requires an argument\.", r"tùy chọn '\1' cần một giá trị"),
    (r"Option '(.+)' requires (\d+) arguments\.", r"tùy chọn '\1' cần \2 giá trị"),
    (r"Option '(.+)' does not take a value\.", r"tùy chọn '\1' không nhận giá trị"),
    (r"Missing option '(.+)'\.?", r"thiếu tùy chọn '\1'"),
    (r"Missing argument '(.+)'\.?", r"thiếu tham số '\1'"),
    (r"Missing command\.", r"thiếu lệnh"),
    (r"Got unexpected extra arguments? \((.*)\)", r"thừa tham số: \1"),
    (r"Invalid value for '(.+?)': (.*)", r"giá trị không hợp lệ cho '\1': \2"),
]
_VALUES: list[tuple[str, str]] = [
    (r"Input should be a valid integer.*", "cần một số nguyên"),
    (r"Input should be a valid number.*", "cần một số"),
    (r"'(.*)' is not a valid integer\.?", r"'\1' không phải số nguyên"),
    (r"'(.*)' is not a valid float\.?", r"'\1' không phải là số"),
    (r"(.*) is not in the range (.*)\.", r"\1 nằm ngoài khoảng cho phép \2"),
    (r"Input should be greater than or equal to (\S+)", r"cần lớn hơn hoặc bằng \1"),
]


def translate(message: str) -> str:
    for pattern, replacement in _ERRORS:
        if re.fullmatch(pattern, message, flags=re.S):
            message = re.sub(pattern, replacement, message, flags=re.S)
            break
    for pattern, replacement in _VALUES:
        message = re.sub(pattern, replacement, message)
    return message


def install() -> None:
    """Patch the vendored Click once; later calls do nothing."""
    from typer import _click, core
    from typer._click import _compat, exceptions, formatting, utils

    if getattr(install, "done", False):
        return
    install.done = True  # type: ignore[attr-defined]

    def heading(text: str) -> str:
        return HEADINGS.get(text, text)

    core._ = heading  # type: ignore[assignment,attr-defined]

    write_usage = formatting.HelpFormatter.write_usage

    def vi_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        write_usage(self, prog, args, "Cách dùng: " if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = vi_usage  # type: ignore[method-assign]

    get_help_option = _click.core.Command.get_help_option

    def vi_help_option(self: Any, ctx: Any) -> Any:
        option = get_help_option(self, ctx)
        if option is not None:
            option.help = HELP_OPTION
        return option

    _click.core.Command.get_help_option = vi_help_option  # type: ignore[method-assign]

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
