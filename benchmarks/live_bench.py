"""Live updates of the benchmark (issue 16), measured by benchmarks/run.py's `Bench`: a
message sent on another workstation (a second Database on the same data: its own engine,
connections and client id) until the manager's window shows it in Inkorg's count. The clock
starts when the other workstation's commit has returned; the baseline is that commit."""

from __future__ import annotations

import time
from types import ModuleType
from typing import TYPE_CHECKING

from treserva_desktop.db.database import Database
from treserva_desktop.domain.commands.inbox import SendMessage
from treserva_desktop.domain.enums import Folder
from treserva_desktop.services.inbox import send_message
from treserva_desktop.ui import runner

if TYPE_CHECKING:
    from run import Bench, MainWindow

SENDER = "handlaggare"


def measure(bench: Bench, window: MainWindow, kit: ModuleType) -> None:
    """`kit`: the running benchmarks/run.py, whose Row and helpers these use."""
    error, ms_since, settle, wait_until = (
        kit.BenchmarkError,
        kit.ms_since,
        kit.settle,
        kit.wait_until,
    )
    window.start_live_updates()
    live = window.live
    if live is None:
        raise error("live updates did not start")
    wait_until(lambda: live.updates.connected is True, "the live-update connection")
    other = Database(bench.database.url.render_as_string(hide_password=False))
    sender = bench.actor(SENDER)
    inbox = window.model.folder_node(Folder.INBOX)
    shown, commits = [], []
    try:
        for n in range(bench.repeat):
            settle()
            before = inbox.count or 0
            command = SendMessage(
                recipient_ids=(window.ctx.actor.user_id,),
                subject="Benchmark",
                body=f"Ändring på annan arbetsstation ({n}).",
            )
            start = time.perf_counter()
            done = runner.call(other, sender, send_message, command)
            commits.append(ms_since(start))
            if not done.ok:
                raise error(f"send_message was refused: {done.refused}")
            committed = time.perf_counter()
            wait_until(lambda b=before: (inbox.count or 0) > b, "the message in Inkorg")
            shown.append(ms_since(committed))
    finally:
        other.dispose()
        live.stop()
        window.live = None
    bench.guard.check("Ändring på annan arbetsstation")
    bench.rows.append(
        kit.Row(
            "remote_change_visible",
            f"Ändring på annan arbetsstation → synlig ({bench.database.dialect})",
            shown,
            baseline_label="the other workstation's commit",
            baseline=commits,
            max_value=2000,
        )
    )
