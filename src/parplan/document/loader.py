"""Load a plan file into the model, or collect every located problem it has.

Fast path: plain data from the C parser's events (``fastyaml``) -> pydantic (a part at a time
when a list is very long, see ``validate_data``) -> semantic checks. Only if that finds
problems are the events read again (``positions.locate``), to turn each problem's ``loc`` into
a line and column.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

if TYPE_CHECKING:
    from parplan.core.criteria import CriteriaTable

from parplan.core.errors import CheckResult, Loc, PlanInvalid, Problem, YamlProblem
from parplan.core.model import Plan, model_of
from parplan.core.numbers import format_number
from parplan.document import yamlio
from parplan.document.messages import from_pydantic
from parplan.rules.semantics import check_plan, shared_record_warning, text_warnings

M = TypeVar("M", bound=BaseModel)


def load_plan(path: Path, *, as_of: date | None = None) -> Plan:
    """The validated plan, or PlanInvalid listing every problem with its position."""
    text = read_plan_text(path)
    return plan_from_text(text, str(path), as_of=as_of)


def read_plan_text(path: Path, *, pipes: bool = False, what: str | None = None) -> str:
    """The plan's text; a missing or non-regular file is a usage error (files.read_input),
    a pipe too unless ``pipes``; ``what``: the file as messages name it, when not a plan."""
    try:
        return yamlio.read_text(path, pipes=pipes, what=what)
    except YamlProblem as exc:
        raise PlanInvalid(path, [exc.in_file(path)]) from None


def plan_from_text(text: str, file: str, *, as_of: date | None = None) -> Plan:
    try:
        data, longest_inner_list = yamlio.load_fast(text)
    except YamlProblem as exc:
        raise PlanInvalid(file, with_sources([exc.in_file(file)], text)) from None
    plan, problems = validate_data(data, as_of=as_of, longest_inner_list=longest_inner_list)
    if problems or plan is None:
        raise PlanInvalid(file, locate_problems(text, file, problems))
    return plan


MAX_PROBLEMS = 200  # per file: a broken generator's 100,000 problems help nobody
ERRORS_READ = 10_000  # model errors turned into messages; the rest are only counted
# The sections of the issued text (`publish`) are paragraphs a person reads: no plan has more
# than a few dozen, and a document of a million (publish: 289 s, 1.96 GB) is not one anybody
# can issue. Tasks, indicators and the import's unclassified paragraphs are not limited here.
MAX_PARAGRAPHS = 10_000
PARAGRAPH_SECTIONS = ("purposes", "requirements", "funding", "closing", "recipients")


def validate_data(
    data: Any, *, as_of: date | None = None, longest_inner_list: int = 0
) -> tuple[Plan | None, list[Problem]]:
    """Model validation then semantic checks; problems carry ``loc`` but no position yet.
    ``longest_inner_list``: the longest list below the top level (``yamlio.load_fast``)."""
    if data is None:
        return None, [Problem("PP004", "tệp rỗng: cần một kế hoạch (version, plan, units, …)")]
    if not isinstance(data, dict):
        kind = "danh sách" if isinstance(data, list) else "một giá trị đơn"
        return None, [
            Problem(
                "PP005", f"cấp cao nhất là {kind}; cần một ánh xạ với các khóa version, plan, …"
            )
        ]
    too_long = [
        Problem(
            "PP008",
            f"phần '{name}' có {format_number(len(value))} đoạn, quá giới hạn "
            f"{format_number(MAX_PARAGRAPHS)} đoạn của một văn bản",
            (name, MAX_PARAGRAPHS),
        )
        for name, value in data.items()
        if name in PARAGRAPH_SECTIONS and isinstance(value, list) and len(value) > MAX_PARAGRAPHS
    ]
    if too_long:
        return None, too_long
    errors = _Errors(data)
    unknown = _take_unknown_keys(data, Plan, (), errors)
    fields = _list_fields()
    long = [
        k for k, v in data.items() if k in fields and isinstance(v, list) and len(v) > ERRORS_READ
    ]
    if long or longest_inner_list > ERRORS_READ:
        plan = _validate_in_parts(data, long, errors, cut_inner=longest_inner_list > ERRORS_READ)
    else:
        plan = errors.validate(Plan.model_validate, data)
    if plan is None or unknown:
        return None, errors.problems()
    return plan, check_plan(plan, as_of)


def _validate_in_parts(
    data: dict[str, Any], long: list[str], errors: _Errors, *, cut_inner: bool
) -> Plan | None:
    """A plan with a list of more than ERRORS_READ items, validated a part at a time: pydantic
    keeps one error object (~460 bytes) per wrong item, so a generated 2 MB flow list of
    700,000 wrong items took 1.2 GB in one go. First the plan with each long top-level list
    cut to its first ERRORS_READ items, then the rest of each such list ERRORS_READ items at a
    time: memory holds one part's errors, every error is counted. When every part is valid
    the plan is assembled from the parts' validated items (none is validated twice).

    A long list inside an item (``cut_inner``) is read up to its first ERRORS_READ items in
    each part; if everything read is valid, the whole plan is then validated in one go."""
    head = {k: v[:ERRORS_READ] if k in long else v for k, v in data.items()}
    first = errors.validate(
        Plan.model_validate, _cut_lists(head, ERRORS_READ) if cut_inner else head
    )
    parts: dict[str, list[Any]] = {}
    for name in long:
        validate = TypeAdapter[list[Any]](Plan.model_fields[name].annotation or Any).validate_python
        items: list[Any] | None = list(getattr(first, name)) if first is not None else None
        for start in range(ERRORS_READ, len(data[name]), ERRORS_READ):
            part = data[name][start : start + ERRORS_READ]
            valid = errors.validate(
                validate, _cut_lists(part, ERRORS_READ) if cut_inner else part, (name, start)
            )
            if valid is None:
                items = None
            elif items is not None:
                items.extend(valid)
        if items is not None:
            parts[name] = items
    if errors.total:
        if cut_inner:
            errors.unread = (
                f"chỉ kiểm tra {format_number(ERRORS_READ)} mục đầu của mỗi danh sách dài bên "
                "trong một mục"
            )
        return None
    if cut_inner:
        plan: Plan | None = errors.validate(Plan.model_validate, data)
        return plan
    return Plan.model_validate({**data, **parts})


def _take_unknown_keys(
    node: dict[Any, Any], model: type[BaseModel], loc: Loc, errors: _Errors
) -> int:
    """Take every key its model does not have out of ``node`` and the mappings below it, in
    file order, each noted as the PP010 pydantic's ``extra_forbidden`` would have been: pydantic
    keeps an error object per unknown key, and 4 million of them (a 49 MB file) took 62 s and
    4.4 GB. How many were taken."""
    fields, inner = _shape(model)
    taken = 0
    if not fields.issuperset(node):
        for key in [k for k in node if isinstance(k, str) and k not in fields]:
            errors.note({"type": "extra_forbidden", "loc": (*loc, key), "input": node.pop(key)})
            taken += 1
    for name, sub in inner:
        value = node.get(name)
        if value.__class__ is dict:
            taken += _take_unknown_keys(value, sub, (*loc, name), errors)
        elif value.__class__ is list:
            for i, item in enumerate(value):
                if item.__class__ is dict:
                    taken += _take_unknown_keys(item, sub, (*loc, name, i), errors)
    return taken


@functools.cache
def _shape(model: type[BaseModel]) -> tuple[frozenset[str], tuple[tuple[str, Any], ...]]:
    """A model's keys, and those of its fields that hold models (directly or in a list)."""
    inner = ((name, model_of(f.annotation)) for name, f in model.model_fields.items())
    return frozenset(model.model_fields), tuple((n, m) for n, m in inner if m is not None)


