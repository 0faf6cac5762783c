"""The workflow mechanism refuses a declaration that names unknown states or fields."""

import pytest
from django.db import models

from khuyencong.core.workflow import Transition, Workflow


class Light(models.TextChoices):
    RED = "red", "Red"
    GREEN = "green", "Green"


def _transition(**changes):
    values = {
        "name": "go",
        "label": "Go",
        "sources": frozenset({Light.RED}),
        "target": Light.GREEN,
        "event": "light.go",
        "roles": frozenset({"admin"}),
    }
    values.update(changes)
    return Transition(**values)


def test_a_valid_declaration():
    workflow = Workflow(states=Light, transitions=[_transition()])
    assert workflow.get("go").target == Light.GREEN


def test_unknown_states_are_refused():
    with pytest.raises(ValueError, match="unknown states"):
        Workflow(states=Light, transitions=[_transition(target="blue")])
    with pytest.raises(ValueError, match="unknown states"):
        Workflow(states=Light, transitions=[_transition(sources=frozenset({"amber"}))])


def test_a_required_field_must_be_asked():
    with pytest.raises(ValueError, match="requires a field"):
        Workflow(
            states=Light, transitions=[_transition(asks=("note",), requires=("decision_number",))]
        )


def test_record_fields_are_cleaned_and_required():
    from django.core.exceptions import ValidationError

    workflow = Workflow(
        states=Light,
        transitions=[_transition(asks=("note", "decision_number"), requires=("note",))],
    )
    record = workflow.clean_record(workflow.get("go"), {"note": "  lý do  ", "other": 1})
    assert record == {"note": "lý do", "decision_number": None}
    with pytest.raises(ValidationError) as error:
        workflow.clean_record(workflow.get("go"), {"note": "   "})
    assert "note" in error.value.message_dict
