"""Lookups remembered for one import: computed once per key inside `lookups_remembered`, errors
included; outside it, computed at every call."""

import pytest

from khuyencong.core.importexport.columns import CellError
from khuyencong.core.importexport.memo import lookups_remembered, remembered, remembering


def test_inside_an_import_each_key_is_computed_once():
    calls = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert not remembering()
    assert (remembered("k", compute), remembered("k", compute)) == (1, 2)
    with lookups_remembered():
        assert remembering()
        assert (remembered("k", compute), remembered("k", compute)) == (3, 3)
        assert remembered("other", compute) == 4
        with lookups_remembered():  # a nested block shares the outer memory
            assert remembered("k", compute) == 3
    assert remembered("k", compute) == 5


def test_a_lookup_error_is_remembered_and_raised_again():
    calls = []

    def fail() -> None:
        calls.append(1)
        raise CellError("no such unit")

    with lookups_remembered():
        for _ in range(2):
            with pytest.raises(CellError, match="no such unit"):
                remembered("bad", fail, errors=(CellError,))
    assert len(calls) == 1


def test_other_errors_are_not_remembered():
    calls = []

    def fail() -> None:
        calls.append(1)
        raise ValueError

    with lookups_remembered():
        for _ in range(2):
            with pytest.raises(ValueError):
                remembered("bad", fail, errors=(CellError,))
    assert len(calls) == 2
