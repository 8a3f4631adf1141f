"""Files parplan reads and the lock every writer holds: what a path is, reading a plan within
its size limit, the plan lock (writing is ``storage.writes``).

- ``read_input``: only a regular file (or stdin for ``-``), never more than the size limit; a
  folder, FIFO, device or socket is refused with a message saying what it is (exit 2).
- ``plan_lock``: an exclusive advisory lock (``fcntl.flock`` on ``.NAME.lock`` beside the file)
  that every writer of a file holds from reading (or checking) it to renaming the new version
  into place. A second writer waits for it (``PARPLAN_LOCK_TIMEOUT`` seconds, default 60),
  then reads or checks the file as the first writer left it; if the wait runs out it refuses
  and writes nothing. A lock file another user left is used read-only, or replaced when it
  cannot be opened and nobody holds it.
- writing is ``storage.writes`` (``replace_file``, ``write_output``, ``write_tree``).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import stat
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from parplan.core.errors import PlanFileNotFound, PlanInvalid, Problem, UsageError, os_reason
from parplan.core.sanitize import visible

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
DEFAULT_LOCK_TIMEOUT = 60.0
TEMP_SUFFIX = ".parplan-tmp"
STDIN = "-"


def max_bytes() -> int:
    """The size limit for a plan file; PARPLAN_MAX_BYTES overrides the default 64 MiB."""
    try:
        return int(os.environ.get("PARPLAN_MAX_BYTES", DEFAULT_MAX_BYTES))
    except ValueError:
        return DEFAULT_MAX_BYTES


def shown(path: Path | str) -> str:
    """A file name as printed to a person: control characters and line breaks escaped."""
    return visible(str(path), one_line=True)


# --- what a path is --------------------------------------------------------------------------

_KINDS = (
    (stat.S_ISDIR, "là thư mục"),
    (stat.S_ISFIFO, "là ống dẫn có tên (FIFO)"),
    (stat.S_ISCHR, "là thiết bị ký tự"),
    (stat.S_ISBLK, "là thiết bị khối"),
    (stat.S_ISSOCK, "là socket"),
)


def kind_of(mode: int) -> str:
    """What a non-regular file is, in Vietnamese ("là thư mục", "là thiết bị ký tự", …)."""
    return next((text for test, text in _KINDS if test(mode)), "không phải tệp thông thường")


PLAN_FILE = "tệp kế hoạch"


def _not_found(path: Path, what: str) -> UsageError:
    if what == PLAN_FILE:
        return PlanFileNotFound(Path(shown(path)))
    return UsageError(f"{shown(path)}: không tìm thấy {what}")


def _stat_input(path: Path, what: str = PLAN_FILE) -> os.stat_result:
    try:
        return os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise UsageError(
                f"{shown(path)}: liên kết tượng trưng trỏ tới tệp không tồn tại "
                f"({shown(os.readlink(path))})"
            ) from None
        raise _not_found(path, what) from None
    except NotADirectoryError:
        raise _not_found(path, what) from None
    except PermissionError:
        raise UsageError(f"{shown(path)}: không có quyền truy cập tệp") from None
    except OSError as exc:
        raise UsageError(f"{shown(path)}: không đọc được tệp ({os_reason(exc)})") from None


def require_input(path: Path, what: str = PLAN_FILE) -> None:
    """Refuse, with a message saying why, a path that ``read_input`` would not read
    (``what``: the file as the message names it)."""
    if str(path) == STDIN:
        return
    mode = _stat_input(path, what).st_mode
    if not stat.S_ISREG(mode):
        raise UsageError(f"{shown(path)}: {kind_of(mode)}, không phải {what}")


# --- reading ---------------------------------------------------------------------------------


def too_large(path: Path | str, size: int | None, limit: int) -> PlanInvalid:
    """The plan at ``path`` refused for its size (PP008). ``size``: the file's, when known (stdin and a growing file: only that it is larger)."""
    from parplan.core.numbers import format_number

    given = format_number(size) if size is not None else f"hơn {format_number(limit)}"
    message = (
        f"tệp quá lớn ({given} byte), vượt giới hạn {format_number(limit)} byte "
        "(đặt PARPLAN_MAX_BYTES để đổi giới hạn)"
    )
    return PlanInvalid(path, [Problem("PP008", message, line=1, column=1, file=shown(path))])


