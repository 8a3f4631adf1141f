"""Every user-facing failure, its stable code, and the exit code it maps to.

The library raises these; only the CLI prints them. Messages are Vietnamese (people read
them); codes and ``path``/``loc`` are English and stable (machines read them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path
from typing import NamedTuple

from parplan.core.sanitize import plain_line, visible

Loc = tuple[str | int, ...]


class ExitCode(IntEnum):
    """Exit codes of every parplan command (documented in the README)."""

    OK = 0
    PLAN_INVALID = 1  # the plan (or an edit) has problems
    USAGE = 2  # bad command line: missing file, bad option value, refused overwrite
    INTERNAL = 3  # a bug in parplan: reported in one line, PARPLAN_DEBUG=1 shows the traceback


# Stable problem codes: code -> (slug, short description). Listed in the README.
PROBLEM_CODES: dict[str, tuple[str, str]] = {
    "PP001": ("yaml-syntax", "YAML không hợp lệ"),
    "PP002": ("duplicate-key", "khóa bị lặp trong cùng một ánh xạ"),
    "PP003": ("encoding", "tệp không phải UTF-8"),
    "PP004": ("empty-file", "tệp rỗng"),
    "PP005": ("not-a-mapping", "cấp cao nhất không phải là ánh xạ"),
    "PP006": ("tab-indent", "thụt lề bằng ký tự tab"),
    "PP007": ("unsupported-yaml", "thẻ, bí danh hoặc cấu trúc YAML không được hỗ trợ"),
    "PP008": ("too-large", "tệp hoặc cấu trúc vượt giới hạn"),
    "PP009": ("too-many-problems", "quá nhiều vấn đề: chỉ liệt kê 200 vấn đề đầu tiên"),
    "PP010": ("unknown-key", "khóa không thuộc mô hình"),
    "PP011": ("missing-field", "thiếu trường bắt buộc"),
    "PP012": ("wrong-type", "sai kiểu dữ liệu"),
    "PP013": ("invalid-value", "giá trị không thuộc tập cho phép"),
    "PP014": ("invalid-date", "ngày không hợp lệ"),
    "PP015": ("invalid-deadline", "thời hạn không đúng dạng"),
    "PP016": ("invalid-period", "kỳ không đúng dạng"),
    "PP017": ("invalid-id", "mã định danh không đúng dạng"),
    "PP101": ("unknown-unit", "tham chiếu tới đơn vị không tồn tại"),
    "PP102": ("duplicate-id", "mã định danh bị trùng"),
    "PP103": ("duplicate-task-number", "số thứ tự nhiệm vụ bị trùng"),
    "PP104": ("task-number-gap", "số thứ tự nhiệm vụ không liên tục"),
    "PP105": ("unknown-area", "tham chiếu tới lĩnh vực không tồn tại"),
    "PP106": ("date-out-of-range", "ngày nằm ngoài năm kế hoạch"),
    "PP107": ("percent-out-of-range", "tỷ lệ phần trăm ngoài khoảng 0–100"),
    "PP108": ("baseline-required", "chỉ tiêu giảm cần năm gốc"),
    "PP109": ("target-value", "giá trị chỉ tiêu không khớp với loại chỉ tiêu"),
    "PP110": ("members-misplaced", "danh sách thành viên chỉ dành cho nhóm"),
    "PP111": ("done-without-date", "nhiệm vụ hoàn thành nhưng thiếu ngày hoàn thành"),
    "PP112": ("completed-in-future", "ngày hoàn thành sau ngày xét"),
    "PP113": ("period-out-of-plan", "kỳ nằm ngoài năm kế hoạch"),
    "PP114": ("duplicate-period", "một kỳ được ghi hai lần"),
    "PP115": ("value-kind", "giá trị đo không khớp với loại chỉ tiêu"),
    "PP116": ("measured-value", "giá trị đo âm, không hữu hạn, hoặc số lượng không nguyên"),
    "PP117": ("numerator-over-denominator", "tử số lớn hơn mẫu số"),
    "PP118": ("off-schedule-record", "lần thực hiện không khớp lịch của nghĩa vụ"),
    "PP119": ("unit-name-alike", "hai đơn vị có tên trùng hoặc trông giống nhau"),
    "PP120": ("date-without-done", "có ngày hoàn thành nhưng nhiệm vụ chưa hoàn thành"),
    "PP121": ("control-character", "văn bản có ký tự điều khiển (cảnh báo)"),
    "PP122": ("parent-plan", "kế hoạch cấp trên không đọc được, có lỗi hoặc khác năm"),
    "PP123": ("unknown-parent-task", "nhiệm vụ không có trong kế hoạch cấp trên"),
    "PP124": ("successor-cycle", "các đơn vị kế thừa nhau thành vòng"),
    "PP125": (
        "successor-takes",
        "phần việc đơn vị kế thừa nhận không có trong kế hoạch hoặc giao hai lần",
    ),
    "PP126": ("ended-unit-assigned", "việc đến hạn khi đơn vị được giao đã hết hoạt động"),
    "PP127": ("done-after-unit-ended", "việc ghi hoàn thành sau khi đơn vị đã hết hoạt động"),
    "PP128": ("unit-not-owing", "đơn vị ghi lần thực hiện không thực hiện nghĩa vụ"),
    "PP129": (
        "record-for-every-unit",
        "lần thực hiện không ghi đơn vị tính cho mọi đơn vị (cảnh báo)",
    ),
    "PP130": ("unit-not-begun", "việc đến hạn trước khi đơn vị được giao bắt đầu hoạt động"),
    "PP131": (
        "done-before-unit-began",
        "việc ghi hoàn thành trước khi đơn vị bắt đầu hoạt động",
    ),
    "PP132": ("successor-group", "đơn vị kế thừa là một nhóm đơn vị"),
    "PP201": ("form-unreadable", "biểu mẫu không đọc được hoặc không phải của parplan"),
    "PP202": ("form-other-plan", "biểu mẫu của kế hoạch khác hoặc kỳ khác"),
    "PP203": ("form-stale", "mục đã thay đổi trong kế hoạch từ khi lập biểu mẫu"),
    "PP204": ("form-altered", "ô mô tả hoặc tiêu đề của biểu mẫu đã bị sửa"),
    "PP205": ("forms-disagree", "hai biểu mẫu ghi khác nhau cho cùng một mục"),
    "PP206": ("form-cell", "giá trị ô không hợp lệ"),
    "PP207": ("form-row", "dòng không ghi được vào kế hoạch"),
    "PP301": ("index-table-row", "dòng của bảng tiêu chí chỉ số CCHC không đọc được"),
    "PP302": ("index-points-sum", "điểm tối đa các cấp của bảng tiêu chí không cộng đúng"),
    "PP303": ("index-criteria-file", "tệp bộ tiêu chí kế hoạch ghi không đọc được hoặc có lỗi"),
    "PP304": ("unknown-criterion", "kế hoạch ghi tiêu chí không có trong bộ tiêu chí"),
    "PP305": ("unknown-index-item", "tiêu chí được gắn với mục không có trong kế hoạch"),
    "PP306": ("index-cell", "ô của biểu tự chấm điểm không hợp lệ"),
    "PP307": ("index-score", "điểm tự chấm không hợp lệ hoặc thiếu tài liệu kiểm chứng"),
}
# Codes that warn: `check` lists them, and still exits 0 when nothing else is wrong.
WARNING_CODES = frozenset({"PP121", "PP129"})


class Problem(NamedTuple):
    """One located problem in a plan file."""

    code: str
    message: str
    loc: Loc = ()
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    file: str = ""
    at_key: bool = False  # located at the key itself, not its value (an unknown key)
    suggested: str = ""  # for an unknown key: the known key it is a near miss of
    omitted: int = 0  # for PP009: how many problems were left out
    source: str = ""  # the text of its line, for the excerpt under the message

    @property
    def slug(self) -> str:
        return PROBLEM_CODES[self.code][0]

    @property
    def warning(self) -> bool:
        return self.code in WARNING_CODES

    @property
    def where(self) -> str:
        return format_loc(self.loc)

    def located(self, file: str, line: int | None, column: int | None) -> Problem:
        return self._replace(line=line, column=column, file=file)

    def render(self) -> str:
        """``PATH:LINE:COL: <where>: <message> [CODE]`` — one line; a warning's says so
        (``PATH:LINE:COL: cảnh báo: <where>: …``)."""
        pos = f"{visible(self.file, one_line=True)}:{self.line or 1}:{self.column or 1}"
        where = f" {self.where}:" if self.loc else ""
        message = plain_line(self.message)  # one line, nothing raw
        kind = " cảnh báo:" if self.warning else ""
        return f"{pos}:{kind}{visible(where)} {message} [{self.code}]"

    def excerpt(self) -> list[str]:
        """The problem's source line with a caret under its column (as hledger and rustc
        show them), or nothing when its line is not known."""
        if not self.source or self.line is None:
            return []
        number = str(self.line)
        pad = " " * len(number)
        text, caret = _window(self.source, (self.column or 1) - 1)
        return [f"{pad} |", f"{number} | {text}", f"{pad} | {' ' * caret}^"]


EXCERPT_WIDTH = 100


def _window(line: str, column: int) -> tuple[str, int]:
    """The line as shown (controls escaped, a tab as one space) and the caret's offset in it;
    a long line is cut to a window around the column (and only that window is escaped: a
    2 MB one-line flow list is not copied once per problem)."""
    lo, hi = max(0, column - EXCERPT_WIDTH), column + EXCERPT_WIDTH
    before = visible(line[lo:column].replace("\t", " "), one_line=True)
    after = visible(line[column:hi].replace("\t", " "), one_line=True)
    shown, caret = before + after, len(before)
    if len(shown) <= EXCERPT_WIDTH and lo == 0 and hi >= len(line):
        return shown, caret
    start = max(0, min(caret - EXCERPT_WIDTH // 2, len(shown) - EXCERPT_WIDTH))
    cut = shown[start : start + EXCERPT_WIDTH]
    head = "…" if start or lo else ""
    tail = "…" if start + EXCERPT_WIDTH < len(shown) or hi < len(line) else ""
    return head + cut + tail, caret - start + len(head)


def format_loc(loc: Loc) -> str:
    """``('tasks', 3, 'lead', 0)`` -> ``tasks[3].lead[0]``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    if not out.isprintable():
        out = repr(out)[1:-1]
    return out


