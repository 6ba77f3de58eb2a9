"""`manage.py rebuild_summaries` puts back summaries that a write around the portal left wrong."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from cchc_portal import summaries
from procedures.factories import intake
from procedures.models import IntakeSummary

JAN = datetime.date(2022, 1, 1)


def test_the_command_rebuilds_a_summary_changed_behind_its_back(ward, capsys):
    intake(ward, JAN, "land", received_counter=3, pending_within_deadline=3)
    IntakeSummary.objects.filter(unit=ward).delete()  # as a raw SQL edit would leave it
    with pytest.raises(CommandError, match="do not equal the raw rows"):
        call_command("rebuild_summaries", "--check")

    call_command("rebuild_summaries")

    assert "Every summary equals a fresh aggregate of the raw rows." in capsys.readouterr().out
    assert summaries.verify_all() == {}
    assert IntakeSummary.objects.get(unit=ward, month=JAN).received_counter == 3