def _list_fields() -> set[str]:
    """The plan's top-level fields that hold lists (tasks, indicators, …)."""
    from typing import get_origin

    return {name for name, f in Plan.model_fields.items() if get_origin(f.annotation) is list}


class _Errors:
    """Validation errors of one plan: all counted, the first ERRORS_READ turned into
    problems (with the path of the part they were found in)."""

    def __init__(self, data: Any) -> None:
        self.data = data
        self.total = 0
        self.read: list[Problem] = []
        self.unread = ""  # why some items were not checked at all

    def validate(
        self, validate: Callable[[Any], Any], value: Any, at: tuple[str, int] = ("", 0)
    ) -> Any:
        """``validate(value)``, or None after noting its errors; ``at``: the list and the
        index the validated part starts at, when it is part of a top-level list."""
        try:
            with yamlio.gc_paused():
                return validate(value)
        except ValidationError as exc:
            self.total += exc.error_count()
            room = ERRORS_READ - len(self.read)
            if room > 0:
                name, start = at
                for err in exc.errors(include_url=False)[:room]:
                    if name:
                        loc = err["loc"]
                        err = {**err, "loc": (name, start + int(loc[0]), *loc[1:])}
                    self.read.append(from_pydantic(err, self.data))
            return None

    def note(self, err: dict[str, Any]) -> None:
        """One error found outside pydantic, in pydantic's form."""
        self.total += 1
        if len(self.read) < ERRORS_READ:
            self.read.append(from_pydantic(err, self.data))

    def problems(self) -> list[Problem]:
        problems = _merge_typos(self.read)
        if self.total > len(self.read) or self.unread:
            problems.append(Problem("PP009", self.unread, omitted=self.total - len(self.read)))
        return problems