class ParplanError(Exception):
    """Root of every error parplan reports to a user."""

    exit_code: ExitCode = ExitCode.USAGE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(ParplanError):
    """Bad command-line input (option values, missing files, refused overwrite)."""


class PlanFileNotFound(UsageError):
    def __init__(self, path: Path) -> None:
        super().__init__(f"{path}: không tìm thấy tệp kế hoạch")
        self.path = path


class NoPlanFound(UsageError):
    def __init__(self, folder: Path) -> None:
        super().__init__(
            f"không tìm thấy kế hoạch: hãy chỉ rõ tệp, đặt biến PARPLAN_PLAN, "
            f"hoặc đặt tệp *.yaml trong {folder}/"
        )


class PlanInvalid(ParplanError):
    """The plan file has one or more problems (all of them are listed)."""

    exit_code = ExitCode.PLAN_INVALID

    def __init__(self, path: Path | str, problems: Sequence[Problem]) -> None:
        self.path = str(path)
        self.problems = list(problems)
        first = self.problems[0].render() if self.problems else f"{path}: không hợp lệ"
        super().__init__(first)


class YamlProblem(ParplanError):
    """Reading or parsing a plan's YAML failed (encoding, syntax, limits, what plans refuse);
    carries the located problem. Both YAML readers (fastyaml, yamlio) raise it."""

    exit_code = ExitCode.PLAN_INVALID

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem

    def in_file(self, file: Path | str) -> Problem:
        """The problem as the file it was read from shows it (``PlanInvalid`` lists it)."""
        return self.problem.located(str(file), self.problem.line, self.problem.column)


