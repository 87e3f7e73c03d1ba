import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread

from tests.conftest import chromium_path

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class OneRequestAtATime(ThreadedWSGIServer):
    """The browser tests' server: threaded (kept-alive connections, a service
    worker's fetches beside the page's), but running one request at a time. Every
    thread shares the test's in-memory SQLite connection, and two statements at once
    on one connection fail at random ("table is locked", a row read back empty)."""

    running = threading.Lock()

    def get_app(self) -> Callable[..., Iterable[bytes]]:
        app = super().get_app()
        assert app is not None

        def one_at_a_time(environ: dict[str, Any], start_response: Any) -> list[bytes]:
            with self.running:
                # The body is read inside the lock too: a streamed one may query.
                result = app(environ, start_response)
                try:
                    return [b"".join(result)]
                finally:
                    getattr(result, "close", lambda: None)()

        return one_at_a_time


LiveServerThread.server_class = OneRequestAtATime

DOCS_IMG = Path(__file__).resolve().parents[2] / "docs" / "img"


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory):
    """Where the journey's screenshots go: a temporary folder, so that a test run
    leaves the checkout as it found it; with UPDATE_SCREENSHOTS=1, docs/img/, to
    refresh the pictures the README and docs show."""
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        DOCS_IMG.mkdir(parents=True, exist_ok=True)
        return DOCS_IMG
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture(scope="session")
def chromium():
    path = chromium_path()
    if path is None:
        message = (
            "Chromium is not installed (apt install chromium); browser tests need it."
        )
        if os.environ.get("CI"):
            pytest.fail(message + " Under CI they must run.")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(
        viewport={"width": 412, "height": 900}, base_url=live_server.url
    )
    page = context.new_page()
    page.console_errors = []
    page.on(
        "console",
        lambda msg: msg.type == "error" and page.console_errors.append(msg.text),
    )
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    yield page
    context.close()
