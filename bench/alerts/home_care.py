"""Home-care (SAD) expedients for the alerts benchmark, so that the SAD kinds
(events waiting over 7 days, services suspended over 90 days) are counted on
data of their size.

One open bench SSB expedient in `EVERY` gets a home-care expedient of the same
area, sector and reference professional, with its events: the approved
information gathering and start, then a suspension (`SUSPENDED` of them, some
over 90 days ago) or a proposal waiting for a decision (`WAITING` of them,
some over 7 days). Rows go in through COPY on PostgreSQL (one prepared INSERT
elsewhere, bench/people/writer.py) with their own ids, carry
`external_reference = "benchsad:<i>"` (i: the SSB expedient's bench number)
and are drawn from their own seeded generator; a second run adds only the
missing ones.
"""

import random
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from casework.enums import Module
from casework.models import Expedient, HomeCareCase, HomeCareEvent, LinkedPerson
from casework.modules.sad.enums import HomeCareEventKind, HomeCareEventStatus
from configuration.enums import ExpedientState

from .load import MARK, bench_expedients, next_id, write_rows

SAD_MARK = "benchsad:"
EVERY = 20
SUSPENDED = 0.15
WAITING = 0.12


def bench_home_care():
    return Expedient.objects.filter(external_reference__startswith=SAD_MARK)


def _origins() -> list[dict]:
    """The open bench SSB expedients that get a home-care one still missing."""
    present = set(bench_home_care().values_list("external_reference", flat=True))
    origins = (
        bench_expedients()
        .filter(state=ExpedientState.OPEN, module=Module.SSB)
        .order_by("pk")
        .values(
            "pk",
            "area_id",
            "sector_id",
            "reference_professional_id",
            "external_reference",
        )
    )
    wanted = []
    for o in origins:
        o["i"] = int(o["external_reference"].removeprefix(MARK))
        if o["i"] % EVERY == 0 and f"{SAD_MARK}{o['i']}" not in present:
            wanted.append(o)
    return wanted


def _steps(rng: random.Random, opened, today) -> list[tuple[str, object, bool]]:
    """The events of one service: (kind, date, approved or waiting)."""
    started = opened + timedelta(days=rng.randrange(5, 60))
    steps = [(HomeCareEventKind.INFORMATION, opened, True)]
    steps.append((HomeCareEventKind.START, started, True))
    draw = rng.random()
    if draw < SUSPENDED:
        since = today - timedelta(days=rng.randrange(10, 300))
        steps.append((HomeCareEventKind.SUSPENSION, max(since, started), True))
    elif draw < SUSPENDED + WAITING:
        asked = today - timedelta(days=rng.randrange(0, 30))
        steps.append((HomeCareEventKind.MODIFICATION, asked, False))
    return steps


def _event(rng, case_pk, referent, kind, day, decided, now) -> dict:
    moment = min(
        timezone.make_aware(datetime.combine(day, time(rng.randrange(8, 19)))), now
    )
    return {
        "case_id": case_pk,
        "kind": kind,
        "status": (
            HomeCareEventStatus.APPROVED if decided else HomeCareEventStatus.PROPOSED
        ),
        "date": day,
        "proposed_by_id": referent,
        "proposed_at": moment,
        "decided_by_id": referent if decided else None,
        "decided_at": moment if decided else None,
    }


@transaction.atomic
def load_home_care(seed: int) -> int:
    """Add the missing bench home-care expedients; return how many were added."""
    wanted = _origins()
    if not wanted:
        return 0
    mains = dict(
        LinkedPerson.objects.filter(
            expedient_id__in=[o["pk"] for o in wanted], is_main=True
        ).values_list("expedient_id", "person_id")
    )
    today, now = timezone.localdate(), timezone.now()
    expedients, cases, events, links = [], [], [], []
    pk, event_pk = next_id(Expedient), next_id(HomeCareEvent)
    for o in wanted:
        rng = random.Random(f"{seed}:home-care:{o['i']}")  # noqa: S311
        opened = today - timedelta(days=rng.randrange(120, 900))
        referent = o["reference_professional_id"]
        expedients.append(
            {
                "id": pk,
                "area_id": o["area_id"],
                "module": Module.SAD,
                "number": f"{opened.year}/S{o['i']:07d}",
                "external_reference": f"{SAD_MARK}{o['i']}",
                "state": ExpedientState.OPEN,
                "state_date": opened,
                "sector_id": o["sector_id"],
                "reference_professional_id": referent,
                "created_by_id": referent,
                "updated_by_id": referent,
            }
        )
        case = {"expedient_id": pk, "origin_id": o["pk"]}
        cases.append(case)
        if o["pk"] in mains:
            links.append(
                {"expedient_id": pk, "person_id": mains[o["pk"]], "is_main": True}
            )
        for kind, day, decided in _steps(rng, opened, today):
            event = _event(rng, pk, referent, kind, day, decided, now)
            event["id"] = event_pk
            events.append(event)
            if decided:
                case["event_in_force_id"] = event_pk
            event_pk += 1
        pk += 1
    # The case names its event in force and the events their case: within the
    # transaction, the constraints are checked at its end.
    write_rows(Expedient, expedients, with_pk=True)
    write_rows(HomeCareCase, cases, with_pk=True)
    write_rows(HomeCareEvent, events, with_pk=True)
    write_rows(LinkedPerson, links)
    return len(cases)
