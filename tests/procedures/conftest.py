import datetime
from decimal import Decimal

import pytest

from procedures import demo

JAN, FEB, MAR = (datetime.date(2022, m, 1) for m in (1, 2, 3))
OCT, NOV = datetime.date(2022, 10, 1), datetime.date(2022, 11, 1)


@pytest.fixture
def reported_ward(ward, staff_user):
    """The ward holding Huyền Tụng's January–October 2022, as the demo enters it."""
    demo.load_unit(
        ward,
        demo.huyen_tung_intake(),
        demo.huyen_tung_documents(),
        user=staff_user,
        reported={OCT: {"online": Decimal("8.48")}},
    )
    return ward
