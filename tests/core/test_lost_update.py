"""No lost update: two people open the same edit form; the second save is refused.

Each case opens the edit page in two browsers (two clients), saves the first, and posts the
second with the form as the page gave it plus the second person's change: the second save is
refused with the Vietnamese message naming what the first changed, the first's data stays,
and the second person's input is still on the form. `test_every_edit_form_is_version_checked`
fails for a model form of the project that has no case here (create-only forms aside).
"""

import datetime
import importlib
from dataclasses import dataclass, field

import pytest
from django import forms
from django.apps import apps
from django.forms.widgets import ChoiceWidget
from django.test import Client
from django.urls import reverse

from cchc_portal.factories import UnitFactory
from cchc_portal.forms import UnitForm
from cchc_portal.models import Unit
from inspections import forms as inspection_forms
from inspections import services as inspection_services
from inspections.factories import (
    ChecklistCriterionFactory,
    ChecklistTemplateFactory,
    InspectionFactory,
    InspectionPlanFactory,
    ShortcomingTypeFactory,
    area,
)
from inspections.models import Finding
from reforms import forms as reform_forms
from reforms.factories import (
    IssuedDocumentFactory,
    OutreachActivityFactory,
    OutreachYearFactory,
    ReformModelFactory,
    ReformPlanFactory,
    ReformTaskFactory,
)
from reports.factories import ReportRoundFactory, UnitReportFactory
from reports.forms import RoundForm

pytestmark = pytest.mark.django_db

D = datetime.date

REFUSED = (
    "Người khác đã lưu bản ghi này sau khi bạn mở trang và đã thay đổi: {fields}. "
    "Chưa có gì của bạn được lưu; nội dung bạn nhập vẫn được giữ bên dưới. Hãy tải lại trang "
    "để xem thay đổi đó, rồi nhập lại nội dung của bạn."
)


def form_data(response):
    """What the browser posts back for the form the page shows, untouched."""
    return _bound_data(response.context["form"])


def _bound_data(form):
    data = {}
    for bound in form:
        if isinstance(bound.field, forms.FileField) or bound.field.disabled:
            continue
        value, widget = bound.value(), bound.field.widget
        if isinstance(widget, forms.CheckboxInput):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(item) for item in value]
        elif value is None:
            data[bound.html_name] = ""
        elif isinstance(widget, ChoiceWidget):
            data[bound.html_name] = str(value)
        else:
            # As the page shows it: dates as the widget formats them, rates as "1,18".
            data[bound.html_name] = widget.format_value(value) or ""
    return data


@dataclass
class Case:
    """One edit form: how to open it, what each person changes, what must stay stored."""

    open: object  # (getfixturevalue) -> (user, url, record)
    first: dict  # the first person's change, saved
    second: dict  # the second person's change, refused
    changed: str  # the fields the message names
    stored: object  # (record) -> the values the first person saved
    expected: tuple = field(default=())


def _document(get):
    document = IssuedDocumentFactory(
        unit=get("ward"), number="05/KH-UBND", title="Kế hoạch CCHC năm 2022"
    )
    return get("staff_user"), reverse("reforms:document-edit", args=[document.pk]), document


def _reform_plan(get):
    plan = ReformPlanFactory(unit=get("ward"), year=2022, note="")
    return get("staff_user"), reverse("reforms:plan-edit", args=[plan.pk]), plan


def _outreach(get):
    activity = OutreachActivityFactory(unit=get("ward"), topic="Tuyên truyền CCHC", participants=40)
    return get("staff_user"), reverse("reforms:outreach-edit", args=[activity.pk]), activity


def _outreach_year(get):
    row = OutreachYearFactory(unit=get("ward"), year=2022, meetings_count=10)
    return get("staff_user"), reverse("reforms:outreach-meetings", args=[2022]), row


def _reform_model(get):
    model = ReformModelFactory(unit=get("ward"), name="Một cửa tại nhà", description="")
    return get("staff_user"), reverse("reforms:model-edit", args=[model.pk]), model


def _evaluation(get):
    model = ReformModelFactory(unit=get("ward"), name="Một cửa tại nhà")
    return get("internal_affairs_user"), reverse("reforms:model-evaluate", args=[model.pk]), model


def _unit(get):
    unit = get("other_ward")
    return get("internal_affairs_user"), reverse("unit-edit", args=[unit.pk]), unit


