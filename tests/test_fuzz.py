"""Fuzzing ``check``: whatever bytes a plan file holds, parplan reports located problems.

Three hypothesis strategies feed ``check_file``:

* data-level mutations of real plans (``valid/minimal.yaml``, ``valid/progress.yaml`` and
  ``plans/2024.yaml``): delete a node, duplicate a list item or copy a value onto a sibling key,
  retype a node, swap two scalars, replace a scalar with hostile Unicode (NFD Vietnamese, RTL
  and ZWJ marks, emoji, control characters, Jinja-looking ``{{ }}`` / ``{% %}``); dumped with
  ruamel's safe dumper (``allow_unicode``);
* text-level mutations of the same files: insert, delete or replace bytes or characters
  (YAML tokens, hostile text, random bytes), truncate, duplicate or swap lines, re-indent a
  line, replace what follows a ``key: `` (comments and the rest of the file kept);
* random YAML documents (recursive dicts, lists and scalars, keys often the plan's own).

Properties, for every case: ``check_file`` returns (never raises); every problem renders as
one line ``<file>:<line>:<col>: … [PPnnn]``; line and column lie inside the file; the case
takes under 1 s (a bound against hangs, judged only when ``scripts/fuzz.py`` runs it: the
suite holds no timing, so a loaded machine cannot fail it). A sample also runs ``parplan check``
through the CLI: exit code 0 or 1, no traceback; when the case is a valid plan, the commands
that read it (deadlines, status, indicators, export, calendar, report) must not raise either.

``PARPLAN_FUZZ_EXAMPLES`` sets the examples per strategy (default 60 under ``make test-deep``,
a fifth in ``make test``: tests/depth.py). ``scripts/fuzz.py`` runs it with thousands of examples; it sets
``PARPLAN_FUZZ_KEEP_GOING=1`` (record a failing case instead of stopping at it),
``PARPLAN_FUZZ_STATS`` (a JSON-lines file, one line per case) and ``PARPLAN_FUZZ_DIR``
(where each case is written, so a crash of the interpreter leaves its input behind).

Findings are kept as regression cases: ``tests/data/fuzz/<name>.yaml`` holds the raw bytes of
a minimal failing input, and ``test_fuzz_regression`` checks each with the same properties.
``KNOWN_BUGS`` lists those that still fail (strict xfail: a fix makes the test fail until the
case is taken off the list).

An escape whose exception matches ``KNOWN_ESCAPES`` (a bug already kept as a regression case)
does not fail the random tests, so that they keep looking for new ones; scripts/fuzz.py counts
them separately. Nesting stays shallow here: deep nesting is test_hostile.py's subject.
"""

from __future__ import annotations

import copy
import hashlib
import io
import json
import os
import re
import time
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from typer.testing import CliRunner

from parplan.cli import app
from parplan.core.errors import CheckResult
from parplan.document.loader import check_file, load_plan

from .conftest import DATA, MINIMAL, PLAN_2024
from .depth import deep, examples

EXAMPLES = int(os.environ.get("PARPLAN_FUZZ_EXAMPLES", str(examples(60))))
KEEP_GOING = os.environ.get("PARPLAN_FUZZ_KEEP_GOING") == "1"
STATS = os.environ.get("PARPLAN_FUZZ_STATS")
CASE_DIR = os.environ.get("PARPLAN_FUZZ_DIR")
TIME_LIMIT = 1.0  # seconds per case

FUZZ_DATA = DATA / "fuzz"
REGRESSIONS = sorted(FUZZ_DATA.glob("*.yaml"))

# tests/data/fuzz/<name>.yaml that parplan still fails on: name -> what goes wrong. Empty now:
# every case found so far was fixed (big-*-int, deadline-*, obligation-*: see their files).
KNOWN_BUGS: dict[str, str] = {}

# Exceptions of the bugs above: (type, text in the message, the regression case showing it),
# e.g. (OverflowError, "date value out of range", "deadline-before-year-one") while that was open.
KNOWN_ESCAPES: list[tuple[type[BaseException], str, str]] = []


def known_escape(exc: BaseException) -> str | None:
    """The regression case of a known bug this exception shows, if any."""
    for kind, text, case in KNOWN_ESCAPES:
        if isinstance(exc, kind) and text in str(exc):
            return case
    return None


FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)


# --- the base plans -------------------------------------------------------------------------


