"""Every deadline as an iCalendar file (RFC 5545) for Outlook or Google Calendar.

UIDs are derived from the plan and the item, never random, so importing the file again
updates the events instead of duplicating them.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from icalendar import Calendar, Event

from parplan.model import Plan
from parplan.periods import format_date
from parplan.tracking import Item, plan_items


def plan_slug(plan: Plan) -> str:
    symbol = (plan.plan.symbol or "plan").lower().replace("/", "-")
    return f"{plan.plan.year}-{symbol}"


def event_uid(plan: Plan, item: Item) -> str:
    return f"{plan_slug(plan)}-{item.key.replace(':', '-')}@parplan"


def build_calendar(plan: Plan, stamp: datetime, unit_names: dict[str, str]) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//parplan//CCHC//VI")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", plan.plan.title)
    for item in plan_items(plan):
        if item.due is None:
            continue
        event = Event()
        event.add("uid", event_uid(plan, item))
        event.add("dtstamp", stamp)
        event.add("dtstart", item.due)
        event.add("dtend", item.due + timedelta(days=1))
        prefix = "[Dự kiến] " if item.tentative else ""
        event.add("summary", f"{prefix}{item.label}: {item.title}")
        lead = ", ".join(unit_names.get(u, u) for u in item.lead)
        lines = [
            f"Hạn: {format_date(item.due)}"
            + (f" ({item.deadline_text})" if item.deadline_text else ""),
            f"Chủ trì: {lead}",
        ]
        if item.coordinating:
            lines.append("Phối hợp: " + ", ".join(unit_names.get(u, u) for u in item.coordinating))
        event.add("description", "\n".join(lines))
        event.add("categories", ["CCHC"])
        cal.add_component(event)
    return bytes(cal.to_ical())
