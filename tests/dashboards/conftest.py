"""A small city whose dashboard figures can be computed by hand, and a canary city.

Phường Một (`ward`), 2022:
  plan: 3 counted tasks (2 done, 1 in progress overdue since 30/09/2022) -> 2/3, 66,7 %
  intake: 12/2021 10 received (5 online); 01/2022 10 received (2 online), resolved 9 on
    time + 1 late, 5 electronic; 02/2022 20 received (1 online), resolved 5 early + 15 on
    time, 10 electronic -> Jan–Feb 2022: 30 received, 3 online (10 %), 29/30 early or on
    time (96,67 %), 15/30 electronic (50 %)
  recommendations of its inspection held 14/02/2022 (concluded 17/02): overdue open,
    submitted (awaiting review, deadline 2099), accepted 29/03/2022 -> 2 not accepted,
    1 overdue, acceptance 33,33 %; one more in a draft (planned) inspection, which no
    dashboard counts
  flags: one open in 02/2022; one resolved; one open in 03/2022 (outside Jan–Feb)
Phường Hai (`other_ward`): plan 1/1; 01/2022 10 received at the counter, 10 on time.
Thành phố Khác (`other_city`) with Phường Canary: big figures that must never show to
the city's users (every figure contains 9s, easy to spot).
"""

import datetime

import pytest

from cchc_portal.factories import UnitFactory
from cchc_portal.models import Unit
from inspections.factories import FindingFactory, InspectionFactory, shortcoming_type
from inspections.models import Recommendation
from procedures.factories import DataFlagFactory, intake

from .builders import aware, concluded, plan_with_tasks, recommendation

D = datetime.date
R = Recommendation.Status


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """The factories hash a password per user; the real hasher costs ~0.3 s each."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def city_data(city, ward, other_ward, inspector_user):
    """The two wards' figures (see the module docstring)."""
    plan_with_tasks(ward, done=2, open_overdue=1, title="Phường Một")
    plan_with_tasks(other_ward, done=1, title="Phường Hai")
    intake(ward, D(2021, 12, 1), received_online=5, received_counter=5, resolved_on_time=10)
    intake(
        ward,
        D(2022, 1, 1),
        received_online=2,
        received_counter=8,
        resolved_on_time=9,
        resolved_late=1,
        processed_electronically=5,
    )
    intake(
        ward,
        D(2022, 2, 1),
        received_online=1,
        received_counter=19,
        resolved_early=5,
        resolved_on_time=15,
        processed_electronically=10,
    )
    intake(other_ward, D(2022, 1, 1), received_counter=10, resolved_on_time=10)
    inspection = concluded(ward, inspector_user)
    recommendation(inspection, R.OPEN, D(2022, 12, 31), text="Giao phiếu hẹn cho mọi hồ sơ")
    recommendation(
        inspection, R.SUBMITTED, D(2099, 12, 31), submitted_on=D(2022, 12, 20), text="Cập nhật sổ"
    )
    recommendation(
        inspection,
        R.ACCEPTED,
        D(2022, 12, 31),
        submitted_on=D(2022, 3, 25),
        accepted_on=D(2022, 3, 29),
        text="Khảo sát sự hài lòng",
    )
    draft = InspectionFactory(unit=ward, lead=inspector_user, start_on=D(2023, 3, 1))
    recommendation(draft, R.OPEN, D(2022, 1, 31), text="Kiến nghị nháp")
    DataFlagFactory(unit=ward, month=D(2022, 2, 1), key="missing_month")
    DataFlagFactory(
        unit=ward, month=D(2022, 1, 1), key="missing_month", resolved_at=aware(D(2022, 3, 1))
    )
    DataFlagFactory(unit=ward, month=D(2022, 3, 1), key="missing_month")
    FindingFactory(inspection=inspection, shortcoming_type=shortcoming_type("no-appointment-slip"))
    earlier = concluded(
        other_ward, inspector_user, start=D(2021, 10, 5), concluded_on=D(2021, 10, 8)
    )
    FindingFactory(inspection=earlier, shortcoming_type=shortcoming_type("no-appointment-slip"))
    return inspection


@pytest.fixture
def canary_ward(other_city):
    return UnitFactory(name="Phường Canary", code="canary", kind=Unit.Kind.WARD, parent=other_city)


@pytest.fixture
def canary_data(canary_ward, admin_user_):
    """Figures of a ward in another city: absent from every page of the city's users."""
    plan_with_tasks(canary_ward, done=9, open_overdue=9, title="CANARY")
    intake(canary_ward, D(2022, 1, 1), received_online=999, received_counter=999)
    intake(canary_ward, D(2022, 2, 1), received_online=999, received_counter=999)
    inspection = concluded(canary_ward, admin_user_)
    for _index in range(9):
        recommendation(inspection, R.OPEN, D(2022, 12, 31), text="CANARY kiến nghị")
    recommendation(
        inspection, R.SUBMITTED, D(2022, 12, 31), submitted_on=D(2023, 1, 2), text="CANARY báo cáo"
    )
    DataFlagFactory(unit=canary_ward, month=D(2022, 2, 1), key="missing_month")
    FindingFactory(inspection=inspection, shortcoming_type=shortcoming_type("no-self-inspection"))
    FindingFactory(inspection=inspection, shortcoming_type=shortcoming_type("no-appointment-slip"))
    return inspection
