"""Regenerate the README's example filled forms (tests/data/forms/): the 2024-Q2 forms of
Văn phòng Sở and Thanh tra Sở made from plans/2024.yaml, filled as the units would (a text
date, a real date, a decimal comma, a count pair, an assessment from the dropdown).

    .venv/bin/python scripts/example_forms.py
"""

from __future__ import annotations

import sys
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.fill import fill  # noqa: E402

from parplan.core.periods import parse_period  # noqa: E402
from parplan.document.loader import plan_from_text, read_plan_text  # noqa: E402
from parplan.forms.build import write_forms  # noqa: E402

OUT = ROOT / "tests" / "data" / "forms"
FILLED: dict[str, dict[tuple[Any, ...], dict[str, Any]]] = {
    "van-phong": {
        ("Nhiệm vụ", 1): {
            "state": "Hoàn thành",
            "done": "20/02/2024",
            "ev_title": "Kế hoạch CCHC năm 2024",
            "ev_number": "45/KH-SVHTT",
            "ev_date": datetime(2024, 2, 20),
        },
        ("Nhiệm vụ", 2): {"state": "Đang thực hiện", "note": "Đang xin ý kiến các phòng"},
        ("Chỉ tiêu", "sipas"): {"value": "86,2", "source": "Khảo sát SIPAS quý II"},
        ("Chỉ tiêu", "ho-so-dung-han"): {"numerator": 412, "denominator": 430},
        ("Chỉ tiêu", "par-index"): {"assessment": "Đạt một phần"},
    },
    "thanh-tra": {
        ("Nhiệm vụ", 1): {"state": "Hoàn thành", "done": datetime(2024, 2, 20)},
        ("Nghĩa vụ", "tuyen-truyen-truc-tuyen"): {
            "done": "28/06/2024",
            "ev_title": "Bài đăng Trang thông tin điện tử Sở",
        },
    },
}

# a form with mistakes, for the README's located problems
BAD: dict[tuple[Any, ...], dict[str, Any]] = {
    ("Nhiệm vụ", 1): {"state": "Xong"},
    ("Nhiệm vụ", 2): {"state": "Hoàn thành"},
    ("Nhiệm vụ", 3): {"done": "31/02/2024"},
    ("Chỉ tiêu", "sipas"): {"value": "tám mươi sáu"},
    ("Chỉ tiêu", "ho-so-dung-han"): {"numerator": 412},
}


def main() -> None:
    plan_path = ROOT / "plans" / "2024.yaml"
    text = read_plan_text(plan_path)
    plan = plan_from_text(text, str(plan_path))
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_forms(plan, text, plan_path.name, parse_period("2024-Q2"), list(FILLED), folder)
        for unit, entries in FILLED.items():
            fill(folder / f"{unit}.xlsx", entries, OUT / f"{unit}.xlsx")
            print(f"wrote {OUT / f'{unit}.xlsx'}")
        (OUT / "bad").mkdir(exist_ok=True)
        fill(folder / "van-phong.xlsx", BAD, OUT / "bad" / "van-phong.xlsx")
        print(f"wrote {OUT / 'bad' / 'van-phong.xlsx'}")


if __name__ == "__main__":
    main()
