"""Demo data for this app (see DESIGN.md, "Demo data"); called by `manage.py load_demo`.

Bắc Kạn city asks its four wards for the nine-month 2022 CCHC report by 10/10/2022 (figures of
15/12/2021–14/09/2022 under Decree 09/2019's windows). Đức Xuân and Sông Cầu submitted on time;
Huyền Tụng submitted late, on 14/10/2022, claiming 23 of 24 plan tasks done where the portal
counts 17 by 14/09 (19 by 30/09 under calendar months), and internal affairs returned it asking
to recompute the completion rate (what the inspection of 01/11/2022
asked too: "watch the deadlines of the periodic CCHC reports and recompute the completion rate
of its plan"); Nguyễn Thị Minh Khai has not submitted. Hồng Ngự city asks its wards and
agencies for the same report: five submitted on time, two did not.

Bắc Kạn city's 2022 calendar holds quarter I and six months too, which every ward sent on
time, each with its data window (Decree 09/2019/NĐ-CP: 15/12/2021–14/09/2022 for the nine
months) and its deadline; the year's round is still to open, proposed by the calendar. Above
it, the province of Bắc Kạn (sonoivu.backan, Sở Nội vụ) asked the city for the same three
reports; the city sent each, the nine-month one on 13/10/2022, drafted from its wards' reports
and naming the two wards that had not sent theirs.

The wards other than Huyền Tụng have no account in the demo: their paper reports were
recorded in the portal by the city's internal affairs officer, as the submission note says.
Submissions go through the services, so their figures are frozen exactly as the portal
generates them. Idempotent: a report that already has a submission is left as it is.
"""

import datetime
from zoneinfo import ZoneInfo

from cchc_portal.figures import windows
from cchc_portal.models import Unit, User

from . import content, services
from .models import ReportRound, UnitReport

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
D = datetime.date


def at(day, hour, minute=0):
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def nine_months_instructions():
    first, last = windows.window(D(2022, 1, 1), D(2022, 9, 1))
    return (
        "Báo cáo kết quả thực hiện công tác cải cách hành chính 9 tháng đầu năm 2022 (số liệu từ "
        f"{first:%d/%m/%Y} đến {last:%d/%m/%Y}), gửi về UBND thành phố qua Phòng Nội vụ trước "
        "ngày 10/10/2022. Số liệu kế hoạch, TTHC và chính quyền điện tử lấy từ Cổng CCHC; đơn vị "
        "rà soát, bổ sung phần đánh giá, tồn tại, hạn chế và đề xuất."
    )


PROVINCE_INSTRUCTIONS = (
    "UBND các huyện, thành phố tổng hợp báo cáo của các xã, phường và cơ quan chuyên môn trực "
    "thuộc, gửi Sở Nội vụ đúng thời hạn để tổng hợp báo cáo UBND tỉnh và Bộ Nội vụ."
)
CITY_TEXT = {
    "document_number": "412/BC-UBND",
    "place": "Bắc Kạn",
    "signer_title": "PHÓ CHỦ TỊCH",
    "signer_name": "Trần Quốc Hùng",
}
RECORDED_BY_OFFICE = "Báo cáo giấy của đơn vị; Phòng Nội vụ cập nhật lên Cổng CCHC."

HUYEN_TUNG_TEXT = {
    "results": (
        "Ngay từ đầu năm 2022, UBND phường đã chỉ đạo các bộ phận tham mưu, xây dựng, ban hành "
        "các văn bản, đồng thời triển khai, tổ chức thực hiện 07 nhiệm vụ chung, 24 nhiệm vụ cụ "
        "thể. Đến thời điểm báo cáo, đã có 23 nhiệm vụ cụ thể cơ bản hoàn thành.\n"
        "UBND phường thường xuyên tổ chức tuyên truyền thông qua hình thức lồng ghép vào các hội "
        "nghị, cuộc họp của UBND, đối tượng nghe chủ yếu là cán bộ công chức, Bí thư, tổ trưởng "
        "các tổ dân phố. 100% hồ sơ TTHC được giải quyết đúng hạn."
    ),
    "shortcomings": (
        "- Việc tuyên truyền công tác cải cách hành chính trực tiếp tại các tổ dân phố còn ít.\n"
        "- Một số cán bộ công chức, người dân vẫn chưa thay đổi thói quen; tỷ lệ sử dụng dịch vụ "
        "công trực tuyến và dịch vụ bưu chính công ích còn thấp so với yêu cầu.\n"
        "- Nguyên nhân: người dân chưa quen thao tác trên môi trường điện tử; phường chưa có tổ "
        "công nghệ số hỗ trợ."
    ),
    "proposals": (
        "- Đề nghị UBND thành phố tổ chức tập huấn sử dụng dịch vụ công trực tuyến cho công chức "
        "bộ phận một cửa.\n"
        "- Đề nghị Phòng Nội vụ hướng dẫn việc xác định tỷ lệ hoàn thành nhiệm vụ trong Kế hoạch "
        "CCHC năm."
    ),
    "area_texts": {
        "procedures": (
            "Bộ phận một cửa phường niêm yết công khai đầy đủ các thủ tục hành chính thuộc thẩm "
            "quyền; công chức hướng dẫn người dân nộp hồ sơ trực tuyến ngay tại Bộ phận một cửa."
        ),
        "digital-government": (
            "100% văn bản đi của UBND phường được ký số và gửi trên phần mềm quản lý văn bản."
        ),
    },
}