def _read_bounded(fd: int, limit: int) -> bytes | None:
    """At most ``limit`` bytes from ``fd``; None if there is more."""
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = os.read(fd, min(1 << 20, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            return None


def read_input(path: Path, *, pipes: bool = False, what: str = PLAN_FILE) -> bytes:
    """The bytes of a plan: a regular file, or stdin for ``-``, within the size limit.
    ``pipes``: a pipe is read too (``diff <(git show REV:plan.yaml) plan.yaml``), once;
    ``what``: the file as messages name it (a criteria table, a document to import)."""
    limit = max_bytes()
    if str(path) == STDIN:
        data = sys.stdin.buffer.read(limit + 1)  # never more than the limit (and one byte)
        if len(data) > limit:
            raise too_large("<stdin>", None, limit)
        return data
    pipe = pipes and stat.S_ISFIFO(_stat_input(path, what).st_mode)
    if not pipe:
        require_input(path, what)
    try:  # O_NONBLOCK: were the path swapped for a FIFO since the stat, open must not hang
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY)
    except PermissionError:
        raise UsageError(f"{shown(path)}: không có quyền đọc tệp") from None
    except OSError as exc:
        raise UsageError(f"{shown(path)}: không đọc được tệp ({os_reason(exc)})") from None
    try:
        info = os.fstat(fd)
        if not (stat.S_ISREG(info.st_mode) or (pipe and stat.S_ISFIFO(info.st_mode))):
            raise UsageError(f"{shown(path)}: {kind_of(info.st_mode)}, không phải {what}")
        if info.st_size > limit:
            raise too_large(path, info.st_size, limit)
        if pipe:  # read as any reader of a pipe does, waiting for its writer's data
            fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_NONBLOCK)
        data = _read_bounded(fd, limit)
    except OSError as exc:
        raise UsageError(f"{shown(path)}: không đọc được tệp ({os_reason(exc)})") from None
    finally:
        os.close(fd)
    if data is None:
        raise too_large(path, None, limit)
    if pipe and not data:  # a FIFO nobody writes to reads as empty at once: say so
        raise UsageError(f"{shown(path)}: là ống dẫn (FIFO) nhưng không có gì để đọc")
    return data


# --- the plan lock ---------------------------------------------------------------------------


class PlanLocked(UsageError):
    def __init__(self, path: Path, waited: float, holder: str) -> None:
        from parplan.core.numbers import format_number

        super().__init__(
            f"{_busy(path, holder)}; đã chờ {format_number(waited)} giây, không ghi gì — hãy "
            "chạy lại lệnh (PARPLAN_LOCK_TIMEOUT đổi thời gian chờ)"
        )


def _busy(path: Path, holder: str) -> str:
    who = f" (tiến trình {holder})" if holder else ""
    return f"{shown(path)}: một lệnh khác đang ghi tệp này{who}"


WAIT_NOTICE_AFTER = 1.0  # seconds of waiting for the lock before saying so


def unpacks_beyond(path: Path, limit: int) -> int | None:
    """For a zip package (.xlsx, .docx): what its parts unpack to, when that is more than
    ``limit`` bytes (a zip bomb: a few hundred kilobytes that inflate to gigabytes), else None.
    The sizes are those its directory declares; reading never goes past them."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(part.file_size for part in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None  # not a zip: the reader says what it is
    return unpacked if unpacked > limit else None


def megabytes(size: int) -> str:
    """A size in whole MB (MiB), as Vietnamese write numbers."""
    from parplan.core.numbers import format_number

    return f"{format_number(size // (1024 * 1024))} MB"


def lock_timeout() -> float:
    try:
        return max(0.0, float(os.environ.get("PARPLAN_LOCK_TIMEOUT", DEFAULT_LOCK_TIMEOUT)))
    except ValueError:
        return DEFAULT_LOCK_TIMEOUT


def real_path(path: Path) -> Path:
    """The file a path names, through any symlinks (the file that is read and replaced)."""
    return Path(os.path.realpath(path))


def lock_path(path: Path, *, follow: bool = True) -> Path:
    """``.NAME.lock`` beside the file ``path`` names (through a link, unless not ``follow``:
    then beside the link itself, in its real folder)."""
    target = real_path(path) if follow else real_path(path.parent) / path.name
    return target.with_name(f".{target.name}.lock")


def folder_error(folder: Path, exc: OSError) -> UsageError:
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return UsageError(
            f"{shown(folder)}: thư mục chỉ đọc (không tạo được tệp trong đó); không ghi gì"
        )
    return UsageError(f"{shown(folder)}: không ghi được vào thư mục ({os_reason(exc)})")


# Linux inode flags (FS_IOC_GETFLAGS): in an append-only folder a file can be created but never
# renamed or removed, so a write would leave its temporary file and lock behind.
_FS_IOC_GETFLAGS = 0x80086601
_FS_IMMUTABLE_FL = 0x10
_FS_APPEND_FL = 0x20


def _inode_flags(path: Path) -> int:
    """The file's inode flags (chattr), or 0 where they cannot be read."""
    import struct

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY)
    except OSError:
        return 0
    try:
        flags: int = struct.unpack("i", fcntl.ioctl(fd, _FS_IOC_GETFLAGS, bytes(8))[:4])[0]
    except OSError:
        return 0
    finally:
        os.close(fd)
    return flags