def _safe_yaml() -> YAML:
    yaml = YAML(typ="safe", pure=False)  # libyaml: five times faster than pure Python
    yaml.allow_unicode = True
    yaml.default_flow_style = False
    yaml.width = 4096
    return yaml


@dataclass(frozen=True)
class Base:
    raw: bytes
    data: Any


BASES: dict[str, Base] = {
    path.stem: Base(path.read_bytes(), _safe_yaml().load(path.read_bytes()))
    for path in (MINIMAL, DATA / "plans" / "valid" / "progress.yaml", PLAN_2024)
}


def _all_keys(node: Any, out: set[str]) -> set[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            out.add(str(key))
            _all_keys(value, out)
    elif isinstance(node, list):
        for item in node:
            _all_keys(item, out)
    return out


# which base a mutation starts from: the real plan is ~30 times the size of the small ones
# and costs ~0.2 s per invalid case (the round-trip re-parse), so it is drawn one time in five
BASE_CHOICE = st.sampled_from(["minimal", "progress", "minimal", "progress", "2024"])

PLAN_KEYS = sorted(set().union(*(_all_keys(b.data, set()) for b in BASES.values())))


def dump(data: Any) -> bytes:
    buf = io.StringIO()
    _safe_yaml().dump(data, buf)
    return buf.getvalue().encode("utf-8")


# --- the properties -------------------------------------------------------------------------

_BREAKS = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")


def _lines(raw: bytes) -> tuple[int, list[str], int]:
    """(number of lines counting every YAML line break, lines split at '\\n', longest line)."""
    text = raw.decode("utf-8", errors="replace").removeprefix("\ufeff")
    by_newline = text.split("\n")
    return len(_BREAKS.split(text)), by_newline, max(len(line) for line in by_newline)


EXCERPT = re.compile(r"^ *(\d+)? \|( .*)?$")  # a problem's source line, or the caret under it


def problem_line_pattern(file: str) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(file)}:(\d+):(\d+): .* \[PP\d{{3}}\]$")


def violations(path: Path, raw: bytes, result: CheckResult, seconds: float) -> list[str]:
    """Every property this case breaks (empty: all hold)."""
    out = []
    if KEEP_GOING and seconds >= TIME_LIMIT:  # scripts/fuzz.py measures; the suite never times
        out.append(f"hang: check took {seconds:.2f} s")
    pattern = problem_line_pattern(str(path))
    n_lines, by_newline, longest = _lines(raw)
    loose_columns = bool(re.search(r"[\r\x85\u2028\u2029]", raw.decode("utf-8", "replace")))
    for problem in result.problems:
        rendered = problem.render()
        if len(rendered.splitlines()) != 1:
            out.append(f"not one line: {rendered!r}")
        match = pattern.match(rendered)
        if match is None:
            out.append(f"bad format: {rendered!r}")
            continue
        line, col = int(match[1]), int(match[2])
        if not 1 <= line <= n_lines + 1:
            out.append(f"line {line} outside the file ({n_lines} lines): {rendered!r}")
            continue
        width = longest if loose_columns or line > len(by_newline) else len(by_newline[line - 1])
        if not 1 <= col <= width + 1:
            out.append(f"column {col} outside line {line} ({width} characters): {rendered!r}")
    return out


def _record(
    strategy: str,
    outcome: str,
    seconds: float,
    detail: str = "",
    case: str = "",
    codes: list[str] | None = None,
) -> None:
    """One line of PARPLAN_FUZZ_STATS (read by scripts/fuzz.py)."""
    if not STATS:
        return
    entry: dict[str, Any] = {"strategy": strategy, "outcome": outcome, "seconds": round(seconds, 4)}
    if detail:
        entry |= {"detail": detail[:500], "case": case}
    if codes is not None:
        entry["codes"] = codes
    with open(STATS, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(entry, ensure_ascii=False) + "\n")


def _keep(folder: Path, strategy: str, raw: bytes) -> str:
    name = f"{strategy}-{hashlib.sha1(raw).hexdigest()[:12]}.yaml"
    (folder / "findings").mkdir(exist_ok=True)
    (folder / "findings" / name).write_bytes(raw)
    return name