def _inspection_plan(get):
    plan = InspectionPlanFactory(unit=get("city"), year=2022, title="Kế hoạch kiểm tra 2022")
    return get("internal_affairs_user"), reverse("inspections:plan-edit", args=[plan.pk]), plan


def _round(get):
    rnd = ReportRoundFactory(unit=get("city"), year=2022, deadline=D(2022, 10, 10))
    UnitReportFactory(round=rnd, unit=get("ward"))
    return get("internal_affairs_user"), reverse("reports:round-edit", args=[rnd.pk]), rnd


def _checklist(get):
    template = ChecklistTemplateFactory(unit=get("city"), name="Bộ tiêu chí phường")
    return (
        get("internal_affairs_user"),
        reverse("inspections:checklist-edit", args=[template.pk]),
        template,
    )


def _criterion(get):
    criterion = ChecklistCriterionFactory(
        template=ChecklistTemplateFactory(unit=get("city")), text="Niêm yết TTHC", guidance=""
    )
    return (
        get("internal_affairs_user"),
        reverse("inspections:criterion-edit", args=[criterion.pk]),
        criterion,
    )


def _shortcoming_type(get):
    kind = ShortcomingTypeFactory(name="Chậm niêm yết", description="")
    return get("admin_user_"), reverse("inspections:shortcomingtype-edit", args=[kind.pk]), kind


def _task(get):
    task = ReformTaskFactory(
        plan=ReformPlanFactory(unit=get("ward"), year=2022),
        title="Rà soát thủ tục hành chính",
        responsible="",
        deadline=D(2022, 6, 30),
    )
    return get("staff_user"), reverse("reforms:task-edit", args=[task.pk]), task


def _inspection(get):
    inspection = InspectionFactory(unit=get("ward"), lead=get("inspector_user"), purpose="")
    return (
        get("inspector_user"),
        reverse("inspections:inspection-edit", args=[inspection.pk]),
        inspection,
    )


def _started(get):
    return inspection_services.inspection_start(
        inspection=InspectionFactory(unit=get("ward"), lead=get("inspector_user")),
        acting_user=get("inspector_user"),
    )


def _snapshot(get):
    inspection = _started(get)
    return (
        get("inspector_user"),
        reverse("inspections:inspection-snapshot", args=[inspection.pk]),
        inspection,
    )


def _shortcoming(get):
    return inspection_services.finding_create(
        inspection=_started(get),
        acting_user=get("inspector_user"),
        kind=Finding.Kind.SHORTCOMING,
        text="Không giao phiếu hẹn trả kết quả.",
        area=area("procedures"),
    )


def _finding(get):
    finding = _shortcoming(get)
    return get("inspector_user"), reverse("inspections:finding-edit", args=[finding.pk]), finding


def _recommendation(get):
    finding = _shortcoming(get)
    recommendation = inspection_services.recommendation_create(
        inspection=finding.inspection,
        acting_user=get("inspector_user"),
        text="Giao phiếu hẹn cho mọi hồ sơ.",
        responsible_unit=get("ward"),
        due_on=D(2022, 12, 31),
        finding=finding,
    )
    return (
        get("inspector_user"),
        reverse("inspections:recommendation-edit", args=[recommendation.pk]),
        recommendation,
    )


def _mark(get):
    inspection = _started(get)
    criterion = ChecklistCriterionFactory(
        template=ChecklistTemplateFactory(unit=get("city")), text="Niêm yết TTHC"
    )
    inspection.checklist_template = criterion.template
    inspection.save()
    mark = inspection_services.checklist_mark(
        inspection=inspection,
        criterion=criterion,
        acting_user=get("inspector_user"),
        result="met",
        note="",
    )
    url = reverse("inspections:checklist-mark", args=[inspection.pk, criterion.pk])
    return get("inspector_user"), url, mark


