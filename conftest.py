"""Shared test set-up: the reference data every test relies on is loaded once per session."""

import pytest

# The session's headless browser for the end-to-end tests (marker `browser`).
pytest_plugins = ["khuyencong.core.tests.browser"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from khuyencong.core.setup import load_reference

    with django_db_blocker.unblock():
        load_reference(verbose=False)


@pytest.fixture(autouse=True)
def _no_transactional_db(request):
    # Flushing tables after a transactional test would also wipe the session-wide reference
    # data. Tests that need a real server start one in a subprocess with its own database.
    if "transactional_db" in request.fixturenames or "live_server" in request.fixturenames:
        pytest.fail(
            "Use a subprocess server (see khuyencong/core/tests/servers.py), not live_server."
        )
