"""How Decree 30/2020/NĐ-CP writes the fixed parts of an administrative document: Quốc hiệu
and Tiêu ngữ, the number and symbol, the place and date (blank where a draft does not know
them yet), Roman numerals of sections."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from parplan.core.periods import decree30_date, parse_iso_date

if TYPE_CHECKING:
    from parplan.core.sections import Signer

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
# the space a clerk fills in by hand on a draft ("Số:      /KH-SVHTT", "ngày       tháng 02")
BLANK = "     "
# what a draft leaves for its drafter to write
PLACEHOLDER = "[Nội dung do cán bộ soạn thảo bổ sung]"
DEFAULT_RECIPIENTS = ("Như trên;", "Lưu: VT.")


@dataclass(frozen=True)
class SignerText:
    """The signature block: "KT. GIÁM ĐỐC" (or none), "PHÓ GIÁM ĐỐC", the name, or a blank
    "[Họ và tên]" for the signer to fill in."""

    authority: str | None
    title: str
    name: str


def signer_text(signer: Signer | None) -> SignerText:
    if signer is None:
        return SignerText(None, "GIÁM ĐỐC", "[Họ và tên]")
    return SignerText(signer.authority, signer.title, signer.name or "[Họ và tên]")


_NUMERALS = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC")]
_NUMERALS += [(50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def roman(number: int) -> str:
    """Section numbers as the decree writes them (I, II, …); import reads Word's the same way."""
    if not 0 < number < 4000:  # no Roman numeral: the digits (and never a loop per thousand)
        return str(number)
    out = ""
    for value, letters in _NUMERALS:
        while number >= value:
            out += letters
            number -= value
    return out


def document_number(number: str | None, symbol: str) -> str:
    """ "05/KH-SVHTT" (a leading zero below 10); an unknown number stays blank as in a draft."""
    if not number:
        return f"{BLANK}/{symbol}"
    return f"{number.zfill(2) if number.isdigit() else number}/{symbol}"


def issue_date_parts(issue_date: str | None, year: int) -> tuple[str, str, str]:
    """Day, month and year as Decree 30 writes them; an unknown part stays blank."""
    parts = (issue_date or str(year)).split("-")
    month = int(parts[1]) if len(parts) > 1 else None
    day = int(parts[2]) if len(parts) > 2 else None
    month_text = BLANK if month is None else f"{month:02d}" if month <= 2 else str(month)
    return (BLANK if day is None else f"{day:02d}", month_text, parts[0])


def place_date(place: str, issue_date: str | None, year: int) -> str:
    """ "Hà Nội, ngày 17 tháng 02 năm 2024", or with blanks where the date is not known."""
    if issue_date and len(issue_date) == 10:
        return decree30_date(parse_iso_date(issue_date), place)
    day, month, yyyy = issue_date_parts(issue_date, year)
    return f"{place}, ngày {day} tháng {month} năm {yyyy}"
