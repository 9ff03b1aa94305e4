"""``samling status``: everything the organizer needs about one meeting, as plain data."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

from samling.domain import rules
from samling.domain.state import MeetingState, money
from samling.models import plain_number

STANDARD_DIET = "standard"


def diet_of(state: MeetingState, pid: str) -> str:
    """The registration's diet, else the person's, else standard; spelled as people type it."""
    diet = state.registrations[pid].diet or state.people[pid].diet
    return diet.strip().lower() if diet and diet.strip() else STANDARD_DIET


def report(state: MeetingState) -> dict[str, Any]:
    meeting, policy = state.meeting, state.policy()
    entries = state.entries()
    fees = state.fees()
    currency = state.fee_policy.currency
    days = (meeting.deadline - state.now.date()).days if meeting.deadline else None

    sessions = []
    for session in meeting.sessions:
        mine = [e for e in entries if e.session == session.id]
        on_site = [e for e in mine if e.status == "registered" and not e.online]
        queue = rules.waitlist(entries, session.id)
        capacity = state.capacity(session)
        venue = state.venues.get(session.venue or "")
        diets = Counter(diet_of(state, e.participant) for e in on_site)
        sessions.append({
            "id": session.id,
            "date": session.date.isoformat(),
            "start": f"{session.start:%H:%M}",
            "end": f"{session.end:%H:%M}",
            "venue": session.venue,
            "venue_name": venue.name if venue else None,
            "capacity": capacity,
            "on_site": len(on_site),
            "online": sum(1 for e in mine if e.status == "registered" and e.online),
            "free": None if capacity is None else max(capacity - len(on_site), 0),
            "waitlisted": len(queue),
            "waitlist": [{"participant": e.participant, "name": state.people[e.participant].name,
                          "member": e.member} for e in queue],
            "catering": {"lunch": len(on_site), "coffee": len(on_site),
                         "diets": dict(sorted(diets.items(), key=lambda kv: (kv[0] != STANDARD_DIET, kv[0])))},
        })

    per_org: dict[str, dict[str, Any]] = {}
    for pid, fee in sorted(fees.items(), key=lambda kv: state.registrations[kv[0]].seq):
        key = state.people[pid].organization or ""
        row = per_org.setdefault(key, {"organization": key or None, "name": state.org_name(pid) or "(no organization)",
                                       "participants": 0, "free": 0, "paying": 0, "amount": Decimal(0)})
        row["participants"] += 1
        row["free" if fee.amount == 0 else "paying"] += 1
        row["amount"] += fee.amount
    total = sum((row["amount"] for row in per_org.values()), Decimal(0))

    represented = {e.organization for e in entries if e.status != "cancelled"}
    missing = [{"id": oid, "name": org.name} for oid, org in state.organizations.items()
               if org.member and oid not in represented]

    open_sessions = {s["id"] for s in sessions if s["free"] is None or s["free"] > 0}
    non_members_waiting = sum(1 for e in entries
                              if e.status == "waitlisted" and not e.member and e.session in open_sessions)
    hints = []
    if non_members_waiting:
        hints.append(f"{non_members_waiting} non-member(s) wait while seats are free: "
                     "admit them with `samling admit`" + ("" if policy.deadline_passed else
                                                          " (or they are admitted automatically after the deadline)"))
    return {
        "meeting": state.meeting_id,
        "title": meeting.title,
        "cancelled": meeting.cancelled,
        "hybrid": meeting.hybrid,
        "deadline": meeting.deadline.isoformat() if meeting.deadline else None,
        "days_to_deadline": days,
        "deadline_passed": policy.deadline_passed,
        "registered": sum(1 for e in entries if e.status == "registered"),
        "waitlisted": sum(1 for e in entries if e.status == "waitlisted"),
        "cancelled_registrations": sum(1 for e in entries if e.status == "cancelled"),
        "sessions": sessions,
        "fees": {
            "currency": currency,
            "total": plain_number(total),
            "total_text": money(total, currency),
            "per_organization": [{**row, "amount": plain_number(row["amount"])} for row in
                                 sorted(per_org.values(), key=lambda r: (-r["amount"], r["name"]))],
        },
        "not_represented": missing,
        "hints": hints,
    }