def check_case(
    folder: Path, raw: bytes, strategy: str, *, keep_going: bool = KEEP_GOING, known: bool = True
) -> None:
    """Write ``raw`` as a plan file, check it, and assert every property (or, with
    ``keep_going``, record a failure and return). ``known``: tolerate KNOWN_ESCAPES."""
    path = folder / "case.yaml"
    path.write_bytes(raw)
    start = time.perf_counter()
    try:
        result = check_file(path)
    except Exception as exc:  # an escape: the test fails with its traceback
        seconds = time.perf_counter() - start
        detail = f"escape: {type(exc).__name__}: {' '.join(str(exc).split())}"
        if known and known_escape(exc):
            _record(strategy, "known-escape", seconds, detail, f"= {known_escape(exc)}")
            return
        if not keep_going:
            raise
        _record(strategy, "escape", seconds, detail, _keep(folder, strategy, raw))
        return
    seconds = time.perf_counter() - start
    found = violations(path, raw, result, seconds)
    if found and keep_going:
        outcome = "hang" if found[0].startswith("hang") else "violation"
        _record(strategy, outcome, seconds, "; ".join(found), _keep(folder, strategy, raw))
        return
    _record(strategy, "ok", seconds, codes=sorted({p.code for p in result.problems}) or ["valid"])
    assert not found, found


@pytest.fixture(scope="session")
def case_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if CASE_DIR:
        Path(CASE_DIR).mkdir(parents=True, exist_ok=True)
        return Path(CASE_DIR)
    return tmp_path_factory.mktemp("fuzz")


# --- strategies: hostile text ---------------------------------------------------------------

NFD_VIETNAMESE = unicodedata.normalize("NFD", "Kế hoạch cải cách hành chính của Sở Văn hóa")
HOSTILE_PIECES = [
    NFD_VIETNAMESE,
    "\u200f",  # right-to-left mark
    "\u202e",  # right-to-left override
    "\u200d",  # zero-width joiner
    "👨\u200d👩\u200d👧",
    "🇻🇳",
    "\x00",
    "\x07",
    "\x1b[31m",
    "\x7f",
    "\x85",
    "\u2028",
    "\ufeff",
    "\r",
    "\n",
    "\t",
    "{{ 7*7 }}",
    "{% raw %}",
    "{% endraw %}",
    "{# #}",
    "& < > \" '",
    "| a | b |",
    "`code`",
    "\\",
    ": ",
    "- ",
    " #",
    "*a",
    "&a",
    "!!python/object/apply:os.system",
    "<<",
    "2024-02-30",
    "before 2024-02-22",
    "before 0001-01-01",
    "0000-Q1",
    "2024-Q5",
    "van-phong",
    "null",
    "~",
    "",
]

hostile_text = st.lists(
    st.sampled_from(HOSTILE_PIECES) | st.text(max_size=6), min_size=1, max_size=5
).map("".join)

small_ints = st.integers(-(10**12), 10**12) | st.sampled_from([0, 1, 2024, 100, -1, 2**63])

EDGE_VALUES = [
    "2024-Q2",
    "2024-H1",
    "2024-9M",
    "2024",
    "none",
    "percent",
    "done",
    "0000",
    "0000-Q1",
    "before 0001-01-01",
    "before 9999-12-31",
    "9999-12-31",
    "2024-02-29",
    "2023-02-29",
]
scalars = (
    st.none()
    | st.booleans()
    | small_ints
    | st.floats()
    | hostile_text
    | st.dates(date(1, 1, 1), date(9999, 12, 31))
    | st.sampled_from(EDGE_VALUES)
)
keys = st.sampled_from(PLAN_KEYS) | st.text(max_size=8) | small_ints | st.booleans() | st.none()
small_values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(keys, children, max_size=3),
    max_leaves=6,
)

# --- strategies: data-level mutations -------------------------------------------------------

Loc = tuple[Any, ...]


def _node_paths(node: Any, prefix: Loc = ()) -> list[Loc]:
    out: list[Loc] = []
    items = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else ()
    )
    for key, value in items:
        out.append((*prefix, key))
        out.extend(_node_paths(value, (*prefix, key)))
    return out


def _get(root: Any, loc: Loc) -> Any:
    for part in loc:
        root = root[part]
    return root


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, dict | list)


def _retyped(old: type) -> st.SearchStrategy[Any]:
    """A value of another type than ``old``."""
    return small_values.filter(lambda value: type(value) is not old)


