"""Synthetic but realistic plan files for the benchmark.

``generate(n_tasks, seed)`` returns the YAML text of a plan shaped like ``plans/2024.yaml``
(same key order, 2-space indent, double-quoted one-line strings) that passes ``parplan check``:
Vietnamese text built from real CCHC phrases, ~max(8, n/50) units, the 7 standard areas,
~n/10 indicators of every target kind (some measured), obligations of every schedule form (some
recorded) and n tasks numbered 1..n with every deadline form and progress on about half.
Deterministic for a given (n_tasks, seed); every date lies in the plan year 2024.

    python -m bench.generate 1000 > /tmp/plan-1000.yaml
"""

from __future__ import annotations

import argparse
import calendar
import itertools
import json
import random
import re
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

YEAR = 2024
YEAR_END = date(YEAR, 12, 31)
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V", 6: "VI", 7: "VII"}

# --- vocabulary -----------------------------------------------------------------------------

AREAS: list[tuple[str, str, int]] = [  # id, title, weight in the appendix
    ("chi-dao-dieu-hanh", "Công tác chỉ đạo, điều hành CCHC", 5),
    ("the-che", "Cải cách thể chế", 2),
    ("tthc", "Cải cách TTHC và thực hiện cơ chế một cửa, một cửa liên thông", 6),
    ("to-chuc-bo-may", "Cải cách tổ chức bộ máy", 2),
    ("cong-vu", "Cải cách chế độ công vụ", 3),
    ("tai-chinh-cong", "Cải cách tài chính công", 2),
    ("chinh-quyen-so", "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số", 4),
]

AREA_DUTIES: dict[str, list[str]] = {
    "chi-dao-dieu-hanh": [
        "Ban hành Kế hoạch CCHC năm 2024 của Sở đảm bảo rõ người, rõ việc, rõ thời gian, rõ trách nhiệm và kết quả đầu ra.",
        "Kiện toàn, triển khai hoạt động Ban Chỉ đạo CCHC, Chuyển đổi số của Sở.",
        "Tăng cường quán triệt, tuyên truyền về công tác CCHC, xây dựng chính quyền điện tử, chuyển đổi số.",
        "Đổi mới công tác kiểm tra CCHC, tập trung kiểm tra trách nhiệm của người đứng đầu các phòng, đơn vị.",
    ],
    "the-che": [
        "Rà soát, hệ thống hóa văn bản quy phạm pháp luật thuộc lĩnh vực quản lý của Sở.",
        "Dự thảo trình HĐND, UBND Thành phố ban hành các văn bản quy phạm pháp luật lĩnh vực văn hóa, thể thao đảm bảo tiến độ.",
        "Tăng cường theo dõi tình hình thi hành pháp luật trong lĩnh vực văn hóa, thể thao, gia đình.",
    ],
    "tthc": [
        "Rà soát, đơn giản hóa thủ tục hành chính, cắt giảm thành phần hồ sơ và thời gian giải quyết.",
        "Thực hiện đúng quy định công bố, công khai thủ tục hành chính trên Cơ sở dữ liệu quốc gia về TTHC và Cổng thông tin điện tử của Sở.",
        "Duy trì và nâng cao chất lượng thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết TTHC.",
    ],
    "to-chuc-bo-may": [
        "Tiếp tục rà soát, sắp xếp tinh gọn tổ chức bộ máy theo tinh thần Nghị quyết số 18-NQ/TW và Nghị quyết số 19-NQ/TW ngày 25/10/2017 của Trung ương.",
        "Xác định rõ chức năng, nhiệm vụ, cơ cấu tổ chức của các phòng, đơn vị sau sắp xếp.",
        "Triển khai hiệu quả việc phân cấp, ủy quyền trong quản lý nhà nước.",
    ],
    "cong-vu": [
        "Rà soát, điều chỉnh, phê duyệt đề án vị trí việc làm trong các phòng, ban, đơn vị thuộc Sở.",
        "Triển khai kế hoạch đào tạo, bồi dưỡng cán bộ, công chức, viên chức năm 2024, chú trọng kỹ năng số.",
        "Thực hiện nghiêm việc đánh giá, xếp loại hằng tháng đối với cán bộ, công chức, viên chức.",
    ],
    "tai-chinh-cong": [
        "Tiếp tục triển khai việc chuyển đơn vị sự nghiệp công lập sang tự chủ tài chính giai đoạn 2022-2025.",
        "Thực hiện đúng, đủ các quy định về công khai, minh bạch tài chính, quyết toán và dự toán ngân sách.",
        "Thực hiện hiệu quả cơ chế khoán kinh phí quản lý hành chính tại cơ quan Sở.",
    ],
    "chinh-quyen-so": [
        "Triển khai kế hoạch chuyển đổi số, xây dựng chính quyền số của Sở năm 2024.",
        "Tiếp tục số hóa hồ sơ, giấy tờ, kết quả giải quyết TTHC còn hiệu lực thuộc thẩm quyền của Sở.",
        "Bảo đảm an toàn, an ninh thông tin mạng trong hoạt động của các phòng, đơn vị.",
    ],
}