def huyen_tung_return(figures):
    """Internal affairs' comment, with the portal's count as of the window's last day."""
    plan, as_of = figures["plan"], datetime.date.fromisoformat(figures["period"]["as_of"])
    return (
        "Đề nghị phường xác định lại tỷ lệ hoàn thành các nhiệm vụ trong Kế hoạch CCHC năm: số "
        f"liệu trên Cổng CCHC đến {as_of:%d/%m/%Y} là {plan['done']}/{plan['total']} nhiệm vụ, "
        "không phải 23/24. Đồng thời bổ sung kết quả tuyên truyền CCHC trực tiếp tại các tổ dân "
        "phố. Lưu ý thời hạn gửi báo cáo CCHC định kỳ."
    )


# (requester, deadline, owing units, created by, submissions: unit code -> (when, by, text))
ROUNDS = [
    (
        "bac-kan-city",
        D(2022, 10, 10),
        ["huyen-tung", "duc-xuan", "song-cau", "nguyen-thi-minh-khai"],
        "noivu.backan",
        {
            "duc-xuan": (at(D(2022, 10, 7), 8, 30), "noivu.backan"),
            "song-cau": (at(D(2022, 10, 10), 16, 45), "noivu.backan"),
        },
    ),
    (
        "hong-ngu-city",
        D(2022, 10, 10),
        [
            "hong-ngu-van-phong",
            "hong-ngu-tu-phap",
            "hong-ngu-tnmt",
            "an-loc",
            "an-thanh",
            "an-binh-a",
            "tan-hoi",
        ],
        "noivu.hongngu",
        {
            "hong-ngu-van-phong": (at(D(2022, 10, 5), 14, 0), "noivu.hongngu"),
            "hong-ngu-tu-phap": (at(D(2022, 10, 6), 9, 10), "noivu.hongngu"),
            "an-loc": (at(D(2022, 10, 6), 15, 30), "noivu.hongngu"),
            "an-thanh": (at(D(2022, 10, 7), 10, 0), "noivu.hongngu"),
            "an-binh-a": (at(D(2022, 10, 10), 11, 20), "noivu.hongngu"),
        },
    ),
]


def load(stdout=None):
    units = {unit.code: unit for unit in Unit.objects.all()}
    users = {user.username: user for user in User.objects.all()}
    rounds = []
    for requester, deadline, owing, creator, submissions in ROUNDS:
        rnd = _round(units[requester], deadline, [units[c] for c in owing], users[creator])
        rounds.append(rnd)
        for code, (when, by) in submissions.items():
            report = UnitReport.objects.get(round=rnd, unit=units[code])
            if not report.submissions.exists():
                services.report_submit(
                    report=report,
                    version=report.version,
                    acting_user=users[by],
                    note=RECORDED_BY_OFFICE,
                    now=when,
                    notify=False,
                )
    _huyen_tung(rounds[0], units["huyen-tung"], users)
    city_wards = [units[c] for c in ROUNDS[0][2]]
    _calendar(units["bac-kan-city"], city_wards, users["noivu.backan"])
    province_rounds = _province(units, users)
    if stdout is not None:
        stdout.write(
            f"reports: {len(rounds)} nine-month 2022 rounds, "
            f"{UnitReport.objects.filter(round__in=rounds).count()} reports owed; "
            f"Bắc Kạn city's 2022 calendar and the province's ({len(province_rounds)} rounds)\n"
        )


# The calendar's earlier rounds: every ward sent them on time, recorded by the office. The
# year's round is not open yet (the demo's story ends in November 2022): the calendar
# proposes it, with its window and due date, for internal affairs to open.
EARLIER = {("quarter", 1): (D(2022, 3, 15), 9), ("six_months", 0): (D(2022, 6, 15), 10)}


def _calendar(city, wards, office):
    """The city's quarter I and six-month 2022 rounds, sent on time by every ward."""
    for (kind, quarter), (day, hour) in EARLIER.items():
        rnd = _calendar_round(city, kind, quarter, wards, office)
        for offset, report in enumerate(rnd.reports.select_related("unit").order_by("unit__path")):
            if not report.submissions.exists():
                services.report_submit(
                    report=report,
                    version=report.version,
                    acting_user=office,
                    note=RECORDED_BY_OFFICE,
                    now=at(day, hour + offset),
                    notify=False,
                )