CASES = {
    # Not a model form, but it changes the team's mark of a criterion.
    inspection_forms.ChecklistMarkForm: Case(
        _mark,
        first={"note": "Niêm yết đủ 45 TTHC"},
        second={"result": "not_applicable"},
        changed="Ghi chú",
        stored=lambda r: (r.result, r.note),
        expected=("met", "Niêm yết đủ 45 TTHC"),
    ),
    reform_forms.TaskForm: Case(
        _task,
        first={"responsible": "Công chức Tư pháp – Hộ tịch"},
        second={"title": "Rà soát, đơn giản hóa thủ tục hành chính"},
        changed="Người chủ trì",
        stored=lambda r: (r.title, r.responsible),
        expected=("Rà soát thủ tục hành chính", "Công chức Tư pháp – Hộ tịch"),
    ),
    inspection_forms.InspectionForm: Case(
        _inspection,
        first={"purpose": "Kiểm tra việc giải quyết TTHC"},
        second={"start_on": "2022-11-03"},
        changed="Nội dung kiểm tra",
        stored=lambda r: (r.purpose, r.start_on),
        expected=("Kiểm tra việc giải quyết TTHC", D(2022, 11, 1)),
    ),
    inspection_forms.SnapshotForm: Case(
        _snapshot,
        first={"snapshot_as_of": "2022-11-02"},
        second={"snapshot_as_of": "2022-11-03"},
        changed="Số liệu tính đến ngày",
        stored=lambda r: (r.snapshot_as_of,),
        expected=(D(2022, 11, 2),),
    ),
    inspection_forms.FindingForm: Case(
        _finding,
        first={"text": "Không giao phiếu hẹn trả kết quả cho 12 hồ sơ."},
        second={"text": "Không giao phiếu hẹn."},
        changed="Nội dung",
        stored=lambda r: (r.text,),
        expected=("Không giao phiếu hẹn trả kết quả cho 12 hồ sơ.",),
    ),
    inspection_forms.RecommendationForm: Case(
        _recommendation,
        first={"due_on": "2023-01-31"},
        second={"text": "Giao phiếu hẹn cho mọi hồ sơ, kể cả hồ sơ trực tuyến."},
        changed="Thời hạn",
        stored=lambda r: (r.text, r.due_on),
        expected=("Giao phiếu hẹn cho mọi hồ sơ.", D(2023, 1, 31)),
    ),
    reform_forms.DocumentForm: Case(
        _document,
        first={"title": "Kế hoạch CCHC năm 2022 (bổ sung)"},
        second={"number": "06/KH-UBND"},
        changed="Trích yếu",
        stored=lambda r: (r.number, r.title),
        expected=("05/KH-UBND", "Kế hoạch CCHC năm 2022 (bổ sung)"),
    ),
    reform_forms.PlanForm: Case(
        _reform_plan,
        first={"note": "Ghi chú của người thứ nhất"},
        second={"note": "Ghi chú của người thứ hai"},
        changed="Ghi chú",
        stored=lambda r: (r.note,),
        expected=("Ghi chú của người thứ nhất",),
    ),
    reform_forms.OutreachForm: Case(
        _outreach,
        first={"participants": "45"},
        second={"topic": "Tuyên truyền CCHC (sửa)"},
        changed="Số lượt người tham gia",
        stored=lambda r: (r.participants, r.topic),
        expected=(45, "Tuyên truyền CCHC"),
    ),
    reform_forms.OutreachYearForm: Case(
        _outreach_year,
        first={"meetings_count": "12"},
        second={"meetings_count": "11"},
        changed="Số cuộc họp đã tổ chức trong năm",
        stored=lambda r: (r.meetings_count,),
        expected=(12,),
    ),
    reform_forms.ReformModelForm: Case(
        _reform_model,
        first={"description": "Nhận và trả hồ sơ tại nhà"},
        second={"name": "Một cửa lưu động"},
        changed="Mô tả",
        stored=lambda r: (r.name, r.description),
        expected=("Một cửa tại nhà", "Nhận và trả hồ sơ tại nhà"),
    ),
    reform_forms.ReformModelEvaluationForm: Case(
        _evaluation,
        first={"effectiveness": "effective", "reason": "Người dân hài lòng"},
        second={"effectiveness": "not_effective", "reason": "Ít người dùng"},
        changed="Hiệu quả, Lý do đánh giá",
        stored=lambda r: (r.effectiveness, r.evaluation_reason),
        expected=("effective", "Người dân hài lòng"),
    ),
    UnitForm: Case(
        _unit,
        first={"address": "Số 1 đường Lê Lợi"},
        second={"short_name": "P2"},
        changed="Địa chỉ",
        stored=lambda r: (r.address, r.short_name),
        expected=("Số 1 đường Lê Lợi", ""),
    ),
    inspection_forms.PlanForm: Case(
        _inspection_plan,
        first={"title": "Kế hoạch kiểm tra CCHC năm 2022"},
        second={"document_number": "12/KH-UBND"},
        changed="Trích yếu",
        stored=lambda r: (r.title, r.document_number),
        expected=("Kế hoạch kiểm tra CCHC năm 2022", ""),
    ),
    RoundForm: Case(
        _round,
        first={"deadline": "2022-10-20"},
        second={"instructions": "Gửi kèm phụ lục"},
        changed="Thời hạn",
        stored=lambda r: (r.deadline, r.instructions),
        expected=(D(2022, 10, 20), ""),
    ),
    inspection_forms.ChecklistTemplateForm: Case(
        _checklist,
        first={"name": "Bộ tiêu chí phường, xã"},
        second={"description": "Dùng cho phường"},
        changed="Tên",
        stored=lambda r: (r.name, r.description),
        expected=("Bộ tiêu chí phường, xã", ""),
    ),
    inspection_forms.ChecklistCriterionForm: Case(
        _criterion,
        first={"text": "Niêm yết TTHC đầy đủ"},
        second={"guidance": "Xem bảng niêm yết"},
        changed="Tiêu chí",
        stored=lambda r: (r.text, r.guidance),
        expected=("Niêm yết TTHC đầy đủ", ""),
    ),
    inspection_forms.ShortcomingTypeForm: Case(
        _shortcoming_type,
        first={"name": "Chậm niêm yết TTHC"},
        second={"description": "Niêm yết sau hạn"},
        changed="Tên",
        stored=lambda r: (r.name, r.description),
        expected=("Chậm niêm yết TTHC", ""),
    ),
}


