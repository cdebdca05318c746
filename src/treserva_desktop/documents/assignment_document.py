"""The assignment document (Läs uppdrag): person, decision, interventions, goals and sender."""

from __future__ import annotations

from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from treserva_desktop.documents._pdf import (
    CONTENT_WIDTH,
    build_pdf,
    field_table,
    grid_table,
    heading,
    paragraphs,
    text,
)
from treserva_desktop.domain.enums import AssignmentKind
from treserva_desktop.domain.views.reading import AssignmentDocumentView

# Uppgifter om enskildas personliga förhållanden inom socialtjänsten.
SECRECY = "Sekretess enligt 26 kap. 1 § OSL"


def _title_block(view: AssignmentDocumentView) -> Table:
    left = [text(view.title, "title"), text(view.municipality, "subtitle")]
    right = [
        text(f"Uppdrag nr {view.assignment_id}", "right"),
        text(f"Skickat {view.sent_at:%Y-%m-%d}", "right"),
        text(SECRECY, "right_small"),
    ]
    table = Table([[left, right]], colWidths=[CONTENT_WIDTH * 0.6, CONTENT_WIDTH * 0.4])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _person(view: AssignmentDocumentView) -> list[Flowable]:
    rows = [
        ("Namn", view.person_name),
        (view.identity_label, view.identity_display),
        ("Adress", view.address),
    ]
    story: list[Flowable] = [heading("Person"), field_table(rows)]
    if view.protected_identity:
        story += [
            Spacer(1, 3),
            text(
                "Personen har skyddad identitet. Adressen visas inte; lämna inte ut "
                "uppgifter om personen.",
                "banner",
            ),
        ]
    return story


def _decision(view: AssignmentDocumentView) -> list[Flowable]:
    rows = [
        ("Beslutsdatum", f"{view.decided_on:%Y-%m-%d}"),
        ("Beslutsperiod", view.decision_period_text),
        ("Lagrum", view.legal_basis),
    ]
    if view.kind is AssignmentKind.PROVIDER_CHANGE and view.change_date is not None:
        rows.append(("Byte av utförare från", f"{view.change_date:%Y-%m-%d}"))
    return [heading("Beslut"), field_table(rows)]


def _interventions(view: AssignmentDocumentView) -> list[Flowable]:
    rows: list[list[str | list[Flowable]]] = []
    for item in view.interventions:
        name: list[Flowable] = [text(item.name, "cell")]
        if item.description:
            name.append(text(item.description, "small"))
        rows.append([name, item.granted_text or "–", item.period_text])
    widths = [CONTENT_WIDTH * 0.46, CONTENT_WIDTH * 0.24, CONTENT_WIDTH * 0.30]
    table = grid_table(("Insats", "Beviljad omfattning", "Period"), rows, widths)
    return [heading("Insatser"), table]


def _goals(view: AssignmentDocumentView) -> list[Flowable]:
    body = paragraphs(view.goals) or [text("Inga mål angivna.", "small")]
    return [heading("Mål och beskrivning"), *body]


def _sender(view: AssignmentDocumentView) -> list[Flowable]:
    rows = [
        ("Handläggare", view.sender_name),
        ("Titel", view.sender_title),
        ("Enhet", view.sender_unit),
        ("Telefon", view.sender_phone),
        ("Mottagare", view.receiver_unit_name),
    ]
    return [KeepTogether([heading("Avsändare och kontakt"), field_table(rows)])]


def render_assignment(view: AssignmentDocumentView, *, printed_at: datetime) -> bytes:
    """The assignment document as PDF bytes (A4)."""
    story: list[Flowable] = [_title_block(view), Spacer(1, 4 * mm)]
    if view.is_test_data:
        story += [text("Testdata – personen är påhittad.", "banner"), Spacer(1, 2 * mm)]
    story += _person(view)
    story += _decision(view)
    story += _interventions(view)
    story += _goals(view)
    story += _sender(view)
    return build_pdf(
        story,
        title=f"{view.title} {view.assignment_id}",
        header=f"{view.title} – {view.municipality}",
        printed_at=printed_at,
    )