AREA_TOPICS: dict[str, list[str]] = {
    "chi-dao-dieu-hanh": [
        "Kế hoạch CCHC năm 2024 của Sở",
        "Kế hoạch tuyên truyền CCHC năm 2024",
        "Kế hoạch kiểm tra công tác CCHC năm 2024",
        "hoạt động của Ban Chỉ đạo CCHC, Chuyển đổi số của Sở",
        "các mô hình, sáng kiến, cách làm hay trong công tác CCHC",
        "việc khắc phục các nội dung bị trừ điểm trong Chỉ số PAR INDEX, SIPAS năm 2023",
    ],
    "the-che": [
        "văn bản quy phạm pháp luật lĩnh vực văn hóa, thể thao",
        "hồ sơ đề nghị xây dựng Luật Thủ đô (sửa đổi)",
        "tình hình thi hành pháp luật trong lĩnh vực gia đình",
        "quy chế phối hợp quản lý lễ hội trên địa bàn Thành phố",
    ],
    "tthc": [
        "quy trình nội bộ giải quyết TTHC lĩnh vực di sản văn hóa",
        "phương án đơn giản hóa TTHC lĩnh vực thể dục thể thao",
        "việc tiếp nhận, trả kết quả giải quyết TTHC tại Bộ phận Một cửa",
        "danh mục TTHC cung cấp dịch vụ công trực tuyến toàn trình",
        "việc số hóa hồ sơ, kết quả giải quyết TTHC",
        "việc công bố, công khai TTHC trên Cổng thông tin điện tử của Sở",
    ],
    "to-chuc-bo-may": [
        "chức năng, nhiệm vụ, cơ cấu tổ chức của các đơn vị sự nghiệp công lập thuộc Sở",
        "phương án sắp xếp, tinh gọn đầu mối tổ chức bên trong",
        "việc phân cấp, ủy quyền trong quản lý nhà nước về văn hóa, thể thao",
    ],
    "cong-vu": [
        "đề án vị trí việc làm của các phòng, đơn vị thuộc Sở",
        "kế hoạch đào tạo, bồi dưỡng cán bộ, công chức, viên chức năm 2024",
        "việc chuyển đổi vị trí công tác đối với cán bộ, công chức, viên chức",
        "việc đánh giá, xếp loại hằng tháng cán bộ, công chức, viên chức",
        "kế hoạch tuyển dụng viên chức năm 2024",
    ],
    "tai-chinh-cong": [
        "phương án tự chủ tài chính của các đơn vị sự nghiệp công lập",
        "định mức kinh tế - kỹ thuật, đơn giá dịch vụ sự nghiệp công",
        "việc công khai dự toán, quyết toán ngân sách năm 2024",
        "kế hoạch giải ngân vốn đầu tư công năm 2024",
    ],
    "chinh-quyen-so": [
        "kế hoạch chuyển đổi số của Sở năm 2024",
        "việc gửi, nhận văn bản điện tử tích hợp chữ ký số",
        "Cơ sở dữ liệu chuyên ngành văn hóa, thể thao",
        "phương án bảo đảm an toàn thông tin mạng",
        "việc nâng cấp Cổng thông tin điện tử của Sở",
    ],
}

AREA_OBJECTIVES: dict[str, str] = {  # whole objectives, used now and then
    "tthc": "Rà soát, đơn giản hóa thủ tục hành chính, cắt giảm thành phần hồ sơ và thời gian giải quyết",
    "chinh-quyen-so": "Triển khai kế hoạch chuyển đổi số, xây dựng chính quyền số của Sở",
    "chi-dao-dieu-hanh": "Ban hành, triển khai công tác CCHC năm 2024 của cơ quan, đơn vị",
}

AREA_LEAD = {
    "chi-dao-dieu-hanh": "van-phong",
    "the-che": "to-chuc-phap-che",
    "tthc": "van-phong",
    "to-chuc-bo-may": "to-chuc-phap-che",
    "cong-vu": "to-chuc-phap-che",
    "tai-chinh-cong": "ke-hoach-tai-chinh",
    "chinh-quyen-so": "van-phong",
}

OBJECTIVE_VERBS = [
    "Rà soát, đánh giá",
    "Xây dựng, triển khai",
    "Tổ chức thực hiện",
    "Kiểm tra, đôn đốc thực hiện",
    "Hoàn thiện",
    "Tiếp tục triển khai",
]
DUTY_FORMS = [
    "Triển khai {t}.",
    "Thực hiện {t} theo đúng lộ trình.",
    "Tham mưu Ban Giám đốc Sở về {t}.",
    "Phối hợp các phòng, đơn vị hoàn thiện {t}.",
]
ACTIVITIES = [
    "Xây dựng Kế hoạch",
    "Lấy ý kiến các cơ quan, đơn vị liên quan.",
    "Tổ chức triển khai thực hiện.",
    "Đề xuất phương án đơn giản hóa.",
    "Tổng hợp, hoàn thiện và trình UBND Thành phố ban hành.",
]
REPORT_ACTIVITY = "Báo cáo kết quả thực hiện (lồng ghép trong báo cáo CCHC định kỳ)."
PRODUCTS: list[tuple[str, str]] = [  # product, document type of its evidence
    ("Kế hoạch", "KH"),
    ("Báo cáo", "BC"),
    ("Tờ trình", "TTr"),
    ("Quyết định", "QĐ"),
    ("Đề án vị trí việc làm trình cấp có thẩm quyền phê duyệt", "ĐA"),
    ("Văn bản hướng dẫn", "HD"),
    ("Báo cáo kết quả thực hiện", "BC"),
    ("Kế hoạch của UBND Thành phố", "KH"),
    ("Quy trình nội bộ giải quyết TTHC", "QĐ"),
]
DOC_NAMES = {
    "KH": "Kế hoạch",
    "BC": "Báo cáo",
    "TTr": "Tờ trình",
    "QĐ": "Quyết định",
    "ĐA": "Đề án",
    "HD": "Hướng dẫn",
}
TASK_NOTES = [
    "Bản quét mờ ở cột Hoạt động; đọc theo ngữ cảnh.",
    "Dòng bị ngắt trang: phần còn lại ở đầu trang sau, ghép lại theo cột.",
    'Bản quét ghi "Qu 11/2024"; đọc là Quý II/2024.',
    "Cột chủ trì và phối hợp bị đọc lẫn thứ tự; ghép lại theo tên cột đi kèm.",
]
PROGRESS_NOTES = [
    "Đang xin ý kiến các phòng, đơn vị.",
    "Đã trình Ban Giám đốc Sở, chờ phê duyệt.",
    "Chờ hướng dẫn của Sở Nội vụ.",
]
CANCEL_NOTES = [
    "Thành phố điều chỉnh nhiệm vụ; không thực hiện trong năm 2024.",
    "Nhiệm vụ đã gộp vào nhiệm vụ khác theo chỉ đạo của Ban Giám đốc Sở.",
]
UNIT_DUTIES = [
    "Chủ trì, phối hợp với các phòng, đơn vị triển khai các nhiệm vụ CCHC được giao trong Kế hoạch.",
    "Rà soát, đơn giản hóa thủ tục hành chính thuộc lĩnh vực phụ trách; đề xuất phương án cắt giảm thành phần hồ sơ.",
    "Triển khai kế hoạch chuyển đổi số; cập nhật dữ liệu lên Cơ sở dữ liệu chuyên ngành đầy đủ, kịp thời.",
    "Tổ chức tuyên truyền, phổ biến về công tác CCHC với ít nhất 05 hình thức phù hợp.",
    "Định kỳ hằng quý, 6 tháng, 9 tháng, năm báo cáo kết quả thực hiện CCHC về Văn phòng Sở để tổng hợp.",
    "Thực hiện nghiêm kỷ luật, kỷ cương hành chính; chấn chỉnh kịp thời các tồn tại, hạn chế được chỉ ra qua kiểm tra.",
    "Chịu trách nhiệm về nội dung, tài liệu kiểm chứng phục vụ chấm điểm Chỉ số CCHC cuối năm của Sở.",
]

