"""Which questionnaire a counter asks, and the customary one every unit starts from.

A unit's questionnaire for a year is the newest version of its own, else of the nearest unit
above it that defines one (a city may set one for all its wards). Where none exists, the
customary questionnaire below is created for the unit on first use, so every counter works
from the day it is made; internal affairs or the unit then edit it (`services`).
"""

from django.db import transaction

from .models import Question, Questionnaire, Reason

DEFAULT_TITLE = "Phiếu khảo sát sự hài lòng của tổ chức, công dân"
DEFAULT_INTRODUCTION = (
    "Cảm ơn Ông/Bà đã đến giao dịch tại Bộ phận Một cửa. Xin Ông/Bà dành một phút cho biết "
    "mức độ hài lòng. Phiếu không hỏi họ tên, số điện thoại hay bất kỳ thông tin cá nhân nào."
)
DEFAULT_COMMENT_PROMPT = "Ông/Bà có góp ý gì thêm để chúng tôi phục vụ tốt hơn?"
DEFAULT_QUESTIONS = (
    (Question.Kind.OVERALL, "Ông/Bà hài lòng thế nào về việc giải quyết thủ tục hành chính?"),
    (
        Question.Kind.ATTITUDE,
        "Thái độ, tinh thần phục vụ của công chức tiếp nhận và trả kết quả",
    ),
    (Question.Kind.TIMELINESS, "Thời gian giải quyết so với ngày hẹn trên phiếu hẹn"),
    (Question.Kind.PUBLICITY, "Việc niêm yết công khai thủ tục hành chính, phí và lệ phí"),
    (Question.Kind.TRIPS, "Số lần phải đi lại để hoàn thành hồ sơ"),
)
DEFAULT_REASONS = (
    "Phải chờ lâu",
    "Phải đi lại nhiều lần, bổ sung hồ sơ nhiều lần",
    "Trả kết quả trễ hẹn",
    "Thái độ phục vụ chưa tốt",
    "Không được hướng dẫn rõ ràng",
    "Thu phí, lệ phí không đúng niêm yết",
    "Lý do khác",
)


def questionnaire_for(unit, year):
    """The questionnaire `unit`'s counters ask in `year`, or None if no unit defines one."""
    # The unit's materialised path lists its ancestors' ids, root first, itself last.
    ancestors = {int(part): depth for depth, part in enumerate(unit.path.split(".")) if part}
    candidates = list(
        Questionnaire.objects.current().filter(unit_id__in=ancestors, year=year).order_by()
    )
    if not candidates:
        return None
    return max(candidates, key=lambda questionnaire: ancestors[questionnaire.unit_id])


@transaction.atomic
def ensure_questionnaire(unit, year):
    """`questionnaire_for`, creating the customary questionnaire for `unit` where none exists."""
    found = questionnaire_for(unit, year)
    if found is not None:
        return found
    questionnaire = Questionnaire.objects.create(
        unit=unit,
        year=year,
        number=1,
        title=DEFAULT_TITLE,
        introduction=DEFAULT_INTRODUCTION,
        comment_prompt=DEFAULT_COMMENT_PROMPT,
    )
    Question.objects.bulk_create(
        Question(questionnaire=questionnaire, order=order, kind=kind, text=text)
        for order, (kind, text) in enumerate(DEFAULT_QUESTIONS, start=1)
    )
    Reason.objects.bulk_create(
        Reason(questionnaire=questionnaire, order=order, text=text)
        for order, text in enumerate(DEFAULT_REASONS, start=1)
    )
    return questionnaire
