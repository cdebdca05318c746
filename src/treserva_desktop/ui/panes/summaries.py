"""What the summary pane says about each kind of folder node; kinds.py names one per kind."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from treserva_desktop.domain.enums import Permission
from treserva_desktop.domain.numbers import grouped
from treserva_desktop.domain.views import AssignmentListItem, MessageListItem, PersonListItem
from treserva_desktop.domain.views.deviations import DeviationListItem
from treserva_desktop.domain.views.not_current import NotCurrentPerson
from treserva_desktop.ui.formatting import date_time_text
from treserva_desktop.ui.tree.nodes import DOKUMENT_GF_LABEL, Node, NodeKind
from treserva_desktop.ui.tree.paged_folders import overdue_text
from treserva_desktop.ui.widgets.table_model import Column

if TYPE_CHECKING:
    from collections.abc import Callable

    from treserva_desktop.ui.panes.folder_summary import FolderSummaryPane

    SummaryWriter = Callable[[FolderSummaryPane, Node], None]


def _identity(node: Node) -> str:
    return node.payload.identity_display if isinstance(node.payload, PersonListItem) else ""


def _assignments(node: Node) -> list[AssignmentListItem]:
    return [c.payload for c in node.children if isinstance(c.payload, AssignmentListItem)]


def _oldest(node: Node) -> str:
    items = _assignments(node)
    return f"{min(i.received_on for i in items):%Y-%m-%d}" if items else ""


def _message(node: Node) -> MessageListItem | None:
    return node.payload if isinstance(node.payload, MessageListItem) else None


PERSON_COLUMNS: list[Column[Node]] = [
    Column("Namn", lambda n: n.title),
    Column("Personnummer", _identity),
]
NEW_ASSIGNMENT_COLUMNS: list[Column[Node]] = [
    Column("Namn", lambda n: n.title),
    Column("Personnummer", _identity),
    Column("Uppdrag", lambda n: str(len(n.children)), align_right=True),
    Column("Mottaget", _oldest),
    Column("Status", lambda n: "Försenat" if n.overdue else "Väntar på att fördelas"),
]
# The person a message is about beside its subject (the same subject comes once per
# distribution); the name was read, and its read audited, with the folder (tree.inbox_page).
MESSAGE_COLUMNS: list[Column[Node]] = [
    Column("Ämne", lambda n: n.title),
    Column("Person", lambda n: m.person if (m := _message(n)) else ""),
    Column("Från", lambda n: m.sender_name if (m := _message(n)) else ""),
    Column("Skickat", lambda n: date_time_text(m.sent_at) if (m := _message(n)) else ""),
    Column("Läst", lambda n: "Nej" if n.unread else "Ja"),
]
# Ämne takes the room left (elided in a narrow pane, the tool tip holds it); the person's
# name and number, Från, Skickat and Läst keep their contents' width.
MESSAGE_STRETCH = 0
UNIT_COLUMNS: list[Column[Node]] = [
    Column("Enhet", lambda n: n.title),
    Column("Verksamhet", lambda n: n.tooltip.split(" · ", 1)[1] if " · " in n.tooltip else ""),
]
# A sub-unit has no personnummer: "–" says so, where a blank cell looked like a missing one.
UNIT_CONTENT_COLUMNS: list[Column[Node]] = [
    Column("Namn", lambda n: n.title),
    Column("Typ", lambda n: "Underenhet" if n.kind is NodeKind.UNIT else "Person"),
    Column("Personnummer", lambda n: "–" if n.kind is NodeKind.UNIT else _identity(n)),
]
# Namn takes the room left; Typ and Personnummer keep their contents' width.
UNIT_CONTENT_STRETCH = 0
FOLDER_COLUMNS: list[Column[Node]] = [
    Column("Mapp", lambda n: n.title),
    Column("Innehåll", lambda n: n.tooltip),
]


NEW_ASSIGNMENT_HINT = (
    "Ett beslut skickar du som uppdrag till en utförare under "
    "<b>Myndighet › Nytt uppdrag…</b> (Ctrl+N)."
)


def _plural(count: int, one: str, many: str) -> str:
    return f"{grouped(count)} {one if count == 1 else many}"


def desktop(pane: FolderSummaryPane, node: Node) -> None:
    actor = pane.ctx.actor
    units = ", ".join(dict.fromkeys(g.unit_name for g in actor.grants)) or "inga enheter"
    folders = [c for c in node.children if c.kind is not NodeKind.NOTICE]
    pane.paragraphs(
        f"Välkommen, <b>{html.escape(actor.display_name)}</b>.",
        f"Du är inloggad som {html.escape(pane.ctx.role_label.lower())} för {html.escape(units)}.",
        "Mappar med nytt innehåll visas i fetstil."
        + (
            " Uppdrag som väntat för länge visas i rött."
            if actor.can(Permission.VIEW_NEW_ASSIGNMENTS)
            else ""
        ),
        NEW_ASSIGNMENT_HINT if actor.can(Permission.SEND_ASSIGNMENTS) else "",
    )
    pane.show_dashboard()
    pane.show_list(FOLDER_COLUMNS, folders, "Dubbelklicka på en mapp för att öppna den.")


def new_assignments(pane: FolderSummaryPane, node: Node) -> None:
    persons = pane.child_rows(node)
    # Over every person listed: the list below shows the first page, more as it is scrolled.
    tally = pane.new_assignment_tally(node)
    count, overdue = tally.total, tally.overdue
    if not persons:
        pane.paragraphs(pane.notices(node) or "Inga uppdrag väntar på att accepteras och fördelas.")
        pane.show_list(NEW_ASSIGNMENT_COLUMNS, [])
        return
    text = [
        f"{_plural(count, 'uppdrag', 'uppdrag')} för "
        f"{_plural(tally.persons, 'person', 'personer')} väntar på att accepteras och "
        "fördelas till en utförarenhet."
    ]
    if overdue:
        text.append(
            f"<span style='color:#a31515'><b>{overdue} av dem är försenade</b> "
            f"({html.escape(overdue_text(pane.ctx.settings.overdue_working_days).lower())})."
            "</span>"
        )
    pane.paragraphs(*text)
    pane.show_list(NEW_ASSIGNMENT_COLUMNS, persons, source=node)


def inbox(pane: FolderSummaryPane, node: Node) -> None:
    messages = pane.child_rows(node)
    unread = sum(1 for m in messages if m.unread)
    if not messages:
        pane.paragraphs(pane.notices(node) or "Inkorgen är tom.")
    elif note := pane.notices(node):  # "Visar alla olästa och de 500 senaste …"
        pane.paragraphs(
            f"{note}: {_plural(len(messages), 'meddelande', 'meddelanden')}, "
            f"varav {unread} {'oläst' if unread == 1 else 'olästa'}."
        )
    else:
        pane.paragraphs(
            f"{_plural(len(messages), 'meddelande', 'meddelanden')}, "
            f"varav {unread} {'oläst' if unread == 1 else 'olästa'}."
        )
    pane.show_list(
        MESSAGE_COLUMNS,
        messages,
        "Dubbelklicka på ett meddelande för att läsa det.",
        stretch=MESSAGE_STRETCH,
    )


def my_persons(pane: FolderSummaryPane, node: Node) -> None:
    persons = pane.child_rows(node)
    if persons:
        pane.paragraphs(
            f"{_plural(len(persons), 'person', 'personer')} i din egen lista.",
            "Personer läggs till när du kvitterar ett uppdrag med ”Flytta till Mina personer”.",
        )
    else:
        pane.paragraphs(
            pane.notices(node) or "Din lista är tom.",
            "Personer läggs till när du kvitterar ett uppdrag med ”Flytta till Mina personer”.",
        )
    pane.show_list(PERSON_COLUMNS, persons)


def _not_current(node: Node) -> NotCurrentPerson | None:
    return node.payload if isinstance(node.payload, NotCurrentPerson) else None


NOT_CURRENT_COLUMNS: list[Column[Node]] = [
    Column("Namn", lambda n: n.title),
    Column(
        "Personnummer",
        lambda n: item.person.identity_display if (item := _not_current(n)) else "",
    ),
    Column(
        "Sista insatsen slutade",
        lambda n: f"{item.last_end:%Y-%m-%d}" if (item := _not_current(n)) else "",
    ),
]
# Only while Visa borttagna i Ej aktuella is on.
FOLLOW_UP_COLUMN: Column[Node] = Column(
    "Uppföljningstid",
    lambda n: (
        ("Pågår" if item.in_follow_up else "Har gått ut") if (item := _not_current(n)) else ""
    ),
)
REMOVED_COLUMN: Column[Node] = Column(
    "Borttagen",
    lambda n: "Borttagen ur mappen" if (item := _not_current(n)) and item.removed else "",
)


def not_current(pane: FolderSummaryPane, node: Node) -> None:
    days = pane.ctx.preferences.not_current_lookback_days
    rows = pane.child_rows(node)
    # Over every person listed: the list below shows the first page, more as it is scrolled.
    tally = pane.not_current_tally(node)
    persons = tally.persons
    lead = (
        f"{_plural(persons, 'person', 'personer')} saknar pågående eller planerade "
        "insatser vid dina enheter"
        if persons
        else pane.notices(node)
        or "Ingen person saknar pågående eller planerade insatser vid dina enheter"
    )
    over = tally.past_follow_up
    follow_up = (
        f"{_plural(persons - over, 'person', 'personer')} är inom uppföljningstiden "
        f"({pane.ctx.actor.follow_up_days} dagar efter den sista insatsen): för dem kan "
        "dokumentationen skrivas ut och journalen avslutas. "
        f"För {_plural(over, 'person', 'personer')} har uppföljningstiden gått ut; de kan "
        "bara tas bort ur mappen."
        if over
        else "Genomförandet kan avslutas: skriv ut dokumentationen och avsluta journalen."
    )
    shown_removed = (
        f" Dessutom visas {_plural(tally.removed, 'person', 'personer')} som du har tagit "
        "bort ur mappen."
        if tally.removed
        else ""
    )
    pane.paragraphs(
        f"{lead} (avslutade de senaste {days} dagarna).{shown_removed}",
        f"{follow_up} Tidsperioden väljer du under Visa › Ej aktuella – att avsluta…",
        "När dokumenten är utskrivna: högerklicka på personen och välj Ta bort ur mapp. "
        "Borttagna visas med Visa › Visa borttagna i Ej aktuella.",
    )
    show_removed = pane.ctx.preferences.not_current_show_removed
    columns = [*NOT_CURRENT_COLUMNS, FOLLOW_UP_COLUMN]
    if show_removed:
        columns.append(REMOVED_COLUMN)
    pane.show_list(columns, rows, source=node)


def my_units(pane: FolderSummaryPane, node: Node) -> None:
    units = pane.child_rows(node)
    if units:
        pane.paragraphs(
            f"Du når {_plural(len(units), 'enhet', 'enheter')} med underenheter. "
            "Under varje enhet finns personerna med pågående eller planerade insatser där."
        )
    else:
        pane.paragraphs(pane.notices(node) or "Du har inga utförarenheter.")
    pane.show_list(UNIT_COLUMNS, units)


def unit(pane: FolderSummaryPane, node: Node) -> None:
    children = pane.child_rows(node)
    units = sum(1 for c in children if c.kind is NodeKind.UNIT)
    # All of them: a big unit's persons are loaded page by page (the list shows more as it
    # is scrolled), the count is the unit's.
    persons = pane.person_count(node)
    area = node.tooltip.split(" · ", 1)[1] if " · " in node.tooltip else ""
    content = _plural(persons, "person", "personer") if persons else "inga personer"
    if units:
        content = f"{_plural(units, 'underenhet', 'underenheter')} och {content}"
    pane.paragraphs(
        f"Verksamhet: {html.escape(area)}." if area else "",
        f"{content[0].upper()}{content[1:]} med pågående eller planerade insatser direkt vid "
        "enheten.",
        pane.notices(node),
    )
    pane.show_list(UNIT_CONTENT_COLUMNS, children, source=node, stretch=UNIT_CONTENT_STRETCH)


DOCUMENT_COLUMNS: list[Column[Node]] = [
    Column("Dokument", lambda n: n.title),
    Column("Status", lambda n: n.tooltip),
]


def documents(pane: FolderSummaryPane, node: Node) -> None:
    person = node.ancestor_of_kind(NodeKind.PERSON)
    who = f" för {html.escape(person.title)}" if person is not None else ""
    pane.title.setText(DOKUMENT_GF_LABEL)
    rows = pane.child_rows(node)
    plans = [row for row in rows if row.kind is NodeKind.PLAN]
    journals = len(rows) - len(plans)
    count = (
        f"{_plural(len(plans), 'genomförandeplan', 'genomförandeplaner')} vid enheten."
        if plans
        else "Ingen genomförandeplan vid enheten ännu."
    )
    if journals:
        count += f" {_plural(journals, 'journal', 'journaler')}."
    pane.paragraphs(
        f"Här samlas genomförandejournaler, genomförandeplaner och dokument{who}.",
        count,
        pane.notices(node),
        "Högerklicka på Dokument GF och välj Documenta för journalerna (Ny journal finns "
        "under journalknappens pil) eller Ny genomförandeplan… för att upprätta en plan."
        if node.unit_id is not None
        else "",
    )
    pane.show_list(DOCUMENT_COLUMNS, rows)


def journal(pane: FolderSummaryPane, node: Node) -> None:
    pane.title.setText(html.escape(node.title))
    pane.paragraphs(
        html.escape(node.tooltip),
        "Dubbelklicka eller tryck Enter för att öppna journalen och skriva anteckningar.",
    )
    pane.show_list(DOCUMENT_COLUMNS, [])


def _deviation(node: Node) -> DeviationListItem | None:
    return node.payload if isinstance(node.payload, DeviationListItem) else None


# Status second: the column a manager scans, in view on a small screen too.
DEVIATION_COLUMNS: list[Column[Node]] = [
    Column("Tidpunkt", lambda n: date_time_text(d.occurred_at) if (d := _deviation(n)) else ""),
    Column("Status", lambda n: d.state.label if (d := _deviation(n)) else ""),
    Column("Typ", lambda n: d.type_name if (d := _deviation(n)) else ""),
    Column("Kategori", lambda n: d.category.label if (d := _deviation(n)) else ""),
    Column("Gäller", lambda n: (d.person_name or "Enheten") if (d := _deviation(n)) else ""),
    Column("Enhet", lambda n: d.unit_name if (d := _deviation(n)) else ""),
]


def deviations(pane: FolderSummaryPane, node: Node) -> None:
    rows = pane.child_rows(node)
    open_rows = sum(1 for row in rows if not row.muted)
    if not rows:
        pane.paragraphs(
            pane.notices(node)
            or "Inga avvikelser att visa. En avvikelse registrerar du med högerklick på en "
            "person eller en enhet › Registrera avvikelse…"
        )
    else:
        pane.paragraphs(
            f"{_plural(len(rows), 'avvikelse', 'avvikelser')}, varav {open_rows} "
            f"{'öppen' if open_rows == 1 else 'öppna'}: vid enheter du är ansvarig chef för "
            "de öppna och de som avslutats de senaste 90 dagarna (gråa), och de du själv har "
            "registrerat."
        )
    pane.show_list(DEVIATION_COLUMNS, rows, "Dubbelklicka på en avvikelse för att öppna den.")


def deviation(pane: FolderSummaryPane, node: Node) -> None:
    item = _deviation(node)
    pane.title.setText("Avvikelse")
    if item is None:
        return
    who = item.person_name or f"{item.unit_name} (ingen person)"
    pane.paragraphs(
        f"{html.escape(item.type_name)} ({item.category.label}) "
        f"{date_time_text(item.occurred_at)} · {html.escape(who)} · {item.state.label}",
        "Tryck Enter eller dubbelklicka för att öppna avvikelsen.",
    )


def notice(pane: FolderSummaryPane, node: Node) -> None:
    # The label is the heading already; what the tooltip adds (e.g. that older messages are
    # not listed) is said below it.
    more = node.tooltip if node.tooltip and node.tooltip != node.label else ""
    pane.paragraphs(html.escape(more or node.label))
    pane.show_list(PERSON_COLUMNS, [])
