"""File I/O (parplan.storage.files): non-regular inputs and outputs, the plan lock, atomic replacement
that keeps links and metadata, temporary-file cleanup, and a SIGKILL at the temporary-file
moment."""

from __future__ import annotations

import contextlib
import errno
import functools
import io
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parplan.cli import app
from parplan.core.errors import PlanFileNotFound, PlanInvalid, UsageError
from parplan.storage import files, writes

from .conftest import HANG_GUARD, MINIMAL, ROOT
from .lockholder import wait_for_notice

runner = CliRunner()
PROGRESS = ROOT / "tests" / "data" / "plans" / "valid" / "progress.yaml"
ROOT_USER = os.geteuid() == 0


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.yaml"
    shutil.copy(PROGRESS, path)
    return path


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "ong.yaml"
    os.mkfifo(path)
    return path


def _record(plan: Path, *extra: str) -> list[str]:
    return ["record", "task", "1", "--status", "in_progress", "--plan", str(plan), *extra]


# --- inputs ----------------------------------------------------------------------------------


def test_a_regular_file_is_read(plan: Path) -> None:
    assert files.read_input(plan) == plan.read_bytes()


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda tmp: tmp, "là thư mục"),
        (lambda tmp: Path("/dev/null"), "là thiết bị ký tự"),
        (lambda tmp: Path("/dev/zero"), "là thiết bị ký tự"),
        (lambda tmp: _fifo(tmp), "là ống dẫn có tên (FIFO)"),
        (lambda tmp: _socket(tmp), "là socket"),
    ],
    ids=["folder", "dev-null", "dev-zero", "fifo", "socket"],
)
def test_a_non_regular_input_is_refused_saying_what_it_is(
    tmp_path: Path, make: object, says: str
) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    with pytest.raises(UsageError) as caught:
        files.read_input(path)
    assert says in caught.value.message
    result = runner.invoke(app, ["status", str(path)])
    assert result.exit_code == 2, result.output
    assert says in result.stderr and "không tìm thấy" not in result.stderr


def _fifo(tmp: Path) -> Path:
    os.mkfifo(tmp / "fifo.yaml")
    return tmp / "fifo.yaml"


def _socket(tmp: Path) -> Path:
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(tmp / "s.yaml"))  # the socket file stays after close
    return tmp / "s.yaml"


def test_a_fifo_as_the_plan_does_not_hang(fifo: Path) -> None:
    """A real process with nobody writing to the FIFO: it must answer, not wait forever."""
    done = subprocess.run(
        [sys.executable, "-m", "parplan", "check", str(fifo)],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert "FIFO" in done.stderr


def test_missing_and_dangling_inputs_say_so(tmp_path: Path) -> None:
    with pytest.raises(PlanFileNotFound):
        files.read_input(tmp_path / "khong-co.yaml")
    (tmp_path / "hong.yaml").symlink_to(tmp_path / "dich.yaml")
    with pytest.raises(UsageError, match="liên kết tượng trưng trỏ tới tệp không tồn tại"):
        files.read_input(tmp_path / "hong.yaml")


def test_stdin_is_read_when_the_plan_is_a_dash(monkeypatch: pytest.MonkeyPatch) -> None:
    result = runner.invoke(app, ["check", "-"], input=MINIMAL.read_bytes())
    assert result.exit_code == 0, result.output
    assert "hợp lệ" in result.stdout


def test_stdin_is_bounded_by_the_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARPLAN_MAX_BYTES", "100")
    read, write = os.pipe()
    os.write(write, b"a: 1\n" * 2000)  # 10 KB: fits in the pipe, far over the limit
    os.close(write)
    with io.BufferedReader(io.FileIO(read)) as raw:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(raw))
        with pytest.raises(PlanInvalid) as caught:
            files.read_input(Path("-"))
    assert caught.value.problems[0].code == "PP008"
    assert "tệp quá lớn (hơn 100 byte), vượt giới hạn 100 byte" in caught.value.problems[0].message


