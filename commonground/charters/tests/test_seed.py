from __future__ import annotations

import pytest

from commonground.charters.models import Charter, Commitment
from commonground.charters.seed import seed_charters


@pytest.mark.django_db
def test_it_seeds_the_three_charters_and_flags_the_incomplete_ones(charters):
    assert set(charters) == {"ethical-care", "residential-care", "migrant-workers"}
    assert charters["ethical-care"].is_complete
    assert not charters["residential-care"].is_complete
    assert not charters["migrant-workers"].is_complete
    ecc = charters["ethical-care"].commitments.all()
    assert [c.number for c in ecc] == [str(n) for n in range(1, 14)]
    assert ecc.get(number="13").wording_unverified
    assert charters["residential-care"].commitments.filter(is_placeholder=True).count() == 1
    assert charters["migrant-workers"].commitments.filter(is_placeholder=True).count() == 1
    assert charters["ethical-care"].letter_templates.count() == 1


@pytest.mark.django_db
def test_it_seeds_idempotently_and_keeps_admin_edits(charters):
    c = Commitment.objects.get(charter__slug="ethical-care", number="1")
    c.text = "Edited by an admin"
    c.save()
    assert seed_charters() == 0
    assert Charter.objects.count() == 3
    assert Commitment.objects.get(pk=c.pk).text == "Edited by an admin"
    assert Commitment.objects.filter(charter__slug="ethical-care").count() == 13
