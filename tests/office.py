"""LibreOffice as a second, independent reader of what parplan writes (Word, Excel)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice (soffice) is not installed here; .ci/run installs it",
)


def soffice_convert(source: Path, to: str, outdir: Path, options: str = "") -> Path:
    """``source`` converted by headless LibreOffice (own profile under ``outdir``) into
    ``outdir``; the converted file's path. ``options``: the export filter and its options
    (for csv: ``Text - txt - csv (StarCalc):44,34,76`` is comma, quote, UTF-8)."""
    result = subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{outdir}/lo-profile",
            "--convert-to",
            f"{to}:{options}" if options else to,
            "--outdir",
            str(outdir),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    converted = outdir / f"{source.stem}.{to}"
    assert result.returncode == 0 and converted.exists(), result.stderr
    return converted