class CellProblem(NamedTuple):
    """One located problem in a filled form: ``FILE.xlsx!Sheet!C7: message [CODE]``."""

    file: str
    sheet: str | None
    cell: str | None
    message: str
    code: str

    def render(self) -> str:
        where = "!".join(p for p in (self.file, self.sheet, self.cell) if p)
        return visible(f"{where}: {' '.join(self.message.split())} [{self.code}]")


class FormsRejected(ParplanError):
    """Filled forms with problems: nothing is written, every problem is listed."""

    exit_code = ExitCode.PLAN_INVALID

    def __init__(self, problems: Sequence[CellProblem]) -> None:
        self.problems = list(problems)
        super().__init__(self.problems[0].render() if self.problems else "biểu mẫu không hợp lệ")


@dataclass
class CheckResult:
    """The outcome of checking one file: a summary (when valid) and its problems (errors, or
    warnings only when valid)."""

    file: str
    problems: list[Problem] = field(default_factory=list)
    summary: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Valid: warnings alone do not make a file invalid."""
        return all(p.warning for p in self.problems)

    @property
    def count(self) -> int:
        """How many errors the file has, those left out of ``problems`` included (PP009)."""
        return sum(p.omitted if p.code == "PP009" else 1 for p in self.problems if not p.warning)

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if p.warning)


class ImportRefused(UsageError):
    """A file ``parplan import`` cannot read (missing, empty, .doc, encrypted, corrupt)."""

    def __init__(self, path: Path, why: str) -> None:
        super().__init__(f"{path}: {why}; không ghi tệp nào")
        self.path, self.why = path, why


class NotAPlan(ParplanError):
    """A readable document in which ``parplan import`` finds no plan."""

    exit_code = ExitCode.PLAN_INVALID

    def __init__(self, path: Path, why: str) -> None:
        super().__init__(f"{path}: không phải kế hoạch CCHC ({why}); không ghi tệp nào")
        self.path = path


class IndexTableInvalid(ParplanError):
    """A criteria table ``parplan index import`` cannot read as it is: every row it cannot
    read and every sum that does not add up, located; nothing is written."""

    exit_code = ExitCode.PLAN_INVALID

    def __init__(self, problems: Sequence[CellProblem]) -> None:
        self.problems = list(problems)
        super().__init__(self.problems[0].render() if self.problems else "bảng tiêu chí lỗi")


# What the system said when a file could not be read or written, in Vietnamese: the OS's own
# text (``strerror``) is English.
_OS_REASONS: dict[str, str] = {
    "ENOENT": "không tồn tại",
    "EACCES": "không có quyền",
    "EPERM": "không được phép",
    "EIO": "lỗi vào/ra của thiết bị",
    "ELOOP": "quá nhiều tầng liên kết tượng trưng, có thể là một vòng liên kết",
    "ENAMETOOLONG": "tên tệp quá dài",
    "ENOTDIR": "một phần của đường dẫn không phải thư mục",
    "EISDIR": "là thư mục",
    "EROFS": "hệ thống tệp chỉ cho đọc",
    "ENOSPC": "hết chỗ trống trên thiết bị",
    "EDQUOT": "vượt hạn mức dung lượng",
    "EFBIG": "tệp quá lớn",
    "EMFILE": "mở quá nhiều tệp cùng lúc",
    "ENFILE": "hệ thống mở quá nhiều tệp cùng lúc",
    "EBUSY": "thiết bị hoặc tệp đang bận",
    "ETXTBSY": "tệp đang được chạy",
    "EXDEV": "khác hệ thống tệp",
    "EBADF": "tệp đã đóng",
    "EPIPE": "bên đọc đã đóng ống dẫn",
    "EAGAIN": "tạm thời không dùng được, hãy thử lại",
    "ENXIO": "không có thiết bị",
    "ENODEV": "không có thiết bị",
    "EINVAL": "thao tác không hợp lệ với tệp này",
    "ESTALE": "tệp trên ổ mạng không còn hợp lệ",
    "ETIMEDOUT": "hết thời gian chờ",
}


def os_reason(exc: OSError) -> str:
    """Why a file operation failed, in Vietnamese (``errno``'s name where no wording is
    kept for it, never the English ``strerror``)."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    return _OS_REASONS.get(name) or f"lỗi hệ thống {name or exc.errno}"
