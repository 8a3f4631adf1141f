"""`parplan import`, rule by rule: written deadlines, targets, unit names, table columns,
headings — each a table of cases."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parplan.core.errors import ParplanError
from parplan.core.written import read_written_deadline
from parplan.importing.appendix import column_role
from parplan.importing.build import import_plan
from parplan.importing.source import Para, text_blocks
from parplan.importing.targets import read_targets
from parplan.importing.units import Units, split_names
from parplan.importing.words import Doubts, slug

from .depth import deep, examples


@pytest.mark.parametrize(
    ("text", "code", "tentative", "ambiguous"),
    [
        ("Trước ngày 22/02/2024", "before 2024-02-22", False, False),
        ("trước ngày 1/3/2024", "before 2024-03-01", False, False),
        ("Ngày 31/10/2024", "2024-10-31", False, False),
        ("Tháng 02/2024", "2024-02", False, False),
        ("tháng 6 năm 2024", "2024-06", False, False),
        ("Tháng 12/2024 (theo Kế hoạch của thành phố)", "2024-12", False, False),
        ("Quý I/2024", "2024-Q1", False, False),
        ("Quý II/2024", "2024-Q2", False, False),
        ("Quý 3 năm 2024", "2024-Q3", False, False),
        ("Tháng Quý I/2024", "2024-Q1", False, False),
        ("6 tháng đầu năm 2024", "2024-H1", False, False),
        ("6 tháng cuối năm", "2024-H2", False, False),
        ("9 tháng năm 2024", "2024-9M", False, False),
        ("Năm 2024", "2024", False, False),
        ("Trong năm 2024 và theo lộ trình cụ thể tại Kế hoạch", "2024", False, False),
        ("Dự kiến tháng 6/2024", "2024-06", True, False),
        ("Theo hướng dẫn của các Bộ, Ngành dự kiến tháng 6/2024", "2024-06", True, False),
        ("Theo yêu cầu", "none", False, False),
        ("Thường xuyên", "none", False, False),
        ("Quý I và Quý II/2024", "2024-Q1", False, True),
        ("Quý I/2025", "2025-Q1", False, False),
    ],
)
def test_written_deadline(text: str, code: str, tentative: bool, ambiguous: bool) -> None:
    written = read_written_deadline(text, 2024)
    assert written is not None
    assert (written.deadline.code, written.tentative, written.ambiguous) == (
        code,
        tentative,
        ambiguous,
    )


@pytest.mark.parametrize("text", ["Sắp tới", "Khi có điều kiện", "31/02/2024", "Tháng 13/2024"])
def test_written_deadline_unreadable(text: str) -> None:
    assert read_written_deadline(text, 2024) is None


def test_written_deadline_due_is_the_last_day_on_time() -> None:
    before = read_written_deadline("Trước ngày 22/02/2024", 2024)
    quarter = read_written_deadline("Quý II/2024", 2024)
    assert before and str(before.deadline.due) == "2024-02-21"
    assert quarter and str(quarter.deadline.due) == "2024-06-30"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Mức độ hài lòng (SIPAS) đạt 85%.", [(">=", 85, None)]),
        ("Phấn đấu 100% số hồ sơ được trả đúng hạn.", [(">=", 100, None)]),
        ("100% các phản ánh được xử lý kịp thời.", [("=", 100, None)]),
        ("Trên 90% hồ sơ được giải quyết trực tuyến.", [(">=", 90, None)]),
        ("Tối thiểu 20% đơn vị tự chủ so với năm 2015.", [(">=", 20, 2015)]),
        ("Đạt từ 85% trở lên.", [(">=", 85, None)]),
        ("Giảm 5% biên chế so với năm 2021.", [("reduce_by", 5, 2021)]),
        ("Giảm tối thiểu 20% đầu mối tổ chức.", [("reduce_by", 20, None)]),
        ("Không quá 50% tổng chi ngân sách.", [("<=", 50, None)]),
        ("Tỷ lệ 86,5% đạt chuẩn", [(">=", 86.5, None)]),
        (
            "Tinh giản 5% cán bộ, công chức và ít nhất 10% viên chức so với năm 2021.",
            [("reduce_by", 5, 2021), ("reduce_by", 10, 2021)],
        ),
        ("100% cán bộ được bồi dưỡng; 30% được tập huấn.", [("=", 100, None), (">=", 30, None)]),
        ("Ban Giám đốc chỉ đạo đạt 80% kế hoạch.", [(">=", 80, None)]),
        ("Tổ chức ít nhất 02 hội nghị đối thoại.", [(">=", 2, None)]),
        ("Nâng cao chỉ số PAR INDEX.", []),
        ("Hoàn thành trong năm 2024.", []),
    ],
)
def test_targets(sentence: str, expected: list[tuple[str, float, int | None]]) -> None:
    assert [(t.op, t.value, t.baseline_year) for t in read_targets(sentence)] == expected


def test_target_reading_that_is_a_guess_says_so() -> None:
    (target,) = read_targets("Tỷ trọng chi thường xuyên ở mức 50% tổng chi.")
    assert target.op == "=" and target.doubt and "ở mức" in target.doubt


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        ("Tổ chức - Pháp chế, Văn phòng Sở", ["Tổ chức - Pháp chế", "Văn phòng Sở"]),
        ("Các phòng, ban, đơn vị thuộc Sở", ["Các phòng, ban, đơn vị thuộc Sở"]),
        ("Sở, Ban, Ngành; UBND các quận, huyện", ["Sở, Ban, Ngành", "UBND các quận, huyện"]),
        ("Văn phòng Sở và Thanh tra Sở", ["Văn phòng Sở", "Thanh tra Sở"]),
        ("- Văn phòng Sở\n- Thanh tra Sở", ["Văn phòng Sở", "Thanh tra Sở"]),
        ("", []),
    ],
)
def test_unit_cell_split(cell: str, names: list[str]) -> None:
    assert split_names(cell) == names


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("Phòng Tổ chức - Pháp chế", "Phòng Tổ chức pháp chế", True),
        ("Phòng Tổ chức - Pháp chế", "Tổ chức pháp chế", True),
        ("Phòng Kế hoạch - Tài chính", "Phòng Tài chính Kế hoạch", True),
        ("Văn phòng Sở", "Văn phòng", True),
        ("Trung tâm Thông tin triển lãm Thành phố", "Trung tâm Thông tin triển lãm", True),
        ("Các phòng, ban, đơn vị thuộc Sở", "Các phòng, đơn vị thuộc Sở", True),
        ("Các phòng, đơn vị thuộc Sở", "Các đơn vị sự nghiệp thuộc Sở", False),
        ("Văn phòng Sở", "Thanh tra Sở", False),
        ("Sở Nội vụ", "Sở Tư pháp", False),
    ],
)
def test_unit_spellings(first: str, second: str, same: bool) -> None:
    units = Units("Sở Văn hóa và Thể thao", Doubts())
    assert (units.resolve(first, "1") == units.resolve(second, "2")) is same


@pytest.mark.parametrize(
    ("name", "kind", "unit_id"),
    [
        ("Văn phòng Sở", "internal", "van-phong"),
        ("Phòng Tổ chức - Pháp chế", "internal", "to-chuc-phap-che"),
        ("Các phòng, ban, đơn vị thuộc Sở", "group", "cac-phong-ban-don-vi"),
        ("UBND Thành phố", "external", "ubnd-thanh-pho"),
        ("Sở Nội vụ", "external", "so-noi-vu"),
        ("Sở Văn hóa và Thể thao", "internal", "so-van-hoa-va-the-thao"),
        ("Các Sở, Ban, Ngành", "external", "cac-so-ban-nganh"),
    ],
)
def test_unit_kind_and_id(name: str, kind: str, unit_id: str) -> None:
    doubts = Doubts()
    units = Units("Sở Văn hóa và Thể thao", doubts)
    assert units.resolve(name, "1") == unit_id
    (data,) = units.data()
    assert data["kind"] == kind
    # a group's members are not in the plan: said, not guessed
    assert bool(doubts.items) is (kind == "group")


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("STT", "number"),
        ("TT", "number"),
        ("Mục tiêu", "objective"),
        ("Nhiệm vụ", "duty"),
        ("Tên nhiệm vụ", "duty"),
        ("Nội dung công việc", "duty"),
        ("Nội dung/sản phẩm", "product"),
        ("Kết quả đầu ra", "product"),
        ("Hoạt động", "activities"),
        ("Cơ quan chủ trì", "lead"),
        ("Đơn vị chủ trì", "lead"),
        ("Đơn vị phối hợp", "coordinating"),
        ("Đơn vị thực hiện", "lead"),
        ("Thời gian hoàn thành", "deadline"),
        ("Thời hạn", "deadline"),
        ("Ghi chú", "note"),
        ("Kinh phí", None),
    ],
)
def test_column_roles(header: str, role: str | None) -> None:
    assert column_role(header) == role


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mức độ hài lòng về sự phục vụ (SIPAS) đạt 85%.", "muc-do-hai-long-su-phuc"),
        ("Phấn đấu 100% số hồ sơ TTHC đúng hạn", "so-ho-so-tthc-dung-han"),
        ("", "muc"),
    ],
)
def test_ids_from_words(text: str, expected: str) -> None:
    assert slug(text) == expected


def test_text_paragraphs_wrap_and_break() -> None:
    text = (
        "UBND THÀNH PHỐ HÀ NỘI\nSỞ TƯ PHÁP\n\n"
        "- Một câu bị\nngắt dòng khi chép từ PDF.\n- Câu sau.\n"
        "1. Tiêu đề\n**Đậm**\n*Nghiêng*\n\n---\n<div>\n\n"
        "| STT | Nhiệm vụ |\n|---|---|\n| 1 | A \\| B<br>C |\n"
    )
    blocks = text_blocks(text)
    paras = [b for b in blocks if isinstance(b, Para)]
    assert [p.text for p in paras] == [
        "UBND THÀNH PHỐ HÀ NỘI",
        "SỞ TƯ PHÁP",
        "- Một câu bị ngắt dòng khi chép từ PDF.",
        "- Câu sau.",
        "1. Tiêu đề",
        "Đậm",
        "Nghiêng",
    ]
    assert paras[5].bold and paras[6].italic
    table = blocks[-1]
    assert not isinstance(table, Para)
    assert [r.cells for r in table.rows] == [("STT", "Nhiệm vụ"), ("1", "A | B\nC")]


# --- any text at all: a plan, a refusal, never a crash -----------------------------------


_FRAGMENTS = [
    "KẾ HOẠCH", "**KẾ HOẠCH**", "Cải cách hành chính năm 2025", "Số: 12/KH-STP", "Số: /KH-",
    "Hà Nội, ngày 05 tháng 01 năm 2025", "Hà Nội, ngày  tháng  năm 2025", "I. MỤC ĐÍCH",
    "## II. NHIỆM VỤ", "1. Cải cách thể chế", "1.1. Chỉ tiêu", "a) Nhiệm vụ", "III. TỔ CHỨC",
    "IV. TỔ CHỨC THỰC HIỆN", "1. Văn phòng Sở: chủ trì", "- Phấn đấu 100% hồ sơ", "+ giảm 5%",
    "* không quá 50% so với năm 2020", "- 100%; 90%; 80%", "Nơi nhận:", "GIÁM ĐỐC", "[Tên]",
    "PHỤ LỤC", "*Ghi chú: nghiêng*", "", "---", "<div>", "| STT | Nhiệm vụ | Chủ trì | Thời hạn |",
    "|---|---|---|---|", "| I | CẢI CÁCH | | |", "| 1 | Rà soát | Văn phòng Sở | Quý I/2025 |",
    "| | | | |", "| x | y |", "| 7 | a | Các phòng, ban | Trước ngày 31/02/2025 |",
    "| 2 | b | | Sắp tới |", "Thực hiện Quyết định số 1/QĐ-UBND ngày 1/1/2025", "\t", "ĐĐ",
]  # fmt: skip


@deep
@settings(
    max_examples=examples(150),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.lists(st.sampled_from(_FRAGMENTS) | st.text(max_size=30), max_size=40))
def test_any_text_reads_or_is_refused(tmp_path: Path, lines: list[str]) -> None:
    source = tmp_path / "ke-hoach.md"
    source.write_text("\n".join(lines), encoding="utf-8")
    try:
        result = import_plan(source, year=2025)
    except ParplanError:
        return  # refused with a message (empty, not a plan, …)
    # the text written is YAML that parplan reads back (valid, or with located problems)
    assert result.text.startswith("# Nhập từ ke-hoach.md")
    assert all(p.line is not None for p in result.problems)
