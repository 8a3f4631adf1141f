"""The robustness table's rows for issue #14 (files, links, devices, locks, escapes, JSON,
calendar), added to scripts/robustness_table.py's scenarios. Each row is one real
``python -m parplan`` process; ``check`` functions say what went wrong, or None."""

from __future__ import annotations

import contextlib
import json
import os
import stat
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

from robustness_table import MINIMAL, PROGRESS, ROOT, Run, Scenario, write

HOSTILE_YAML = r"X\e]0;pwned\a\e[2J\rBEGIN:VEVENT\nY\x9b31m\u2028Z"
TITLE = 'title: "Kế hoạch cải cách hành chính năm 2024 của Sở Thử nghiệm"'
HELPERS: dict[Path, subprocess.Popen[bytes]] = {}


def plan(folder: Path, name: str = "plan.yaml", text: str | None = None) -> Path:
    return write(folder, name, PROGRESS.read_text(encoding="utf-8") if text is None else text)


def hostile_title(folder: Path, name: str = "plan.yaml") -> Path:
    text = PROGRESS.read_text(encoding="utf-8").replace(TITLE, f'title: "{HOSTILE_YAML}"', 1)
    return plan(folder, name, text)


def record(path: Path, task: int = 3, *extra: str) -> list[str]:
    return ["record", "task", str(task), "--note", "ghi thử", "--plan", str(path), *extra]


def _hold_lock(folder: Path, seconds: float, append: str) -> None:
    """A helper process that holds the plan's lock, appends a line, then lets go."""
    code = (
        "import fcntl, os, sys, time\n"
        "fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)\n"
        "fcntl.flock(fd, fcntl.LOCK_EX)\n"
        "open(sys.argv[4], 'w').close()\n"
        "time.sleep(float(sys.argv[2]))\n"
        "open(sys.argv[3], 'a', encoding='utf-8').write(sys.argv[5])\n"
        "os.unlink(sys.argv[1])\n"
    )
    ready = folder / "holding"
    args = [str(folder / ".plan.yaml.lock"), str(seconds), str(folder / "plan.yaml")]
    HELPERS[folder] = subprocess.Popen([sys.executable, "-c", code, *args, str(ready), append])
    while not ready.exists():
        pass


def _locked(seconds: float, append: str) -> Callable[[Path], list[str]]:
    def setup(folder: Path) -> list[str]:
        plan(folder)
        _hold_lock(folder, seconds, append)
        return record(folder / "plan.yaml")

    return setup


def _both_edits(folder: Path, run: Run) -> str | None:
    HELPERS.pop(folder).wait()
    text = (folder / "plan.yaml").read_text(encoding="utf-8")
    if "# người ghi trước\n" not in text:
        return "the first writer's edit was lost"
    return None if '"ghi thử"' in text else "the second writer's edit is missing"


def _unchanged_after_wait(folder: Path, run: Run) -> str | None:
    HELPERS.pop(folder).wait()
    text = (folder / "plan.yaml").read_text(encoding="utf-8")
    if '"ghi thử"' in text:
        return "written although it refused"
    return None if "một lệnh khác đang ghi" in run.stderr else "unclear message"


def _symlinked(folder: Path) -> list[str]:
    target = plan(folder, "that.yaml")
    (folder / "plan.yaml").symlink_to(target.name)
    return record(folder / "plan.yaml")


def _link_kept(folder: Path, run: Run) -> str | None:
    link = folder / "plan.yaml"
    if not link.is_symlink():
        return "the link was replaced by a file"
    return None if '"ghi thử"' in (folder / "that.yaml").read_text("utf-8") else "target not edited"


def _hard_linked(folder: Path) -> list[str]:
    os.link(plan(folder), folder / "other.yaml")
    return record(folder / "plan.yaml")


def _hard_link_intact(folder: Path, run: Run) -> str | None:
    same = os.stat(folder / "plan.yaml").st_ino == os.stat(folder / "other.yaml").st_ino
    edited = '"ghi thử"' in (folder / "plan.yaml").read_text("utf-8")
    return None if same and not edited else "written although refused"


def _owned(folder: Path) -> list[str]:
    path = plan(folder)
    os.chown(path, 1234, 5678)
    path.chmod(0o2640)
    with contextlib.suppress(OSError):  # no user xattrs here: the row checks the rest
        os.setxattr(path, "user.parplan", b"giu")
    return record(path)