def test_record_refuses_stdin() -> None:
    result = runner.invoke(app, _record(Path("-")), input=b"")
    assert result.exit_code == 2 and "stdin" in result.stderr


# --- the plan lock ---------------------------------------------------------------------------


def test_a_second_lock_refuses_when_the_wait_runs_out(plan: Path) -> None:
    with files.plan_lock(plan):
        assert files.lock_path(plan).exists()
        with (
            pytest.raises(files.PlanLocked, match=f"tiến trình {os.getpid()}"),
            files.plan_lock(plan, timeout=0),
        ):
            pass
    assert not files.lock_path(plan).exists()  # removed on release
    with files.plan_lock(plan, timeout=0):
        pass


def test_record_while_locked_waits_then_writes(plan: Path) -> None:
    """The second writer reads the plan only once it holds the lock, so it edits the first
    writer's result, not the text it would have read before. The test waits for the writer's
    notice that it is waiting (the event), never for a time."""
    with files.plan_lock(plan):
        proc = subprocess.Popen(
            [sys.executable, "-m", "parplan", *_record(plan)],
            stderr=subprocess.PIPE,
            text=True,
        )
        assert proc.stderr is not None
        notice = wait_for_notice(proc.stderr)
        plan.write_text(plan.read_text(encoding="utf-8") + "# người ghi trước\n", encoding="utf-8")
    err = notice + proc.communicate()[1]
    assert proc.returncode == 0, err
    text = plan.read_text(encoding="utf-8")
    assert text.endswith("# người ghi trước\n") and "in_progress" in text
    # a person waiting is told why, once
    assert (
        err.count(
            f"{plan}: một lệnh khác đang ghi tệp này (tiến trình {os.getpid()}); đang chờ (tối đa 60 giây)…"
        )
        == 1
    )


def test_record_refuses_when_the_wait_runs_out(plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARPLAN_LOCK_TIMEOUT", "0.2")
    before = plan.read_bytes()
    with files.plan_lock(plan):
        result = runner.invoke(app, _record(plan))
    assert result.exit_code == 2
    assert "một lệnh khác đang ghi tệp này" in result.stderr
    assert "đã chờ 0,2 giây, không ghi gì" in result.stderr  # a Vietnamese decimal comma
    assert plan.read_bytes() == before


def test_the_lock_is_shared_through_a_symlink(plan: Path, tmp_path: Path) -> None:
    link = tmp_path / "link.yaml"
    link.symlink_to(plan)
    assert files.lock_path(link) == files.lock_path(plan)


def test_a_read_only_folder_is_named_as_the_folder(plan: Path) -> None:
    plan.parent.chmod(0o555)  # by its mode bits, whoever runs parplan (root too)
    try:
        result = runner.invoke(app, _record(plan))
    finally:
        plan.parent.chmod(0o755)
    assert result.exit_code == 2 and "thư mục chỉ đọc" in result.stderr
    assert sorted(p.name for p in plan.parent.iterdir()) == ["plan.yaml"]  # not even a lock


# --- a lock file another user left ------------------------------------------------------------

NOBODY = 65534


@functools.cache
def _nobody_cannot_import() -> str | None:
    """Why the user nobody cannot import this checkout's parplan (e.g. a checkout under a 0700
    folder, as mktemp -d makes), or None; asked once per test process (~0.5 CPU-s)."""
    probe = subprocess.run(
        ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups",
         sys.executable, "-c", "import parplan"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    return None if probe.returncode == 0 else (probe.stderr.strip().splitlines() or ["?"])[-1]


@pytest.fixture
def owners_folder() -> Iterator[Path]:
    """A folder and plan owned by an unprivileged user (``nobody``), outside pytest's root-only
    temporary folder."""
    if not ROOT_USER or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to act as another user (nobody)")
    why = _nobody_cannot_import()
    if why is not None:
        pytest.skip(f"the user nobody cannot import this checkout's parplan ({why})")
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="parplan-owner-"))
    shutil.copy(PROGRESS, folder / "plan.yaml")
    for path in (folder, folder / "plan.yaml"):
        os.chown(path, NOBODY, NOBODY)
    try:
        yield folder
    finally:
        shutil.rmtree(folder)


