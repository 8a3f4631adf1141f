"""The body of a plan, section by section, however its headings are numbered.

A heading is a paragraph with a Word heading style or Markdown ``#``, or a short numbered
paragraph (I./1./1.1/a)) that is bold, upper case or has no closing full stop. Its level is
the order in which its numbering style first appears, so "I. / 1. / a)" and "1. / 1.1 / -"
plans read alike; what a section *is* comes from its words (mục đích, yêu cầu, chỉ tiêu,
nhiệm vụ, tổ chức thực hiện, báo cáo, kinh phí, phụ lục).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from parplan.core.text import fold
from parplan.importing.source import Para
from parplan.importing.targets import looks_like_target, qualitative, read_targets
from parplan.importing.units import Units
from parplan.importing.words import (
    Doubts,
    add_note,
    has_words,
    is_upper,
    marker_kind,
    sentence_case,
    slug,
    split_marker,
    unique_id,
)

AREA_IDS: list[tuple[str, tuple[str, ...]]] = [
    ("chi-dao-dieu-hanh", ("chi dao",)),
    ("the-che", ("the che",)),
    ("tthc", ("thu tuc hanh chinh", "tthc", "mot cua")),
    ("to-chuc-bo-may", ("bo may",)),
    ("cong-vu", ("cong vu",)),
    ("tai-chinh-cong", ("tai chinh cong",)),
    ("chinh-quyen-so", ("chinh quyen dien tu", "chinh quyen so", "chuyen doi so")),
]
_TOP: list[tuple[str, tuple[str, ...]]] = [
    ("appendix", ("phu luc",)),
    ("duties", ("to chuc thuc hien",)),
    ("funding", ("kinh phi",)),
    ("reporting", ("bao cao",)),
    ("purpose", ("muc dich", "yeu cau")),
    ("targets", ("chi tieu", "muc tieu")),
    ("areas", ("nhiem vu", "noi dung", "cai cach")),
]
_SECTION_LABELS = {
    "purpose": "mục đích, yêu cầu",
    "targets": "chỉ tiêu",
    "areas": "nhiệm vụ",
    "duties": "tổ chức thực hiện",
    "reporting": "báo cáo",
    "funding": "kinh phí",
    "appendix": "phụ lục",
    "recipients": "nơi nhận",
}
_SIGNER = re.compile(r"^(KT\.|TM\.|Q\.|TL\.)?\s*(PHÓ\s+)?(GIÁM ĐỐC|CHỦ TỊCH|TRƯỞNG|CHÁNH)")


def top_kind(text: str) -> str | None:
    return next((kind for kind, words in _TOP if has_words(text, *words)), None)


@dataclass
class Heading:
    marker: str
    text: str
    level: int | None  # None: an unnumbered heading, placed by its words
    inline: str | None = None  # "1. Văn phòng Sở: Chủ trì …" -> the text after the colon


@dataclass
class Body:
    """Walks the body's paragraphs and fills the plan's sections."""

    units: Units
    doubts: Doubts
    data: dict[str, Any] = field(default_factory=dict)
    section: str | None = None
    sub: str | None = None
    area: dict[str, Any] | None = None
    duty: dict[str, Any] | None = None
    last: dict[str, Any] | None = None
    kinds: list[str] = field(default_factory=list)
    sub_level: int | None = None
    ids: set[str] = field(default_factory=set)
    seen_targets: set[tuple[str | None, str]] = field(default_factory=set)
    reporting: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        for key in ("purposes", "requirements", "areas", "indicators", "unit_duties"):
            self.data[key] = []
        for key in ("funding", "closing", "recipients", "unclassified"):
            self.data[key] = []

    # --- headings ------------------------------------------------------------------------
    def heading(self, p: Para) -> Heading | None:
        marker, rest = split_marker(p.text)
        kind = marker_kind(marker) if marker else ""
        if kind == "bullet":
            return None
        if marker and self.section == "duties" and ":" in rest[:90] and len(rest) > 90:
            head, inline = rest.split(":", 1)
            return Heading(marker, head.strip(), self._level(kind), inline.strip())
        short = len(rest) <= 150 and not rest.endswith((";", ","))
        styled = p.bold or is_upper(rest) or p.heading > 0
        if marker and short and (styled or not rest.endswith(".")):
            return Heading(marker, rest.rstrip(":").strip(), self._level(kind))
        if not marker and (p.heading or (styled and len(rest) <= 100)) and not p.italic:
            return Heading("", rest.rstrip(":").strip(), None)
        return None

    def _level(self, kind: str) -> int:
        if kind not in self.kinds:
            self.kinds.append(kind)
        return self.kinds.index(kind)

    def on_heading(self, h: Heading, p: Para) -> None:
        kind = top_kind(h.text)
        top = h.level == 0 or (
            h.level is None and kind is not None and (is_upper(h.text) or 0 < p.heading <= 2)
        )
        self.last = None  # a note in italics belongs to the item just above it
        if self.section == "appendix" or (self.section in ("end", "recipients") and not top):
            return self.item(p)
        if top:
            self.section, self.sub, self.area, self.duty, self.sub_level = (
                kind,
                None,
                None,
                None,
                None,
            )
            if kind is None:
                self.section = "unknown"
                self._unclassified(p, f"mục '{h.text}' không thuộc mẫu kế hoạch CCHC")
            return None
        getattr(self, f"_sub_{self.section or 'none'}", self._sub_none)(h, p)
        return None

    def _sub_none(self, h: Heading, p: Para) -> None:
        self._unclassified(p, "tiêu đề nằm ngoài các mục của kế hoạch")

    def _sub_purpose(self, h: Heading, p: Para) -> None:
        if has_words(h.text, "muc dich"):
            self.sub = "purposes"
        elif has_words(h.text, "yeu cau"):
            self.sub = "requirements"
        elif has_words(h.text, "chi tieu", "muc tieu"):
            self.sub = "targets"
        else:
            self.sub = None
            self._unclassified(p, f"tiểu mục '{h.text}' không rõ là mục đích, yêu cầu hay chỉ tiêu")

    def _sub_areas(self, h: Heading, p: Para) -> None:
        deeper = self.area is not None and (h.level is None or h.level > (self.sub_level or 0))
        if deeper and has_words(h.text, "chi tieu", "muc tieu"):
            self.sub = "targets"
        elif deeper and has_words(h.text, "nhiem vu", "noi dung", "giai phap"):
            self.sub = "duties"
        elif deeper:
            self.item(p)
        else:
            self.sub_level = h.level if self.sub_level is None else self.sub_level
            self._new_area(h)

    def _new_area(self, h: Heading) -> None:
        number = int(h.marker.rstrip(".)")) if h.marker.rstrip(".)").isdigit() else None
        number = number or len(self.data["areas"]) + 1
        if any(a["number"] == number for a in self.data["areas"]):
            number = max(a["number"] for a in self.data["areas"]) + 1
        title = sentence_case(h.text)
        base = next((i for i, words in AREA_IDS if has_words(title, *words)), slug(title, 5))
        self.area = {"id": unique_id(base, self.ids), "number": number, "title": title}
        self.area["duties"] = []
        self.data["areas"].append(self.area)
        self.sub = None

    def _sub_duties(self, h: Heading, p: Para) -> None:
        kind = top_kind(h.text)
        if kind in ("reporting", "funding") and not h.inline:
            self.section = kind
            return
        if self.duty is not None and h.level is not None and h.level > (self.sub_level or 0):
            return self.item(p)
        self.sub_level = h.level if self.sub_level is None else self.sub_level
        name = re.sub(r"(?i)^(trách nhiệm|nhiệm vụ) của\s+(thủ trưởng\s+)?", "", h.text)
        unit = self.units.resolve(name[:1].upper() + name[1:], p.where)
        self.duty = {"unit": unit, "heading": h.text, "intro": None, "duties": []}
        self.data["unit_duties"].append(self.duty)
        if h.inline:
            self._add(self.duty["duties"], h.inline)
        return None

    def _sub_reporting(self, h: Heading, p: Para) -> None:
        self.reporting.append(h.text)

    def _sub_funding(self, h: Heading, p: Para) -> None:
        self._add(self.data["funding"], h.text)

    def _sub_targets(self, h: Heading, p: Para) -> None:
        self._unclassified(p, "tiêu đề trong phần chỉ tiêu")

    def _sub_unknown(self, h: Heading, p: Para) -> None:
        self._unclassified(p, "nằm trong mục không thuộc mẫu kế hoạch")

    # --- paragraphs -------------------------------------------------------------------------
    def item(self, p: Para) -> None:
        marker, text = split_marker(p.text)
        text = text if marker else p.text
        if self.section == "appendix" and self._closing(p, text):
            return
        if p.italic and self.last is not None:
            add_note(self.last, re.sub(r"(?i)^\(?ghi chú\s*:\s*", "", text).rstrip(")"))
            return
        if self._closing(p, text):
            return
        if self.section == "purpose":
            self._purpose(text, p.where)
        elif self.section == "targets":
            self._targets(text, p.where, None)
        elif self.section == "areas":
            self._area_item(text, p.where)
        elif self.section == "duties":
            self._duty_item(text, p.where)
        elif self.section == "reporting":
            self.reporting.append(text)
        elif self.section == "funding":
            self._add(self.data["funding"], text)
        else:
            self._unclassified(p, "không xếp được vào mục nào của kế hoạch")

    def _closing(self, p: Para, text: str) -> bool:
        folded = fold(text)
        if folded.startswith("tren day la") or folded.startswith("yeu cau thu truong"):
            self._add(self.data["closing"], text)
            self.section = "end"
            return True
        if folded.startswith("noi nhan"):
            self.section = "recipients"
            return True
        if self.section == "recipients":
            if re.fullmatch(r"\[.*\]", text):
                return True  # "[Họ và tên]": a blank left for the signer's name
            bullet = split_marker(p.text)[0] in ("-", "+", "*", "•", "–")
            signer = self.data.get("signer", {})
            if not bullet and (_SIGNER.match(text) or is_upper(text) or "title" in signer):
                self._signer(text)
            else:
                self._add(self.data["recipients"], text)
            return True
        appendix_title = folded.startswith(("phu luc", "kem theo", "(kem theo")) or is_upper(text)
        return self.section == "appendix" and appendix_title

    def _signer(self, text: str) -> None:
        signer = self.data.setdefault("signer", {})
        if text.startswith(("KT.", "TM.", "Q.", "TL.")):
            signer["authority"] = text
        elif "title" not in signer:
            signer["title"] = text
        else:
            signer["name"] = sentence_case(text).title() if is_upper(text) else text

    def _purpose(self, text: str, where: str) -> None:
        if self.sub in ("purposes", "requirements"):
            self._add(self.data[self.sub], text)
        elif self.sub == "targets":
            self._targets(text, where, None)
        else:
            self._add(self.data["purposes"], text)
            why = "đoạn ở mục I ngoài các tiểu mục; coi là mục đích"
            add_note(self.data["purposes"][-1], self.doubts.add(where, "mục đích", why))

    def _area_item(self, text: str, where: str) -> None:
        if self.area is None:
            self._unclassified(Para(text, where), "đoạn ở mục II trước lĩnh vực đầu tiên")
        elif self.sub == "targets":
            self._targets(text, where, self.area["id"])
        elif self.sub is None and looks_like_target(text):
            why = "câu có chỉ tiêu định lượng nằm chung với nhiệm vụ; coi là chỉ tiêu"
            for ind in self._targets(text, where, self.area["id"]):
                add_note(ind, self.doubts.add(where, f"chỉ tiêu '{ind['id']}'", why))
        else:
            self._add(self.area["duties"], text)

    def _duty_item(self, text: str, where: str) -> None:
        if self.duty is None:
            self._unclassified(Para(text, where), "đoạn ở mục III trước đơn vị đầu tiên")
        elif not self.duty["duties"] and self.duty["intro"] is None and text.endswith(":"):
            self.duty["intro"] = text
        else:
            self._add(self.duty["duties"], text)

    def _targets(self, text: str, where: str, area: str | None) -> list[dict[str, Any]]:
        if (area, text) in self.seen_targets:
            return []  # a bullet holding two targets, published once per target
        self.seen_targets.add((area, text))
        found = read_targets(text) or [qualitative()]
        out = []
        for t in found:
            ind: dict[str, Any] = {"id": unique_id(slug(text), self.ids), "area": area}
            ind["text"] = text
            ind["target"] = {"op": t.op, "value": t.value, "unit": t.unit}
            what = f"chỉ tiêu '{ind['id']}'"
            if t.baseline_stated:
                ind["baseline"] = {"year": t.baseline_year, "value": None}
                if t.baseline_year is None:
                    add_note(ind, self.doubts.add(where, what, "chỉ tiêu giảm không nêu năm gốc"))
            if t.doubt:
                add_note(ind, self.doubts.add(where, what, t.doubt))
            if len(found) > 1:
                why = f"một câu gồm {len(found)} chỉ tiêu; đã tách, cùng nội dung text"
                add_note(ind, self.doubts.add(where, what, why))
            ind["values"] = []
            out.append(ind)
        self.data["indicators"].extend(out)
        self.last = out[-1]
        return out

    def _add(self, items: list[Any], text: str) -> None:
        items.append({"text": text})
        self.last = items[-1]

    def _unclassified(self, p: Para, why: str) -> None:
        label = _SECTION_LABELS.get(self.section or "")
        section = f" (sau tiêu đề mục {label})" if label else ""
        note = self.doubts.add(p.where, f"đoạn '{p.text[:40]}…'", why + section)
        self.data["unclassified"].append({"text": p.text, "note": f"{note}; ở {p.where}"})
        self.last = self.data["unclassified"][-1]

    def reporting_data(self) -> dict[str, Any] | None:
        if not self.reporting:
            return None
        text = " ".join(self.reporting)
        email = re.search(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text)
        found = self.units.find(text)
        kinds = {u["id"]: u["kind"] for u in self.units.data()}
        internal = [u for u in found if kinds[u] == "internal"]
        return {
            "text": text,
            "submit_to": internal[0] if internal else None,
            "forward_to": [u for u in found if kinds[u] == "external"],
            "email": email.group(0).rstrip(".") if email else None,
        }
