"""The head of a plan: parent body and issuer, "Số: 45/KH-SVHTT", place and date, "KẾ HOẠCH"
and its subject, and the preamble citing the higher plan (legal basis)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from parplan.core.text import fold
from parplan.importing.source import Block, Para
from parplan.importing.words import Doubts, add_note, is_upper, sentence_case

_NUMBER = re.compile(
    r"^Số\s*:?\s*(?P<num>\d*)[\s.…_]*/\s*(?P<sym>[A-ZĐ]+(?:\s*-\s*[A-ZĐ0-9]+)*)", re.IGNORECASE
)
_DATE = re.compile(
    r"^(?P<place>[^,]{2,40}),\s*ngày\s+(?P<d>\d{1,2})?[\s.…_]*tháng\s+(?P<m>\d{1,2})?[\s.…_]*"
    r"năm\s+(?P<y>\d{4})",
    re.IGNORECASE,
)
_BASIS = re.compile(
    r"(?P<kind>Quyết định|Kế hoạch|Nghị quyết|Chỉ thị|Thông tư|Nghị định|Công văn|Văn bản)\s+"
    r"số\s+(?P<num>[\w/.\-Đđ]+)\s+ngày\s+(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})"
)
_NATIONAL = ("cong hoa xa hoi", "doc lap", "tu do")


@dataclass
class Head:
    meta: dict[str, Any] = field(default_factory=dict)
    body_start: int = 0  # index of the first block after the title and preamble
    found_title: bool = False


def _header_lines(blocks: list[Block], stop: int) -> list[Para]:
    lines: list[Para] = []
    for block in blocks[:stop]:
        if isinstance(block, Para):
            lines.extend(Para(t, block.where) for t in block.text.splitlines() if t.strip())
        else:
            for row in block.rows:
                for cell in dict.fromkeys(row.cells):
                    lines.extend(Para(t, row.where) for t in cell.splitlines() if t.strip())
    return [p for p in lines if not re.fullmatch(r"[-_—–\s]+", p.text)]


_OTHER_KINDS = ("bao cao", "to trinh", "cong van", "thong bao", "quyet dinh", "chuong trinh")


def other_document(blocks: list[Block]) -> str | None:
    """The kind of a document that is not a plan ("BÁO CÁO", "TỜ TRÌNH" …), from its title."""
    for block in blocks[:60]:
        if isinstance(block, Para) and fold(block.text) in _OTHER_KINDS and is_upper(block.text):
            return block.text
    return None


def _title_index(blocks: list[Block]) -> int | None:
    for i, block in enumerate(blocks[:200]):
        if isinstance(block, Para) and fold(block.text) == "ke hoach":
            return i
    for i, block in enumerate(blocks[:200]):
        if (
            isinstance(block, Para)
            and fold(block.text).startswith("ke hoach ")
            and (block.bold or is_upper(block.text[:8]) or block.heading)
        ):
            return i
    return None


def proper_spelling(upper: str, text: str) -> str | None:
    """The case a name is written with elsewhere ("SỞ VĂN HÓA VÀ THỂ THAO" -> "Sở Văn hóa và
    Thể thao" as it appears in the title)."""
    words = upper.split()
    pattern = r"\s+".join(re.escape(w) for w in words)
    found = (m.group(0) for m in re.finditer(pattern, text, re.IGNORECASE))
    return next((f for f in found if not is_upper(f)), None)


def read_head(blocks: list[Block], year: int | None, doubts: Doubts, source: str) -> Head:
    head = Head()
    title_at = _title_index(blocks)
    if title_at is None:
        return head
    head.found_title = True
    meta = head.meta
    title_para = blocks[title_at]
    assert isinstance(title_para, Para)
    subject, i = _subject(blocks, title_at, title_para)
    meta["title"] = subject
    preamble, i = _preamble(blocks, i)
    head.body_start = i
    context = " ".join([subject, *(b.text for b in blocks if isinstance(b, Para))])
    _fields(meta, _header_lines(blocks, title_at), context, doubts, title_para.where)
    meta["year"] = year or _year(meta, subject)
    if not meta["year"]:
        meta["year"] = 2000
        add_note(meta, doubts.add(title_para.where, "năm kế hoạch", "không thấy năm; dùng --year"))
    meta["basis"] = basis(preamble or "", meta.get("issuer", ""))
    meta["preamble"] = preamble
    return head


def _subject(blocks: list[Block], at: int, title: Para) -> tuple[str, int]:
    words = title.text.split(maxsplit=2)
    if len(words) > 2:  # "KẾ HOẠCH Cải cách …" on one line
        rest = words[2]
        return "Kế hoạch " + rest[:1].lower() + rest[1:], at + 1
    parts: list[str] = []
    i = at + 1
    while i < len(blocks) and isinstance(blocks[i], Para) and len(parts) < 3:
        text = blocks[i].text  # type: ignore[union-attr]
        if re.match(r"(?i)^(thực hiện|căn cứ|I\.|1\.)", text) or re.fullmatch(r"[-_—–\s]+", text):
            break
        parts.append(text)
        i += 1
    subject = " ".join(parts)
    subject = sentence_case(subject) if is_upper(subject) else subject
    return ("Kế hoạch " + subject[:1].lower() + subject[1:]).strip(), i


def _preamble(blocks: list[Block], i: int) -> tuple[str | None, int]:
    parts = []
    while i < len(blocks) and isinstance(blocks[i], Para):
        text = blocks[i].text  # type: ignore[union-attr]
        if re.fullmatch(r"[-_—–\s]+", text):
            i += 1
            continue
        if not re.match(r"(?i)^(thực hiện|căn cứ|theo|nhằm)", text):
            break
        parts.append(text)
        i += 1
    return ("\n".join(parts) or None), i


def _fields(meta: dict[str, Any], lines: list[Para], context: str, doubts: Doubts, at: str) -> None:
    bodies: list[str] = []
    for line in lines:
        text = line.text.strip()
        if m := _NUMBER.match(text):
            symbol = re.sub(r"\s+", "", m["sym"]).upper()
            meta["type"] = symbol.split("-")[0]
            meta["number"] = m["num"] or None
            meta["symbol"] = symbol
        elif m := _DATE.match(text):
            meta["place"] = m["place"].strip()
            parts = [m["y"], f"{int(m['m']):02d}" if m["m"] else None]
            parts.append(f"{int(m['d']):02d}" if m["d"] and m["m"] else None)
            meta["issue_date"] = "-".join(p for p in parts if p)
        elif not any(fold(text).startswith(n) for n in _NATIONAL) and is_upper(text):
            bodies.append(text)
    names = []
    for upper in bodies[:2]:
        name = proper_spelling(upper, context)
        if name is None:
            name = sentence_case(upper)
            why = f"tên '{upper}' chỉ viết hoa; đã viết lại là '{name}'"
            add_note(meta, doubts.add(at, "đầu văn bản", why))
        names.append(name)
    if len(names) == 2:
        meta["parent_body"], meta["issuer"] = names
    else:
        why = "không thấy cơ quan ban hành và cơ quan chủ quản ở đầu văn bản"
        if names:
            meta["issuer"] = names[0]
            why = "chỉ thấy một cơ quan ở đầu văn bản; cơ quan chủ quản để trống"
        add_note(meta, doubts.add(at, "đầu văn bản", why))
    for key in ("issuer", "parent_body", "place"):
        meta.setdefault(key, "")
    meta.setdefault("type", "KH")
    if "symbol" not in meta:
        add_note(meta, doubts.add(at, "đầu văn bản", "không thấy dòng 'Số: …/KH-…'"))


def _year(meta: dict[str, Any], subject: str) -> int | None:
    m = re.search(r"năm\s+(\d{4})", subject, re.IGNORECASE)
    if m:
        return int(m[1])
    date = meta.get("issue_date")
    return int(date[:4]) if date else None


def basis(preamble: str, issuer: str) -> list[dict[str, Any]]:
    """Documents cited in the preamble: number, date, and the citation up to the issuer."""
    out = []
    for m in _BASIS.finditer(preamble):
        rest = preamble[m.start() :]
        # the citation ends where the issuer's name begins (its spelling may vary: "hoá"/"hóa")
        head = re.escape(issuer.split()[0]) if issuer.strip() else None
        stop = re.search(r",\s*" + head + r"\s", rest) if head else None
        cut = stop.start() if stop else len(rest)
        nxt = _BASIS.search(rest, m.end() - m.start())
        cut = min(cut, nxt.start()) if nxt else cut
        title = rest[:cut].strip(" ;,.")
        date = f"{int(m['y']):04d}-{int(m['m']):02d}-{int(m['d']):02d}"
        out.append({"title": title, "number": m["num"].strip("."), "date": date})
    return out
