"""The one home for file I/O: reading a plan, the file lock, atomic replacement, output files.

- ``read_input``: only a regular file (or stdin for ``-``), never more than the size limit; a
  folder, FIFO, device or socket is refused with a message saying what it is (exit 2).
- ``plan_lock``: an exclusive advisory lock (``fcntl.flock`` on ``.NAME.lock`` beside the file)
  that every writer of a file holds from reading (or checking) it to renaming the new version
  into place. A second writer waits for it (``PARPLAN_LOCK_TIMEOUT`` seconds, default 60),
  then reads or checks the file as the first writer left it; if the wait runs out it refuses
  and writes nothing. A lock file another user left is used read-only, or replaced when it
  cannot be opened and nobody holds it.
- ``replace_file``: the one function through which parplan writes a file (a test holds every
  other module to it): holding the file's lock, write a temporary file beside the target,
  fsync, rename. A symlink's target is edited (the link stays); owner, group, mode (setgid
  too) and extended attributes are kept, or nothing is written; a file with several hard links
  is refused unless forced; a file or folder read-only by its mode bits is refused whoever
  runs parplan (root too), and so is an append-only or immutable one. Temporary files are
  named ``.NAME.PID.parplan-tmp``; ones left by dead processes are removed on the next write
  beside them.
- ``write_output``: an output file (``-o``): never replaces anything but a regular file (or a
  link to one), and that only with ``--force``. ``write_tree``: a folder of outputs, where no
  link is followed.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import stat
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from parplan.errors import PlanFileNotFound, PlanInvalid, Problem, UsageError
from parplan.sanitize import visible

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


def _stat_input(path: Path) -> os.stat_result:
    try:
        return os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise UsageError(
                f"{shown(path)}: liên kết tượng trưng trỏ tới tệp không tồn tại "
                f"({shown(os.readlink(path))})"
            ) from None
        raise PlanFileNotFound(Path(shown(path))) from None
    except NotADirectoryError:
        raise PlanFileNotFound(Path(shown(path))) from None
    except PermissionError:
        raise UsageError(f"{shown(path)}: không có quyền truy cập tệp") from None
    except OSError as exc:
        raise UsageError(f"{shown(path)}: không đọc được tệp ({exc.strerror})") from None


def require_input(path: Path) -> None:
    """Refuse, with a message saying why, a path that ``read_input`` would not read."""
    if str(path) == STDIN:
        return
    mode = _stat_input(path).st_mode
    if not stat.S_ISREG(mode):
        raise UsageError(f"{shown(path)}: {kind_of(mode)}, không phải tệp kế hoạch")


# --- reading ---------------------------------------------------------------------------------


def too_large(path: Path | str, size: int | None, limit: int) -> PlanInvalid:
    """The plan at ``path`` refused for its size (PP008). ``size``: the file's, when known (stdin and a growing file: only that it is larger)."""
    from parplan.numbers import format_number

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


def read_input(path: Path, *, pipes: bool = False) -> bytes:
    """The bytes of a plan: a regular file, or stdin for ``-``, within the size limit.
    ``pipes``: a pipe is read too (``diff <(git show REV:plan.yaml) plan.yaml``), once."""
    limit = max_bytes()
    if str(path) == STDIN:
        data = sys.stdin.buffer.read(limit + 1)  # never more than the limit (and one byte)
        if len(data) > limit:
            raise too_large("<stdin>", None, limit)
        return data
    pipe = pipes and stat.S_ISFIFO(_stat_input(path).st_mode)
    if not pipe:
        require_input(path)
    try:  # O_NONBLOCK: were the path swapped for a FIFO since the stat, open must not hang
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY)
    except PermissionError:
        raise UsageError(f"{shown(path)}: không có quyền đọc tệp") from None
    except OSError as exc:
        raise UsageError(f"{shown(path)}: không đọc được tệp ({exc.strerror})") from None
    try:
        info = os.fstat(fd)
        if not (stat.S_ISREG(info.st_mode) or (pipe and stat.S_ISFIFO(info.st_mode))):
            raise UsageError(f"{shown(path)}: {kind_of(info.st_mode)}, không phải tệp kế hoạch")
        if info.st_size > limit:
            raise too_large(path, info.st_size, limit)
        if pipe:  # read as any reader of a pipe does, waiting for its writer's data
            fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_NONBLOCK)
        data = _read_bounded(fd, limit)
    except OSError as exc:
        raise UsageError(f"{shown(path)}: không đọc được tệp ({exc.strerror})") from None
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
        from parplan.numbers import format_number

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
    from parplan.numbers import format_number

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


