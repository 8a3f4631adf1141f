"""Every channel a person or a program reads is free of raw control characters, whatever the
plan, the file name or an option value holds; JSON is always valid (RFC 8259); the calendar
keeps each content line one line and marks done, cancelled and reminded items."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from typer.testing import CliRunner

from parplan.cli import app
from parplan.core.sanitize import json_text, plain_line, visible
from parplan.document.loader import load_plan

from .conftest import ROOT

runner = CliRunner()
PROGRESS = ROOT / "tests" / "data" / "plans" / "valid" / "progress.yaml"
# ESC sequences (title change, screen clear), BEL, CR, LF, a C1 CSI, NEL, LS, DEL: as YAML escapes
HOSTILE_YAML = r"X\e]0;pwned\a\e[2J\rBEGIN:VEVENT\nY\x9b31m\x85\u2028\x7fZ"
HOSTILE = "X\x1b]0;pwned\x07\x1b[2J\rBEGIN:VEVENT\nY\x9b31m\x85\u2028\x7fZ"
NAME = "kế\x1b[2Jhoạch\n.yaml"


def raw_controls(text: str, allowed: str = "\n") -> list[str]:
    return sorted(
        {
            f"U+{ord(c):04X}"
            for c in text
            if (unicodedata.category(c) in ("Cc", "Zl", "Zp") or c == "\x85") and c not in allowed
        }
    )


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    text = PROGRESS.read_text(encoding="utf-8")
    for old in (
        'title: "Kế hoạch cải cách hành chính năm 2024 của Sở Thử nghiệm"',
        'objective: "Kế hoạch kiểm tra CCHC."',
        'name: "Thanh tra Sở"',
    ):
        key = old.split(":")[0]
        assert old in text
        text = text.replace(old, f'{key}: "{HOSTILE_YAML}"', 1)
    path = tmp_path / NAME
    path.write_text(text, encoding="utf-8")
    assert load_plan(path).plan.title == HOSTILE
    return path


def _changed(hostile: Path) -> Path:
    other = hostile.with_name("new.yaml")
    text = hostile.read_text(encoding="utf-8")
    other.write_text(text.replace("title:", f'title: "{HOSTILE_YAML}!" #', 1), encoding="utf-8")
    return other


CHANNELS: dict[str, list[str]] = {
    "status": ["status", "{plan}", "--as-of", "2024-07-05"],
    "deadlines": ["deadlines", "{plan}", "--as-of", "2024-07-05"],
    "deadlines-json": ["deadlines", "{plan}", "--as-of", "2024-07-05", "--json"],
    "indicators": ["indicators", "{plan}", "--as-of", "2024-07-05"],
    "check-text": ["check", "{plan}"],
    "check-github": ["check", "{plan}", "--format", "github"],
    "check-json": ["check", "{plan}", "--format", "json"],
    "export-json": ["export", "{plan}"],
    "export-yaml": ["export", "{plan}", "--format", "yaml"],
    "diff-text": ["diff", "{plan}", "{new}"],
    "diff-md": ["diff", "{plan}", "{new}", "--format", "md"],
    "diff-json": ["diff", "{plan}", "{new}", "--json"],
    "report-md": ["report", "{plan}", "--period", "2024", "-o", "-"],
    "record-dry-run": ["record", "task", "3", "--note", "x", "--plan", "{plan}", "--dry-run"],
    "unit-option": ["status", "{plan}", "--unit", HOSTILE],
    "period-option": ["report", "{plan}", "--period", HOSTILE, "-o", "-"],
    "task-id": ["record", "indicator", HOSTILE, "-p", "2024", "--value", "1", "--plan", "{plan}"],
}


@pytest.mark.parametrize("channel", CHANNELS)
def test_no_raw_control_character_reaches_any_channel(hostile: Path, channel: str) -> None:
    args = [a.format(plan=hostile, new=_changed(hostile)) for a in CHANNELS[channel]]
    result = runner.invoke(app, args)
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.output
    assert raw_controls(result.stdout) == [], f"stdout of {channel}"
    assert raw_controls(result.stderr) == [], f"stderr of {channel}"
    if channel.endswith("json"):
        json.loads(result.stdout)


def test_check_github_escapes_like_the_text_format(tmp_path: Path) -> None:
    bad = tmp_path / NAME
    text = PROGRESS.read_text(encoding="utf-8").replace("kind: group", f'kind: "{HOSTILE_YAML}"')
    bad.write_text(text, encoding="utf-8")
    text_out = runner.invoke(app, ["check", str(bad)]).stdout.strip()
    github = runner.invoke(app, ["check", str(bad), "--format", "github"]).stdout.strip()
    shown = visible(str(bad), one_line=True)
    message = text_out.split(": ", 1)[1].split(" [PP")[0]
    assert text_out.startswith(f"{shown}:") and "\\x1b]0;pwned\\x07" in text_out
    assert github.startswith(f"::error file={shown.replace(':', '%3A').replace(',', '%2C')},")
    assert message.replace("%", "%25") in github


@pytest.mark.parametrize("special", [".nan", ".inf", "-.Inf"])
@pytest.mark.parametrize(
    ("old", "code"),
    [("value: 86.2", "PP116"), ("value: 85, unit: percent", "PP012")],
    ids=["measured", "target"],
)
def test_nan_and_inf_values_are_refused_located(
    tmp_path: Path, special: str, old: str, code: str
) -> None:
    path = tmp_path / "p.yaml"
    text = PROGRESS.read_text(encoding="utf-8")
    assert old in text
    new = old.replace(old.split(",")[0].split(": ")[1], special, 1)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = runner.invoke(app, ["check", str(path), "--format", "json"])
    assert result.exit_code == 1
    [problem] = json.loads(result.stdout)
    assert problem["code"] == code and "hữu hạn" in problem["message"]
    exported = runner.invoke(app, ["export", str(path)])
    assert exported.exit_code == 1 and exported.stdout == ""


def test_json_text_is_rfc_8259() -> None:
    assert json_text({"a": "\x9b\u2028\x7f"}, indent=None) == '{"a": "\\u009b\\u2028\\u007f"}'
    with pytest.raises(ValueError):
        json_text(float("nan"))


def test_plain_line_keeps_one_line_and_shows_controls() -> None:
    assert plain_line("a\r\nb\tc\x1b[2J\u2028d") == "a b c\\x1b[2J d"


# --- the calendar ----------------------------------------------------------------------------


def _calendar(tmp_path: Path, plan: Path, *extra: str) -> Calendar:
    out = tmp_path / "lich.ics"
    result = runner.invoke(app, ["calendar", str(plan), "-o", str(out), "--force", *extra])
    assert result.exit_code == 0, result.output
    raw = out.read_bytes().decode("utf-8")
    assert raw_controls(raw.replace("\r\n", ""), allowed="") == []  # only CRLF line ends
    return Calendar.from_ical(out.read_bytes())


def test_calendar_with_a_hostile_title_is_one_line_per_property(
    hostile: Path, tmp_path: Path
) -> None:
    cal = _calendar(tmp_path, hostile)
    assert str(cal["x-wr-calname"]) == plain_line(HOSTILE)
    assert len(list(cal.walk("VEVENT"))) == len(list(_calendar(tmp_path, PROGRESS).walk("VEVENT")))


def _task_event(cal: Calendar, number: int) -> object:
    return next(e for e in cal.walk("VEVENT") if str(e["uid"]).endswith(f"-task-{number}@parplan"))


def test_calendar_marks_done_and_cancelled(tmp_path: Path) -> None:
    plan = load_plan(PROGRESS)
    done = next(t.number for t in plan.tasks if t.progress and t.progress.status == "done")
    cancelled = next(
        t.number for t in plan.tasks if t.progress and t.progress.status == "cancelled"
    )
    opened = next(t.number for t in plan.tasks if not t.progress and t.deadline.due)
    cal = _calendar(tmp_path, PROGRESS)
    done_event, cancelled_event, open_event = (
        _task_event(cal, n) for n in (done, cancelled, opened)
    )
    assert str(done_event["x-parplan-status"]) == "COMPLETED"  # type: ignore[index]
    assert str(done_event["summary"]).startswith("[Đã xong] ")  # type: ignore[index]
    assert str(cancelled_event["status"]) == "CANCELLED"  # type: ignore[index]
    assert "status" not in open_event and "x-parplan-status" not in open_event  # type: ignore[operator]
    open_only = _calendar(tmp_path, PROGRESS, "--open-only")
    uids = {str(e["uid"]) for e in open_only.walk("VEVENT")}
    assert not any(
        uid.endswith((f"-task-{done}@parplan", f"-task-{cancelled}@parplan")) for uid in uids
    )
    assert any(uid.endswith(f"-task-{opened}@parplan") for uid in uids)


def test_calendar_remind_adds_an_alarm_n_days_before_each_open_item(tmp_path: Path) -> None:
    cal = _calendar(tmp_path, PROGRESS, "--remind", "3")
    events = list(cal.walk("VEVENT"))
    for event in events:
        alarms = list(event.walk("VALARM"))
        closed = "status" in event or "x-parplan-status" in event
        assert len(alarms) == (0 if closed else 1), str(event["summary"])
        for alarm in alarms:
            assert alarm.decoded("trigger").days == -3
            assert str(alarm["action"]) == "DISPLAY"
    assert any(list(e.walk("VALARM")) for e in events)
    assert not any(list(e.walk("VALARM")) for e in _calendar(tmp_path, PROGRESS).walk("VEVENT"))


def test_calendar_remind_must_be_a_sensible_number(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["calendar", str(PROGRESS), "-o", str(tmp_path / "x.ics"), "--remind", "-1"]
    )
    assert result.exit_code == 2 and not (tmp_path / "x.ics").exists()


def escaped_by_pattern(text: str, pattern: str) -> str:
    """The reference: every character of ``pattern`` escaped, found by the regex itself."""
    import re

    def escape(match: re.Match[str]) -> str:
        code = ord(match.group())
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return re.sub(pattern, escape, text)


SAMPLE = st.text(
    alphabet=st.sampled_from("aế \t\n\r\x00\x1b\x07\x7f\x85\x9b\xa0\u2028\u2029\u3000\ufeff{}")
)


@given(SAMPLE)
@settings(max_examples=500, deadline=None)
def test_the_escapes_are_the_patterns_escapes(text: str) -> None:
    """``visible``, ``controls_in`` and ``json_text`` skip the patterns for printable text (tab
    and line feed aside): they give what the patterns give on any text, printable or not."""
    import re

    from parplan.core import sanitize

    assert visible(text) == escaped_by_pattern(text, sanitize._CONTROL)
    assert visible(text, one_line=True) == escaped_by_pattern(text, sanitize._CONTROL_ONE_LINE)
    assert sanitize.controls_in(text) == list(dict.fromkeys(re.findall(sanitize._CONTROL, text)))
    dumped = json.dumps([text], ensure_ascii=False, indent=2)
    unsafe = re.sub(sanitize._JSON_UNSAFE, lambda m: f"\\u{ord(m.group()):04x}", dumped)
    assert json_text([text]) == unsafe


def test_importing_the_sanitiser_compiles_no_pattern() -> None:
    """The patterns of the sanitiser, of typed numbers and of --within are compiled for text
    that needs them, not on each start (re caches them then)."""
    import subprocess
    import sys

    probe = (
        "import re, sys\nseen = []\ncompile = re.compile\n"
        "def recording(*a):\n"
        "    if sys._getframe(1).f_globals['__name__'].startswith('parplan'):\n"
        "        seen.append(a)\n"
        "    return compile(*a)\n"
        "re.compile = recording\n"
        "import parplan.core.sanitize, parplan.core.numbers, parplan.core.workdays\n"
        "print(len(seen))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["0"]