def _no_write_bits(info: os.stat_result) -> bool:
    """Read-only by its mode bits: nobody may write it (root too: os.access lets root write)."""
    return not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)


def require_writable_folder(folder: Path) -> None:
    """Refuse a folder parplan must not create files in: read-only by its mode bits (whoever
    runs parplan) or for this user, immutable, or append-only (a file made there could never
    be renamed or removed). Checked before anything is created in it."""
    try:
        info = os.stat(folder)
    except OSError as exc:
        raise UsageError(
            f"{shown(folder)}: không ghi được vào thư mục ({os_reason(exc)})"
        ) from None
    flags = _inode_flags(folder)
    if flags & _FS_IMMUTABLE_FL:
        raise UsageError(f"{shown(folder)}: thư mục không được sửa (chattr +i); không ghi gì")
    if flags & _FS_APPEND_FL:
        raise UsageError(
            f"{shown(folder)}: thư mục chỉ cho thêm tệp (chattr +a): không đổi tên hay xóa được "
            "tệp trong đó nên không thay tệp an toàn được; không ghi gì"
        )
    if _no_write_bits(info) or not os.access(folder, os.W_OK | os.X_OK):
        raise UsageError(
            f"{shown(folder)}: thư mục chỉ đọc (không tạo được tệp trong đó); không ghi gì"
        )


def require_writable_file(path: Path, info: os.stat_result, target: Path) -> None:
    """Refuse replacing a file that is read-only by its mode bits (whoever runs parplan) or
    for this user, immutable or append-only."""
    if _inode_flags(target) & (_FS_IMMUTABLE_FL | _FS_APPEND_FL):
        raise UsageError(f"{shown(path)}: tệp không được thay (chattr +i hoặc +a); không ghi gì")
    if _no_write_bits(info) or not os.access(target, os.W_OK):
        raise UsageError(f"{shown(path)}: tệp chỉ đọc, không ghi được; không ghi gì")


def _held_by_anyone(info: os.stat_result) -> bool:
    """Whether any process holds a lock on the file ``info`` describes (/proc/locks; where it
    cannot be read, assume so)."""
    try:
        lines = Path("/proc/locks").read_text(encoding="ascii").splitlines()
    except OSError:
        return True
    wanted = f"{os.major(info.st_dev):02x}:{os.minor(info.st_dev):02x}:{info.st_ino}"
    return any(wanted in line.split() for line in lines)