def _metadata_kept(folder: Path, run: Run) -> str | None:
    info = os.stat(folder / "plan.yaml")
    wrong = []
    if (info.st_uid, info.st_gid) != (1234, 5678):
        wrong.append(f"owner {info.st_uid}:{info.st_gid}")
    if stat.S_IMODE(info.st_mode) != 0o2640:
        wrong.append(f"mode {oct(stat.S_IMODE(info.st_mode))}")
    try:
        if os.getxattr(folder / "plan.yaml", "user.parplan") != b"giu":
            wrong.append("xattr changed")
    except OSError as exc:
        if "No data" in str(exc):
            wrong.append("xattr dropped")
    return "; ".join(wrong) or None


def _stale_temp(folder: Path) -> list[str]:
    path = plan(folder)
    dead = subprocess.Popen(["true"])
    dead.wait()
    write(folder, f".plan.yaml.{dead.pid}.parplan-tmp", "một nửa")
    return record(path)


def _temp_removed(folder: Path, run: Run) -> str | None:
    left = [p.name for p in folder.iterdir() if p.name.endswith(".parplan-tmp")]
    if left:
        return f"left: {left}"
    return None if "Đã xóa tệp tạm" in run.stderr else "removal not reported"


def _device_out(folder: Path) -> list[str]:
    node = folder / "null"
    os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    return ["calendar", str(PROGRESS), "-o", str(node), "--force"]


def _still(name: str, test: Callable[[int], bool]) -> Callable[[Path, Run], str | None]:
    def check(folder: Path, run: Run) -> str | None:
        return None if test(os.lstat(folder / name).st_mode) else f"{name} was replaced"

    return check


def _fifo_out(folder: Path) -> list[str]:
    os.mkfifo(folder / "fifo")
    return ["calendar", str(PROGRESS), "-o", str(folder / "fifo"), "--force"]


def _dangling_out(folder: Path) -> list[str]:
    (folder / "link.ics").symlink_to(folder / "missing" / "x.ics")
    return ["calendar", str(PROGRESS), "-o", str(folder / "link.ics")]


def _says(text: str) -> Callable[[Path, Run], str | None]:
    return lambda folder, run: None if text in run.stderr else f"message lacks '{text}'"


def _fifo_in(folder: Path) -> list[str]:
    os.mkfifo(folder / "plan.yaml")
    return ["check", str(folder / "plan.yaml")]


def _no_controls(stream: str = "stdout", allowed: str = "\n") -> Callable[[Path, Run], str | None]:
    def check(folder: Path, run: Run) -> str | None:
        text = getattr(run, stream)
        bad = {
            f"U+{ord(c):04X}"
            for c in text
            if unicodedata.category(c) in ("Cc", "Zl", "Zp") and c not in allowed
        }
        return f"raw control characters: {', '.join(sorted(bad))}" if bad else None

    return check


def _valid_json(folder: Path, run: Run) -> str | None:
    try:
        json.loads(run.stdout)
    except ValueError as exc:
        return f"not JSON: {exc}"
    return _no_controls()(folder, run)


def _diff(fmt: str) -> Callable[[Path], list[str]]:
    def setup(folder: Path) -> list[str]:
        old = plan(folder, "old.yaml")
        new = hostile_title(folder, "new.yaml")
        return ["diff", str(old), str(new), "--format", fmt]

    return setup


def _github(folder: Path) -> list[str]:
    text = MINIMAL.read_text(encoding="utf-8").replace("kind: internal", f'kind: "{HOSTILE_YAML}"')
    return ["check", str(write(folder, "kế\x1b[2Jhoạch.yaml", text)), "--format", "github"]


def _special_value(old: str, new: str) -> Callable[[Path], list[str]]:
    def setup(folder: Path) -> list[str]:
        text = PROGRESS.read_text(encoding="utf-8")
        assert old in text
        return ["check", str(plan(folder, text=text.replace(old, new, 1)))]

    return setup


def _calendar_hostile(folder: Path) -> list[str]:
    return ["calendar", str(hostile_title(folder)), "-o", str(folder / "x.ics")]


