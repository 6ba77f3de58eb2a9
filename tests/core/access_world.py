"""The records the access-control matrix requests: one of each kind inside everyone's scope
(a ward of the test city, or the city itself for what a city issues) and its twin outside
(in another city; for unit staff, in the sibling ward), built once per module.

`World.kwargs(kind, principal, inside)` gives the URL arguments of a matrix row's object.
"""

import datetime

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cchc_portal.factories import UnitFactory, UserFactory, image_bytes, pdf_bytes
from cchc_portal.models import Role, Unit
from feedback.factories import CounterFactory, flagged
from inspections.factories import (
    ChecklistCriterionFactory,
    ChecklistTemplateFactory,
    FindingFactory,
    InspectionFactory,
    InspectionPlanFactory,
    RecommendationFactory,
    RemediationReportFactory,
    shortcoming_type,
)
from inspections.models import (
    ChecklistResult,
    EvidenceFile,
    Inspection,
    Recommendation,
    RemediationReport,
)
from notifications.models import Notification
from par_index import scoring
from par_index.factories import small_set
from par_index.models import Evidence, Score, Scorecard, ScoringRound
from procedures.factories import intake
from reforms.factories import (
    IssuedDocumentFactory,
    OutreachActivityFactory,
    ReformModelFactory,
    ReformPlanFactory,
    ReformTaskFactory,
)
from reports import services as reports_services
from reports.factories import ReportRoundFactory, UnitReportFactory

PRINCIPALS = ("anonymous", "unit_staff", "inspector", "internal_affairs", "leadership", "admin")


def _side(*, city, ward, lead, member, staff):
    """One copy of every record kind, in `ward` (or `city` for what a city issues)."""
    o = {}
    o["unit"] = ward
    # A person of the ward, for the people pages (not one of the principals: the matrix's
    # POSTs deactivate and reactivate them).
    o["person"] = UserFactory(
        username=f"acl-person-{ward.code}", unit=ward, roles=[Role.Code.UNIT_STAFF]
    )
    o["reform_plan"] = ReformPlanFactory(unit=ward, year=2022)
    o["task"] = ReformTaskFactory(
        plan=o["reform_plan"],
        title="Nhiệm vụ thử",
        evidence_file=ContentFile(pdf_bytes(), name="minh-chung.pdf"),
    )
    o["document"] = IssuedDocumentFactory(
        unit=ward, file=ContentFile(pdf_bytes(), name="ke-hoach.pdf")
    )
    o["outreach"] = OutreachActivityFactory(unit=ward)
    o["reform_model"] = ReformModelFactory(unit=ward)
    intake(ward, datetime.date(2022, 1, 1), received_online=3)

    o["inspection_plan"] = InspectionPlanFactory(unit=city, year=2022)
    o["checklist"] = ChecklistTemplateFactory(unit=city)
    o["criterion"] = ChecklistCriterionFactory(template=o["checklist"])
    team = {"lead": lead, "members": [member]}
    o["inspection_planned"] = InspectionFactory(unit=ward, **team)
    o["inspection_active"] = InspectionFactory(
        unit=ward,
        status=Inspection.Status.IN_PROGRESS,
        started_at=timezone.now(),
        checklist_template=o["checklist"],
        **team,
    )
    o["finding"] = FindingFactory(inspection=o["inspection_active"])
    o["recommendation_draft"] = RecommendationFactory(inspection=o["inspection_active"])
    o["checklist_result"] = ChecklistResult.objects.create(
        inspection=o["inspection_active"],
        criterion=o["criterion"],
        criterion_text=o["criterion"].text,
        result=ChecklistResult.Result.NOT_MET,
        photo=ContentFile(image_bytes(), name="anh.png"),
        recorded_by=lead,
    )
    concluded = InspectionFactory(
        unit=ward,
        status=Inspection.Status.CONCLUDED,
        started_at=timezone.now(),
        concluded_at=timezone.now(),
        notice_number="1/TB-ĐKT",
        notice_issued_on=datetime.date(2022, 11, 4),
        **team,
    )
    o["inspection_concluded"] = concluded
    o["recommendation_open"] = RecommendationFactory(inspection=concluded)
    submitted = RecommendationFactory(inspection=concluded, status=Recommendation.Status.SUBMITTED)
    o["recommendation_submitted"] = submitted
    report = RemediationReportFactory(recommendation=submitted, submitted_by=staff)
    accepted = RecommendationFactory(
        inspection=concluded, status=Recommendation.Status.ACCEPTED, accepted_at=timezone.now()
    )
    RemediationReportFactory(
        recommendation=accepted,
        submitted_by=staff,
        decision=RemediationReport.Decision.ACCEPTED,
        reviewed_by=lead,
        reviewed_at=timezone.now(),
    )
    o["recommendation_accepted"] = accepted
    o["evidence"] = EvidenceFile.objects.create(
        report=report, file=ContentFile(pdf_bytes(), name="bien-ban.pdf"), name="bien-ban.pdf"
    )

    o["round"] = ReportRoundFactory(unit=city, year=2022, created_by=lead)
    o["unit_report"] = UnitReportFactory(round=o["round"], unit=ward)
    earlier = ReportRoundFactory(unit=city, year=2021, created_by=lead)
    o["unit_report_submitted"] = UnitReportFactory(round=earlier, unit=ward)
    o["submission"] = reports_services.report_submit(
        report=o["unit_report_submitted"],
        version=1,
        acting_user=staff,
        upload=SimpleUploadedFile("bao-cao.pdf", pdf_bytes(), "application/pdf"),
        notify=False,
    )
    o["shortcoming_type"] = shortcoming_type()
    _par_index(o, city=city, ward=ward, lead=lead, staff=staff)
    _feedback(o, ward=ward)
    return o