@st.composite
def mutated_plans(draw: st.DrawFn) -> bytes:
    name = draw(BASE_CHOICE)
    data = copy.deepcopy(BASES[name].data)
    for _ in range(draw(st.integers(1, 3))):
        paths = _node_paths(data)
        if not paths:
            data = draw(small_values)
            continue
        loc = draw(st.sampled_from(paths))
        parent, last = _get(data, loc[:-1]), loc[-1]
        op = draw(st.sampled_from(["delete", "duplicate", "retype", "swap", "unicode"]))
        if op == "delete":
            del parent[last]
        elif op == "duplicate" and isinstance(parent, list):
            parent.insert(last + 1, copy.deepcopy(parent[last]))
        elif op == "duplicate":
            other = draw(st.sampled_from(list(parent)))
            parent[other] = copy.deepcopy(parent[last])
        elif op == "retype":
            parent[last] = draw(_retyped(type(parent[last])))
        elif op == "swap":
            scalar_paths = [p for p in paths if _is_scalar(_get(data, p))]
            a, b = draw(st.sampled_from(scalar_paths)), draw(st.sampled_from(scalar_paths))
            pa, pb = _get(data, a[:-1]), _get(data, b[:-1])
            pa[a[-1]], pb[b[-1]] = pb[b[-1]], pa[a[-1]]
        else:
            parent[last] = draw(hostile_text)
    return dump(data)


# --- strategies: text-level mutations -------------------------------------------------------

YAML_TOKENS = [
    "- ",
    ": ",
    "? ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "'",
    '"',
    "#",
    "&a ",
    "*a",
    "!!str ",
    "!x ",
    "<<: ",
    "|",
    ">-",
    "---\n",
    "...\n",
    "%YAML 1.1\n",
    "\t",
    "\n",
    "\r",
    "  ",
    "\\",
    "%",
    "@",
    "`",
    "9" * 4301,  # known bug: big-decimal-int (the dumper cannot write such an int itself)
]

insertions = (
    st.binary(min_size=1, max_size=6)
    | st.sampled_from(YAML_TOKENS).map(str.encode)
    | hostile_text.map(lambda s: s.encode("utf-8"))
)


TEXT_OPS = [
    "insert",
    "delete",
    "replace",
    "value",
    "value",
    "indent",
    "duplicate-line",
    "swap-lines",
    "truncate",
]
# a scalar as it may be written after "key: " (plain, quoted, flow)
scalar_text = (
    st.sampled_from([str(v) for v in EDGE_VALUES] + ["[]", "{}", "[a, b]", "{x: 1}", "null", ""])
    | hostile_text.map(lambda s: json.dumps(s, ensure_ascii=False))
    | st.text(max_size=12).filter(lambda s: "\n" not in s and "\r" not in s)
).map(lambda s: s.encode("utf-8"))


@st.composite
def mutated_texts(draw: st.DrawFn) -> bytes:
    name = draw(BASE_CHOICE)
    raw = bytearray(BASES[name].raw)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(TEXT_OPS))
        pos = draw(st.integers(0, len(raw)))
        if op == "insert":
            raw[pos:pos] = draw(insertions)
        elif op == "delete":
            del raw[pos : pos + draw(st.integers(1, 40))]
        elif op == "replace":
            raw[pos : pos + draw(st.integers(1, 4))] = draw(insertions)
        elif op == "truncate":
            del raw[pos:]
        else:
            lines = bytes(raw).splitlines(keepends=True)
            if not lines:
                continue
            i = draw(st.integers(0, len(lines) - 1))
            if op == "duplicate-line":
                lines.insert(i, lines[i])
            elif op == "swap-lines":
                j = draw(st.integers(0, len(lines) - 1))
                lines[i], lines[j] = lines[j], lines[i]
            elif op == "indent":
                lines[i] = lines[i][2:] if draw(st.booleans()) else b"  " + lines[i]
            else:  # "value": the text after the first ': ' of a line, keeping the rest
                head, sep, _ = lines[i].partition(b": ")
                if sep:
                    ending = b"\r\n" if lines[i].endswith(b"\r\n") else b"\n"
                    lines[i] = head + sep + draw(scalar_text) + ending
            raw = bytearray(b"".join(lines))
    return bytes(raw)


# --- strategies: random documents -----------------------------------------------------------

documents = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=5),
    max_leaves=30,
)
plan_shaped = st.dictionaries(st.sampled_from(PLAN_KEYS) | keys, documents, max_size=8)
random_documents = (documents | plan_shaped).map(dump)


# --- the tests ------------------------------------------------------------------------------


@deep
@FUZZ_SETTINGS
@given(raw=mutated_plans())
def test_check_survives_data_mutations(case_dir: Path, raw: bytes) -> None:
    check_case(case_dir, raw, "data")