def _folder_error(folder: Path, exc: OSError) -> UsageError:
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return UsageError(
            f"{shown(folder)}: thư mục chỉ đọc (không tạo được tệp trong đó); không ghi gì"
        )
    return UsageError(f"{shown(folder)}: không ghi được vào thư mục ({exc.strerror})")


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
        raise UsageError(f"{shown(folder)}: không ghi được vào thư mục ({exc.strerror})") from None
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
            raise _folder_error(lock.parent, exc) from None
        failure = exc
    try:
        info = os.stat(lock, follow_symlinks=False)
    except OSError:  # no lock file: it was the folder that refused the new one
        raise _folder_error(lock.parent, failure) from None
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
        return str(pid) if _alive(pid) else ""
    return ""


@dataclass
class Held:
    """Proof that this process holds the lock of ``lock`` (given by ``plan_lock``)."""

    lock: Path
    active: bool = True


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
            from parplan.numbers import format_number

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


# --- temporary files -------------------------------------------------------------------------


def temp_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.{os.getpid()}{TEMP_SUFFIX}")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_temps(target: Path) -> list[Path]:
    """Remove the temporary files beside ``target`` left by processes that no longer run."""
    pattern = re.compile(rf"\.{re.escape(target.name)}\.(\d+){re.escape(TEMP_SUFFIX)}")
    removed = []
    with contextlib.suppress(OSError):
        for entry in os.scandir(target.parent):
            match = pattern.fullmatch(entry.name)
            if match and int(match[1]) != os.getpid() and not _alive(int(match[1])):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
    return removed


# --- replacing a file atomically -------------------------------------------------------------


def _copy_metadata(old: os.stat_result, source: Path, fd: int, target: Path) -> None:
    """Give the new file ``fd`` the owner, group, mode and extended attributes of the old."""
    new = os.fstat(fd)
    try:
        if (new.st_uid, new.st_gid) != (old.st_uid, old.st_gid):
            os.fchown(fd, old.st_uid, old.st_gid)
    except OSError:
        raise UsageError(
            f"{shown(target)}: không giữ được chủ sở hữu/nhóm của tệp "
            f"(uid {old.st_uid}, gid {old.st_gid}); không ghi gì"
        ) from None
    os.fchmod(fd, stat.S_IMODE(old.st_mode))  # after chown, which clears setuid/setgid
    names = []
    with contextlib.suppress(OSError):  # no xattr support: nothing to keep
        names = os.listxattr(source)
    for name in names:
        try:
            os.setxattr(fd, name, os.getxattr(source, name))
        except OSError as exc:
            raise UsageError(
                f"{shown(target)}: không giữ được thuộc tính mở rộng {shown(name)} "
                f"({exc.strerror}); không ghi gì"
            ) from None


def _check_replaceable(
    path: Path, target: Path, *, force: bool, follow: bool = True
) -> os.stat_result | None:
    try:
        old = os.stat(target, follow_symlinks=follow)
    except FileNotFoundError:
        old = None
    if old is not None and stat.S_ISLNK(old.st_mode):
        raise _link_inside(path)
    if old is not None and not stat.S_ISREG(old.st_mode):
        raise UsageError(f"{shown(path)}: {kind_of(old.st_mode)}; không ghi đè")
    if old is not None and old.st_nlink > 1 and not force:
        raise UsageError(
            f"{shown(path)}: tệp có {old.st_nlink} liên kết cứng; ghi sẽ tách tệp này khỏi các "
            "liên kết kia (chúng giữ nội dung cũ). Dùng --force nếu muốn như vậy; chưa ghi gì"
        )
    if old is not None:
        require_writable_file(path, old, target)
    require_writable_folder(target.parent)
    return old


