"""LibreOffice as a second, independent reader of what parplan writes (Word, Excel)."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice (soffice) is not installed here; .ci/run installs it",
)


# LibreOffice's user profile, made at its first start (about a CPU-second) and used by every
# conversion of this test process after it: one at a time (a process's tests run in turn), so
# no two instances share it; removed when the process ends.
PROFILE = Path(tempfile.gettempdir()) / f"parplan-tests-lo-profile-{os.getpid()}"
atexit.register(shutil.rmtree, PROFILE, ignore_errors=True)


def soffice_convert(source: Path, to: str, outdir: Path, options: str = "") -> Path:
    """``source`` converted by headless LibreOffice into ``outdir``; the converted file's
    path. ``options``: the export filter and its options (for csv:
    ``Text - txt - csv (StarCalc):44,34,76`` is comma, quote, UTF-8)."""
    [converted] = soffice_convert_all([source], to, outdir, options)
    return converted


def soffice_convert_all(
    sources: list[Path], to: str, outdir: Path, options: str = ""
) -> list[Path]:
    """``sources`` (of different names) converted by one start of LibreOffice (each start
    costs ~1-2 CPU-s), as soffice_convert does one."""
    result = subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation={PROFILE.as_uri()}",
            "--convert-to",
            f"{to}:{options}" if options else to,
            "--outdir",
            str(outdir),
            *map(str, sources),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    converted = [outdir / f"{source.stem}.{to}" for source in sources]
    assert result.returncode == 0 and all(c.exists() for c in converted), result.stderr
    return converted