# The province's deadlines: its nine-month report leaves for the ministry after the city has
# collected its wards' (10/10/2022), so the province gave the city until 14/10/2022.
PROVINCE_DEADLINES = {("nine_months", 0): D(2022, 10, 14)}
CITY_SENT = {
    ("quarter", 1): at(D(2022, 3, 17), 10),
    ("six_months", 0): at(D(2022, 6, 17), 15),
    ("nine_months", 0): at(D(2022, 10, 13), 16, 30),
}


def _province(units, users):
    """Tỉnh Bắc Kạn's 2022 rounds (the year's still to open), owed by the city, which sends
    each report drafted from its wards'."""
    province, city, office = units["bac-kan"], units["bac-kan-city"], users["sonoivu.backan"]
    rounds = []
    for (kind, quarter), sent in CITY_SENT.items():
        rnd = _calendar_round(province, kind, quarter, [city], office, PROVINCE_INSTRUCTIONS)
        rounds.append(rnd)
        report = UnitReport.objects.get(round=rnd, unit=city)
        if report.submissions.exists():
            continue
        report = services.report_text_update(
            report=report,
            version=report.version,
            acting_user=users["noivu.backan"],
            now=sent,
            **CITY_TEXT,
            **_drafted(report, sent),
        )
        services.report_submit(
            report=report,
            version=report.version,
            acting_user=users["noivu.backan"],
            now=sent,
            notify=False,
        )
    return rounds


def _calendar_round(requester, kind, quarter, units, creator, instructions=""):
    """The requester's round of 2022 as the calendar proposes it (its window, its default due
    date unless the demo sets one), created once."""
    rnd = ReportRound.objects.filter(unit=requester, year=2022, kind=kind, quarter=quarter).first()
    if rnd is not None:
        return rnd
    proposed = next(
        r
        for r in services.calendar_rounds(requester, 2022)
        if (r.kind, r.quarter) == (kind, quarter)
    )
    deadlines = PROVINCE_DEADLINES if requester.kind == Unit.Kind.PROVINCE else {}
    return services.round_create(
        unit=requester,
        year=2022,
        kind=kind,
        quarter=quarter,
        deadline=deadlines.get((kind, quarter), proposed.deadline),
        units=units,
        instructions=instructions,
        acting_user=creator,
    )


def _drafted(report, sent):
    """The city's text: the portal's draft from its wards' reports, as the office kept it."""
    suggestion = content.suggested_narrative(report, today=sent.date())
    return {key: suggestion[key] for key in ("results", "shortcomings", "proposals")}


def _round(requester, deadline, owing, creator):
    rnd = ReportRound.objects.filter(
        unit=requester, year=2022, kind=ReportRound.Kind.NINE_MONTHS, quarter=0
    ).first()
    if rnd is None:
        return services.round_create(
            unit=requester,
            year=2022,
            kind=ReportRound.Kind.NINE_MONTHS,
            deadline=deadline,
            instructions=nine_months_instructions(),
            units=owing,
            acting_user=creator,
        )
    missing = [unit for unit in owing if not rnd.reports.filter(unit=unit).exists()]
    if missing:
        current = [report.unit for report in rnd.reports.select_related("unit")]
        services.round_update(
            rnd=rnd,
            version=rnd.version,
            deadline=rnd.deadline,
            instructions=rnd.instructions,
            remind_days_before=rnd.remind_days_before,
            units=current + missing,
        )
    return rnd


def _huyen_tung(rnd, unit, users):
    """Written, submitted late on 14/10/2022, returned on 17/10/2022 to recompute the rate."""
    report = UnitReport.objects.get(round=rnd, unit=unit)
    if report.submissions.exists():
        return
    staff, office = users["huyentung"], users["noivu.backan"]
    report = services.report_text_update(
        report=report,
        version=report.version,
        acting_user=staff,
        document_number="126/BC-UBND",
        place="Huyền Tụng",
        signer_title="Chủ tịch",
        signer_name="Hà Văn Thắng",
        now=at(D(2022, 10, 13), 16, 0),
        **HUYEN_TUNG_TEXT,
    )
    submission = services.report_submit(
        report=report,
        version=report.version,
        acting_user=staff,
        now=at(D(2022, 10, 14), 15, 20),
        notify=False,
    )
    services.report_return(
        report=UnitReport.objects.get(pk=report.pk),
        acting_user=office,
        comment=huyen_tung_return(submission.figures),
        now=at(D(2022, 10, 17), 9, 0),
        notify=False,
    )