def replace_file(
    path: Path,
    data: bytes,
    *,
    force: bool = False,
    held: Held | None = None,
    follow: bool = True,
    waiting: Callable[[str], None] | None = None,
) -> list[Path]:
    """The one function through which parplan writes a file: replace the file ``path`` names
    (through symlinks; with ``follow`` false, ``path`` itself, which must not be a link) with
    ``data``, atomically, keeping its owner, group, mode and extended attributes, holding the
    file's lock (``plan_lock``). A caller that reads and checks the file first passes the lock
    it holds (``held``); otherwise the lock is taken here (``waiting``: see plan_lock).
    ``force`` allows breaking hard links. Returns the stale temporary files of dead processes
    that were removed."""
    if held is None:
        with plan_lock(path, waiting=waiting, follow=follow) as taken:
            return replace_file(path, data, force=force, held=taken, follow=follow)
    if not held.active or held.lock != lock_path(path, follow=follow):
        raise RuntimeError(f"replace_file({path}): the lock held is not this file's")
    target = real_path(path) if follow else real_path(path.parent) / path.name
    old = _check_replaceable(path, target, force=force, follow=follow)
    removed = remove_stale_temps(target)
    tmp = temp_path(target)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC | os.O_NOFOLLOW
    try:
        try:
            fd = os.open(tmp, flags, 0o600)
        except FileExistsError:  # our own pid's leftover (pid reused): it is stale too
            os.unlink(tmp)
            fd = os.open(tmp, flags, 0o600)
    except OSError as exc:
        raise _folder_error(target.parent, exc) from None
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            if old is not None:
                _copy_metadata(old, target, fd, path)
            else:  # a new file gets the usual permissions, not mkstemp's 0600
                umask = os.umask(0)
                os.umask(umask)
                os.fchmod(fd, 0o666 & ~umask)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
        _sync_folder(target.parent)
    except OSError as exc:
        _remove_temp(tmp)
        raise UsageError(
            f"{shown(path)}: không ghi được tệp ({exc.strerror}); không ghi gì"
        ) from None
    except BaseException:
        _remove_temp(tmp)
        raise
    return removed


def _remove_temp(tmp: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(tmp)


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# --- output files ----------------------------------------------------------------------------


def write_output(
    path: Path,
    data: bytes,
    *,
    force: bool = False,
    waiting: Callable[[str], None] | None = None,
) -> None:
    """Write an output file (``-o``). Never replaces anything but a regular file or a link to
    one, and that only with ``force``; a folder, FIFO, device or dangling link is refused.
    Checked before the lock is taken (nothing is made beside a refused target) and again
    holding it, as every writer of the file does (the output may be a plan)."""
    _check_output(path, force=force)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"{shown(path)}: thư mục {shown(folder)} không tồn tại")
    _check_replaceable(path, real_path(path), force=True)
    with plan_lock(path, waiting=waiting) as held:
        _check_output(path, force=force)
        replace_file(path, data, force=True, held=held)


def _link_inside(path: Path) -> UsageError:
    try:
        where = f" (trỏ tới {shown(os.readlink(path))})"
    except OSError:
        where = ""
    return UsageError(
        f"{shown(path)}: là liên kết tượng trưng{where}; trong thư mục kết quả chỉ ghi tệp "
        "thường, không ghi qua liên kết (kể cả với --force); không ghi gì"
    )


