"""In the GUI (issue 9): an unexpected exception anywhere – a slot, an event handler, a worker
thread, an action – shows a Swedish message with an incident id, is logged with its traceback
and that id but without the exception's text, and the app keeps running."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt, QTimer, qWarning
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from treserva_desktop.ui import incidents, messages

PERSONAL = "Andersson, Karin 19380412-1234, Storgatan 5"
INCIDENT = re.compile(r"Incident-id: ([0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4})")


class Shown:
    """messages.error as the user sees it: the text and the thread it was shown on."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.texts: list[str] = []
        self.titles: list[str] = []
        self.threads: list[threading.Thread] = []

        def error(_parent: object, text: str, *, title: str = "Fel", **_kw: object) -> None:
            self.texts.append(text)
            self.titles.append(title)
            self.threads.append(threading.current_thread())

        monkeypatch.setattr(messages, "error", error)

    def incident(self, index: int = -1) -> str:
        found = INCIDENT.search(self.texts[index])
        assert found is not None, self.texts[index]
        return found.group(1)


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> Shown:
    return Shown(monkeypatch)


@pytest.fixture
def hooks(qapp: QApplication) -> Iterator[incidents.ExceptionHooks]:
    installed = incidents.install(lambda: 42)
    yield installed
    installed.uninstall()


def logged(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(record.getMessage() for record in caplog.records)


def assert_logged_without_personal_data(caplog: pytest.LogCaptureFixture, incident: str) -> None:
    text = logged(caplog)
    assert f"incident {incident}: unexpected RuntimeError" in text
    assert "(user id 42" in text
    assert "File " in text  # the frames are there
    for part in ("Andersson", "Karin", "19380412", "Storgatan"):
        assert part not in text


def boom() -> None:
    raise RuntimeError(PERSONAL)


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_shows_an_incident_and_the_app_runs_on(
    qtbot, hooks: incidents.ExceptionHooks, shown: Shown, caplog: pytest.LogCaptureFixture
) -> None:
    button = QPushButton("Spara")
    qtbot.addWidget(button)
    button.clicked.connect(boom)
    button.show()
    with caplog.at_level(logging.INFO):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: len(shown.texts) == 1)
    text = shown.texts[0]
    assert text.startswith("Ett oväntat fel inträffade.")
    assert shown.titles == [incidents.UNEXPECTED_TITLE]
    incident = shown.incident()
    assert hooks.incidents == [incident]
    assert_logged_without_personal_data(caplog, incident)
    assert "in boom" in logged(caplog)  # the traceback names the failing function
    # The app keeps running: the event loop delivers the next event, and a second failure gets
    # a new incident of its own.
    later: list[str] = []
    QTimer.singleShot(0, lambda: later.append("still running"))
    qtbot.waitUntil(lambda: later == ["still running"])
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(shown.texts) == 2)
    assert shown.incident() != incident


class Broken(QWidget):
    """A widget whose event handler (a C++ virtual Qt calls) fails."""

    def mousePressEvent(self, event: QMouseEvent) -> None:
        raise RuntimeError(PERSONAL)


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_an_event_handler_is_an_incident(
    qtbot, hooks: incidents.ExceptionHooks, shown: Shown, caplog: pytest.LogCaptureFixture
) -> None:
    widget = Broken()
    qtbot.addWidget(widget)
    widget.show()
    press = QMouseEvent(
        QEvent.Type.MouseButtonPress,
        QPointF(5, 5),
        QPointF(5, 5),
        Qt.MouseButton.LeftButton,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with caplog.at_level(logging.INFO):
        # Posted, so the event loop delivers it as it would a real click.
        QApplication.postEvent(widget, press)
        qtbot.waitUntil(lambda: len(shown.texts) == 1)
    assert_logged_without_personal_data(caplog, shown.incident())
    assert widget.isVisible()


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_worker_thread_is_shown_on_the_gui_thread(
    qtbot, hooks: incidents.ExceptionHooks, shown: Shown, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        worker = threading.Thread(target=boom, name="worker")
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: len(shown.texts) == 1)
    assert shown.threads == [threading.main_thread()]
    assert_logged_without_personal_data(caplog, shown.incident())
    assert "in thread worker" in logged(caplog)


def test_the_incident_id_is_readable_and_new_each_time() -> None:
    ids = {incidents.new_incident_id() for _ in range(1000)}
    assert len(ids) == 1000
    assert all(INCIDENT.fullmatch(f"Incident-id: {value}") for value in ids)
    text = incidents.with_incident("Ett oväntat fel inträffade.", "7F3K-9QXM")
    assert text.endswith("Incident-id: 7F3K-9QXM (uppge det om du kontaktar Användarstöd).")


def test_a_chained_exception_is_named_by_type_only(caplog: pytest.LogCaptureFixture) -> None:
    try:
        try:
            raise KeyError(PERSONAL)
        except KeyError as inner:
            raise RuntimeError(PERSONAL) from inner
    except RuntimeError as exc:
        with caplog.at_level(logging.INFO):
            incident = incidents.log_incident("test", 42, exc, person_id=7)
    text = logged(caplog)
    assert f"incident {incident}: unexpected RuntimeError in test (user id 42" in text
    assert "'person_id': 7" in text
    assert "builtins.KeyError (message withheld)" in text
    assert "Andersson" not in text


@pytest.mark.qt_log_ignore(".*")
def test_qt_messages_go_to_the_log_with_quoted_text_masked(
    qapp: QApplication, hooks: incidents.ExceptionHooks, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG, logger="qt"):
        qWarning('Cannot open file "Andersson Karin 19380412-1234.pdf"')
    text = logged(caplog)
    assert "Cannot open file" in text
    assert "Andersson" not in text
    assert "19380412" not in text


@pytest.mark.qt_no_exception_capture
def test_a_failure_while_showing_is_only_logged(
    qtbot, hooks: incidents.ExceptionHooks, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_box(*_a: object, **_kw: object) -> None:
        raise RuntimeError(PERSONAL)

    monkeypatch.setattr(messages, "error", broken_box)
    QTimer.singleShot(0, boom)
    qtbot.waitUntil(lambda: len(hooks.incidents) == 1)
    still: list[bool] = []
    QTimer.singleShot(0, lambda: still.append(True))
    qtbot.waitUntil(lambda: still == [True])
