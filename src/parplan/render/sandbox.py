"""What a template may read and how much work it may do. ``render.environment`` builds the
one Jinja environment from these pieces.

A user's template is code run on the plan's data: Jinja's sandbox stops it from reaching
Python's internals, and this module adds the rest:

- **files**: ``include``/``extends``/``import`` read regular files inside the template
  folders only; a link leading out of its folder, or to a device, FIFO or folder, is refused;
- **time**: a render stops after ``PARPLAN_TEMPLATE_SECONDS`` (default 60) seconds, checked
  while iterating (``range``, every list of the data), at every call and operator;
- **size**: no value and no rendered document holds more than ``MAX_TEXT`` characters or
  items: ``'x' * 3000000000``, ``'x'|center(…)``, a ``join`` or ``replace`` that would, and
  output growing past it are refused before the memory is taken.

Each refusal is a ``TemplateRefusal`` (a Jinja error, so it carries the template's file and
line); ``render.template_errors`` words it for the user.
"""

from __future__ import annotations

import os
import re
import stat
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    Environment,
    TemplateError,
    TemplateNotFound,
    filters,
    pass_eval_context,
)
from jinja2.loaders import split_template_path
from jinja2.nodes import EvalContext
from jinja2.runtime import Context
from jinja2.sandbox import MAX_RANGE, SandboxedEnvironment

from parplan.core.errors import os_reason
from parplan.core.numbers import format_number

DEFAULT_SECONDS = 60.0
MAX_TEXT = 64 * 1024 * 1024  # characters of one value or one rendered document; items of a list
CHECK_EVERY = 1024  # steps between two looks at the clock


class TemplateRefusal(TemplateError):
    """A template stopped for what it tried to do; the message is already Vietnamese."""


def template_seconds() -> float:
    """The time limit of one render; PARPLAN_TEMPLATE_SECONDS overrides the default 60."""
    try:
        return float(os.environ.get("PARPLAN_TEMPLATE_SECONDS", DEFAULT_SECONDS))
    except ValueError:
        return DEFAULT_SECONDS


# --- files ------------------------------------------------------------------------------------


def confined_file(folder: Path, name: str) -> Path | None:
    """The regular file ``name`` (a template name, ``/``-separated) inside ``folder``, links
    resolved; None when there is none. A link out of ``folder`` or anything but a regular file
    is refused: a template must not read ``/etc/shadow`` or ``/proc/self/environ``."""
    candidate = folder.joinpath(*split_template_path(name))
    if not os.path.lexists(candidate):
        return None
    real = Path(os.path.realpath(candidate))
    if not real.is_relative_to(os.path.realpath(folder)):
        raise TemplateRefusal(
            f"mẫu '{name}' là liên kết tới {real}, ngoài thư mục mẫu {folder}: không đọc"
        )
    from parplan.storage.files import kind_of

    try:
        mode = os.stat(real).st_mode
    except OSError as exc:
        raise TemplateRefusal(f"mẫu '{name}': không đọc được ({os_reason(exc)})") from None
    if not stat.S_ISREG(mode):
        raise TemplateRefusal(f"mẫu '{name}' {kind_of(mode)}, không phải tệp mẫu: không đọc")
    return real


def read_template(path: Path) -> str:
    """A template file's text, at most MAX_TEXT bytes."""
    try:
        with path.open("rb") as file:
            data = file.read(MAX_TEXT + 1)
    except OSError as exc:
        raise TemplateRefusal(f"{path}: không đọc được mẫu ({os_reason(exc)})") from None
    if len(data) > MAX_TEXT:
        raise TemplateRefusal(f"{path}: tệp mẫu lớn hơn {format_number(MAX_TEXT)} byte")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise TemplateRefusal(f"{path}: tệp mẫu không phải UTF-8") from None


class ConfinedLoader(BaseLoader):
    """Templates from ``folders`` in order, each name confined to its folder."""

    def __init__(self, folders: Sequence[Path]) -> None:
        self.folders = list(folders)

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        for folder in self.folders:
            path = confined_file(folder, template)
            if path is not None:
                return read_template(path), str(path), lambda: False
        raise TemplateNotFound(template)


# --- time and size ----------------------------------------------------------------------------


class Budget:
    """The clock of one render."""

    def __init__(self) -> None:
        self.deadline = float("inf")
        self.steps = 0

    def start(self) -> None:
        self.deadline, self.steps = time.monotonic() + template_seconds(), 0

    def step(self) -> None:
        self.steps += 1
        if self.steps % CHECK_EVERY == 0 and time.monotonic() > self.deadline:
            seconds = format_number(template_seconds())
            raise TemplateRefusal(
                f"mẫu chạy quá {seconds} giây nên bị dừng (vòng lặp quá lớn?); "
                "PARPLAN_TEMPLATE_SECONDS đổi giới hạn"
            )


def check_size(size: int) -> None:
    if size > MAX_TEXT:
        raise TemplateRefusal(
            f"kết quả quá lớn ({format_number(size)} ký tự hoặc phần tử), vượt giới hạn "
            f"{format_number(MAX_TEXT)} của một mẫu"
        )


class TimedList(list[Any]):
    """A list of the data: iterating it looks at the render's clock."""

    def __init__(self, items: Any, budget: Budget) -> None:
        super().__init__(items)
        self.budget = budget

    def __iter__(self) -> Iterator[Any]:
        budget = self.budget
        for item in super().__iter__():
            budget.step()
            yield item


