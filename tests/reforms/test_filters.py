"""The reform lists' filters (django-filter): year, a unit of the user's scope, kind."""

import datetime
import re

import pytest
from django.urls import reverse

from cchc_portal.factories import UnitFactory, UserFactory
from cchc_portal.models import Role, Unit
from reforms.factories import (
    IssuedDocumentFactory,
    OutreachActivityFactory,
    ReformModelFactory,
    ReformPlanFactory,
)
from reforms.models import IssuedDocument, ReformModel

pytestmark = pytest.mark.django_db

INVALID_CHOICE = "Hãy chọn một lựa chọn hợp lệ."


@pytest.fixture
def noivu(city):
    return UserFactory(username="noivu", unit=city, roles=[Role.Code.INTERNAL_AFFAIRS])


def get(client, name, **params):
    response = client.get(reverse(f"reforms:{name}"), params)
    assert response.status_code == 200
    return response.content.decode()


def selected(html, name):
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group()
    return re.findall(r'<option value="([^"]*)" selected>', select)


def test_documents_by_unit_year_and_kind(client_for, noivu, ward, other_ward):
    IssuedDocumentFactory(unit=ward, number="1/KH-UBND")
    IssuedDocumentFactory(unit=ward, number="2/QĐ-UBND", kind=IssuedDocument.Kind.DECISION)
    IssuedDocumentFactory(unit=other_ward, number="3/KH-UBND")
    IssuedDocumentFactory(unit=ward, number="4/KH-UBND", issued_on=datetime.date(2021, 5, 4))
    client = client_for(noivu)
    html = get(client, "document-list", unit=ward.pk, kind="plan")
    # the latest year with documents, the kind counts before the kind filter
    assert selected(html, "year") == ["2022"]
    assert selected(html, "unit") == [str(ward.pk)]
    assert selected(html, "kind") == ["plan"]
    assert "2 văn bản · kế hoạch 1 · quyết định 1" in html
    assert "1/KH-UBND" in html
    assert "2/QĐ-UBND" not in html
    assert "3/KH-UBND" not in html
    assert "4/KH-UBND" not in html
    assert '<option value="plan" selected>Kế hoạch</option>' in html
    assert "4/KH-UBND" in get(client, "document-list", year=2021)


def test_documents_ignore_a_malformed_kind_and_year(client_for, noivu, ward):
    IssuedDocumentFactory(unit=ward, number="1/KH-UBND")
    html = get(client_for(noivu), "document-list", kind="bogus", year="hai-nghìn")
    assert "1/KH-UBND" in html
    assert selected(html, "year") == ["2022"]
    assert INVALID_CHOICE in html


def test_a_unit_out_of_scope_is_refused(client_for, staff_user, ward, other_ward):
    IssuedDocumentFactory(unit=ward, number="1/KH-UBND")
    IssuedDocumentFactory(unit=other_ward, number="CANARY/KH-UBND")
    ReformModelFactory(unit=other_ward, name="CANARY mô hình")
    OutreachActivityFactory(unit=other_ward, topic="CANARY tuyên truyền")
    client = client_for(staff_user)
    html = get(client, "document-list", unit=other_ward.pk)
    # ignored: a ward's staff have no unit to choose, so no field and no error either
    assert "1/KH-UBND" in html
    assert "CANARY" not in html
    assert 'name="unit"' not in html
    for name in ("model-list", "outreach-list", "plan-list"):
        html = get(client, name, unit=other_ward.pk, year=2022)
        assert "CANARY" not in html, name
        assert "Phường Hai" not in html, name


def test_the_city_chooses_among_its_own_units_only(client_for, noivu, ward, other_city):
    far = UnitFactory(name="Phường Xa", code="far", kind=Unit.Kind.WARD, parent=other_city)
    IssuedDocumentFactory(unit=far, number="CANARY/KH-UBND")
    html = get(client_for(noivu), "document-list", unit=far.pk)
    assert f'<option value="{ward.pk}">Phường Một</option>' in html
    assert f'value="{far.pk}"' not in html
    assert "CANARY" not in html
    assert INVALID_CHOICE in html


def test_models_by_effectiveness(client_for, noivu, ward):
    ReformModelFactory(
        unit=ward,
        name="Mô hình hiệu quả",
        effectiveness="effective",
        evaluation_reason="Giảm thời gian chờ",
        evaluated_on=datetime.date(2022, 12, 1),
    )
    ReformModelFactory(unit=ward, name="Mô hình chưa đánh giá")
    client = client_for(noivu)
    html = get(client, "model-list", effectiveness=ReformModel.Effectiveness.EFFECTIVE)
    assert "Mô hình hiệu quả" in html
    assert "Mô hình chưa đánh giá" not in html
    assert selected(html, "effectiveness") == ["effective"]
    html = get(client, "model-list", effectiveness="rất tốt")
    assert "Mô hình hiệu quả" in html and "Mô hình chưa đánh giá" in html
    assert INVALID_CHOICE in html


def test_outreach_by_unit(client_for, noivu, ward, other_ward):
    OutreachActivityFactory(unit=ward, topic="Tuyên truyền phường Một", participants=40)
    OutreachActivityFactory(unit=other_ward, topic="Tuyên truyền phường Hai", participants=25)
    client = client_for(noivu)
    html = get(client, "outreach-list", unit=other_ward.pk)
    assert "Tuyên truyền phường Hai" in html
    assert "Tuyên truyền phường Một" not in html
    assert "Tuyên truyền phường Một" in get(client, "outreach-list")


def test_plans_of_every_year_or_one(client_for, noivu, ward):
    old = ReformPlanFactory(unit=ward, year=2021)
    new = ReformPlanFactory(unit=ward, year=2022)
    client = client_for(noivu)
    html = get(client, "plan-list")
    assert old.get_absolute_url() in html and new.get_absolute_url() in html
    assert selected(html, "year") == [""]
    html = get(client, "plan-list", year=2021)
    assert old.get_absolute_url() in html and new.get_absolute_url() not in html
    html = get(client, "plan-list", year="1850")
    assert old.get_absolute_url() in html and new.get_absolute_url() in html
    assert "Hãy chọn một năm trong danh sách." in html
