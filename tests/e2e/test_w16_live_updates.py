"""W16: two coordinators of Hemtjänst Norr on one database. Samordnaren has the assignment
open (its pane, then Acceptera och fördela…) while Gruppchefen, on another workstation,
distributes one of its interventions: the open pane and the open dialog say so at once, who
and when, without waiting for OK."""

from __future__ import annotations

import re
from collections.abc import Callable

from tests.e2e.driver import E2EDriver
from tests.helpers import actor_for
from tests.helpers.distribution import home_care_view, intervention
from tests.helpers.live import TIMEOUT_MS, other_workstation
from tests.helpers.modal import later

from treserva_desktop.db.database import Database
from treserva_desktop.domain.commands.distribution import DistributeIntervention
from treserva_desktop.domain.views.distribution import AssignmentDistributionView
from treserva_desktop.services.distribution import distribute_intervention
from treserva_desktop.settings import Settings
from treserva_desktop.ui import runner
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.dialogs.accept_distribute_dialog import AcceptDistributeDialog
from treserva_desktop.ui.tree.nodes import NodeKind

BANNER = re.compile(r"Uppdraget har fördelats av Anders Holmgren kl\. \d\d:\d\d\.")


def distribute_elsewhere(
    other: Database, view: AssignmentDistributionView, *, timed: bool
) -> Callable[[], None]:
    """Gruppchefen's Registrera on one intervention, committed on the other workstation."""

    def run() -> None:
        item = intervention(view, timed=timed)
        done = runner.call(
            other,
            actor_for(other, "gruppchef"),
            distribute_intervention,
            DistributeIntervention(
                assignment_id=view.assignment_id,
                intervention_id=item.intervention_id,
                unit_id=item.default_unit_id or item.unit_choices[0].id,
                start_date=item.default_start,
                end_date=item.default_end,
                hours=item.default_hours,
                per=item.default_per,
                to_execution=False,
                expected_version=view.version,
            ),
        )
        assert done.ok, done

    return run


def test_an_open_assignment_says_when_it_is_distributed_elsewhere(
    driver: E2EDriver, demo_db: Database, settings: Settings
) -> None:
    other = other_workstation(demo_db)
    try:
        view = home_care_view(AppContext.create(other, settings, actor_for(other, "gruppchef")))
        window = driver.open_window(actor_for(demo_db, "samordnare"))
        window.start_live_updates()
        live = window.live
        assert live is not None
        driver.qtbot.waitUntil(lambda: live.updates.connected is True, timeout=TIMEOUT_MS)
        folder = driver.node(["Mitt skrivbord", "Nya uppdrag"])
        node = window.model.find(
            lambda n: n.kind is NodeKind.ASSIGNMENT and n.assignment_id == view.assignment_id,
            folder,
        )
        assert node is not None
        driver.select(node)
        pane = window.assignment_pane
        assert pane.banner.isHidden()

        distribute_elsewhere(other, view, timed=True)()

        driver.qtbot.waitUntil(lambda: not pane.banner.isHidden(), timeout=TIMEOUT_MS)
        assert BANNER.fullmatch(pane.banner.text()), pane.banner.text()
        current = window.tree.current_node()
        assert current is not None
        assert current.assignment_id == view.assignment_id

        fresh = home_care_view(AppContext.create(other, settings, actor_for(other, "gruppchef")))
        seen: dict[str, object] = {}

        def while_open(dialog: AcceptDistributeDialog) -> None:
            seen["hidden_at_first"] = dialog.banner.isHidden()
            distribute_elsewhere(other, fresh, timed=False)()

        def close(dialog: AcceptDistributeDialog) -> None:
            seen["banner"] = dialog.banner.text()
            later(dialog.close_button.click)

        script = (
            driver.modals()
            .on(AcceptDistributeDialog, while_open)
            .on(AcceptDistributeDialog, close, ready=lambda d: not d.banner.isHidden())
            .start()
        )
        driver.choose_in_context_menu(window.tree.current_node(), "Acceptera och fördela…")
        script.check()
        assert seen["hidden_at_first"] is True
        assert BANNER.fullmatch(str(seen["banner"])), seen
    finally:
        other.dispose()