def _browser(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "form_class", list(CASES), ids=lambda cls: f"{cls.__module__}.{cls.__name__}"
)
def test_the_second_of_two_saves_is_refused(request, form_class):
    case = CASES[form_class]
    user, url, record = case.open(request.getfixturevalue)
    first, second = _browser(user), _browser(user)
    first_page, second_page = first.get(url), second.get(url)
    assert type(first_page.context["form"]) is form_class
    first_data, second_data = form_data(first_page), form_data(second_page)
    prefixed = first_page.context["form"].add_prefix

    saved = first.post(url, {**first_data, **{prefixed(k): v for k, v in case.first.items()}})
    assert saved.status_code == 302, saved.context["form"].errors
    refused = second.post(url, {**second_data, **{prefixed(k): v for k, v in case.second.items()}})

    assert refused.status_code == 200
    form = refused.context["form"]
    assert form.non_field_errors() == [REFUSED.format(fields=case.changed)]
    for name, value in case.second.items():
        assert form[name].value() == value  # the second person's input is kept
    record.refresh_from_db()
    assert case.stored(record) == case.expected
    assert record.version == 2


def test_a_stale_save_without_a_visible_change_names_no_field(client_for, ward, staff_user):
    """Saved meanwhile with the same values (or by a form that shows other fields)."""
    document = IssuedDocumentFactory(unit=ward, number="05/KH-UBND")
    client = client_for(staff_user)
    url = reverse("reforms:document-edit", args=[document.pk])
    data = form_data(client.get(url))
    assert client.post(url, data).status_code == 302
    refused = client.post(url, {**data, "title": "Trích yếu mới"})
    assert refused.context["form"].non_field_errors() == [
        "Người khác đã lưu bản ghi này sau khi bạn mở trang. Chưa có gì của bạn được lưu; nội "
        "dung bạn nhập vẫn được giữ bên dưới. Hãy tải lại trang để xem thay đổi đó, rồi nhập "
        "lại nội dung của bạn."
    ]
    document.refresh_from_db()
    assert (document.title, document.version) != ("Trích yếu mới", 3)


@pytest.mark.parametrize("version", ["abc", "-1", "", "99999999999999999999"])
def test_a_crafted_version_is_a_form_error(client_for, ward, staff_user, version):
    document = IssuedDocumentFactory(unit=ward, number="05/KH-UBND")
    client = client_for(staff_user)
    url = reverse("reforms:document-edit", args=[document.pk])
    data = form_data(client.get(url))
    response = client.post(url, {**data, "version": version, "number": "06/KH-UBND"})
    assert response.status_code == 200
    # The hidden field has no place to show its error: it is the form's, shown at its top.
    assert response.context["form"].non_field_errors() == [
        "Biểu mẫu gửi lên bị thiếu hoặc đã bị sửa đổi. Hãy tải lại trang rồi thử lại."
    ]
    assert "Biểu mẫu gửi lên bị thiếu hoặc đã bị sửa đổi." in response.content.decode()
    document.refresh_from_db()
    assert (document.number, document.version) == ("05/KH-UBND", 1)


