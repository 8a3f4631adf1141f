"""Writing files: the one function through which parplan writes a file (``replace_file``, a
test holds every other module to it) and the outputs built on it.

- ``replace_file``: holding the file's lock (``files.plan_lock``), write a temporary file
  beside the target, fsync, rename. A symlink's target is edited (the link stays); owner,
  group, mode (setgid too) and extended attributes are kept, or nothing is written; a file
  with several hard links is refused unless forced; a file or folder read-only by its mode
  bits is refused whoever runs parplan (root too), and so is an append-only or immutable one.
  Temporary files are named ``.NAME.PID.parplan-tmp``; ones left by dead processes are removed
  on the next write beside them.
- ``write_output``: an output file (``-o``): never replaces anything but a regular file (or a
  link to one), and that only with ``--force``. ``write_tree``: a folder of outputs, where no
  link is followed.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path

from parplan.core.errors import UsageError, os_reason
from parplan.storage.files import (
    TEMP_SUFFIX,
    Held,
    alive,
    folder_error,
    kind_of,
    lock_path,
    plan_lock,
    real_path,
    require_writable_file,
    require_writable_folder,
    shown,
)

# --- temporary files -------------------------------------------------------------------------


def temp_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.{os.getpid()}{TEMP_SUFFIX}")


def remove_stale_temps(target: Path) -> list[Path]:
    """Remove the temporary files beside ``target`` left by processes that no longer run."""
    pattern = re.compile(rf"\.{re.escape(target.name)}\.(\d+){re.escape(TEMP_SUFFIX)}")
    removed = []
    with contextlib.suppress(OSError):
        for entry in os.scandir(target.parent):
            match = pattern.fullmatch(entry.name)
            if match and int(match[1]) != os.getpid() and not alive(int(match[1])):
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
                f"({os_reason(exc)}); không ghi gì"
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
        raise folder_error(target.parent, exc) from None
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
            f"{shown(path)}: không ghi được tệp ({os_reason(exc)}); không ghi gì"
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
            raise UsageError(f"{shown(here)}: không ghi được ({os_reason(exc)})") from None
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
        if not os.path.lexists(here):  # made only where a file could be (root: mode bits)
            require_writable_folder(here.parent)
        try:
            os.mkdir(here)
            made.append(here)
        except FileExistsError:
            pass
        except OSError as exc:
            raise folder_error(here.parent, exc) from None
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
        raise UsageError(f"{shown(path)}: không ghi được ({os_reason(exc)})") from None
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
