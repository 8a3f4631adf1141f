"""Every deadline as an iCalendar file (RFC 5545) for Outlook or Google Calendar.

UIDs are derived from the plan and the item, never random, so importing the file again
updates the events instead of duplicating them. A cancelled item carries STATUS:CANCELLED; a
done one is marked "[Đã xong]" with X-PARPLAN-STATUS:COMPLETED (RFC 5545 allows COMPLETED only
on to-dos, not on events). ``open_only`` leaves both out; ``remind`` adds an alarm that many
days before each open item's due date; ``days_off`` adds the plan year's days off and weekend
days worked (all-day, shown free, citing the notice). Plan text goes through sanitize.plain_line: no line
break, CR or terminal control reaches a content line.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from icalendar import Alarm, Calendar, Event

from parplan.core.model import Plan
from parplan.core.periods import format_date
from parplan.core.sanitize import plain_line
from parplan.core.workdays import WorkingCalendar
from parplan.tracking.items import Item, calendar_of, plan_items


def plan_slug(plan: Plan) -> str:
    symbol = (plan.plan.symbol or "plan").lower().replace("/", "-")
    return f"{plan.plan.year}-{symbol}"


def event_uid(plan: Plan, item: Item) -> str:
    return plain_line(f"{plan_slug(plan)}-{item.key.replace(':', '-')}@parplan")


def build_calendar(
    plan: Plan,
    stamp: datetime,
    unit_names: dict[str, str],
    *,
    open_only: bool = False,
    remind: int | None = None,
    days_off: bool = False,
) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//parplan//CCHC//VI")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", plain_line(plan.plan.title))
    for item in plan_items(plan):
        closed = item.status in ("done", "cancelled")
        if item.due is None or (open_only and closed):
            continue
        event = _event(plan, item, stamp, unit_names)
        if remind is not None and not closed:
            event.add_component(_alarm(item, remind))
        cal.add_component(event)
    if days_off:
        for event in _days_off(plan, stamp):
            cal.add_component(event)
    return bytes(cal.to_ical())


def _days_off(plan: Plan, stamp: datetime) -> list[Event]:
    """The plan year's days off (beyond ordinary weekends) and weekend days worked, by the
    plan's working calendar, or the national one when the plan keeps none."""
    calendar = calendar_of(plan) or WorkingCalendar()
    year = plan.plan.year
    events = []
    for day, what, source in calendar.days_off(date(year, 1, 1), date(year, 12, 31)):
        event = Event()
        event.add("uid", plain_line(f"{plan_slug(plan)}-ngay-{day.isoformat()}@parplan"))
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("summary", plain_line(what))
        event.add("description", plain_line(f"Căn cứ: {source}"))
        event.add("transp", "TRANSPARENT")
        event.add("categories", ["Lịch làm việc"])
        events.append(event)
    return events


def _event(plan: Plan, item: Item, stamp: datetime, unit_names: dict[str, str]) -> Event:
    due = item.effective_due
    assert due is not None
    event = Event()
    event.add("uid", event_uid(plan, item))
    event.add("dtstamp", stamp)
    event.add("dtstart", due)
    event.add("dtend", due + timedelta(days=1))
    mark = {"done": "[Đã xong] ", "cancelled": "[Đã hủy] "}.get(item.status, "")
    prefix = mark + ("[Dự kiến] " if item.tentative else "")
    event.add("summary", plain_line(f"{prefix}{item.label}: {item.title}"))
    if item.status == "cancelled":
        event.add("status", "CANCELLED")
    elif item.status == "done":
        event.add("x-parplan-status", "COMPLETED")
    lead = ", ".join(unit_names.get(u, u) for u in item.lead)
    lines = [
        f"Hạn: {item.due_text()}" + (f" ({item.deadline_text})" if item.deadline_text else ""),
        f"Chủ trì: {lead}",
    ]
    if item.coordinating:
        lines.append("Phối hợp: " + ", ".join(unit_names.get(u, u) for u in item.coordinating))
    if item.status == "done" and item.completed is not None:
        lines.append(f"Hoàn thành: {format_date(item.completed)}")
    event.add("description", "\n".join(plain_line(line) for line in lines))
    event.add("categories", ["CCHC"])
    return event


def _alarm(item: Item, days: int) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", timedelta(days=-days))
    when = "hôm nay" if days == 0 else f"còn {days} ngày"
    alarm.add("description", plain_line(f"Đến hạn ({when}): {item.label}: {item.title}"))
    return alarm