def _feedback(o, *, ward):
    """The counter survey: a counter of the ward, a flagged response awaiting review, and the
    ward's questionnaire page of a year."""
    o["counter"] = CounterFactory(unit=ward, name="Quầy ma trận")
    o["response_flagged"] = flagged(o["counter"])
    o["questionnaire_year"] = ward


def _par_index(o, *, city, ward, lead, staff):
    """The PAR index: a set the city issued that no round uses yet (free to edit), and a
    round on another of its sets with the ward's draft scorecard, a score and a file as
    its evidence. Deadlines ahead of today, so only the scope and the role decide."""
    o["criteria_set"] = small_set(city, year=2023, rules=False)
    o["par_criterion"] = o["criteria_set"].criteria.get(code="1.2")
    used = small_set(city, year=2022, rules=False)
    today = timezone.localdate()
    o["par_round"] = ScoringRound.objects.create(
        unit=city,
        criteria_set=used,
        title="Đợt chấm điểm thử",
        self_scoring_due=today + datetime.timedelta(days=30),
        appraisal_due=today + datetime.timedelta(days=45),
        explanation_due=today + datetime.timedelta(days=55),
        final_appraisal_due=today + datetime.timedelta(days=65),
        created_by=lead,
    )
    card = Scorecard.objects.create(round=o["par_round"], unit=ward)
    leaves = scoring.tree(used).leaves
    Score.objects.bulk_create([Score(scorecard=card, criterion=leaf) for leaf in leaves])
    o["scorecard"] = card
    o["scorecard_area"] = (card, used.criteria.get(code="1"))
    o["par_score"] = card.scores.get(criterion__code="1.1")
    o["par_evidence"] = Evidence.objects.create(
        score=o["par_score"],
        kind=Evidence.Kind.FILE,
        label="minh-chung.pdf",
        page="2",
        file=ContentFile(pdf_bytes(), name="minh-chung.pdf"),
        added_by=staff,
    )


