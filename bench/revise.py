"""The second version of a plan, for timing `parplan diff`: a handful of edits and 1% of the
tasks renumbered.

    python -m bench.revise PLAN > REVISED

Edits, on the YAML text of a plan whose tasks are written ``  - number: N`` (the generated
plans and plans/2024.yaml): one deadline moved, one objective reworded, one progress recorded,
one target changed, the last task removed and a new one added in its place; and a run of 1% of
the tasks (at least two) from the middle of the appendix renumbered, by moving the last task of
the run to its front and numbering the run again in order.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

TASK = re.compile(r"(?m)^(?=  - number: \d+\n)")
NUMBER = re.compile(r"^  - number: \d+\n")


def revise(text: str) -> str:
    start = text.index("\ntasks:\n") + len("\ntasks:\n")
    head, *tasks = TASK.split(text[start:])
    n = len(tasks)
    if n < 6:
        raise ValueError("a plan of at least 6 tasks is needed")
    tasks[n // 4] = _sub(tasks[n // 4], r"(?m)^      by: .*$", "      by: 2024-11-30")
    tasks[n // 4] = _sub(tasks[n // 4], r"(?m)^      text: .*$", '      text: "Ngày 30/11/2024"')
    tasks[n // 5] = _sub(tasks[n // 5], r'(?m)^    objective: "', '    objective: "Tiếp tục ')
    recorded = next(i for i in range(n // 3, n) if "    progress: null" in tasks[i])
    tasks[recorded] = tasks[recorded].replace(
        "    progress: null", "    progress:\n      status: in_progress", 1
    )
    added = _sub(tasks[0], r'(?m)^    objective: "', '    objective: "Nhiệm vụ bổ sung: ')
    tasks[-1] = NUMBER.sub(f"  - number: {n}\n", added, count=1)  # the last task replaced
    run = max(2, n // 100)
    first = n // 2
    block = tasks[first : first + run]
    tasks[first : first + run] = [block[-1], *block[:-1]]
    for i in range(first, first + run):
        tasks[i] = NUMBER.sub(f"  - number: {i + 1}\n", tasks[i], count=1)
    body = text[:start] + head + "".join(tasks)
    return _target(body)


def _target(text: str) -> str:
    """The first indicator's target value raised by 1."""
    at = text.index("\nindicators:\n")
    found = re.compile(r"(?m)^      value: (\d+(?:\.\d+)?)$").search(text, at)
    if found is None:
        raise ValueError("no indicator target value to change")
    value = float(found.group(1)) + 1
    shown = f"{value:g}"
    return text[: found.start(1)] + shown + text[found.end(1) :]


def _sub(text: str, pattern: str, replacement: str) -> str:
    changed, count = re.subn(pattern, replacement, text, count=1)
    if count != 1:
        raise ValueError(f"pattern not found: {pattern}")
    return changed


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        sys.stderr.write("usage: python -m bench.revise PLAN > REVISED\n")
        return 2
    sys.stdout.buffer.write(revise(Path(args[0]).read_text(encoding="utf-8")).encode("utf-8"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