def _record_as_nobody(plan: Path, timeout: str = "60") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOME": str(plan.parent), "PARPLAN_LOCK_TIMEOUT": timeout}
    return subprocess.run(
        ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups",
         sys.executable, "-m", "parplan", *_record(plan)],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip


@pytest.mark.parametrize("mode", [0o644, 0o000], ids=["readable", "unreadable"])
def test_a_stale_lock_of_another_user_does_not_stop_the_owner(
    owners_folder: Path, mode: int
) -> None:
    """root's killed write left `.plan.yaml.lock` (root's, not writable by the plan's owner):
    the owner's record still locks (a readable lock file opened read-only; an unreadable one
    nobody holds removed), says so, writes, and leaves no lock behind."""
    plan = owners_folder / "plan.yaml"
    lock = files.lock_path(plan)
    lock.write_text("999999999\n", encoding="ascii")  # root's, its process long gone
    lock.chmod(mode)
    done = _record_as_nobody(plan)
    assert done.returncode == 0, done.stderr
    assert "in_progress" in plan.read_text(encoding="utf-8")
    assert "thư mục chỉ đọc" not in done.stderr
    said = {
        0o644: f"{lock}: tệp khóa của người dùng khác (uid 0), không ghi được vào đó; vẫn khóa "
        "được bằng nó (mở chỉ để đọc)",
        0o000: f"Đã xóa tệp khóa cũ của người dùng khác (uid 0, không còn ai giữ): {lock}",
    }[mode]
    assert done.stderr.count(said) == 1
    assert not lock.exists()  # the folder is the owner's: the stale lock is gone
    assert os.stat(plan).st_uid == NOBODY


def test_a_lock_another_user_holds_still_excludes_the_owner(owners_folder: Path) -> None:
    """Opening another user's lock file read-only still locks: while root holds it, the
    owner's record waits and (with no time to wait) refuses, writing nothing."""
    plan = owners_folder / "plan.yaml"
    before = plan.read_bytes()
    with files.plan_lock(plan):  # root holds it; its lock file is root's, 0644
        done = _record_as_nobody(plan, timeout="0")
    assert done.returncode == 2, done.stderr
    assert f"một lệnh khác đang ghi tệp này (tiến trình {os.getpid()})" in done.stderr
    assert plan.read_bytes() == before


# --- append-only and immutable ----------------------------------------------------------------