def timed(data: Any, budget: Budget) -> Any:
    """``data`` (dicts, lists, values) with every list a TimedList."""
    if isinstance(data, dict):
        return {k: timed(v, budget) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return TimedList((timed(v, budget) for v in data), budget)
    return data


_BIG_NUMBER = re.compile(r"\d{8,}")


def _format_widths(text: Any) -> None:
    """A format string (``%`` or ``str.format``) asking for a field wider than MAX_TEXT."""
    if isinstance(text, str):
        for number in _BIG_NUMBER.findall(text):
            check_size(int(number))


def _replaced_size(text: str, old: str, new: str, count: int = -1) -> int:
    times = len(text) + 1 if old == "" else text.count(old)
    times = times if count < 0 else min(times, count)
    return len(text) + times * (len(new) - len(old))


def _joined_size(separator: str, items: Any) -> int:
    if not isinstance(items, list | tuple | range | str):
        return 0  # a generator: its items are made one at a time, under the clock
    texts = sum(len(x) for x in items if isinstance(x, str))
    return texts + len(separator) * max(len(items) - 1, 0)


def _binop_size(operator: str, left: Any, right: Any) -> int:
    """The size of ``left operator right`` when it can be large, else 0."""
    sized = (str, list, tuple, bytes)
    if operator == "*":
        if isinstance(left, sized) and isinstance(right, int):
            return len(left) * right
        if isinstance(right, sized) and isinstance(left, int):
            return len(right) * left
    if operator == "+" and isinstance(left, sized) and isinstance(right, sized):
        return len(left) + len(right)
    if operator == "**" and isinstance(left, int) and isinstance(right, int) and right > 0:
        return max(left.bit_length(), 1) * right // 8  # bytes of the result
    if operator == "%":
        _format_widths(left)
    return 0


_WIDTH_METHODS = frozenset({"center", "ljust", "rjust", "zfill"})


def _method_size(method: Any, args: tuple[Any, ...]) -> int:
    """The size a str method called from a template would produce, when it can be large."""
    text, name = getattr(method, "__self__", None), getattr(method, "__name__", "")
    text = getattr(getattr(method, "__wrapped__", None), "__self__", text)  # sandboxed format
    if not isinstance(text, str) or not args:
        return 0
    if name in _WIDTH_METHODS and isinstance(args[0], int):
        return args[0]
    if name == "expandtabs" and isinstance(args[0], int):
        return len(text) + text.count("\t") * args[0]
    if name == "replace" and all(isinstance(a, str) for a in args[:2]):
        return _replaced_size(text, *args[:3])
    if name == "join":
        return _joined_size(text, args[0])
    if name in ("format", "format_map"):
        _format_widths(text)
    return 0


class BoundedEnvironment(SandboxedEnvironment):
    """Jinja's sandbox with a clock and size limits (see the module docstring)."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.budget = Budget()
        self.globals["range"] = self._range
        self.filters.update(
            center=_center, indent=_indent, format=_format, replace=_replace, join=_join
        )

    def _range(self, *args: int) -> TimedList:
        numbers = range(*args)
        if len(numbers) > MAX_RANGE:
            raise TemplateRefusal(
                f"range({', '.join(map(str, args))}) quá lớn: tối đa {format_number(MAX_RANGE)} số"
            )
        return TimedList(numbers, self.budget)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        self.budget.step()
        check_size(_binop_size(operator, left, right))
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        __self.budget.step()
        check_size(_method_size(__obj, args))
        return super().call(__context, __obj, *args, **kwargs)

    def rendered(self, chunks: Iterator[str]) -> str:
        """A template's output (``Template.generate``), stopped inside the template (so
        the message has its line) once it grows past MAX_TEXT or its time."""
        parts: list[str] = []
        total = 0
        for chunk in chunks:
            total += len(chunk)
            try:
                check_size(total)
                self.budget.step()
            except TemplateRefusal as exc:
                throw = getattr(chunks, "throw", None)
                if throw is None:
                    raise
                throw(exc)
            parts.append(chunk)
        return "".join(parts)


# Jinja's own filters that can make a large string from a small one, checked first.


def _center(value: str, width: int = 80) -> str:
    check_size(width)
    return filters.do_center(value, width)


def _indent(value: str, width: int | str = 4, first: bool = False, blank: bool = False) -> str:
    size = width if isinstance(width, int) else len(width)
    check_size(len(str(value)) + size * (str(value).count("\n") + 1))
    return filters.do_indent(value, width, first, blank)


def _format(value: str, *args: Any, **kwargs: Any) -> str:
    _format_widths(value)
    return filters.do_format(value, *args, **kwargs)


@pass_eval_context
def _replace(
    eval_ctx: EvalContext, value: str, old: str, new: str, count: int | None = None
) -> str:
    check_size(_replaced_size(str(value), str(old), str(new), -1 if count is None else count))
    return filters.do_replace(eval_ctx, value, old, new, count)


@pass_eval_context
def _join(
    eval_ctx: EvalContext, value: Any, d: str = "", attribute: str | int | None = None
) -> str:
    if attribute is None:
        check_size(_joined_size(str(d), value))
    return filters.sync_do_join(eval_ctx, value, d, attribute)