def _check_inside(root: Path, name: str, *, force: bool) -> None:
    """Refuse a file ``name`` (relative) under the real folder ``root`` when any part of its
    path there is a link, a folder part is not a folder, the file is not a regular file, or it
    exists without ``force``."""
    parts = Path(name).parts
    here = root
    for i, part in enumerate(parts):
        here = here / part
        try:
            info = os.lstat(here)
        except FileNotFoundError:
            return
        except OSError as exc:
            raise UsageError(f"{shown(here)}: không ghi được ({exc.strerror})") from None
        if stat.S_ISLNK(info.st_mode):
            raise _link_inside(here)
        last = i == len(parts) - 1
        if not last and not stat.S_ISDIR(info.st_mode):
            raise UsageError(f"{shown(here)}: không phải thư mục; không ghi gì")
        if last and not stat.S_ISREG(info.st_mode):
            raise UsageError(f"{shown(here)}: {kind_of(info.st_mode)}; không ghi đè")
        if last and not force:
            raise UsageError(f"{shown(here)}: tệp đã tồn tại; dùng --force để ghi đè")
        if last:
            require_writable_file(here, info, here)


def _make_folders(root: Path, name: str, made: list[Path]) -> None:
    """The folders of ``name`` under ``root``, each a real folder (not a link); those created
    are added to ``made``."""
    here = root
    for part in Path(name).parts[:-1]:
        here = here / part
        try:
            os.mkdir(here)
            made.append(here)
        except FileExistsError:
            pass
        except OSError as exc:
            raise _folder_error(here.parent, exc) from None
        if not stat.S_ISDIR(os.lstat(here).st_mode):  # swapped for a link meanwhile
            raise _link_inside(here)


def write_tree(
    folder: Path,
    files: dict[str, bytes],
    *,
    force: bool = False,
    waiting: Callable[[str], None] | None = None,
) -> None:
    """Write ``{relative path: bytes}`` under ``folder`` (created if missing; it may itself be
    a link, named by the person). Inside it nothing is written through a link: every part of
    every path must be a real folder or a regular file (or not exist yet). Every target is
    checked before anything is written and again holding all their locks, so a refusal
    writes nothing (folders made for the locks are removed again)."""
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{shown(folder)}: không phải thư mục")
    root = real_path(folder)
    for name in files:
        _check_inside(root, name, force=force)
    made: list[Path] = []
    try:
        if not root.is_dir():
            _make_folders(Path(root.anchor), str(root.relative_to(root.anchor) / "x"), made)
        require_writable_folder(root)
        with contextlib.ExitStack() as stack:
            held = {}
            for name in sorted(files):  # one order for every writer: no deadlock
                _make_folders(root, name, made)
                held[name] = stack.enter_context(
                    plan_lock(root / name, waiting=waiting, follow=False)
                )
                _check_inside(root, name, force=force)
            made.clear()  # from here on, files are written into them
            for name, data in files.items():
                replace_file(root / name, data, force=True, held=held[name], follow=False)
    except BaseException:
        for path in reversed(made):
            with contextlib.suppress(OSError):
                os.rmdir(path)
        raise


def _check_output(path: Path, *, force: bool) -> None:
    """Refuse an output target that is not a regular file (or a link to one), or that exists
    when ``force`` is not given."""
    try:
        link = os.lstat(path)
    except FileNotFoundError:
        link = None
    except OSError as exc:
        raise UsageError(f"{shown(path)}: không ghi được ({exc.strerror})") from None
    if link is not None:
        try:
            info = os.stat(path)
        except OSError:
            raise UsageError(
                f"{shown(path)}: liên kết tượng trưng trỏ tới {shown(os.readlink(path))} "
                "không tồn tại; không ghi qua liên kết hỏng"
            ) from None
        if stat.S_ISDIR(info.st_mode):
            raise UsageError(f"{shown(path)}: là thư mục; -o cần tên tệp, ví dụ {shown(path)}/x")
        if not stat.S_ISREG(info.st_mode):
            raise UsageError(
                f"{shown(path)}: {kind_of(info.st_mode)}, không phải tệp thông thường; "
                "không ghi đè (kể cả với --force)"
            )
        if not force:
            raise UsageError(f"{shown(path)}: tệp đã tồn tại; dùng --force để ghi đè")