# --- units ----------------------------------------------------------------------------------

CORE_UNITS: list[tuple[str, str, str | None]] = [
    ("ban-giam-doc", "Ban Giám đốc Sở", None),
    ("ban-chi-dao", "Ban Chỉ đạo Cải cách hành chính Sở", "Ban Chỉ đạo CCHC"),
    ("van-phong", "Văn phòng Sở", "VP"),
    ("to-chuc-phap-che", "Phòng Tổ chức - Pháp chế", "TC-PC"),
    ("ke-hoach-tai-chinh", "Phòng Kế hoạch - Tài chính", "KH-TC"),
    ("thanh-tra", "Thanh tra Sở", "TTr"),
]
DEPARTMENTS = [
    "Phòng Quản lý Văn hóa",
    "Phòng Quản lý Thể dục thể thao",
    "Phòng Quản lý Di sản văn hóa",
    "Phòng Quản lý Nghệ thuật",
    "Phòng Xây dựng nếp sống văn hóa và Gia đình",
    "Phòng Quản lý Thể thao thành tích cao",
]
SERVICE_KINDS = [
    "Trung tâm Văn hóa - Thể thao khu vực",
    "Thư viện khu vực",
    "Ban Quản lý di tích khu vực",
    "Trung tâm Huấn luyện và Thi đấu thể dục thể thao khu vực",
    "Nhà văn hóa khu vực",
    "Đội Thông tin lưu động khu vực",
]
DISTRICTS = [
    "Ba Đình", "Hoàn Kiếm", "Tây Hồ", "Long Biên", "Cầu Giấy", "Đống Đa", "Hai Bà Trưng",
    "Hoàng Mai", "Thanh Xuân", "Hà Đông", "Nam Từ Liêm", "Bắc Từ Liêm", "Sơn Tây", "Sóc Sơn",
    "Đông Anh", "Gia Lâm", "Thanh Trì", "Mê Linh", "Ba Vì", "Phúc Thọ", "Đan Phượng",
    "Hoài Đức", "Quốc Oai", "Thạch Thất", "Chương Mỹ", "Thanh Oai", "Thường Tín",
    "Phú Xuyên", "Ứng Hòa", "Mỹ Đức",
]  # fmt: skip
EXTERNAL_UNITS: list[tuple[str, str, str | None]] = [
    ("ubnd-tp", "UBND Thành phố Hà Nội", "UBND Thành phố"),
    ("so-noi-vu", "Sở Nội vụ", None),
    ("so-tu-phap", "Sở Tư pháp", None),
    ("so-ban-nganh", "Các Sở, Ban, Ngành", None),
    ("hdnd-tp", "HĐND Thành phố Hà Nội", "HĐND Thành phố"),
    ("ubnd-quan-huyen", "UBND các quận, huyện, thị xã", None),
    ("so-tai-chinh", "Sở Tài chính", None),
    ("so-thong-tin-truyen-thong", "Sở Thông tin và Truyền thông", None),
    ("bo-vhttdl", "Bộ Văn hóa, Thể thao và Du lịch", "Bộ VHTTDL"),
]
GROUP_ALL = "cac-phong-don-vi"
GROUP_SERVICE = "cac-don-vi-su-nghiep"
GROUP_TTHC = "cac-phong-co-tthc"


@dataclass(frozen=True)
class Unit:
    id: str
    name: str
    kind: str = "internal"
    short: str | None = None
    members: tuple[str, ...] = ()


@dataclass(frozen=True)
class Units:
    all: list[Unit]
    leads: list[str]  # internal units that may lead a task
    partners: list[str]  # units and groups that may coordinate
    names: dict[str, str]