@deep
@FUZZ_SETTINGS
@given(raw=mutated_texts())
def test_check_survives_text_mutations(case_dir: Path, raw: bytes) -> None:
    check_case(case_dir, raw, "text")


@deep
@FUZZ_SETTINGS
@given(raw=random_documents)
def test_check_survives_random_documents(case_dir: Path, raw: bytes) -> None:
    check_case(case_dir, raw, "documents")


runner = CliRunner()


def _escape(command: str, exc: BaseException, known: bool) -> str:
    """An escape as one line; a known one (when tolerated) starts with 'known '."""
    line = f"escape in {command}: {type(exc).__name__}: {' '.join(str(exc).split())}"
    return f"known {line}" if known and known_escape(exc) else line


def _invoke(args: list[str], *, known: bool) -> list[str]:
    """Run the CLI in-process; what went wrong (empty: nothing)."""
    result = runner.invoke(app, args)
    exc = result.exception
    if exc is not None and not isinstance(exc, SystemExit):
        return [_escape(args[0], exc, known)]
    if "Traceback" in result.output:
        return [f"traceback in the output of {args[0]}"]
    return []


def cli_problems(folder: Path, path: Path, *, known: bool = True) -> list[str]:
    """``parplan check FILE`` exits 0 or 1 and prints only problem lines; if the plan is valid,
    the commands that read it do not raise. Known escapes (``known``) start with 'known '."""
    result = runner.invoke(app, ["check", str(path)])
    exc = result.exception
    if exc is not None and not isinstance(exc, SystemExit):
        return [_escape("check", exc, known)]
    problems = []
    if result.exit_code not in (0, 1):
        problems.append(f"check: exit code {result.exit_code}")
    if "Traceback" in result.output:
        problems.append("check: traceback in the output")
    pattern = problem_line_pattern(str(path))
    valid = f"{path}: hợp lệ — "
    for line in result.stdout.splitlines():
        if not (pattern.match(line) or line.startswith(valid) or EXCERPT.match(line)):
            problems.append(f"check: unexpected stdout line {line!r}")
    if result.exit_code != 0 or problems:
        return problems
    year = str(load_plan(path).plan.year)
    ics, md = folder / "case.ics", folder / "case.md"
    for args in (
        ["deadlines", str(path), "--as-of", f"{year}-06-30"],
        ["status", str(path), "--json", "--as-of", f"{year}-06-30"],
        ["indicators", str(path), "--as-of", f"{year}-12-31"],
        ["export", str(path)],
        ["calendar", str(path), "-o", str(ics), "--force"],
        ["report", str(path), "--period", year, "-o", str(md), "--force"],
    ):
        problems += _invoke(args, known=known)
    return problems


@deep
@settings(FUZZ_SETTINGS, max_examples=max(10, EXAMPLES // 4))
@given(raw=mutated_plans() | mutated_texts() | random_documents)
def test_cli_survives_mutations(case_dir: Path, raw: bytes) -> None:
    path = case_dir / "cli-case.yaml"
    path.write_bytes(raw)
    start = time.perf_counter()
    found = cli_problems(case_dir, path)
    seconds = time.perf_counter() - start
    known = [p for p in found if p.startswith("known ")]
    problems = [p for p in found if not p.startswith("known ")]
    if problems and KEEP_GOING:
        _record("cli", "escape", seconds, "; ".join(problems), _keep(case_dir, "cli", raw))
        return
    if known and not problems:
        _record("cli", "known-escape", seconds, known[0], "")
        return
    _record("cli", "ok", seconds)
    assert not problems, problems


def _regression_param(path: Path) -> Any:
    marks = []
    if path.stem in KNOWN_BUGS:
        marks.append(pytest.mark.xfail(strict=True, reason=f"bug: {KNOWN_BUGS[path.stem]}"))
    return pytest.param(path, id=path.stem, marks=marks)


@pytest.mark.parametrize("case", [_regression_param(p) for p in REGRESSIONS])
def test_fuzz_regression(tmp_path: Path, case: Path) -> None:
    """The same properties, with no known bug excused (strict xfail for those)."""
    check_case(tmp_path, case.read_bytes(), "regression", keep_going=False, known=False)
    path = tmp_path / case.name
    path.write_bytes(case.read_bytes())
    assert cli_problems(tmp_path, path, known=False) == []


def test_known_bugs_have_cases() -> None:
    assert sorted(set(KNOWN_BUGS) - {p.stem for p in REGRESSIONS}) == []
