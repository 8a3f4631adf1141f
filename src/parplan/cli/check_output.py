"""The outcome of `check` as text, GitHub Actions annotations or JSON (one result, three
renderings, as check-jsonschema does)."""

from __future__ import annotations

from parplan.core.errors import CheckResult, Problem
from parplan.core.numbers import format_number
from parplan.core.sanitize import json_text, plain_line, visible


def text_report(results: list[CheckResult], *, excerpts: bool = True) -> str:
    """Each file's summary or its problems, one line each, followed (unless ``excerpts`` is
    off: ``--format short``) by the source line and a caret under the column."""
    lines = []
    for result in results:
        if result.ok:
            counts = {k: format_number(v) for k, v in result.summary.items()}
            lines.append(
                f"{visible(result.file, one_line=True)}: hợp lệ — {counts['units']} đơn vị, "
                f"{counts['areas']} lĩnh vực, {counts['indicators']} chỉ tiêu, "
                f"{counts['tasks']} nhiệm vụ, {counts['obligations']} nghĩa vụ"
            )
        for problem in result.problems:
            lines.append(problem.render())
            if excerpts:
                lines.extend(problem.excerpt())
    return "\n".join(lines) + "\n" if lines else ""


def short_report(results: list[CheckResult]) -> str:
    """One line per problem (``FILE:LINE:COL: path: message [CODE]``), for editors and grep."""
    return text_report(results, excerpts=False)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_line(problem: Problem) -> str:
    """``::error file=…,line=…,col=…,title=…::message`` (GitHub workflow command;
    ``::warning`` for a warning)."""
    where = f" {problem.where}:" if problem.loc else ""
    message = plain_line(f"{where} {problem.message} [{problem.code}]")  # as the text format
    props = ",".join(
        [
            f"file={_escape_property(visible(problem.file, one_line=True))}",
            f"line={problem.line or 1}",
            f"col={problem.column or 1}",
            f"title={_escape_property(f'parplan {problem.code} {problem.slug}')}",
        ]
    )
    kind = "warning" if problem.warning else "error"
    return f"::{kind} {props}::{_escape_data(message)}"


def github_report(results: list[CheckResult]) -> str:
    lines = [github_line(p) for r in results for p in r.problems]
    return "\n".join(lines) + "\n" if lines else ""


def problem_json(problem: Problem) -> dict[str, object]:
    """A problem for scripts; the PP009 line also carries how many problems it stands for."""
    out: dict[str, object] = {
        "file": problem.file,
        "line": problem.line,
        "column": problem.column,
        "path": problem.where,
        "code": problem.code,
        "slug": problem.slug,
        "severity": "warning" if problem.warning else "error",
        "message": problem.message,
    }
    if problem.code == "PP009":
        out["omitted"] = problem.omitted
    return out


def json_report(results: list[CheckResult]) -> str:
    problems = [problem_json(p) for r in results for p in r.problems]
    return json_text(problems) + "\n"