def _cut_lists(data: Any, keep: int) -> Any:
    if isinstance(data, dict):
        return {k: _cut_lists(v, keep) for k, v in data.items()}
    if isinstance(data, list):
        return [_cut_lists(v, keep) for v in data[:keep]]
    return data


def _merge_typos(problems: list[Problem]) -> list[Problem]:
    """A typo'd key is one problem, not "missing 'objective'" plus "unknown 'objectiv'"."""
    typos = {(p.loc[:-1], p.suggested) for p in problems if p.code == "PP010" and p.suggested}
    return [
        p
        for p in problems
        if not (p.code == "PP011" and p.loc and (p.loc[:-1], p.loc[-1]) in typos)
    ]


def locate_problems(text: str, file: str, problems: list[Problem]) -> list[Problem]:
    """Every problem with its line and column, in file order, the first MAX_PROBLEMS of them
    and then one PP009 that says how many more there are."""
    from parplan.document.positions import locate

    unread = sum(p.omitted for p in problems if p.code == "PP009")
    unlisted = [p.message for p in problems if p.code == "PP009" and p.message]
    placed = [p for p in problems if p.code != "PP009" and p.line is not None]
    unplaced = [p for p in problems if p.code != "PP009" and p.line is None]
    where = locate(text, [(p.loc, p.at_key) for p in unplaced])
    located = [p.located(file, p.line, p.column) for p in placed]
    located += [p.located(file, line, col) for p, (line, col) in zip(unplaced, where, strict=True)]
    located.sort(key=lambda p: (p.line or 0, p.column or 0))
    return with_sources(capped(located, file, unread, *unlisted), text)


def with_sources(problems: list[Problem], text: str) -> list[Problem]:
    """The problems, each with the text of its line (one pass over the text)."""
    lines = source_lines(text, [p.line for p in problems if p.line and p.code != "PP009"])
    return [p._replace(source=lines[p.line]) if p.line in lines else p for p in problems]


def source_lines(text: str, numbers: list[int]) -> dict[int, str]:
    """Lines of ``text`` by 1-based number, without their line breaks."""
    out: dict[int, str] = {}
    pos, line = 0, 1
    for number in sorted(set(numbers)):
        while line < number:
            nxt = text.find("\n", pos)
            if nxt == -1:
                return out
            pos, line = nxt + 1, line + 1
        end = text.find("\n", pos)
        out[number] = text[pos : end if end != -1 else len(text)].rstrip("\r")
    return out


