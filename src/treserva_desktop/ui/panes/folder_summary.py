"""When a folder or unit is selected: a short Swedish summary, never an empty pane."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from treserva_desktop.domain.enums import Permission
from treserva_desktop.domain.views import AssignmentListItem, MessageListItem, PersonListItem
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.formatting import date_time_text
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.panes.table_model import Column, RowTableModel
from treserva_desktop.ui.panes.widgets import (
    fit_columns,
    fit_height,
    icon_heading,
    muted_label,
    read_only_table,
)
from treserva_desktop.ui.qt_compat import emit
from treserva_desktop.ui.tree.loader import overdue_text
from treserva_desktop.ui.tree.model import node_icon
from treserva_desktop.ui.tree.nodes import DOKUMENT_GF_LABEL, Node, NodeKind

ChildrenOf = Callable[[Node], list[Node]]


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
MESSAGE_COLUMNS: list[Column[Node]] = [
    Column("Ämne", lambda n: n.title),
    Column("Från", lambda n: m.sender_name if (m := _message(n)) else ""),
    Column("Skickat", lambda n: date_time_text(m.sent_at) if (m := _message(n)) else ""),
    Column("Läst", lambda n: "Nej" if n.unread else "Ja"),
]
UNIT_COLUMNS: list[Column[Node]] = [
    Column("Enhet", lambda n: n.title),
    Column("Verksamhet", lambda n: n.tooltip.split(" · ", 1)[1] if " · " in n.tooltip else ""),
]
UNIT_CONTENT_COLUMNS: list[Column[Node]] = [
    Column("Namn", lambda n: n.title),
    Column("Typ", lambda n: "Underenhet" if n.kind is NodeKind.UNIT else "Person"),
    Column("Personnummer", _identity),
]
FOLDER_COLUMNS: list[Column[Node]] = [
    Column("Mapp", lambda n: n.title),
    Column("Innehåll", lambda n: n.tooltip),
]


NEW_ASSIGNMENT_HINT = (
    "Ett beslut skickar du som uppdrag till en utförare under "
    "<b>Myndighet › Nytt uppdrag…</b> (Ctrl+N)."
)


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


class FolderSummaryPane(QWidget):
    """Heading, a few sentences and (where useful) a list of what the node contains."""

    node_activated = Signal(object)  # Node: a row of the list was double-clicked

    def __init__(
        self, ctx: AppContext, children_of: ChildrenOf, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("folder_summary")
        self.ctx = ctx
        self.children_of = children_of
        header, self.icon_label, self.title = icon_heading(icon("folder"), "")
        self.title.setObjectName("summary_title")
        self.text = QLabel()
        self.text.setObjectName("summary_text")
        self.text.setWordWrap(True)
        self.text.setOpenExternalLinks(False)
        self.hint = muted_label()
        self.hint.setObjectName("summary_hint")
        self.model: RowTableModel[Node] = RowTableModel(
            PERSON_COLUMNS,
            alert=lambda n: n.overdue,
            bold=lambda n: n.unread,
            muted=lambda n: n.muted,
        )
        self.table = read_only_table("summary_rows")
        self.table.setModel(self.model)
        self.table.doubleClicked.connect(self._row_activated)
        self.table.activated.connect(self._row_activated)
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(self.text)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)
        layout.addStretch(1)
        self.node: Node | None = None

    def _row_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            emit(self.node_activated, self.model.row(index))

    def show_node(self, node: Node) -> None:
        self.node = node
        node_icon_ = node_icon(node)
        if node_icon_ is not None:
            self.icon_label.setPixmap(node_icon_.pixmap(32, 32))
        self.title.setText(node.title)
        self.hint.setText("")
        handler = {
            NodeKind.FOLDER_DESKTOP: self._desktop,
            NodeKind.FOLDER_NEW_ASSIGNMENTS: self._new_assignments,
            NodeKind.FOLDER_INBOX: self._inbox,
            NodeKind.FOLDER_MY_PERSONS: self._my_persons,
            NodeKind.FOLDER_NOT_CURRENT: self._not_current,
            NodeKind.FOLDER_MY_UNITS: self._my_units,
            NodeKind.UNIT: self._unit,
            NodeKind.DOKUMENT_GF: self._documents,
        }.get(node.kind, self._notice)
        handler(node)

    # -- helpers ------------------------------------------------------------------------------

    def _paragraphs(self, *paragraphs: str) -> None:
        self.text.setText("".join(f"<p>{p}</p>" for p in paragraphs if p))

    def _list(self, columns: list[Column[Node]], rows: list[Node], hint: str = "") -> None:
        self.model.columns = columns
        self.model.set_rows(rows)
        self.table.setVisible(bool(rows))
        if rows:
            fit_columns(self.table)
            fit_height(self.table, len(rows))
            self.hint.setText(hint or "Dubbelklicka på en rad för att gå till den i trädet.")

    def _children(self, node: Node) -> list[Node]:
        return [c for c in self.children_of(node) if c.kind is not NodeKind.NOTICE]

    def _notices(self, node: Node) -> str:
        return " ".join(
            html.escape(c.label) for c in self.children_of(node) if c.kind is NodeKind.NOTICE
        )

    # -- per kind -----------------------------------------------------------------------------

    def _desktop(self, node: Node) -> None:
        actor = self.ctx.actor
        units = ", ".join(dict.fromkeys(g.unit_name for g in actor.grants)) or "inga enheter"
        folders = [c for c in node.children if c.kind is not NodeKind.NOTICE]
        self._paragraphs(
            f"Välkommen, <b>{html.escape(actor.display_name)}</b>.",
            f"Du är inloggad som {html.escape(self.ctx.role_label.lower())} för "
            f"{html.escape(units)}.",
            "Mappar med nytt innehåll visas i fetstil."
            + (
                " Uppdrag som väntat för länge visas i rött."
                if actor.can(Permission.VIEW_NEW_ASSIGNMENTS)
                else ""
            ),
            NEW_ASSIGNMENT_HINT if actor.can(Permission.SEND_ASSIGNMENTS) else "",
        )
        self._list(FOLDER_COLUMNS, folders, "Dubbelklicka på en mapp för att öppna den.")

    def _new_assignments(self, node: Node) -> None:
        persons = self._children(node)
        count = sum(len(p.children) for p in persons)
        overdue = sum(1 for p in persons for a in p.children if a.overdue)
        if not persons:
            self._paragraphs(
                self._notices(node) or "Inga uppdrag väntar på att accepteras och fördelas."
            )
            self._list(NEW_ASSIGNMENT_COLUMNS, [])
            return
        text = [
            f"{_plural(count, 'uppdrag', 'uppdrag')} för "
            f"{_plural(len(persons), 'person', 'personer')} väntar på att accepteras och "
            "fördelas till en utförarenhet."
        ]
        if overdue:
            text.append(
                f"<span style='color:#a31515'><b>{overdue} av dem är försenade</b> "
                f"({html.escape(overdue_text(self.ctx.settings.overdue_working_days).lower())})."
                "</span>"
            )
        self._paragraphs(*text)
        self._list(NEW_ASSIGNMENT_COLUMNS, persons)

    def _inbox(self, node: Node) -> None:
        messages = self._children(node)
        unread = sum(1 for m in messages if m.unread)
        if not messages:
            self._paragraphs(self._notices(node) or "Inkorgen är tom.")
        else:
            self._paragraphs(
                f"{_plural(len(messages), 'meddelande', 'meddelanden')}, "
                f"varav {unread} {'oläst' if unread == 1 else 'olästa'}."
            )
        self._list(MESSAGE_COLUMNS, messages, "Dubbelklicka på ett meddelande för att läsa det.")

    def _my_persons(self, node: Node) -> None:
        persons = self._children(node)
        if persons:
            self._paragraphs(
                f"{_plural(len(persons), 'person', 'personer')} i din egen lista.",
                "Personer läggs till när du kvitterar ett uppdrag med ”Flytta till Mina personer”.",
            )
        else:
            self._paragraphs(
                self._notices(node) or "Din lista är tom.",
                "Personer läggs till när du kvitterar ett uppdrag med ”Flytta till Mina personer”.",
            )
        self._list(PERSON_COLUMNS, persons)

    def _not_current(self, node: Node) -> None:
        days = self.ctx.preferences.not_current_lookback_days
        persons = self._children(node)
        lead = (
            f"{_plural(len(persons), 'person', 'personer')} saknar pågående eller planerade "
            "insatser vid dina enheter"
            if persons
            else self._notices(node)
            or "Ingen person saknar pågående eller planerade insatser vid dina enheter"
        )
        self._paragraphs(
            f"{lead} (avslutade de senaste {days} dagarna).",
            "Genomförandet kan avslutas: skriv ut dokumentationen och avsluta journalen. "
            "Tidsperioden väljer du under Visa › Ej aktuella – att avsluta…",
        )
        self._list(PERSON_COLUMNS, persons)

    def _my_units(self, node: Node) -> None:
        units = self._children(node)
        if units:
            self._paragraphs(
                f"Du når {_plural(len(units), 'enhet', 'enheter')} med underenheter. "
                "Under varje enhet finns personerna med pågående eller planerade insatser där."
            )
        else:
            self._paragraphs(self._notices(node) or "Du har inga utförarenheter.")
        self._list(UNIT_COLUMNS, units)

    def _unit(self, node: Node) -> None:
        children = self._children(node)
        units = [c for c in children if c.kind is NodeKind.UNIT]
        persons = [c for c in children if c.kind is NodeKind.PERSON]
        area = node.tooltip.split(" · ", 1)[1] if " · " in node.tooltip else ""
        self._paragraphs(
            f"Verksamhet: {html.escape(area)}." if area else "",
            f"{_plural(len(units), 'underenhet', 'underenheter')} och "
            f"{_plural(len(persons), 'person', 'personer')} med pågående eller planerade "
            "insatser direkt vid enheten.",
            self._notices(node),
        )
        self._list(UNIT_CONTENT_COLUMNS, children)

    def _documents(self, node: Node) -> None:
        person = node.ancestor_of_kind(NodeKind.PERSON)
        who = f" för {html.escape(person.title)}" if person is not None else ""
        self.title.setText(DOKUMENT_GF_LABEL)
        self._paragraphs(
            f"Här samlas genomförandejournaler, genomförandeplaner och dokument{who}.",
            "Det finns inga dokument att visa här ännu.",
        )
        self._list(PERSON_COLUMNS, [])

    def _notice(self, node: Node) -> None:
        self._paragraphs(html.escape(node.label))
        self._list(PERSON_COLUMNS, [])