def _open_lock(lock: Path, tell: Callable[[str], None] | None) -> int | None:
    """An fd of the lock file, created if missing. A lock file another user left that this one
    cannot write (a root-owned stale lock) is opened read-only (flock needs no write access);
    one that cannot even be read is removed, when nobody holds it, and made again. None: try
    again (someone holds it, or it was just removed)."""
    try:
        return os.open(lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o666)
    except OSError as exc:
        if exc.errno not in (errno.EACCES, errno.EPERM):
            raise folder_error(lock.parent, exc) from None
        failure = exc
    try:
        info = os.stat(lock, follow_symlinks=False)
    except OSError:  # no lock file: it was the folder that refused the new one
        raise folder_error(lock.parent, failure) from None
    owner = f"uid {info.st_uid}"
    with contextlib.suppress(OSError):
        fd = os.open(lock, os.O_RDONLY | os.O_CLOEXEC | os.O_NOFOLLOW | os.O_NONBLOCK)
        if tell is not None:
            tell(
                f"{shown(lock)}: tệp khóa của người dùng khác ({owner}), không ghi được vào đó; "
                "vẫn khóa được bằng nó (mở chỉ để đọc)"
            )
        return fd
    if _held_by_anyone(info):
        return None  # someone holds it: wait
    try:
        os.unlink(lock)
    except OSError:
        raise UsageError(
            f"{shown(lock)}: tệp khóa cũ của người dùng khác ({owner}) không mở được và không "
            "xóa được; hãy xóa nó (không còn lệnh nào giữ nó); không ghi gì"
        ) from None
    if tell is not None:
        tell(f"Đã xóa tệp khóa cũ của người dùng khác ({owner}, không còn ai giữ): {shown(lock)}")
    return None


def _try_lock(lock: Path, tell: Callable[[str], None] | None) -> int | None:
    """An fd holding the lock, or None if another process holds it."""
    fd = _open_lock(lock, tell)
    if fd is None:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        current = os.stat(lock, follow_symlinks=False)
    except (BlockingIOError, FileNotFoundError):  # held, or released and removed meanwhile
        os.close(fd)
        return None
    mine = os.fstat(fd)
    if (current.st_dev, current.st_ino) != (mine.st_dev, mine.st_ino):
        os.close(fd)  # the holder removed the file we opened: take the new one
        return None
    return fd


def _holder(lock: Path) -> str:
    """The process id written in the lock file, if that process runs."""
    with contextlib.suppress(OSError, ValueError):
        pid = int(lock.read_text(encoding="ascii").strip() or "x")
        return str(pid) if alive(pid) else ""
    return ""


class Held:
    """Proof that this process holds the lock of ``lock`` (given by ``plan_lock``); ``active``
    until the ``with`` block ends. (A plain class: a dataclass costs ~3 million instructions
    of every start to build, for two attributes nothing compares or prints.)"""

    __slots__ = ("active", "lock")

    def __init__(self, lock: Path, active: bool = True) -> None:
        self.lock = lock
        self.active = active


@contextlib.contextmanager
def plan_lock(
    path: Path,
    *,
    timeout: float | None = None,
    waiting: Callable[[str], None] | None = None,
    follow: bool = True,
) -> Iterator[Held]:
    """Hold the file's exclusive lock for the ``with`` block (read, edit, replace inside it).

    The folder is checked first (read-only, append-only: refused before anything is created).
    Waits up to ``timeout`` seconds (default PARPLAN_LOCK_TIMEOUT, 60 s) for another writer,
    telling ``waiting`` (a person waiting deserves a word) once after WAIT_NOTICE_AFTER, then
    raises PlanLocked. ``waiting`` also hears about a lock file another user left. The lock
    file is removed on release."""
    lock = lock_path(path, follow=follow)
    require_writable_folder(lock.parent)
    wait = lock_timeout() if timeout is None else timeout
    start = time.monotonic()
    delay, said = 0.005, False
    told: set[str] = set()

    def tell(message: str) -> None:  # each thing once, however often the lock is tried
        if waiting is not None and message not in told:
            told.add(message)
            waiting(message)

    while (fd := _try_lock(lock, tell)) is None:
        waited = time.monotonic() - start
        if waited >= wait:
            raise PlanLocked(path, wait, _holder(lock))
        if waiting is not None and not said and waited >= WAIT_NOTICE_AFTER:
            from parplan.core.numbers import format_number

            waiting(f"{_busy(path, _holder(lock))}; đang chờ (tối đa {format_number(wait)} giây)…")
            said = True
        time.sleep(delay)
        delay = min(delay * 2, 0.1)
    held = Held(lock)
    try:
        with contextlib.suppress(OSError):  # a read-only lock file (another user's) keeps no pid
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        yield held
    finally:
        held.active = False
        with contextlib.suppress(OSError):  # while still holding it: a waiter that opened it
            current, mine = os.stat(lock, follow_symlinks=False), os.fstat(fd)  # retries
            if (current.st_dev, current.st_ino) == (mine.st_dev, mine.st_ino):
                os.unlink(lock)
        os.close(fd)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