def test_the_years_meetings_recorded_meanwhile_are_not_replaced(ward, staff_user):
    """Both open the year's meetings before any total is recorded; the first records 12."""
    url = reverse("reforms:outreach-meetings", args=[2022])
    first, second = _browser(staff_user), _browser(staff_user)
    first_data, second_data = form_data(first.get(url)), form_data(second.get(url))
    assert second_data["version"] == "0"
    assert first.post(url, {**first_data, "meetings_count": "12"}).status_code == 302
    refused = second.post(url, {**second_data, "meetings_count": "9"})
    assert refused.context["form"].non_field_errors() == [
        REFUSED.format(fields="Số cuộc họp đã tổ chức trong năm")
    ]
    assert list(ward.outreach_years.values_list("meetings_count", flat=True)) == [12]


def test_a_refused_save_changes_nothing_else(ward, city, internal_affairs_user):
    """A round refused as stale neither moves the deadline nor changes who owes it."""
    rnd = ReportRoundFactory(unit=city, year=2022, deadline=D(2022, 10, 10))
    UnitReportFactory(round=rnd, unit=ward)
    other = UnitFactory(name="Phường Ba", code="ward-three", kind=Unit.Kind.WARD, parent=city)
    url = reverse("reports:round-edit", args=[rnd.pk])
    first, second = _browser(internal_affairs_user), _browser(internal_affairs_user)
    first_data, second_data = form_data(first.get(url)), form_data(second.get(url))
    assert first.post(url, {**first_data, "instructions": "Gửi sớm"}).status_code == 302
    refused = second.post(
        url, {**second_data, "deadline": "2022-11-30", "units": [str(ward.pk), str(other.pk)]}
    )
    assert refused.status_code == 200
    rnd.refresh_from_db()
    assert (rnd.deadline, rnd.instructions) == (D(2022, 10, 10), "Gửi sớm")
    assert list(rnd.reports.values_list("unit__code", flat=True)) == ["ward-one"]


# --- every model form of the project ---------------------------------------------------------

PROJECT_APPS = ("cchc_portal", "reforms", "procedures", "notifications", "inspections", "reports")

# Forms that only ever create a record (never bound to a saved one): nothing can go stale.
CREATE_ONLY = set()

# Forms that edit a saved record under a version of their own, proven by the tests named.
OWN_VERSION = {
    # The month's figures: one version on the month (MonthlyReport) guards the header and
    # every row; its message is the one the load test reads (loadtest/pages.py MONTH_STALE).
    "procedures.forms.MonthHeaderForm": "tests/procedures/test_views.py::"
    "test_a_stale_form_does_not_overwrite",
    "procedures.forms.IntakeRowForm": "saved only with the month: MonthHeaderForm's version",
    "procedures.forms.DigitalForm": "saved only with the month: MonthHeaderForm's version",
    "procedures.forms.CountsForm": "the base of the two row forms above, never used alone",
    # The base of the admin's change forms (VersionedAdminMixin), and the task admin's.
    "cchc_portal.versioning.VersionedAdminForm": "test_the_admin_refuses_the_second_of_two_saves",
    "reforms.admin.ReformTaskAdminForm": "test_the_admin_refuses_the_second_of_two_saves[task]",
}


def _project_model_forms():
    for app in PROJECT_APPS:
        if importlib.util.find_spec(f"{app}.forms"):
            importlib.import_module(f"{app}.forms")
    found, todo = set(), [forms.ModelForm]
    while todo:
        for cls in todo.pop().__subclasses__():
            todo.append(cls)
            if cls.__module__.split(".")[0] in PROJECT_APPS:
                found.add(cls)
    return found


def test_every_edit_form_is_version_checked():
    assert apps.ready
    names = lambda classes: sorted(f"{c.__module__}.{c.__name__}" for c in classes)  # noqa: E731
    unchecked = set(names(_project_model_forms() - set(CASES) - CREATE_ONLY)) - set(OWN_VERSION)
    assert sorted(unchecked) == []


# --- the admin -------------------------------------------------------------------------------