def _ics_lines(folder: Path, run: Run) -> str | None:
    raw = (folder / "x.ics").read_bytes().decode("utf-8")
    if (
        not raw.endswith("\r\n")
        or "\n" in raw.replace("\r\n", "")
        or "\r" in raw.replace("\r\n", "")
    ):
        return "a bare CR or LF in the file"
    lines = raw.split("\r\n")
    if lines.count("BEGIN:VEVENT") != sum(line.startswith("UID:") for line in lines):
        return "an injected VEVENT"
    bad = {c for c in raw.replace("\r\n", "") if unicodedata.category(c) == "Cc"}
    return f"raw controls {sorted(bad)}" if bad else None


def _made_form(folder: Path) -> tuple[Path, Path]:
    """The 2024 plan copied into ``folder`` and the Văn phòng's form for 2024-Q2 made from it."""
    plan_file = write(folder, "plan.yaml", (ROOT / "plans" / "2024.yaml").read_bytes())
    subprocess.run(
        [sys.executable, "-m", "parplan", "form", str(plan_file), "-p", "2024-Q2", "-u",
         "van-phong", "-o", str(folder / "forms")],
        check=True, capture_output=True,
    )  # fmt: skip
    return plan_file, folder / "forms" / "van-phong.xlsx"


def _form_bomb(folder: Path) -> list[str]:
    import zipfile

    plan_file, form = _made_form(folder)
    with zipfile.ZipFile(form, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/zeros.bin", bytes(300 * 1024 * 1024))  # ~0.3 MB packed
    return ["collect", str(form), "--plan", str(plan_file)]


def _form_many_rows(folder: Path) -> list[str]:
    from openpyxl import load_workbook

    plan_file, form = _made_form(folder)
    wb = load_workbook(form)
    for number in range(150_000):
        wb["Nhiệm vụ"].append([1000 + number, "x", "y", "z", "t", None, None, "Hoàn thành"])
    wb.save(form)
    return ["collect", str(form), "--plan", str(plan_file)]


def _form_wide_row(folder: Path) -> list[str]:
    from bench.fill import with_wide_row

    plan_file, form = _made_form(folder)
    with_wide_row(form, 999, 4_000_000)
    return ["collect", str(form), "--plan", str(plan_file)]


def _form_strings_bomb(folder: Path) -> list[str]:
    from bench.fill import with_shared_strings

    plan_file, form = _made_form(folder)
    with_shared_strings(form, 12_000_000)  # 238 MB unpacked
    return ["collect", str(form), "--plan", str(plan_file)]


def _form_many_strings(folder: Path) -> list[str]:
    from bench.fill import with_shared_strings

    plan_file, form = _made_form(folder)
    with_shared_strings(form, 700_000)  # 14 MB unpacked, within the part bound
    return ["collect", str(form), "--plan", str(plan_file)]


def _docx_bomb(folder: Path) -> list[str]:
    import zipfile

    docx = folder / "ke-hoach.docx"
    subprocess.run(
        [sys.executable, "-m", "parplan", "publish", str(ROOT / "plans" / "2024.yaml"), "-o",
         str(docx)],
        check=True, capture_output=True,
    )  # fmt: skip
    with zipfile.ZipFile(docx, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/zeros.bin", bytes(300 * 1024 * 1024))
    return ["import", str(docx), "-o", str(folder / "out.yaml")]


def _nothing_written(folder: Path, run: Run) -> str | None:
    return "a plan was written" if (folder / "out.yaml").exists() else None


def _plan_unchanged(folder: Path, run: Run) -> str | None:
    same = (folder / "plan.yaml").read_bytes() == (ROOT / "plans" / "2024.yaml").read_bytes()
    return None if same else "the plan was changed"


def _flow_list(folder: Path, count: int) -> Path:
    items = ", ".join(["1"] * count)  # 3 bytes an item
    text = MINIMAL.read_text(encoding="utf-8") + f"unclassified: [{items}]\n"
    return write(folder, "flow.yaml", text)


def _long_flow_list(folder: Path) -> list[str]:
    return ["check", str(_flow_list(folder, 700_000))]  # about 2 MB


def _huge_flow_list(folder: Path) -> list[str]:
    return ["check", str(_flow_list(folder, 7_000_000))]  # about 20 MB


def _record_on_long_flow_list(folder: Path) -> list[str]:
    path = _flow_list(folder, 700_000)
    return ["record", "task", "1", "--plan", str(path), "--done", "2024-03-01", "--dry-run"]


def _keys(folder: Path, count: int) -> list[str]:
    keys = "".join(f"khoa{i}: {i}\n" for i in range(count))
    text = MINIMAL.read_text(encoding="utf-8").replace("version: 1\n", f"version: 1\n{keys}", 1)
    return ["check", str(write(folder, "keys.yaml", text))]


def _many_keys(folder: Path) -> list[str]:
    return _keys(folder, 10_000)


def _very_many_keys(folder: Path) -> list[str]:
    return _keys(folder, 100_000)  # about 1.5 MB


SCENARIOS = [
    Scenario(
        "Hai người ghi cùng lúc (người trước giữ khóa 1 s) / a second writer while the first "
        "holds the lock: waits, then edits the new text",
        "record task (đang khóa / locked)",
        _locked(1.0, "# người ghi trước\n"),
        (0,),
        None,
        check=_both_edits,
        limit=4.0,
    ),
    Scenario(
        "Chờ khóa quá PARPLAN_LOCK_TIMEOUT=0,5 / the wait for the lock runs out",
        "record task (đang khóa / locked)",
        _locked(3.0, ""),
        (2,),
        None,
        env={"PARPLAN_LOCK_TIMEOUT": "0.5"},
        check=_unchanged_after_wait,
    ),
    Scenario(
        "Kế hoạch là liên kết tượng trưng / a symlinked plan",
        "record task",
        _symlinked,
        (0,),
        None,
        check=_link_kept,
    ),
    Scenario(
        "Kế hoạch có 2 liên kết cứng / a hard-linked plan (no --force)",
        "record task",
        _hard_linked,
        (2,),
        None,
        check=_hard_link_intact,
    ),
    Scenario(
        "Chủ 1234:5678, quyền 2640 (setgid), xattr / owner, group, setgid mode, xattr kept",
        "record task",
        _owned,
        (0,),
        None,
        check=_metadata_kept,
    ),
    Scenario(
        "Tệp tạm còn sót của tiến trình đã chết / a dead process's temporary file",
        "record task",
        _stale_temp,
        (0,),
        None,
        check=_temp_removed,
    ),
    Scenario(
        "`-o` là thiết bị (bản sao /dev/null) / output onto a device node",
        "calendar -o NULL --force",
        _device_out,
        (2,),
        None,
        check=_still("null", stat.S_ISCHR),
    ),
    Scenario(
        "`-o` là FIFO / output onto a FIFO",
        "calendar -o FIFO --force",
        _fifo_out,
        (2,),
        None,
        check=_still("fifo", stat.S_ISFIFO),
    ),
    Scenario(
        "`-o` là liên kết hỏng / output onto a dangling symlink",
        "calendar -o LINK",
        _dangling_out,
        (2,),
        None,
        check=_still("link.ics", stat.S_ISLNK),
    ),
    Scenario(
        "`-o` là thư mục / output onto a folder",
        "calendar -o DIR --force",
        lambda folder: ["calendar", str(PROGRESS), "-o", str(folder), "--force"],
        (2,),
        None,
        check=_says("là thư mục"),
    ),
    Scenario(
        "Kế hoạch là `/dev/zero` / the plan is /dev/zero",
        "status /dev/zero",
        lambda folder: ["status", "/dev/zero"],
        (2,),
        None,
        check=_says("là thiết bị ký tự"),
    ),
    Scenario(
        "Kế hoạch là FIFO không ai ghi / the plan is a FIFO nobody writes",
        "check FIFO",
        _fifo_in,
        (2,),
        None,
        check=_says("FIFO"),
    ),
    Scenario(
        "Kế hoạch là `/proc/self/mem` / the plan is /proc/self/mem",
        "status /proc/self/mem",
        lambda folder: ["status", "/proc/self/mem"],
        (2,),
        None,
    ),
    Scenario(
        "Kế hoạch là thư mục / the plan is a folder",
        "status DIR",
        lambda folder: ["status", str(folder)],
        (2,),
        None,
        check=_says("là thư mục"),
    ),
    Scenario(
        "ESC, BEL, CR, C1 trong tên kế hoạch / control characters in a title",
        "diff -f text",
        _diff("text"),
        (0,),
        None,
        check=_no_controls(),
    ),
    Scenario(
        "… trong bình luận pull request / … in the Markdown diff",
        "diff -f md",
        _diff("md"),
        (0,),
        None,
        check=_no_controls(),
    ),
    Scenario(
        "… trong tên tệp và thông báo GitHub / … in a file name, GitHub annotations",
        "check -f github",
        _github,
        (1,),
        "PP013",
        check=_no_controls(),
    ),
    Scenario(
        "… xuất JSON (C1, U+2028) / … in the JSON export",
        "export -f json",
        lambda folder: ["export", str(hostile_title(folder))],
        (0,),
        None,
        check=_valid_json,
    ),
    Scenario(
        "… trong lịch (xuống dòng, CR trần) / … in the calendar (LF, bare CR)",
        "calendar",
        _calendar_hostile,
        (0,),
        None,
        check=_ics_lines,
    ),
    Scenario(
        "… trong giá trị tùy chọn `--unit` / … in an echoed option value",
        "status --unit",
        lambda folder: ["status", str(PROGRESS), "--unit", "\x1b]0;x\x07\x9b2J"],
        (2,),
        None,
        check=_no_controls("stderr"),
    ),
    Scenario(
        "Giá trị đo `.nan` / a measured value `.nan`",
        "check",
        _special_value("value: 86.2", "value: .nan"),
        (1,),
        "PP116",
    ),
    Scenario(
        "Chỉ tiêu `.inf` / a target `.inf`",
        "check",
        _special_value("value: 85, unit: percent", "value: .inf, unit: percent"),
        (1,),
        "PP012",
    ),
    Scenario(
        "Số nguyên khổng lồ `--value 99999999999999999999999` / a huge typed number",
        "record indicator",
        lambda folder: [
            "record",
            "indicator",
            "sipas",
            "-p",
            "2024-Q1",
            "--value",
            "99999999999999999999999",
            "--plan",
            str(plan(folder)),
        ],
        (2,),
        None,
    ),
    Scenario(
        "10 000 khóa lạ trong một ánh xạ / 10,000 unknown keys in one mapping",
        "check",
        _many_keys,
        (1,),
        "PP010",
    ),
    Scenario(
        "Biểu mẫu là bom zip (0,3 MB nén, 300 MB giải nén) / a form that is a zip bomb",
        "collect",
        _form_bomb,
        (1,),
        None,
        check=_plan_unchanged,
        memory=100,
    ),
    Scenario(
        "Kế hoạch Word là bom zip (300 MB giải nén) / a .docx zip bomb",
        "import",
        _docx_bomb,
        (2,),
        None,
        check=_nothing_written,
        memory=100,
    ),
    Scenario(
        "Biểu mẫu có thêm 150 000 dòng / a form with 150,000 rows added",
        "collect",
        _form_many_rows,
        (1,),
        None,
        check=_plan_unchanged,
        limit=15.0,
        memory=300,
    ),
    Scenario(
        "Biểu mẫu có một dòng 4 triệu ô (0,1 MB nén) / a form row of 4 million cells",
        "collect",
        _form_wide_row,
        (1,),
        None,
        check=_plan_unchanged,
        memory=100,
    ),
    Scenario(
        "Biểu mẫu có bảng chuỗi 238 MB giải nén / a form whose shared strings unpack to 238 MB",
        "collect",
        _form_strings_bomb,
        (1,),
        None,
        check=_plan_unchanged,
        memory=100,
    ),
    Scenario(
        "Biểu mẫu có 700 000 chuỗi dùng chung (14 MB) / a form of 700,000 shared strings",
        "collect",
        _form_many_strings,
        (1,),
        None,
        check=_plan_unchanged,
        limit=6.0,  # 20 times a valid check
        memory=150,
    ),
    Scenario(
        "100 000 khóa lạ (1,5 MB) / 100,000 unknown keys (1.5 MB)",
        "check",
        _very_many_keys,
        (1,),
        "PP010",
    ),
    Scenario(
        "Danh sách flow 2 MB, 700 000 mục sai / a 2 MB flow list of 700,000 wrong items",
        "check",
        _long_flow_list,
        (1,),
        "PP012",
        memory=150,
    ),
    Scenario(
        "Như trên, khi ghi (thử) / the same list, recording (dry run)",
        "record task --dry-run",
        _record_on_long_flow_list,
        (1,),
        "PP012",
        memory=150,
    ),
    Scenario(
        "Danh sách flow 20 MB, 7 000 000 mục sai / a 20 MB flow list of 7,000,000 wrong items",
        "check",
        _huge_flow_list,
        (1,),
        "PP012",
        memory=400,
        limit=20.0,
    ),
]
