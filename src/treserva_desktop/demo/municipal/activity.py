"""Parts 4–6 of a scale demo: everyday messages, Mina personer, and two years of audit events.

Messages and audit events are drawn day by day over `ScaleSpec.history_days`, so their ids
follow time as in a real installation. They refer to persons through the `Registry`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from treserva_desktop.db.models import AuditEvent, Message, MessageRecipient, MyPerson
from treserva_desktop.demo import organisation as named
from treserva_desktop.demo.municipal.context import ACKNOWLEDGED, ACTIVE, Context
from treserva_desktop.domain.calendar import is_working_day
from treserva_desktop.domain.enums import AuditAction, ExecutionStatus

# (subject, body) of messages about a person, sent to the person's unit.
PERSON_MESSAGES: tuple[tuple[str, str], ...] = (
    (
        "Läkemedelsgenomgång",
        "Läkemedelsgenomgång är inbokad. Se till att dosetten och "
        "signeringslistan finns tillgängliga vid besöket.",
    ),
    (
        "Uppföljning av beslut",
        "Beslutet ska följas upp inom kort. Hör av dig om behoven har "
        "förändrats sedan uppdraget började.",
    ),
    (
        "Hemgång från sjukhus",
        "Utskrivning planeras till i morgon. Planera in första besöket samma eftermiddag.",
    ),
    (
        "Ändrade behov",
        "Personalen har sett att behoven har ökat. Kan vi stämma av inför en "
        "eventuell ansökan om mer tid?",
    ),
    ("Nyckelkvittens", "Nyckeln är kvitterad och finns i nyckelskåpet. Kvittensen är skannad."),
    (
        "Avvikelse att följa upp",
        "En avvikelse har registrerats. Analys behöver göras inom två veckor.",
    ),
    ("Inför vårdplanering", "Samordnad individuell plan ska tas fram. Föreslå gärna tider."),
    ("Kontakt från närstående", "Närstående har ringt och önskar bli kontaktad av ansvarig."),
)
UNIT_MESSAGES: tuple[tuple[str, str], ...] = (
    (
        "Arbetsplatsträff",
        "Vi ses i konferensrummet kl. 13.00. Dagordning: brandskydd, "
        "semesterplanering och genomgång av avvikelser.",
    ),
    ("Schemaändring", "Schemat för nästa period är publicerat. Kontrollera dina pass."),
    (
        "Driftinformation: systemuppdatering",
        "Treserva uppdateras i kväll kl. 18–20. Spara ditt arbete och logga ut innan dess.",
    ),
    (
        "Månadsrapport",
        "Månadens rapport om verkställda insatser är klar. Kommentera senast fredag.",
    ),
    ("Utbildning", "Påminnelse om utbildningen i dokumentation på torsdag."),
)
# Action mix of the audit trail: (action, entity, weight).
_AUDIT_MIX: tuple[tuple[AuditAction, str, int], ...] = (
    (AuditAction.READ_PERSON, "person", 42),
    (AuditAction.READ_ASSIGNMENT, "assignment", 12),
    (AuditAction.UPDATE, "execution", 10),
    (AuditAction.CREATE, "execution", 5),
    (AuditAction.PRINT, "assignment", 3),
    (AuditAction.EXPORT, "assignment", 1),
    (AuditAction.UPDATE, "person", 3),
    (AuditAction.LOGIN, "user", 23),
    (AuditAction.LOGIN_FAILED, "user", 1),
)


def _days(ctx: Context) -> list[tuple[date, float]]:
    """Every day of the history window with its relative load (weekends and holidays low)."""
    first = ctx.today - timedelta(days=ctx.spec.history_days - 1)
    days = [first + timedelta(days=n) for n in range(ctx.spec.history_days)]
    return [(day, 1.0 if is_working_day(day) else 0.15) for day in days]


def _spread(ctx: Context, total: int) -> list[tuple[date, int]]:
    """`total` split over the days of the window by load, summing exactly to `total`."""
    days = _days(ctx)
    load = sum(weight for _, weight in days)
    result: list[tuple[date, int]] = []
    given = 0
    running = 0.0
    for day, weight in days:
        running += weight
        upto = round(total * running / load)
        result.append((day, upto - given))
        given = upto
    return result


def _moment(ctx: Context, day: date) -> datetime:
    rng = ctx.rng
    moment = datetime.combine(
        day, time(rng.randint(7, 16), rng.randrange(60), rng.randrange(60)), UTC
    )
    return min(moment, ctx.now - timedelta(minutes=rng.randint(5, 600)))


def add_messages(ctx: Context) -> None:
    """General messages until the spec's total, the notices of part 3 included."""
    w, rng, registry = ctx.writer, ctx.rng, ctx.registry
    w.flush()
    wanted = max(0, ctx.spec.messages - w.counts[Message])
    ctx.progress.start("Meddelanden", wanted)
    done = 0
    operations_manager = ctx.users[named.VERKSAMHETSCHEF]
    admin = ctx.users[named.ADMIN]
    receivers = ctx.receivers()
    for day, count in _spread(ctx, wanted):
        for _ in range(count):
            sent_at = _moment(ctx, day)
            recent = (ctx.now - sent_at) < timedelta(days=7)
            person_id: int | None = None
            if len(registry) and rng.random() < 0.7:
                i = rng.randrange(len(registry))
                person_id = registry.person[i]
                leaf = ctx.units[registry.leaf[i]]
                unit = ctx.units[leaf.receiver]
                subject, body = rng.choice(PERSON_MESSAGES)
                sender = rng.choice(
                    (rng.choice(ctx.nurses), rng.choice(ctx.assessors), rng.choice(leaf.staff))
                )
                pool = unit.team + leaf.staff[:3]
                recipients = set(rng.sample(pool, min(len(pool), rng.choice((1, 1, 1, 2)))))
            else:
                unit = ctx.units[rng.choice(receivers)]
                subject, body = rng.choice(UNIT_MESSAGES)
                sender = unit.manager
                pool = unit.team + [s for i in unit.leaves for s in ctx.units[i].staff[:2]]
                recipients = set(rng.sample(pool, min(len(pool), rng.randint(2, 6))))
                if rng.random() < 0.006:
                    recipients.add(operations_manager)
                if rng.random() < 0.01:
                    sender = admin
            recipients.discard(sender)
            if not recipients:
                continue
            message_id = w.next_id(Message)
            w.add(
                Message,
                {
                    "id": message_id,
                    "sender_user_id": sender,
                    "subject": subject,
                    "body": body,
                    "sent_at": sent_at,
                    "person_id": person_id,
                    "assignment_id": None,
                },
            )
            for user_id in sorted(recipients):
                read = rng.random() < (0.5 if recent else 0.96)
                w.add(
                    MessageRecipient,
                    {
                        "id": w.next_id(MessageRecipient),
                        "message_id": message_id,
                        "user_id": user_id,
                        "sent_at": sent_at,
                        "read_at": ctx.later(sent_at, 30) if read else None,
                    },
                )
        done += count
        ctx.progress.update(done)
    ctx.progress.finish()