class World:
    """Every user and record the matrix needs; built inside the module's transaction."""

    def __init__(self):
        province = UnitFactory(name="Tỉnh Ma Trận", code="acl-province", kind=Unit.Kind.PROVINCE)
        city = UnitFactory(
            name="Thành phố Ma Trận", code="acl-city", kind=Unit.Kind.CITY, parent=province
        )
        ward = UnitFactory(name="Phường Ma Trận", code="acl-ward", kind=Unit.Kind.WARD, parent=city)
        far_city = UnitFactory(
            name="Thành phố Xa", code="acl-far-city", kind=Unit.Kind.CITY, parent=province
        )
        far_ward = UnitFactory(
            name="Phường Xa", code="acl-far-ward", kind=Unit.Kind.WARD, parent=far_city
        )
        self.users = {
            "unit_staff": UserFactory(
                username="acl-staff", unit=ward, roles=[Role.Code.UNIT_STAFF]
            ),
            "inspector": UserFactory(
                username="acl-inspector", unit=city, roles=[Role.Code.INSPECTOR]
            ),
            "internal_affairs": UserFactory(
                username="acl-noivu", unit=city, roles=[Role.Code.INTERNAL_AFFAIRS]
            ),
            "leadership": UserFactory(
                username="acl-lanhdao", unit=city, roles=[Role.Code.LEADERSHIP]
            ),
            "admin": UserFactory(
                username="acl-root",
                unit=None,
                roles=[Role.Code.ADMINISTRATOR],
                is_superuser=True,
                is_staff=True,
            ),
        }
        far = {
            "lead": UserFactory(
                username="acl-far-inspector", unit=far_city, roles=[Role.Code.INSPECTOR]
            ),
            "staff": UserFactory(
                username="acl-far-staff", unit=far_ward, roles=[Role.Code.UNIT_STAFF]
            ),
        }
        # The inspector leads every inside inspection and leadership sits on its team (a
        # vice-chair often does): the matrix shows leadership still writes nothing.
        self.inside = _side(
            city=city,
            ward=ward,
            lead=self.users["inspector"],
            member=self.users["leadership"],
            staff=self.users["unit_staff"],
        )
        self.outside = _side(
            city=far_city, ward=far_ward, lead=far["lead"], member=far["lead"], staff=far["staff"]
        )
        # For unit staff "outside" is the sibling ward of the same city, the nearest canary;
        # what a city issues on that side comes from a third city, so the staff's own city
        # issues nothing of it.
        sibling_ward = UnitFactory(
            name="Phường Bên Cạnh", code="acl-sibling-ward", kind=Unit.Kind.WARD, parent=city
        )
        third_city = UnitFactory(
            name="Thành phố Thứ Ba", code="acl-third-city", kind=Unit.Kind.CITY, parent=province
        )
        self.sibling = _side(
            city=third_city,
            ward=sibling_ward,
            lead=far["lead"],
            member=far["lead"],
            staff=UserFactory(
                username="acl-sibling-staff", unit=sibling_ward, roles=[Role.Code.UNIT_STAFF]
            ),
        )
        # Notifications are each user's own: "inside" is one addressed to the user.
        self.notifications = {
            name: Notification.objects.create(recipient=user, text="Thông báo thử", link="/")
            for name, user in self.users.items()
        }
        self.notifications["anonymous"] = self.notifications["unit_staff"]
        self.foreign_notification = Notification.objects.create(
            recipient=far["staff"], text="Thông báo của người khác", link="/"
        )

    def record(self, kind, principal, inside):
        if kind == "notification":
            return self.notifications[principal] if inside else self.foreign_notification
        if inside:
            return self.inside[kind]
        return (self.sibling if principal == "unit_staff" else self.outside)[kind]

    def kwargs(self, kind, principal, inside):
        """The URL arguments for a row's object kind (see KINDS in access_matrix)."""
        if kind == "month":
            return {"pk": self.record("unit", principal, inside).pk, "year": 2022, "month": 1}
        if kind == "year":
            return {"year": 2022}
        if kind == "password_link":
            # A new account's link: it opens for whoever has it, signed in or not.
            from django.contrib.auth.tokens import default_token_generator
            from django.utils.encoding import force_bytes
            from django.utils.http import urlsafe_base64_encode

            person = self.record("person", principal, inside)
            return {
                "uidb64": urlsafe_base64_encode(force_bytes(person.pk)),
                "token": default_token_generator.make_token(person),
            }
        if kind in ("survey_token", "kiosk_token"):
            # Public pages: any active counter's current token opens them, whoever asks.
            from feedback import tokens

            use = tokens.QR if kind == "survey_token" else tokens.KIOSK
            return {"token": tokens.counter_token(self.record("counter", principal, inside), use)}
        if kind == "questionnaire_year":
            return {"unit_pk": self.record(kind, principal, inside).pk, "year": 2022}
        if kind == "checklist_mark":
            inspection = self.record("inspection_active", principal, inside)
            criterion = self.record("criterion", principal, inside)
            return {"pk": inspection.pk, "criterion_pk": criterion.pk}
        if kind == "scorecard_area":
            card, area = self.record(kind, principal, inside)
            return {"pk": card.pk, "area_pk": area.pk}
        if kind == "criterion_new":
            return {"template_pk": self.record("checklist", principal, inside).pk}
        if kind.endswith(".pdf") or kind.endswith(".xlsx") or kind.endswith(".docx"):
            base, fmt = kind.rsplit(".", 1)
            return {"pk": self.record(base, principal, inside).pk, "fmt": fmt}
        return {"pk": self.record(kind, principal, inside).pk}