def capped(problems: list[Problem], file: str, unread: int = 0, *why: str) -> list[Problem]:
    """The first MAX_PROBLEMS problems, then a PP009 that counts the rest (``unread``: those
    counted but not turned into messages, see ``validate_data``; ``why``: what was not even
    checked)."""
    if len(problems) <= MAX_PROBLEMS and not unread and not why:
        return problems
    more = max(len(problems) - MAX_PROBLEMS, 0) + unread
    last = problems[min(MAX_PROBLEMS, len(problems)) - 1]
    unchecked = "".join(f"; {w}" for w in why)
    if more:
        message = (
            f"còn {format_number(more)} vấn đề nữa không liệt kê (chỉ in {MAX_PROBLEMS} vấn đề "
            f"đầu tiên{unchecked}); sửa các vấn đề trên rồi chạy lại"
        )
    else:
        message = f"đã in mọi vấn đề tìm thấy{unchecked}; sửa các vấn đề trên rồi chạy lại"
    note = Problem(
        "PP009",
        message,
        line=last.line,
        column=last.column,
        file=file,
        omitted=more,
    )
    return [*problems[:MAX_PROBLEMS], note]


def check_file(path: Path, *, as_of: date | None = None) -> CheckResult:
    """Check one file; problems are data, so every file of a run is reported. A valid file
    may still carry warnings (``semantics.text_warnings``), listed after its summary."""
    return checked_plan(path, as_of=as_of)[1]


def load_parent(path: Path) -> Plan:
    """A parent plan, read once while its file stays the same (200 units' plans naming one
    department's plan read it once, not 200 times); a changed file is read again."""
    try:
        info = path.stat()
    except OSError:
        return load_plan(path)  # which says why, in Vietnamese
    return _load_unchanged(str(path.resolve()), (info.st_ino, info.st_mtime_ns, info.st_size))


@functools.lru_cache(maxsize=16)
def _load_unchanged(path: str, stamp: tuple[int, int, int]) -> Plan:
    return load_plan(Path(path))


def model_from_text(
    model: type[M], text: str, file: str, checks: Callable[[M], list[Problem]]
) -> M:
    """A YAML file other than a plan (a PAR INDEX criteria table) read as ``model``: every
    problem located as a plan's are (PlanInvalid), ``checks`` run once the model holds."""
    try:
        data = yamlio.load_fast(text).data
    except YamlProblem as exc:
        raise PlanInvalid(file, with_sources([exc.in_file(file)], text)) from None
    if not isinstance(data, dict):
        raise PlanInvalid(file, [Problem("PP005", "cấp cao nhất phải là một ánh xạ", file=file)])
    try:
        value = model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)[:MAX_PROBLEMS]
        problems = _merge_typos([from_pydantic(e, data, model) for e in errors])
        raise PlanInvalid(file, locate_problems(text, file, problems)) from None
    problems = checks(value)
    if problems:
        raise PlanInvalid(file, locate_problems(text, file, problems))
    return value


def load_criteria(path: Path) -> CriteriaTable:
    """A PAR INDEX criteria table (``parplan index import``), its points adding up."""
    from parplan.core.criteria import CriteriaTable, table_problems

    text = read_plan_text(path, what="tệp bộ tiêu chí")
    return model_from_text(CriteriaTable, text, str(path), table_problems)


def checked_plan(path: Path, *, as_of: date | None = None) -> tuple[Plan | None, CheckResult]:
    """The plan (None when it has errors) and what ``check`` says of it: its own problems,
    then those of its place under a parent plan (``family``)."""
    from parplan.rules.family import family_problems
    from parplan.rules.index import index_problems

    try:
        text = read_plan_text(path)
        plan = plan_from_text(text, str(path), as_of=as_of)
    except PlanInvalid as exc:
        return None, CheckResult(str(path), exc.problems)
    family = family_problems(plan, str(path), load_parent)
    family += index_problems(plan, str(path), load_criteria)
    if family:
        return None, CheckResult(str(path), locate_problems(text, str(path), family))
    warnings = text_warnings(plan) + shared_record_warning(plan)
    return plan, CheckResult(
        str(path),
        locate_problems(text, str(path), warnings) if warnings else [],
        summary={
            "units": len(plan.units),
            "areas": len(plan.areas),
            "indicators": len(plan.indicators),
            "tasks": len(plan.tasks),
            "obligations": len(plan.obligations),
        },
    )


def load_default(explicit: Path | None, year: int) -> tuple[Plan, str]:
    """Resolve which plan a command means (see discover.resolve_plan) and load it."""
    from parplan.storage.discover import resolve_plan

    path = resolve_plan(explicit, year=year)
    return load_plan(path), str(path)
