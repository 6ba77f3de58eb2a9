import datetime

import pytest

JAN, FEB, MAR = (datetime.date(2022, m, 1) for m in (1, 2, 3))
OCT, NOV = datetime.date(2022, 10, 1), datetime.date(2022, 11, 1)


@pytest.fixture
def months():
    return {"jan": JAN, "feb": FEB, "mar": MAR, "oct": OCT, "nov": NOV}
