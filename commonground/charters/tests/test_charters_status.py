from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from commonground.charters import actions


@pytest.mark.django_db
def test_it_prints_status_per_target_as_json(regional_organiser, ecc, bolton, liverpool):
    actions.change_status(regional_organiser, actions.status_for(bolton, ecc), "pledged")
    out = io.StringIO()
    call_command("charters_status", "--charter", "ethical-care", "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert [r["charter"] for r in report] == ["ethical-care"]
    targets = {t["name"]: t for t in report[0]["targets"]}
    assert targets["Bolton"]["status"] == "pledged"
    assert targets["Liverpool"]["status"] == "not_approached"
    assert report[0]["counts"]["pledged"] == 1


@pytest.mark.django_db
def test_it_prints_a_table_and_flags_incomplete_charters(charters, bolton):
    out = io.StringIO()
    call_command("charters_status", stdout=out)
    text = out.getvalue()
    assert "Residential Care Charter  [text incomplete]" in text
    assert "Bolton" in text


@pytest.mark.django_db
def test_it_refuses_an_unknown_charter(charters):
    with pytest.raises(CommandError, match="ethical-care"):
        call_command("charters_status", "--charter", "nope")