def add_my_persons(ctx: Context) -> None:
    """Mina personer: care staff list some of the acknowledged persons at their unit; the
    demo users `personal` and `samordnare` get a handful, as in the small demo."""
    w, rng, registry = ctx.writer, ctx.rng, ctx.registry
    ctx.progress.start("Mina personer", len(registry))
    norr_1 = ctx.unit_ids[named.NORR_1]
    demo_lists = {ctx.users[named.PERSONAL]: 6, ctx.users[named.SAMORDNARE]: 8}
    samordnare_units = {ctx.unit_ids[named.HT_NORR], ctx.unit_ids[named.HT_SODER]}
    for i in range(len(registry)):
        if registry.state[i] != ACKNOWLEDGED:
            continue
        leaf = ctx.units[registry.leaf[i]]
        chosen: set[int] = set()
        if leaf.id == norr_1 and demo_lists[ctx.users[named.PERSONAL]] > 0:
            chosen.add(ctx.users[named.PERSONAL])
        at_samordnare = ctx.units[leaf.receiver].id in samordnare_units and i % 3 == 0
        if at_samordnare and demo_lists[ctx.users[named.SAMORDNARE]] > 0:
            chosen.add(ctx.users[named.SAMORDNARE])
        if rng.random() < 0.2:
            chosen.add(rng.choice(leaf.staff))
        for user_id in sorted(chosen):
            if user_id in demo_lists:
                demo_lists[user_id] -= 1
            w.add(
                MyPerson,
                {
                    "id": w.next_id(MyPerson),
                    "user_id": user_id,
                    "person_id": registry.person[i],
                    "added_at": ctx.now - timedelta(days=rng.randint(1, 600)),
                },
            )
        if i % 1000 == 0:
            ctx.progress.update(i)
    ctx.progress.finish()


