"""Units named in a plan: one id per unit however it is spelt, plural phrases as groups.

Two spellings are one unit when they have the same words in any order, once the leading
"Phòng" and a trailing "Sở"/"thuộc Sở" are set aside ("Phòng Kế hoạch - Tài chính" and "Phòng
Tài chính Kế hoạch"); a spelling whose words (three or more) are all in another unit's name is
taken for that unit too, and the guess is marked for review.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from parplan.core.model import names_cell
from parplan.core.text import ascii_words, fold
from parplan.importing.words import Doubts, slug, unique_id

_HEADS = (
    "phong ", "van phong", "thanh tra", "trung tam", "ban ", "so ", "ubnd", "hdnd", "bo ",
    "cac ", "uy ban", "hoi dong", "thanh uy", "to ", "chi cuc", "cuc ", "vien ", "bao ",
)  # fmt: skip
_EXTERNAL = ("ubnd", "uy ban", "hdnd", "hoi dong", "bo ", "thanh uy", "so ", "cac so")


def _words(name: str) -> frozenset[str]:
    words = ascii_words(name)
    if len(words) > 1 and words[0] == "phong":
        words = words[1:]
    while len(words) > 2 and words[-1] == "so":
        words = words[:-1]
        if words[-1] == "thuoc":
            words = words[:-1]
    return frozenset(words)


def _is_name(piece: str) -> bool:
    return len(piece.split()) >= 2 and fold(piece).startswith(_HEADS) and piece[:1].isupper()


def split_names(cell: str) -> list[str]:
    """ "Tổ chức - Pháp chế, Văn phòng Sở" -> two names; "Các phòng, ban, đơn vị thuộc Sở"
    stays one (commas inside a plural phrase do not separate units)."""
    names: list[str] = []
    for part in re.split(r"[\n;]+", cell):
        part = re.sub(r"^[-+*•]\s*", "", part.strip()).strip(" .,")
        if not part:
            continue
        for sep in (r",\s*", r"\s+và\s+"):
            pieces = [p.strip(" .") for p in re.split(sep, part)]
            if len(pieces) > 1 and all(_is_name(p) for p in pieces):
                names.extend(pieces)
                break
        else:
            names.append(part)
    return names


@dataclass
class _Unit:
    id: str
    name: str
    kind: str
    words: frozenset[str]
    aliases: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class Units:
    """The registry the importer fills as it reads; ``data()`` gives the plan's units."""

    def __init__(self, issuer: str, doubts: Doubts) -> None:
        self._issuer = " ".join(ascii_words(issuer))
        self._doubts = doubts
        self._units: list[_Unit] = []
        self._ids: set[str] = set()

    def resolve(self, name: str, where: str) -> str:
        """The id of the unit ``name`` names, registering it (or the spelling) if new."""
        words = _words(name)
        for unit in self._units:
            if unit.words == words:
                self._alias(unit, name)
                return unit.id
        kind = self._kind(name)
        for unit in self._units:
            if unit.kind == kind and self._same(words, unit.words, kind):
                if self._alias(unit, name):
                    unit.notes.append(
                        self._doubts.add(where, f"đơn vị '{unit.name}'",
                                         f"coi '{name}' là cách viết khác của '{unit.name}'")
                    )  # fmt: skip
                return unit.id
        return self._new(name, words, where)

    @staticmethod
    def _same(words: frozenset[str], theirs: frozenset[str], kind: str) -> bool:
        """A group is the same group when only "ban" differs ("Các phòng, ban, đơn vị" and
        "Các phòng, đơn vị"); a unit when one name (of three words or more) holds the other."""
        if kind == "group":
            return words ^ theirs <= {"ban"}
        small, big = sorted((words, theirs), key=len)
        return len(small) >= 3 and small <= big

    def _alias(self, unit: _Unit, name: str) -> bool:
        if name != unit.name and name not in unit.aliases:
            unit.aliases.append(name)
            return True
        return False

    def _kind(self, name: str) -> str:
        folded = " ".join(ascii_words(name))
        if folded.startswith("cac ") and not folded.startswith("cac so"):
            return "group"
        if folded.startswith(_EXTERNAL) and folded != self._issuer:
            return "external"
        return "internal"

    def _new(self, name: str, words: frozenset[str], where: str) -> str:
        base = slug(re.sub(r"(?i)^phòng\s+|\s+(thuộc\s+)?sở$", "", name), 6, keep_stop=True)
        unit = _Unit(unique_id(base, self._ids), name, self._kind(name), words)
        if unit.kind == "group":
            unit.notes.append(
                self._doubts.add(where, f"nhóm '{name}'",
                                 "nhóm đơn vị: kế hoạch không liệt kê thành viên, hãy điền members")
            )  # fmt: skip
        self._units.append(unit)
        return unit.id

    def cell(self, text: str, where: str) -> tuple[list[str], str | None]:
        """Unit ids of a Chủ trì/Phối hợp cell, and the cell text when it is not the units'
        names as `publish` writes them (``names_cell``), kept as lead_text/coordinating_text:
        a spelling other than the unit's name ("Phòng Tổ chức pháp chế" for "Phòng Tổ chức -
        Pháp chế", "thuộc sở") is the document's and comes back as written."""
        ids: list[str] = []
        for name in split_names(text):
            uid = self.resolve(name, where)
            if uid not in ids:
                ids.append(uid)
        written = " ".join(text.replace("\n", "; ").split())
        return ids, (None if not written or written == names_cell(map(self.name, ids)) else written)

    def name(self, unit_id: str) -> str:
        return next(u.name for u in self._units if u.id == unit_id)

    def find(self, text: str) -> list[str]:
        """Ids of the known units whose name or alias appears in ``text``, in order."""
        folded = fold(text)
        hits = []
        for unit in self._units:
            spots = [folded.find(fold(n)) for n in (unit.name, *unit.aliases)]
            spots = [s for s in spots if s >= 0]
            if spots:
                hits.append((min(spots), unit.id))
        return [uid for _, uid in sorted(hits)]

    def data(self) -> list[dict[str, Any]]:
        out = []
        for u in self._units:
            item: dict[str, Any] = {"id": u.id, "name": u.name, "kind": u.kind}
            if u.kind == "group":
                item["members"] = []
            if u.aliases:
                item["aliases"] = list(u.aliases)
            if u.notes:
                item["note"] = "; ".join(u.notes)
            out.append(item)
        return out