@contextlib.contextmanager
def _chattr(path: Path, flag: str) -> Iterator[None]:
    """``chattr +FLAG path`` for the block (skipped, saying why, where it cannot be set)."""
    if shutil.which("chattr") is None:
        pytest.skip("chattr is not installed")
    done = subprocess.run(["chattr", f"+{flag}", str(path)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"chattr +{flag} not possible here: {done.stderr.strip()}")
    try:
        yield
    finally:
        subprocess.run(["chattr", f"-{flag}", str(path)], check=True)


@pytest.mark.parametrize(
    ("what", "flag", "says"),
    [
        ("folder", "a", "thư mục chỉ cho thêm tệp (chattr +a)"),
        ("folder", "i", "thư mục không được sửa (chattr +i)"),
        ("plan", "a", "tệp không được thay (chattr +i hoặc +a)"),
        ("plan", "i", "tệp không được thay (chattr +i hoặc +a)"),
    ],
)
def test_an_append_only_or_immutable_place_is_refused_leaving_nothing(
    plan: Path, what: str, flag: str, says: str
) -> None:
    """In an append-only folder a temporary file and lock can be made but never renamed or
    removed: refused before either is made (the old code left both behind)."""
    before = plan.read_bytes()
    with _chattr(plan.parent if what == "folder" else plan, flag):
        result = runner.invoke(app, _record(plan))
    assert result.exit_code == 2, result.output
    assert says in result.stderr and "không ghi gì" in result.stderr
    assert plan.read_bytes() == before
    assert sorted(p.name for p in plan.parent.iterdir()) == ["plan.yaml"]


def test_a_failed_rename_leaves_no_temp_file_or_lock(
    plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(src: object, dst: object) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    before = plan.read_bytes()
    monkeypatch.setattr(os, "replace", refuse)
    result = runner.invoke(app, _record(plan))
    assert result.exit_code == 2 and "không ghi gì" in result.stderr
    assert plan.read_bytes() == before
    assert sorted(p.name for p in plan.parent.iterdir()) == ["plan.yaml"]


# --- replacing: links and metadata -----------------------------------------------------------


def test_a_symlinked_plan_is_edited_through_the_link(plan: Path, tmp_path: Path) -> None:
    link = tmp_path / "link.yaml"
    link.symlink_to(plan.name)
    result = runner.invoke(app, _record(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == plan.name
    assert "in_progress" in plan.read_text(encoding="utf-8")


def test_a_hard_linked_plan_is_refused_unless_forced(plan: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    os.link(plan, other)
    before = plan.read_bytes()
    refused = runner.invoke(app, _record(plan))
    assert refused.exit_code == 2 and "2 liên kết cứng" in refused.stderr
    assert plan.read_bytes() == before and os.stat(plan).st_ino == os.stat(other).st_ino
    forced = runner.invoke(app, _record(plan, "--force"))
    assert forced.exit_code == 0, forced.output
    assert "in_progress" in plan.read_text(encoding="utf-8")
    assert other.read_bytes() == before  # the other name keeps the old content, as documented


@pytest.mark.skipif(not ROOT_USER, reason="changing a file's owner needs root")
def test_owner_group_and_setgid_mode_are_kept(plan: Path) -> None:
    os.chown(plan, 1234, 5678)
    plan.chmod(0o2640)
    writes.replace_file(plan, b"new\n")
    info = os.stat(plan)
    assert (info.st_uid, info.st_gid) == (1234, 5678)
    assert stat.S_IMODE(info.st_mode) == 0o2640


def test_mode_is_kept(plan: Path) -> None:
    plan.chmod(0o640)
    writes.replace_file(plan, b"new\n")
    assert stat.S_IMODE(os.stat(plan).st_mode) == 0o640


def test_extended_attributes_are_kept(plan: Path) -> None:
    try:
        os.setxattr(plan, "user.parplan.test", b"gi\xe1\xbb\xaf")
    except OSError as exc:
        if exc.errno in (errno.ENOTSUP, errno.EOPNOTSUPP, errno.EPERM):
            pytest.skip(f"no user xattrs on this filesystem ({exc.strerror})")
        raise
    writes.replace_file(plan, b"new\n")
    assert os.getxattr(plan, "user.parplan.test") == b"gi\xe1\xbb\xaf"


def test_an_owner_that_cannot_be_kept_is_refused(
    plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = plan.read_bytes()
    os.chown(plan, os.getuid(), os.getgid())

    def no_chown(fd: int, uid: int, gid: int) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    real_fstat = os.fstat
    monkeypatch.setattr(os, "fchown", no_chown)
    monkeypatch.setattr(
        os, "fstat", lambda fd: os.stat_result((*real_fstat(fd)[:4], 99999, *real_fstat(fd)[5:]))
    )
    with pytest.raises(UsageError, match="không giữ được chủ sở hữu"):
        writes.replace_file(plan, b"new\n")
    monkeypatch.undo()
    assert plan.read_bytes() == before
    assert list(plan.parent.glob(f"*{files.TEMP_SUFFIX}")) == []


# --- temporary files -------------------------------------------------------------------------


def _dead_pid() -> int:
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


def test_stale_temps_of_dead_processes_are_removed_and_reported(plan: Path) -> None:
    stale = plan.with_name(f".{plan.name}.{_dead_pid()}{files.TEMP_SUFFIX}")
    stale.write_bytes(b"half")
    alive = plan.with_name(f".{plan.name}.1{files.TEMP_SUFFIX}")  # pid 1 runs
    alive.write_bytes(b"someone's")
    result = runner.invoke(app, _record(plan))
    assert result.exit_code == 0, result.output
    assert not stale.exists() and alive.exists()
    assert f"Đã xóa tệp tạm còn sót của một lần ghi bị ngắt: {stale}" in result.stderr


@pytest.fixture
def killed_at_the_temp_moment(plan: Path) -> Iterator[tuple[Path, bytes]]:
    """A child process killed with SIGKILL after writing its temporary file, before the
    rename: the plan and the leftover temporary file."""
    before = plan.read_bytes()
    ready_r, ready_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: stop between the temporary file and the rename, and wait
        try:

            def stop(src: object, dst: object) -> None:
                os.write(ready_w, b"x")
                signal.pause()  # until the SIGKILL

            os.replace = stop  # type: ignore[assignment]
            writes.replace_file(plan, b"half-written\n" * 1000)
        finally:
            os._exit(1)
    os.close(ready_w)
    assert os.read(ready_r, 1) == b"x"
    os.close(ready_r)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    yield plan, before


def test_a_kill_at_the_temp_moment_leaves_the_old_file(
    killed_at_the_temp_moment: tuple[Path, bytes],
) -> None:
    plan, before = killed_at_the_temp_moment
    assert plan.read_bytes() == before
    leftovers = list(plan.parent.glob(f".{plan.name}.*{files.TEMP_SUFFIX}"))
    assert len(leftovers) == 1  # recognisable by name
    result = runner.invoke(app, _record(plan))
    assert result.exit_code == 0, result.output
    assert list(plan.parent.glob(f".{plan.name}.*{files.TEMP_SUFFIX}")) == []
    assert not files.lock_path(plan).exists()


# --- outputs ---------------------------------------------------------------------------------


def _calendar(output: Path, *extra: str) -> list[str]:
    return ["calendar", str(PROGRESS), "-o", str(output), *extra]


@pytest.mark.parametrize("force", [[], ["--force"]], ids=["plain", "force"])
def test_dev_null_is_never_replaced(force: list[str]) -> None:
    result = runner.invoke(app, _calendar(Path("/dev/null"), *force))
    assert result.exit_code == 2
    assert "là thiết bị ký tự" in result.stderr
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_fifo_output_is_never_replaced(fifo: Path) -> None:
    result = runner.invoke(app, _calendar(fifo, "--force"))
    assert result.exit_code == 2 and "FIFO" in result.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_dangling_symlink_output_is_refused_even_with_force(tmp_path: Path) -> None:
    link = tmp_path / "lich.ics"
    link.symlink_to(tmp_path / "dich" / "x.ics")
    result = runner.invoke(app, _calendar(link, "--force"))
    assert result.exit_code == 2 and "liên kết hỏng" in result.stderr
    assert link.is_symlink() and not (tmp_path / "dich").exists()


def test_a_folder_output_says_it_is_a_folder(tmp_path: Path) -> None:
    result = runner.invoke(app, _calendar(tmp_path, "--force"))
    assert result.exit_code == 2 and "là thư mục" in result.stderr
    assert "--force" not in result.stderr


def test_force_over_a_symlink_writes_its_target(tmp_path: Path) -> None:
    target = tmp_path / "that.ics"
    target.write_text("cũ\n", encoding="utf-8")
    link = tmp_path / "lich.ics"
    link.symlink_to(target.name)
    assert runner.invoke(app, _calendar(link)).exit_code == 2
    assert target.read_text(encoding="utf-8") == "cũ\n"
    result = runner.invoke(app, _calendar(link, "--force"))
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and target.read_bytes().startswith(b"BEGIN:VCALENDAR")


def test_a_new_output_gets_the_usual_permissions(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        writes.write_output(tmp_path / "new.ics", b"x")
    finally:
        os.umask(umask)
    assert stat.S_IMODE(os.stat(tmp_path / "new.ics").st_mode) == 0o644


def test_an_unreadable_plan_is_not_refused_in_english(
    plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Typer's own Path check ("Path '…' is not readable.") must not run before ours."""
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode, **kw: False if mode & os.R_OK else real_access(p, mode)
    )
    for args in (["status", str(plan)], ["check", str(plan)], _record(plan, "--dry-run")):
        result = runner.invoke(app, args)
        assert "not readable" not in result.output, args
        assert result.exit_code == 0, (args, result.output)
    form = plan.with_name("form.xlsx")
    form.write_bytes(b"not a workbook")
    for args in (
        ["collect", str(form), "--plan", str(plan)],
        ["import", str(plan), "-o", str(plan.with_name("new.yaml"))],
    ):
        result = runner.invoke(app, args)
        assert "not readable" not in result.output, (args, result.output)


# --- one function writes every file --------------------------------------------------------

WRITING_CALLS = {
    ("os", name)
    for name in (
        "open",
        "replace",
        "rename",
        "renames",
        "link",
        "symlink",
        "mkdir",
        "makedirs",
        "unlink",
        "remove",
        "rmdir",
        "truncate",
        "ftruncate",
        "write",
    )
} | {("shutil", name) for name in ("copy", "copy2", "copyfile", "copytree", "move", "rmtree")}
WRITING_METHODS = {"write_text", "write_bytes", "mkdir", "touch", "rename", "symlink_to",
                   "hardlink_to", "unlink", "rmdir"}  # fmt: skip


def _writes_in(text: str, where: str) -> list[str]:
    """Calls in the Python source ``text`` (of the file ``where``) that write to the file system: os and shutil functions that do, Path
    methods that do, open() with a writing mode, and save() to anything but an in-memory
    buffer (io.BytesIO)."""
    import ast

    tree = ast.parse(text)
    buffers = {
        target.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Call)
        and ast.unparse(node.value.func) in ("io.BytesIO", "BytesIO")
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func, at = node.func, f"{where}:{node.lineno}"
        name = (
            (func.value.id, func.attr)
            if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
            else None
        )
        if name in WRITING_CALLS:
            found.append(f"{at}: {name[0]}.{name[1]}")
        elif isinstance(func, ast.Attribute) and func.attr in WRITING_METHODS:
            found.append(f"{at}: .{func.attr}()")
        elif isinstance(func, ast.Attribute) and func.attr == "save":
            if not (len(node.args) == 1 and ast.unparse(node.args[0]) in buffers):
                found.append(f"{at}: .save() to a file")
        elif isinstance(func, ast.Name) and func.id == "open":
            mode = node.args[1] if len(node.args) > 1 else None
            mode = mode or next((k.value for k in node.keywords if k.arg == "mode"), None)
            if mode is not None and (
                not isinstance(mode, ast.Constant) or set(str(mode.value)) & set("wax+")
            ):
                found.append(f"{at}: open() to write")
    return found


def test_every_file_is_written_by_storage() -> None:
    """parplan writes files only through parplan.storage (``writes.replace_file``, with the
    file's lock from ``files.plan_lock``): a module that wrote a file its own way (a writer
    added later) fails here."""
    sources = sorted((ROOT / "src" / "parplan").rglob("*.py"))
    found = [
        hit
        for path in sources
        if path.parent.name != "storage"
        for hit in _writes_in(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    ]
    assert found == []


def test_the_write_check_sees_a_writer_that_skips_storage() -> None:
    """The check above is not blind: each way of writing is found."""
    lines = [
        "import io, os, shutil",
        "os.replace('a', 'b')",
        "shutil.copy('a', 'b')",
        "open('x', 'w')",
        "open('x', mode='ab')",
        "path.write_bytes(b'')",
        "workbook.save('x.xlsx')",
        "buffer = io.BytesIO()",
        "workbook.save(buffer)",  # to memory: allowed
        "open('x')",  # reading: allowed
    ]
    found = _writes_in("\n".join(lines) + "\n", "sneaky.py")
    assert [hit.split(": ", 1)[1] for hit in found] == [
        "os.replace",
        "shutil.copy",
        "open() to write",
        "open() to write",
        ".write_bytes()",
        ".save() to a file",
    ]