def add_audit(ctx: Context) -> None:
    """Reads, changes, prints and logins by users on persons of their units, day by day."""
    w, rng, registry = ctx.writer, ctx.rng, ctx.registry
    total = ctx.spec.audit_events
    ctx.progress.start("Loggposter", total)
    actions = [a for a, _, _ in _AUDIT_MIX]
    entities = [e for _, e, _ in _AUDIT_MIX]
    weights = []
    running = 0
    for _, _, weight in _AUDIT_MIX:
        running += weight
        weights.append(running)
    # Most reads concern persons being cared for now.
    current = [i for i in range(len(registry)) if registry.state[i] in (ACTIVE, ACKNOWLEDGED)]
    every = range(len(registry))
    everyone = sorted(ctx.user_role)
    done = 0
    for day, count in _spread(ctx, total):
        for _ in range(count):
            pick = rng.choices(range(len(actions)), cum_weights=weights)[0]
            action, entity = actions[pick], entities[pick]
            occurred_at = _moment(ctx, day)
            if entity == "user" or not len(registry):
                user_id = rng.choice(everyone)
                failed = action is AuditAction.LOGIN_FAILED
                row = _audit(
                    occurred_at,
                    None if failed else user_id,
                    "" if failed else ctx.user_role[user_id],
                    None,
                    action,
                    "user",
                    user_id,
                    None,
                    None,
                )
            else:
                i = rng.choice(current if current and rng.random() < 0.8 else every)
                leaf = ctx.units[registry.leaf[i]]
                receiver = ctx.units[leaf.receiver]
                user_id = rng.choice(receiver.team if rng.random() < 0.6 else leaf.staff)
                person_id = registry.person[i]
                details: dict[str, object] = {}
                unit_id = leaf.id
                entity_id: int | None = person_id
                if entity == "assignment":
                    entity_id = registry.assignment[i]
                    unit_id = receiver.id
                elif entity == "execution":
                    entity_id = registry.execution[i] or None
                    if entity_id is None:
                        entity, entity_id = "person", person_id
                        action = AuditAction.READ_PERSON
                    elif action is AuditAction.CREATE:
                        details = {
                            "assignment_id": registry.assignment[i],
                            "status": ExecutionStatus.SENT_TO_EXECUTION.value,
                        }
                    else:
                        details = {"status": ExecutionStatus.ACKNOWLEDGED.value}
                if action is AuditAction.READ_PERSON:
                    details = {"view": rng.choice(("record", "overview", "overview"))}
                elif action is AuditAction.UPDATE and entity == "person":
                    details = {"fields": [rng.choice(("phone", "street", "door_code"))]}
                row = _audit(
                    occurred_at,
                    user_id,
                    ctx.user_role[user_id],
                    unit_id,
                    action,
                    entity,
                    entity_id,
                    person_id,
                    details,
                )
            row["id"] = w.next_id(AuditEvent)
            w.add(AuditEvent, row)
        done += count
        ctx.progress.update(done)
    ctx.progress.finish()


def _audit(
    occurred_at: datetime,
    user_id: int | None,
    role: str,
    unit_id: int | None,
    action: AuditAction,
    entity_type: str,
    entity_id: int | None,
    person_id: int | None,
    details: dict[str, object] | None,
) -> dict[str, object]:
    return {
        "occurred_at": occurred_at,
        "user_id": user_id,
        "role": role,
        "unit_id": unit_id,
        "action": action,
        "entity_type": entity_type,
        "entity_id": entity_id,
        "person_id": person_id,
        "details": details or {},
    }
