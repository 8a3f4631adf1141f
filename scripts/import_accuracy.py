"""Round-trip accuracy of `parplan import` (`make import-accuracy`): publish plans/2024.yaml to
.docx and .md, import each, and print, per section, the items that came back identical."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.importcompare import accuracy, compare  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from parplan.cli import app, load_commands  # noqa: E402
from parplan.document.loader import load_plan  # noqa: E402


def main() -> int:
    load_commands()
    plan = ROOT / "plans" / "2024.yaml"
    orig = load_plan(plan)
    runner = CliRunner()
    print("| tệp | phần | giống hệt / tổng |\n|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for kind in ("docx", "md"):
            document, back = Path(tmp) / f"ke-hoach.{kind}", Path(tmp) / f"{kind}.yaml"
            for args in (["publish", str(plan), "-o", str(document)],
                         ["import", str(document), "-o", str(back)]):  # fmt: skip
                result = runner.invoke(app, args)
                if result.exit_code != 0:
                    print(result.output, file=sys.stderr)
                    return 1
            items = compare(orig, load_plan(back))
            for section, (same, total) in accuracy(items).items():
                print(f"| .{kind} | {section} | {same}/{total} |")
            for item in items:
                if not item.same:
                    print(f"|  | {item.section} {item.key} | {'; '.join(item.differences)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