def slug(text: str) -> str:
    """'Thư viện khu vực Đống Đa' -> 'thu-vien-khu-vuc-dong-da'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", plain.lower()))


def _service_units(count: int) -> list[Unit]:
    out = []
    for i in range(count):
        kind = SERVICE_KINDS[i % len(SERVICE_KINDS)]
        district = DISTRICTS[(i // len(SERVICE_KINDS)) % len(DISTRICTS)]
        cycle = i // (len(SERVICE_KINDS) * len(DISTRICTS))
        name = f"{kind} {district}" + (f" số {cycle + 1}" if cycle else "")
        out.append(Unit(slug(name), name))
    return out


def _groups(departments: list[Unit], services: list[Unit]) -> list[Unit]:
    staff = [u.id for u in departments + services]
    with_tthc = ["van-phong"] + [u.id for u in departments[:3]]
    return [
        Unit(GROUP_ALL, "Các phòng, ban, đơn vị thuộc Sở", "group", "Các phòng, đơn vị", (*staff,)),
        Unit(GROUP_SERVICE, "Các đơn vị sự nghiệp thuộc Sở", "group", None, (*[u.id for u in services],)),
        Unit(GROUP_TTHC, "Các phòng có TTHC", "group", None, (*with_tthc,)),
    ]  # fmt: skip


def make_units(n_tasks: int) -> Units:
    target = max(8, n_tasks // 50)
    n_external = min(len(EXTERNAL_UNITS), max(4, target // 10))
    n_departments = min(len(DEPARTMENTS), target // 10)
    n_services = max(1, target - len(CORE_UNITS) - 3 - n_external - n_departments)
    core = [Unit(i, name, "internal", short) for i, name, short in CORE_UNITS]
    departments = [Unit(slug(name), name) for name in DEPARTMENTS[:n_departments]]
    services = _service_units(n_services)
    external = [Unit(i, n, "external", s) for i, n, s in EXTERNAL_UNITS[:n_external]]
    groups = _groups(core[2:] + departments, services)
    everything = core + departments + services + groups + external
    leads = [u.id for u in core[2:] + departments + services]
    partners = leads + [g.id for g in groups] + [u.id for u in external]
    return Units(everything, leads, partners, {u.id: u.name for u in everything})


# --- YAML helpers ---------------------------------------------------------------------------


def q(text: str) -> str:
    """A double-quoted scalar on one line (JSON string escapes are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def flow(ids: Sequence[str]) -> str:
    return "[" + ", ".join(ids) + "]"


def dmy(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def _paragraphs(items: list[str], indent: str, notes: dict[int, str] | None = None) -> list[str]:
    out = []
    for i, text in enumerate(items):
        if notes and i in notes:
            out += [f"{indent}- text: {q(text)}", f"{indent}  note: {q(notes[i])}"]
        else:
            out.append(f"{indent}- {q(text)}")
    return out


# --- header, units, static sections ---------------------------------------------------------


def _header(n_tasks: int, seed: int) -> list[str]:
    title = (
        "Kế hoạch cải cách hành chính nhà nước năm 2024 của Sở Văn hóa và Thể thao thành phố Hà Nội"
    )
    basis = (
        "Quyết định số 6745/QĐ-UBND ngày 31/12/2023 của UBND Thành phố Hà Nội về việc ban hành "
        "Kế hoạch cải cách hành chính nhà nước năm 2024 của thành phố Hà Nội"
    )
    return [
        "# yaml-language-server: $schema=../schema/plan.schema.json",
        f"# Kế hoạch tổng hợp (dữ liệu giả lập) do bench/generate.py sinh ra: {n_tasks} nhiệm vụ, seed {seed}.",
        "# Dùng để đo hiệu năng; không phải văn bản thật.",
        "version: 1",
        "plan:",
        f"  title: {q(title)}",
        "  type: KH",
        f"  number: {q(str(100 + seed % 900))}",
        '  symbol: "KH-SVHTT"',
        '  issue_date: "2024-02-17"',
        '  place: "Hà Nội"',
        f"  year: {YEAR}",
        '  issuer: "Sở Văn hóa và Thể thao"',
        '  parent_body: "UBND thành phố Hà Nội"',
        "  basis:",
        f"    - title: {q(basis)}",
        '      number: "6745/QĐ-UBND"',
        "      date: 2023-12-31",
        f"  preamble: {q('Thực hiện ' + basis + ', Sở Văn hóa và Thể thao Hà Nội ban hành kế hoạch cải cách hành chính năm 2024, cụ thể như sau:')}",
        "  note: null",
    ]


def _unit_lines(u: Unit) -> list[str]:
    out = [f"  - id: {u.id}", f"    name: {q(u.name)}"]
    if u.short:
        out.append(f"    short: {q(u.short)}")
    out.append(f"    kind: {u.kind}")
    if u.kind == "group":
        out.append(f"    members: {flow(u.members)}")
    if u.id == GROUP_ALL:
        out.append('    aliases: ["Các phòng, đơn vị thuộc Sở"]')
    return out


def _units_section(units: Units) -> list[str]:
    out = ["units:"]
    for u in units.all:
        out += _unit_lines(u)
    return out


def _intro_sections() -> list[str]:
    purposes = [
        "Hoạt động của Sở và các đơn vị thuộc Sở tinh gọn, thông suốt, hiệu lực, hiệu quả; nâng cao chất lượng phục vụ, sự hài lòng của người dân, tổ chức và doanh nghiệp.",
        "Tăng cường siết chặt kỷ luật, kỷ cương hành chính, nâng cao ý thức, trách nhiệm phục vụ người dân của đội ngũ cán bộ, công chức, viên chức.",
        "Duy trì Chỉ số cải cách hành chính (PAR INDEX) và Chỉ số hài lòng về sự phục vụ hành chính (SIPAS) của Sở trong năm 2024.",
    ]
    requirements = [
        "Xác định trọng tâm CCHC là cải cách TTHC gắn với đẩy mạnh phân cấp, ủy quyền và phát triển chính quyền điện tử, chính quyền số.",
        'CCHC gắn với thực hiện nghiêm túc chủ đề công tác năm 2024 của Thành phố "Kỷ cương, trách nhiệm, hành động, sáng tạo, phát triển".',
    ]
    note = {1: 'Bản quét ghi "sit chat k5 lut", đọc là "siết chặt kỷ luật".'}
    return [
        "purposes:",
        *_paragraphs(purposes, "  ", note),
        "requirements:",
        *_paragraphs(requirements, "  "),
    ]


def _areas_section() -> list[str]:
    out = ["areas:"]
    for number, (area_id, title, _) in enumerate(AREAS, start=1):
        out += [f"  - id: {area_id}", f"    number: {number}", f"    title: {q(title)}"]
        out += [
            "    duties:",
            *_paragraphs(AREA_DUTIES[area_id], "      ", {2: "Đọc theo ngữ cảnh."}),
        ]
    return out


def _unit_duties_section(units: Units, rng: random.Random) -> list[str]:
    out = ["unit_duties:"]
    owners = ["ban-chi-dao", *units.leads, GROUP_ALL]
    for unit_id in owners:
        heading = units.names[unit_id]
        out += [f"  - unit: {unit_id}", f"    heading: {q(heading)}"]
        if unit_id == GROUP_ALL:
            intro = "Căn cứ các chỉ tiêu, nhiệm vụ của Kế hoạch này, Thủ trưởng các phòng, ban, đơn vị thuộc Sở có trách nhiệm triển khai các nhiệm vụ chủ yếu sau:"
            out.append(f"    intro: {q(intro)}")
        else:
            out.append("    intro: null")
        out += ["    duties:", *_paragraphs(rng.sample(UNIT_DUTIES, rng.randint(2, 3)), "      ")]
    return out


def _reporting_and_closing(units: Units) -> list[str]:
    forward = [u for u in ("ubnd-tp", "so-noi-vu") if u in units.names]
    text = (
        "Định kỳ quý, 6 tháng, năm (trước ngày 01 của tháng cuối kỳ báo cáo và trước ngày "
        "01/11/2024 đối với báo cáo năm) các phòng ban đơn vị thuộc Sở báo cáo tình hình, kết quả "
        "thực hiện công tác cải cách hành chính qua Văn phòng Sở để tổng hợp báo cáo UBND Thành "
        "phố, Sở Nội vụ theo quy định."
    )
    funding = [
        "Kinh phí triển khai kế hoạch cải cách hành chính năm 2024 được trích từ nguồn kinh phí sự nghiệp của Sở.",
        "Trong quá trình tổ chức thực hiện, nếu có khó khăn, vướng mắc, các phòng, ban, đơn vị phản ánh bằng văn bản về Văn phòng Sở.",
    ]
    recipients = ["UBND thành phố;", "Sở Nội vụ;", "Ban Giám đốc Sở;", "Các phòng, ban, đơn vị thuộc Sở;", "Lưu: VT, Một cửa."]  # fmt: skip
    return [
        "reporting:",
        f"  text: {q(text)}",
        "  submit_to: van-phong",
        f"  forward_to: {flow(forward)}",
        '  email: "vanphong_sovhtt@hanoi.gov.vn"',
        "  data_window:",
        "    start_day: 15",
        "    end_day: 14",
        "funding:",
        *_paragraphs(funding, "  "),
        "closing:",
        '  - "Trên đây là Kế hoạch cải cách hành chính nhà nước năm 2024 của Sở Văn hóa và Thể thao Hà Nội./."',
        "recipients:",
        *_paragraphs(recipients, "  ", {4: 'Bản quét ghi "Liru VT"; đọc là "Lưu: VT".'}),
    ]


# --- indicators -----------------------------------------------------------------------------

# id, area, op, unit, text ({u}: the unit, {v}: the value, {y}: the baseline year), values
IndicatorTemplate = tuple[str, str | None, str, str, str, tuple[int, ...]]
INDICATORS: list[IndicatorTemplate] = [
    ("sipas", None, ">=", "percent", "Mức độ hài lòng về sự phục vụ hành chính của {u} (SIPAS) đạt {v}%.", (80, 85, 90)),
    ("par-index", None, "qualitative", "text", "Nâng cao Chỉ số cải cách hành chính (PAR INDEX) của {u}.", ()),
    ("phan-anh-kien-nghi", None, "=", "percent", "100% các phản ánh, kiến nghị của người dân, tổ chức gửi đến {u} được tiếp nhận, xử lý và thông báo kết quả kịp thời.", (100,)),
    ("vbqppl-tuyen-truyen", "the-che", ">=", "percent", "Phấn đấu {v}% văn bản quy phạm pháp luật mới ban hành được tuyên truyền, phổ biến đến cán bộ, công chức, viên chức của {u}.", (90, 100)),
    ("ho-so-dung-han", "tthc", ">=", "percent", "Phấn đấu {v}% số hồ sơ TTHC của {u} được trả kết quả giải quyết đúng hạn và trước hạn.", (98, 100)),
    ("ho-so-truc-tuyen", "tthc", ">=", "percent", "Tối thiểu {v}% hồ sơ TTHC của {u} được xử lý hoàn toàn trực tuyến.", (50, 60, 70, 80)),
    ("ho-so-qua-han", "tthc", "<=", "count", "Không quá {v} hồ sơ TTHC của {u} giải quyết quá hạn trong năm.", (3, 5, 10)),
    ("doi-thoai-tthc", "tthc", ">=", "count", "Tổ chức ít nhất {v} hội nghị đối thoại với người dân, doanh nghiệp về TTHC của {u}.", (2, 4)),
    ("giam-dau-moi", "to-chuc-bo-may", "reduce_by", "percent", "Giảm tối thiểu {v}% đầu mối tổ chức bên trong của {u} so với năm {y}.", (10, 15, 20)),
    ("tinh-gian-bien-che", "to-chuc-bo-may", "reduce_by", "percent", "Tinh giản biên chế {v}% cán bộ, công chức, viên chức của {u} so với năm {y}.", (5, 10)),
    ("boi-duong-ky-nang-so", "cong-vu", "=", "percent", "100% cán bộ, công chức, viên chức của {u} được bồi dưỡng về kỹ năng số, kỹ năng giao tiếp trên không gian mạng.", (100,)),
    ("vi-tri-viec-lam", "cong-vu", ">=", "percent", "Ít nhất {v}% cán bộ, công chức, viên chức của {u} được rà soát, bố trí theo vị trí việc làm.", (90, 95, 100)),
    ("chi-thuong-xuyen", "tai-chinh-cong", "<=", "percent", "Tỷ trọng chi thường xuyên của {u} không vượt quá {v}% tổng chi ngân sách.", (45, 50, 55)),
    ("don-vi-tu-chu", "tai-chinh-cong", ">=", "percent", "Tối thiểu {v}% đơn vị sự nghiệp công lập thuộc {u} tự chủ tài chính.", (20, 30)),
    ("so-hoa-ket-qua", "chinh-quyen-so", ">=", "percent", "Số hóa kết quả giải quyết TTHC còn hiệu lực của {u} đạt tối thiểu {v}%.", (70, 80, 90)),
    ("van-ban-dien-tu", "chinh-quyen-so", ">=", "percent", "Phấn đấu {v}% văn bản đi của {u} được gửi, nhận dưới dạng điện tử có chữ ký số.", (90, 95, 100)),
    ("chuyen-doi-so", "chinh-quyen-so", "qualitative", "text", "Triển khai kế hoạch chuyển đổi số của {u} đúng lộ trình.", ()),
]  # fmt: skip
PERIOD_SETS = [["2024-Q1"], ["2024-Q1", "2024-H1"], ["2024-03", "2024-H1"], ["2024-H1", "2024-9M"], ["2024-Q1", "2024-H1", "2024-9M", "2024"]]  # fmt: skip
SOURCES = ["Kết quả khảo sát 6 tháng", "Hệ thống thông tin giải quyết TTHC Thành phố", "Báo cáo CCHC quý của Văn phòng Sở"]  # fmt: skip


def _measure(rng: random.Random, op: str, unit: str, goal: float, base: float | None) -> list[str]:
    """The body of one measurement (after ``period``), plausible for the target."""
    if op == "qualitative":
        return [f"assessment: {rng.choice(['achieved', 'partly', 'not_achieved'])}"]
    if op == "reduce_by":
        level = (base or 200) * (1 - rng.uniform(0, 1.5) * goal / 100)
        if base is None:
            return [f"numerator: {round(level)}", "denominator: 200"]
        return [f"value: {round(level)}"]
    if unit == "count":
        return [f"value: {max(0, round(goal + rng.randint(-2, 2)))}"]
    if op == "=" and rng.random() < 0.5:
        denominator = rng.randint(100, 2000)
        return [f"numerator: {denominator - rng.randint(0, 30)}", f"denominator: {denominator}"]
    return [f"value: {num(round(min(100.0, max(0.0, goal + rng.uniform(-12, 6))), 1))}"]


def _values(rng: random.Random, op: str, unit: str, goal: float, base: float | None) -> list[str]:
    if rng.random() < 0.4:
        return ["    values: []"]
    out = ["    values:"]
    for period in rng.choice(PERIOD_SETS):
        body = _measure(rng, op, unit, goal, base)
        if rng.random() < 0.2:
            body.append(f"source: {q(rng.choice(SOURCES))}")
        period_text = q(period) if period == str(YEAR) else period
        out += [f"      - period: {period_text}", *(f"        {line}" for line in body)]
    return out


def _indicator(i: int, units: Units, rng: random.Random) -> list[str]:
    base_id, area, op, unit, text, choices = INDICATORS[i % len(INDICATORS)]
    cycle = i // len(INDICATORS)
    ident = base_id if cycle == 0 else f"{base_id}-{cycle + 1}"
    who = "Sở" if cycle == 0 else units.names[rng.choice(units.leads)]
    goal = float(rng.choice(choices)) if choices else 0.0
    year = rng.choice([2015, 2021])
    out = [
        f"  - id: {ident}",
        f"    area: {area or 'null'}",
        f"    text: {q(text.format(u=who, v=num(goal), y=year))}",
        "    target:",
        f"      op: {q(op) if op in ('>=', '<=', '=') else op}",
        f"      value: {num(goal) if op != 'qualitative' else 'null'}",
        f"      unit: {unit}",
    ]
    base: float | None = None
    if op == "reduce_by":
        base = rng.choice([None, 120.0, 200.0, 350.0])
        out += [
            "    baseline:",
            f"      year: {year}",
            f"      value: {num(base) if base else 'null'}",
        ]
    if rng.random() < 0.1:
        out.append(f"    note: {q('Gạch đầu dòng gồm hai chỉ tiêu, tách thành hai chỉ tiêu.')}")
    return out + _values(rng, op, unit, goal, base)


def _indicators_section(n_tasks: int, units: Units, rng: random.Random) -> list[str]:
    out = ["indicators:"]
    for i in range(max(10, n_tasks // 10)):
        out += _indicator(i, units, rng)
    return out


# --- obligations ----------------------------------------------------------------------------

# id, title, text, source, schedule form
OBLIGATIONS: list[tuple[str, str, str, str, str]] = [
    ("cong-khai-hang-thang", "Công khai kết quả giải quyết TTHC, phản ánh kiến nghị hằng tháng", "Tổng hợp và công khai hằng tháng kết quả giải quyết TTHC, kết quả tiếp nhận, xử lý phản ánh, kiến nghị (công khai vào ngày cuối cùng của các tháng).", "III.7", "month"),
    ("tuyen-truyen-truc-tuyen", "Tuyên truyền CCHC trực tuyến ít nhất 1 quý/lần", "Tần suất tuyên truyền trực tuyến trên mạng thường xuyên liên tục (ít nhất 1 quý/lần).", "III.7", "quarter"),
    ("doi-thoai", "Đối thoại với người dân, tổ chức, doanh nghiệp về TTHC ít nhất 6 tháng/lần", "Định kỳ ít nhất 6 tháng/lần tổ chức đối thoại với cá nhân, tổ chức, người dân về thủ tục hành chính.", "II.3.2", "half"),
    ("kiem-tra-hang-nam", "Lồng ghép kiểm tra Chỉ số PAR INDEX, SIPAS vào kế hoạch kiểm tra hằng năm", "Lồng ghép nội dung kiểm tra Chỉ số PAR INDEX, SIPAS, PAPI vào các nội dung kiểm tra của Sở theo kế hoạch hằng năm.", "III.3", "year"),
    ("ke-hoach-don-vi", "Gửi kế hoạch CCHC năm 2024 của đơn vị về Văn phòng Sở", "Xây dựng kế hoạch CCHC năm 2024 gửi về Văn phòng Sở để tổng hợp trước ngày {d}.", "III.7", "once"),
    ("bao-cao-dinh-ky", "Báo cáo định kỳ kết quả thực hiện CCHC", "Định kỳ quý, 6 tháng, 9 tháng, năm tổng hợp báo cáo trình Ban Giám đốc Sở báo cáo UBND Thành phố, Sở Nội vụ.", "IV", "occurrences"),
    ("cong-bo-tthc", "Cập nhật, công khai TTHC sau khi được phê duyệt", "Cập nhật, công khai ngay sau 05 ngày, kể từ ngày được cấp có thẩm quyền phê duyệt.", "III.7", "after_event"),
    ("danh-gia-xep-loai", "Đánh giá, xếp loại hằng tháng cán bộ, công chức, viên chức", "Thực hiện đánh giá, xếp loại hằng tháng đối với cán bộ, công chức, viên chức theo hướng thực chất và hiệu quả.", "II.5.2", "month"),
]  # fmt: skip
OCCURRENCES = [("2024-Q1", "2024-03-01"), ("2024-H1", "2024-06-01"), ("2024-9M", "2024-09-01"), ("2024", "2024-11-01")]  # fmt: skip
OBLIGATION_UNITS = [GROUP_ALL, "van-phong", "to-chuc-phap-che", "thanh-tra", "ban-chi-dao", GROUP_TTHC]  # fmt: skip


def _schedule(form: str, once_by: date, rng: random.Random) -> list[str]:
    if form in ("month", "quarter", "half", "year"):
        day = (
            [f"      day: {rng.choice([20, 25])}"] if form == "month" and rng.random() < 0.3 else []
        )
        return [f"      every: {form}", *day]
    if form == "once":
        return [f"      once: before {once_by.isoformat()}"]
    if form == "occurrences":
        return ["      occurrences:"] + [
            f"        - {{period: {q(p) if p == str(YEAR) else p}, by: before {by}}}" for p, by in OCCURRENCES
        ]  # fmt: skip
    return ['      after_event: "ngày được cấp có thẩm quyền phê duyệt"', "      within_days: 5"]


def _record_periods(form: str, rng: random.Random) -> list[tuple[str, date]]:
    """(period code, due) of the occurrences recorded so far."""
    if form == "month":
        return [(f"{YEAR}-{m:02d}", last_day(m)) for m in range(1, rng.randint(1, 6) + 1)]
    if form == "quarter":
        return [(f"{YEAR}-Q{k}", last_day(3 * k)) for k in range(1, rng.randint(1, 3) + 1)]
    if form == "half":
        return [(f"{YEAR}-H1", last_day(6))]
    if form == "year":
        return [(str(YEAR), YEAR_END)]
    if form == "occurrences":
        return [(p, date.fromisoformat(by) - timedelta(days=1)) for p, by in OCCURRENCES[:2]]
    return []


def _owing(who: list[str], units: Units) -> list[str]:
    """The units that each owe an obligation assigned to ``who`` (a group: its members)."""
    by_id = {u.id: u for u in units.all}
    out: list[str] = []
    for unit_id in who:
        unit = by_id.get(unit_id)
        for owing in unit.members if unit is not None and unit.members else (unit_id,):
            if owing not in out:
                out.append(owing)
    return out


def _records(form: str, once_due: date, owing: list[str], rng: random.Random) -> list[str]:
    """Occurrences recorded so far; where several units owe the obligation, each record is
    one unit's (the first's: the others have not reported yet)."""
    periods = [(str(YEAR), once_due)] if form == "once" else _record_periods(form, rng)
    if not periods or rng.random() < 0.5:
        return []
    out = ["    records:"]
    unit = [f"        unit: {owing[0]}"] if len(owing) > 1 else []
    for period, due in periods:
        done = min(YEAR_END, due + timedelta(days=rng.randint(-4, 5)))
        out += [f"      - period: {q(period) if period == str(YEAR) else period}", *unit, f"        completed: {done}"]  # fmt: skip
        if rng.random() < 0.3:
            out += ["        evidence:", f"          - title: {q(f'Báo cáo kết quả thực hiện kỳ {period}')}"]  # fmt: skip
    return out


def _obligation(i: int, units: Units, rng: random.Random) -> list[str]:
    base_id, title, text, source, form = OBLIGATIONS[i % len(OBLIGATIONS)]
    cycle = i // len(OBLIGATIONS)
    ident = base_id if cycle == 0 else f"{base_id}-{cycle + 1}"
    once_by = date(YEAR, rng.randint(2, 11), 10)  # "trước ngày 10/..": due the day before
    who = rng.sample([u for u in OBLIGATION_UNITS if u in units.names], rng.randint(1, 2))
    return [
        f"  - id: {ident}",
        f"    title: {q(title)}",
        f"    text: {q(text.format(d=dmy(once_by)))}",
        f"    source: {q(source)}",
        f"    units: {flow(who)}",
        "    schedule:",
        *_schedule(form, once_by, rng),
        *_records(form, once_by - timedelta(days=1), _owing(who, units), rng),
    ]


def _obligations_section(n_tasks: int, units: Units, rng: random.Random) -> list[str]:
    out = ["obligations:"]
    for i in range(max(len(OBLIGATIONS), n_tasks // 100)):
        out += _obligation(i, units, rng)
    return out


# --- tasks ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    text: str
    by: str  # as written in YAML
    due: date | None
    tentative: bool = False


def last_day(month: int) -> date:
    return date(YEAR, month, calendar.monthrange(YEAR, month)[1])


def _deadline(rng: random.Random) -> Deadline:
    form = rng.choices(
        ["date", "before", "month", "quarter", "half", "9m", "year", "none", "tentative"],
        weights=[8, 10, 25, 20, 8, 4, 15, 5, 5],
    )[0]
    m = rng.randint(2, 12)
    if form == "date":
        day = date(YEAR, m, rng.randint(1, last_day(m).day))
        return Deadline(f"Ngày {dmy(day)}", day.isoformat(), day)
    if form == "before":
        day = date(YEAR, m, rng.choice([1, 5, 10, 15, 20, 25]))
        return Deadline(f"Trước ngày {dmy(day)}", f"before {day}", day - timedelta(days=1))
    if form in ("month", "tentative"):
        text = f"Tháng {m}/{YEAR}"
        if form == "tentative":
            text = (
                f"Theo hướng dẫn của các Bộ, Ngành Trung ương và Thành phố dự kiến tháng {m}/{YEAR}"
            )
        return Deadline(text, f"{YEAR}-{m:02d}", last_day(m), form == "tentative")
    if form == "quarter":
        k = rng.randint(1, 4)
        return Deadline(f"Quý {ROMAN[k]}/{YEAR}", f"{YEAR}-Q{k}", last_day(3 * k))
    return _long_deadline(form, rng)


def _long_deadline(form: str, rng: random.Random) -> Deadline:
    if form == "half":
        h = rng.randint(1, 2)
        text = f"6 tháng {'đầu' if h == 1 else 'cuối'} năm {YEAR}"
        return Deadline(text, f"{YEAR}-H{h}", last_day(6 * h))
    if form == "9m":
        return Deadline(f"9 tháng đầu năm {YEAR}", f"{YEAR}-9M", last_day(9))
    if form == "year":
        text = rng.choice([f"Năm {YEAR}", f"Trong năm {YEAR}", f"Thường xuyên trong năm {YEAR}"])
        return Deadline(text, q(str(YEAR)), YEAR_END)
    text = rng.choice(["Theo yêu cầu", "Theo chỉ đạo của UBND Thành phố", "Theo hướng dẫn của Sở Nội vụ"])  # fmt: skip
    return Deadline(text, "none", None)


def _evidence(rng: random.Random, kind: str, topic: str, done: date) -> list[str]:
    number = f"{rng.randint(1, 400)}/{kind}-SVHTT"
    if rng.random() < 0.5:
        return [f"      evidence: {q(f'{DOC_NAMES[kind]} số {number} ngày {dmy(done)}')}"]
    return [
        "      evidence:",
        f"        - title: {q(f'{DOC_NAMES[kind]} về {topic}')}",
        f"          number: {q(number)}",
        f"          date: {done}",
    ]


def _completed(rng: random.Random, due: date | None, late: bool) -> date:
    ref = due or date(YEAR, rng.randint(2, 11), rng.randint(1, 28))
    if late and ref < YEAR_END:
        return min(YEAR_END, ref + timedelta(days=rng.randint(1, 60)))
    return max(date(YEAR, 1, 5), ref - timedelta(days=rng.randint(0, 40)))


def _progress(rng: random.Random, due: date | None, kind: str, topic: str) -> list[str]:
    if rng.random() < 0.5:
        return ["    progress: null"]
    state = rng.choices(["on_time", "late", "in_progress", "cancelled"], weights=[45, 20, 28, 7])[0]
    if state in ("on_time", "late"):
        done = _completed(rng, due, state == "late")
        head = ["    progress:", "      status: done", f"      completed: {done}"]
        return head + _evidence(rng, kind, topic, done)
    if state == "in_progress":
        note = [f"      note: {q(rng.choice(PROGRESS_NOTES))}"] if rng.random() < 0.6 else []
        return ["    progress:", "      status: in_progress", *note]
    return [
        "    progress:",
        "      status: cancelled",
        f"      note: {q(rng.choice(CANCEL_NOTES))}",
    ]


def _texts(area: str, rng: random.Random) -> tuple[str, str, str | None]:
    topic = rng.choice(AREA_TOPICS[area])
    objective = f"{rng.choice(OBJECTIVE_VERBS)} {topic}"
    if area in AREA_OBJECTIVES and rng.random() < 0.2:
        objective = AREA_OBJECTIVES[area]
    duty = rng.choice(DUTY_FORMS).format(t=topic) if rng.random() > 0.03 else None
    return topic, objective, duty


def _people(area: str, units: Units, rng: random.Random) -> tuple[list[str], list[str]]:
    lead = AREA_LEAD[area] if rng.random() < 0.6 else rng.choice(units.leads)
    leads = [lead] + ([rng.choice(units.leads)] if rng.random() < 0.1 else [])
    partners = rng.sample(units.partners, rng.randint(0, 2))
    return list(dict.fromkeys(leads)), [p for p in partners if p not in leads]


def _task(number: int, area: str, units: Units, rng: random.Random) -> list[str]:
    topic, objective, duty = _texts(area, rng)
    product, kind = rng.choice(PRODUCTS)
    lead, coordinating = _people(area, units, rng)
    deadline = _deadline(rng)
    activities = sorted(rng.sample(range(len(ACTIVITIES)), rng.randint(0, 3)))
    lead_text = units.names[lead[0]].removeprefix("Phòng ") if rng.random() < 0.15 else None
    note = rng.choice(TASK_NOTES) if rng.random() < 0.1 else None
    return [
        f"  - number: {number}",
        f"    area: {area}",
        f"    objective: {q(objective)}",
        f"    duty: {q(duty) if duty else 'null'}",
        "    activities:",
        *(f"      - {q(ACTIVITIES[a])}" for a in activities),
        f"      - {q(REPORT_ACTIVITY)}",
        f"    product: {q(product)}",
        f"    lead: {flow(lead)}",
        f"    coordinating: {flow(coordinating)}",
        f"    lead_text: {q(lead_text) if lead_text else 'null'}",
        "    coordinating_text: null",
        "    deadline:",
        f"      text: {q(deadline.text)}",
        f"      by: {deadline.by}",
        f"      tentative: {'true' if deadline.tentative else 'false'}",
        f"    note: {q(note) if note else 'null'}",
        *_progress(rng, deadline.due, kind, topic),
    ]


def area_counts(n_tasks: int) -> list[int]:
    """Tasks per area, in proportion to the areas' weights, summing to n_tasks."""
    total = sum(w for _, _, w in AREAS)
    bounds, acc = [0], 0
    for _, _, weight in AREAS:
        acc += weight
        bounds.append(round(n_tasks * acc / total))
    return [b - a for a, b in itertools.pairwise(bounds)]


def _tasks_section(n_tasks: int, units: Units, rng: random.Random) -> list[str]:
    out = ["tasks:"]
    number = 1
    for index, ((area, title, _), count) in enumerate(
        zip(AREAS, area_counts(n_tasks), strict=True)
    ):
        if count:
            out.append(f"  # {ROMAN[index + 1]}. {title}")
        for _ in range(count):
            out += _task(number, area, units, rng)
            number += 1
    return out


# --- the plan -------------------------------------------------------------------------------


def generate(n_tasks: int, seed: int = 0) -> str:
    """The YAML text of a valid synthetic plan with tasks numbered 1..n_tasks."""
    if n_tasks < 1:
        raise ValueError("n_tasks must be at least 1")
    rng = random.Random(f"{n_tasks}:{seed}")
    units = make_units(n_tasks)
    lines = [
        *_header(n_tasks, seed),
        *_units_section(units),
        *_intro_sections(),
        *_areas_section(),
        *_indicators_section(n_tasks, units, rng),
        *_unit_duties_section(units, rng),
        *_reporting_and_closing(units),
        *_obligations_section(n_tasks, units, rng),
        *_tasks_section(n_tasks, units, rng),
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.generate", description="Print a synthetic plan of N tasks."
    )
    parser.add_argument("n_tasks", type=int, help="number of tasks (appendix rows)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    if args.n_tasks < 1:
        parser.error("N must be at least 1")
    sys.stdout.buffer.write(generate(args.n_tasks, args.seed).encode("utf-8"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
