import pytest

from khuyencong.policy.services import load_reference_data


@pytest.fixture
def reference(db) -> dict:
    """The bundled reference data, loaded (idempotent if the session already loaded it)."""
    return load_reference_data()