def admin_data(response):
    """What the admin change page posts back: the form and its inlines, untouched."""
    data = _bound_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(_bound_data(formset.management_form))
        for form in formset.forms:
            data.update(_bound_data(form))
    return data


def _admin_url(record):
    meta = record._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])


ADMIN_CASES = {
    "unit": (
        lambda get: get("other_ward"),
        {"address": "Số 1 đường Lê Lợi"},
        {"short_name": "P2"},
        "Địa chỉ",
        lambda r: (r.address, r.short_name),
        ("Số 1 đường Lê Lợi", ""),
    ),
    "document": (
        lambda get: IssuedDocumentFactory(unit=get("ward"), number="05/KH-UBND"),
        {"number": "05/KH-UBND-bis"},
        {"title": "Trích yếu khác"},
        "Số, ký hiệu",
        lambda r: (r.number,),
        ("05/KH-UBND-bis",),
    ),
    # The task's admin form also refuses moving a date a submitted report counted.
    "task": (
        lambda get: ReformTaskFactory(
            plan=ReformPlanFactory(unit=get("ward")), title="Rà soát TTHC", deadline=D(2099, 6, 30)
        ),
        {"title": "Rà soát, công bố TTHC"},
        {"responsible": "Công chức Tư pháp"},
        "Nhiệm vụ",
        lambda r: (r.title, r.responsible),
        ("Rà soát, công bố TTHC", ""),
    ),
    # An inspection's version was a read-only field of its admin page; its inlines post too.
    "inspection": (
        lambda get: InspectionFactory(unit=get("ward"), lead=get("inspector_user"), purpose=""),
        {"purpose": "Kiểm tra việc giải quyết TTHC"},
        {"start_on": "2022-11-03"},
        "Nội dung kiểm tra",
        lambda r: (r.purpose, r.start_on),
        ("Kiểm tra việc giải quyết TTHC", D(2022, 11, 1)),
    ),
}


@pytest.mark.parametrize("name", list(ADMIN_CASES))
def test_the_admin_refuses_the_second_of_two_saves(request, admin_user_, name):
    make, first_change, second_change, changed, stored, expected = ADMIN_CASES[name]
    record = make(request.getfixturevalue)
    url = _admin_url(record)
    first, second = _browser(admin_user_), _browser(admin_user_)
    first_data, second_data = admin_data(first.get(url)), admin_data(second.get(url))

    saved = first.post(url, {**first_data, **first_change})
    assert saved.status_code == 302, saved.context["adminform"].form.errors
    refused = second.post(url, {**second_data, **second_change})

    assert refused.status_code == 200
    form = refused.context["adminform"].form
    assert form.non_field_errors() == [REFUSED.format(fields=changed)]
    record.refresh_from_db()
    assert stored(record) == expected
    assert record.version == 2


def test_the_admin_refuses_a_stale_inline_row(admin_user_, city):
    criterion = ChecklistCriterionFactory(
        template=ChecklistTemplateFactory(unit=city), text="Niêm yết TTHC", guidance=""
    )
    url = _admin_url(criterion.template)
    first, second = _browser(admin_user_), _browser(admin_user_)
    first_data, second_data = admin_data(first.get(url)), admin_data(second.get(url))
    row = next(key for key, value in first_data.items() if value == "Niêm yết TTHC")
    guidance = row.replace("-text", "-guidance")

    assert first.post(url, {**first_data, row: "Niêm yết TTHC đầy đủ"}).status_code == 302
    refused = second.post(url, {**second_data, guidance: "Xem bảng niêm yết"})

    assert refused.status_code == 200
    (inline,) = refused.context["inline_admin_formsets"]
    assert inline.formset.forms[0].non_field_errors() == [REFUSED.format(fields="Tiêu chí")]
    criterion.refresh_from_db()
    assert (criterion.text, criterion.guidance, criterion.version) == (
        "Niêm yết TTHC đầy đủ",
        "",
        2,
    )


def test_every_admin_of_a_versioned_model_is_version_checked():
    from django.contrib import admin

    from cchc_portal.versioning import VersionedAdminMixin

    unchecked = []
    for model, model_admin in admin.site._registry.items():
        inlines = [inline(model, admin.site) for inline in model_admin.inlines]
        for each in [model_admin, *inlines]:
            versioned = any(f.name == "version" for f in each.model._meta.concrete_fields)
            if versioned and not isinstance(each, VersionedAdminMixin):
                unchecked.append(type(each).__name__)
    assert unchecked == []
