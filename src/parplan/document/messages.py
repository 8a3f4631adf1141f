"""Pydantic's validation errors as located Vietnamese problems (a code, the path, what was
expected and what was found)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from parplan.core.errors import Loc, Problem
from parplan.core.fields import WrongType
from parplan.core.model import Plan, model_of
from parplan.rules.semantics import closest

_TYPE_NAMES = {
    "str": "chuỗi văn bản",
    "int": "số nguyên",
    "float": "số",
    "bool": "giá trị đúng/sai",
    "dict": "ánh xạ (khóa: giá trị)",
    "list": "danh sách",
    "NoneType": "null",
}


def _type_name(value: Any) -> str:
    return _TYPE_NAMES.get(type(value).__name__, type(value).__name__)


def _show(value: Any) -> str:
    """A short, one-line rendering of a user's value (never recursing into big data)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return "{…}" if isinstance(value, dict) else "[…]"
    if isinstance(value, int) and abs(value) >= 10**60:
        return "(một số quá lớn)"
    text = f"'{value}'" if isinstance(value, str) else str(value)
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "…"


def _got(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, dict | list):
        return _type_name(value)
    return f"{_type_name(value)} {_show(value)}"


def from_pydantic(err: Any, data: Any, root: type[BaseModel] = Plan) -> Problem:
    loc: Loc = tuple(err["loc"])
    kind: str = err["type"]
    value = err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return Problem("PP011", f"thiếu trường bắt buộc '{loc[-1]}'", loc)
    if kind == "extra_forbidden":
        allowed = _allowed_keys(loc[:-1], data, root)
        near = closest(str(loc[-1]), allowed) if allowed else None
        hint = f"; có phải '{near}'?" if near else ""
        listing = f" (các khóa hợp lệ: {', '.join(allowed)})" if allowed else ""
        return Problem(
            "PP010",
            f"khóa '{loc[-1]}' không hợp lệ{hint}{listing}",
            loc,
            at_key=True,
            suggested=near or "",
        )
    if kind == "literal_error":
        choices = str(ctx.get("expected", "")).replace(" or ", " hoặc ")
        return Problem(
            "PP013", f"giá trị {_show(value)} không hợp lệ; cần một trong: {choices}", loc
        )
    if kind == "invalid_key":
        return Problem(
            "PP012",
            f"tên khóa phải là chuỗi văn bản, không phải {_show(loc[-1])}",
            loc,
            at_key=True,
        )
    if kind == "string_pattern_mismatch":
        return _pattern_problem(loc, value)
    if kind == "value_error":
        error = ctx.get("error")
        if isinstance(error, WrongType):
            return Problem("PP012", f"cần {error}, nhận được {_got(value)}", loc)
        message = str(error if error is not None else err["msg"])
        return Problem(_value_error_code(loc, error), message, loc)
    if kind.startswith(("greater_than", "less_than")):
        from parplan.core.numbers import format_number

        limit = ctx.get("ge", ctx.get("gt", ctx.get("le", ctx.get("lt"))))
        rel = {"greater_than": ">", "greater_than_equal": "≥", "less_than": "<"}.get(kind, "≤")
        shown = format_number(limit) if isinstance(limit, float) else str(limit)  # a year: 2000
        return Problem("PP013", f"giá trị {_show(value)} phải {rel} {shown}", loc)
    if kind in ("too_short",):
        return Problem("PP011", "danh sách không được rỗng (cần ít nhất một mục)", loc)
    expected = {
        "string_type": "chuỗi văn bản",
        "int_type": "số nguyên",
        "int_parsing": "số nguyên",
        "int_parsing_size": "số nguyên (không quá dài)",
        "int_from_float": "số nguyên",
        "float_type": "số",
        "float_parsing": "số",
        "finite_number": "số hữu hạn (không phải .nan hay .inf)",
        "bool_type": "true hoặc false",
        "bool_parsing": "true hoặc false",
        "list_type": "danh sách",
        "dict_type": "ánh xạ (khóa: giá trị)",
        "model_type": "ánh xạ (khóa: giá trị)",
        "model_attributes_type": "ánh xạ (khóa: giá trị)",
        "date_type": "ngày dạng YYYY-MM-DD",
        "date_parsing": "ngày dạng YYYY-MM-DD",
    }.get(kind)
    if expected:
        return Problem("PP012", f"cần {expected}, nhận được {_got(value)}", loc)
    return Problem("PP012", f"giá trị {_show(value)} không hợp lệ: {err['msg']}", loc)


def _value_error_code(loc: Loc, error: object) -> str:
    """The code of a model validator's refusal, from the field and the error's type (never
    from the wording of its message)."""
    from parplan.core.fields import InvalidId
    from parplan.core.periods import InvalidDate

    field = loc[-1] if loc else ""
    if field == "period":
        return "PP016"
    if field in ("by", "once"):
        return "PP015"
    if isinstance(error, InvalidDate):
        return "PP014"
    if isinstance(error, InvalidId):
        return "PP017"
    return "PP013"


def _pattern_problem(loc: Loc, value: Any) -> Problem:
    from parplan.core.periods import DEADLINE_HINT, PERIOD_HINT

    field = loc[-1] if loc else ""
    if field in ("by", "once"):
        return Problem("PP015", f"thời hạn không hợp lệ {_show(value)}: {DEADLINE_HINT}", loc)
    if field == "period":
        return Problem("PP016", f"kỳ không hợp lệ {_show(value)}: {PERIOD_HINT}", loc)
    if field == "issue_date":
        return Problem(
            "PP014", f"ngày không hợp lệ {_show(value)}: cần YYYY-MM-DD, YYYY-MM hoặc YYYY", loc
        )
    return Problem("PP013", f"giá trị {_show(value)} không đúng dạng", loc)


def _allowed_keys(parent: Loc, data: Any, root: type[BaseModel] = Plan) -> list[str]:
    """The keys the model allows at ``parent`` (for 'did you mean')."""
    model: type[BaseModel] | None = root
    for part in parent:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part) if model is not None else None
        if field is None:
            return []
        model = model_of(field.annotation)
    return list(model.model_fields) if model is not None else []
