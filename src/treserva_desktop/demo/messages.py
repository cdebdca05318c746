"""Demo messages: Inkorg notices about new assignments, general messages, and Mina personer."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from treserva_desktop.db.models import Message, MessageRecipient, MyPerson
from treserva_desktop.demo.builder import DemoBuilder
from treserva_desktop.demo.organisation import (
    ADMIN,
    GRUPPCHEF,
    HANDLAGGARE,
    HT_NORR,
    HT_SODER,
    NORR_1,
    NOTIFIED_AT,
    PERSONAL,
    SAMORDNARE,
    SJUKSKOTERSKA,
    VERKSAMHETSCHEF,
)
from treserva_desktop.demo.plan import OVERDUE_WORKING_DAYS, PersonPlan, waited
from treserva_desktop.demo.spread import Fate
from treserva_desktop.domain.enums import AssignmentStatus


def add_message(
    b: DemoBuilder,
    sender: str,
    subject: str,
    body: str,
    sent_at: datetime,
    recipients: dict[str, datetime | None],
    *,
    person_id: int | None = None,
    assignment_id: int | None = None,
) -> None:
    """One message from `sender` to the recipients (username: read at, or None if unread)."""
    message = Message(
        id=b.next_id(Message),
        sender_user_id=b.users[sender].id,
        subject=subject,
        body=body,
        sent_at=sent_at,
        person_id=person_id,
        assignment_id=assignment_id,
    )
    b.keep(message)
    for username, read_at in recipients.items():
        b.keep(
            MessageRecipient(
                id=b.next_id(MessageRecipient),
                message_id=message.id,
                user_id=b.users[username].id,
                sent_at=sent_at,
                read_at=read_at,
            )
        )


def write_messages(b: DemoBuilder, plans: list[PersonPlan]) -> None:
    """A notice per still-received assignment, then the general messages."""
    for plan in plans:
        if plan.status is not AssignmentStatus.RECEIVED:
            continue
        type_names = ", ".join(b.types[i.type_code].name for i in plan.interventions)
        overdue = waited(plan, b.today) >= OVERDUE_WORKING_DAYS
        recipients: dict[str, datetime | None] = {}
        for username in NOTIFIED_AT[plan.receiver]:
            read_at = None
            if username == plan.first_read_by and plan.first_read_at is not None:
                read_at = plan.first_read_at
            elif overdue and b.rng.random() < 0.5:
                read_at = b.later(plan.sent_at, 24)
            recipients[username] = read_at
        add_message(
            b,
            HANDLAGGARE,
            f"Nytt uppdrag: {type_names}",
            f"Ett nytt uppdrag har skickats till {plan.receiver}. "
            "Du hittar det under Nya uppdrag. Läs uppdraget och acceptera och "
            "fördela det så snart som möjligt.",
            plan.sent_at,
            recipients,
            person_id=plan.person.id,
            assignment_id=plan.assignment_id,
        )
    _general_messages(b, plans)


def _general_messages(b: DemoBuilder, plans: list[PersonPlan]) -> None:
    def at(days_ago: int, hour: int) -> datetime:
        return datetime.combine(b.today - timedelta(days=days_ago), time(hour, 0), UTC)

    def read(sent_at: datetime, readers: dict[str, bool]) -> dict[str, datetime | None]:
        return {name: sent_at + timedelta(hours=2) if r else None for name, r in readers.items()}

    sent_at = at(5, 8)
    add_message(
        b,
        ADMIN,
        "Driftinformation: systemuppdatering",
        "Treserva uppdateras tisdag kväll kl. 18–20. Spara ditt arbete och logga ut "
        "innan dess. Inga uppgifter påverkas.",
        sent_at,
        read(
            sent_at,
            {
                VERKSAMHETSCHEF: True,
                GRUPPCHEF: True,
                SAMORDNARE: False,
                PERSONAL: False,
                SJUKSKOTERSKA: True,
                HANDLAGGARE: True,
            },
        ),
    )
    sent_at = at(2, 7)
    add_message(
        b,
        VERKSAMHETSCHEF,
        "Arbetsplatsträff på torsdag",
        "Vi ses i konferensrummet på Storgatan 12 kl. 13.00. Dagordning: "
        "brandskydd, semesterplanering och genomgång av avvikelser.",
        sent_at,
        read(sent_at, {GRUPPCHEF: True, SAMORDNARE: False}),
    )
    norr = [p for p in plans if p.fate is Fate.ONGOING and p.receiver == HT_NORR]
    if norr:
        sent_at = at(1, 8)
        add_message(
            b,
            SJUKSKOTERSKA,
            "Läkemedelsgenomgång",
            "Läkemedelsgenomgång är inbokad nästa vecka. Se till att dosetten och "
            "signeringslistan finns tillgängliga vid besöket.",
            sent_at,
            read(sent_at, {GRUPPCHEF: False, SAMORDNARE: False}),
            person_id=norr[0].person.id,
        )
    soder = [p for p in plans if p.fate is Fate.ONGOING and p.receiver == HT_SODER]
    if soder:
        sent_at = at(8, 7)
        add_message(
            b,
            HANDLAGGARE,
            "Uppföljning av beslut",
            "Beslutet ska följas upp inom kort. Hör gärna av dig om behoven har "
            "förändrats sedan uppdraget började.",
            sent_at,
            read(sent_at, {SAMORDNARE: True, VERKSAMHETSCHEF: False}),
            person_id=soder[0].person.id,
        )


def write_my_persons(b: DemoBuilder, plans: list[PersonPlan]) -> None:
    """Mina personer for `personal` (at Norr grupp 1) and `samordnare` (Norr and Söder)."""
    running = [
        plan
        for plan in plans
        if plan.fate in (Fate.ONGOING, Fate.REVISED) and plan.acknowledged_at is not None
    ]
    choices = {
        PERSONAL: [p for p in running if p.performer == NORR_1][:6],
        SAMORDNARE: [p for p in running if p.receiver in (HT_NORR, HT_SODER)][::3][:8],
    }
    for username, chosen in choices.items():
        for plan in chosen:
            assert plan.acknowledged_at is not None
            b.keep(
                MyPerson(
                    id=b.next_id(MyPerson),
                    user_id=b.users[username].id,
                    person_id=plan.person.id,
                    added_at=plan.acknowledged_at,
                )
            )
