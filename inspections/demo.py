"""Demo data for this app (see DESIGN.md, "Demo data"); called by `manage.py load_demo`.

Bắc Kạn: the 2022 inspection plan and its visits, above all the 01/11/2022 visit to phường
Huyền Tụng (first report) with its strengths, shortcomings and twelve recommendations, some
remediated and accepted, one returned, some overdue. Hồng Ngự: the 2022 visits whose recurring
shortcomings the second report lists, most of them remediated (reported at the 26/10/2022
meeting and recorded by the internal affairs office).

Everything goes through `upsert`, so a second run changes nothing, not even the history.
"""

import datetime
import io
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from cchc_portal import summaries
from cchc_portal.demo_utils import upsert
from cchc_portal.models import Unit, User
from reforms.models import ReformArea

from .models import (
    ChecklistCriterion,
    ChecklistResult,
    ChecklistTemplate,
    EvidenceFile,
    Finding,
    Inspection,
    InspectionPlan,
    Recommendation,
    RemediationReport,
    ShortcomingType,
)
from .reference import CHECKLIST_CRITERIA, CHECKLIST_NAME, ensure_shortcoming_types
from .snapshot import snapshot_values

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
OPEN, SUBMITTED, ACCEPTED = (
    Recommendation.Status.OPEN,
    Recommendation.Status.SUBMITTED,
    Recommendation.Status.ACCEPTED,
)
RETURNED = "returned"  # a report returned with a comment; the recommendation is open again


def at(day, hour=9, minute=0):
    """An aware datetime in Vietnam's time zone from "dd/mm/yyyy"."""
    d, m, y = (int(part) for part in day.split("/"))
    return datetime.datetime(y, m, d, hour, minute, tzinfo=TZ)


def on(day):
    d, m, y = (int(part) for part in day.split("/"))
    return datetime.date(y, m, d)


# --- Huyền Tụng, 01/11/2022 (first report) -------------------------------------------------

HUYEN_TUNG_STRENGTHS = [
    (
        "direction",
        "Ngay từ đầu năm 2022, UBND phường đã chỉ đạo xây dựng, ban hành văn bản và tổ chức thực "
        "hiện 07 nhiệm vụ chung, 24 nhiệm vụ cụ thể; đến thời điểm kiểm tra đã cơ bản hoàn thành "
        "23 nhiệm vụ cụ thể.",
    ),
    (
        "direction",
        "Đã ban hành 08 kế hoạch, 01 quyết định, 01 thông báo lịch làm việc và các thông báo kết "
        "luận, văn bản đôn đốc; các văn bản được cán bộ, công chức và nhân dân thực hiện có hiệu quả.",
    ),
    (
        "direction",
        "Lồng ghép tuyên truyền CCHC vào các hội nghị, cuộc họp của UBND: 09/15 cuộc họp với hơn "
        "300 lượt người tham gia (cán bộ, công chức, bí thư, tổ trưởng tổ dân phố).",
    ),
    (
        "direction",
        "Nhiệm vụ do UBND, Chủ tịch UBND thành phố giao được cụ thể hóa kịp thời qua hệ thống hồ "
        "sơ công việc, nhóm Zalo của cán bộ, công chức và văn bản chỉ đạo trực tiếp.",
    ),
    (
        "procedures",
        "10 tháng đầu năm 2022 tiếp nhận 764 hồ sơ TTHC, tất cả đều giải quyết đúng hạn; 244 hồ "
        "sơ xử lý trên phần mềm một cửa điện tử; 13 hồ sơ qua dịch vụ bưu chính công ích.",
    ),
    (
        "digital-government",
        "598 văn bản đi được ký số và trao đổi dưới dạng điện tử; 100 % công chức phụ trách các "
        "lĩnh vực có tài khoản phần mềm một cửa điện tử.",
    ),
]

# key: (area, shortcoming type, text)
HUYEN_TUNG_SHORTCOMINGS = {
    "outreach": (
        "direction",
        "limited-outreach",
        "Việc tuyên truyền công tác cải cách hành chính trực tiếp tại các tổ dân phố còn ít.",
    ),
    "habits": (
        "digital-government",
        "low-online-rate",
        "Mặc dù đã được tuyên truyền trực tiếp việc sử dụng dịch vụ công trực tuyến mức độ 3, 4 "
        "và trả kết quả qua dịch vụ bưu chính công ích nhưng một số cán bộ, công chức và người "
        "dân vẫn chưa thay đổi thói quen; tỷ lệ sử dụng còn thấp so với yêu cầu (09/764 hồ sơ "
        "phát sinh trực tuyến, đạt 1,18 %).",
    ),
    "land": (
        "procedures",
        "not-on-one-stop-software",
        "TTHC lĩnh vực đất đai chưa được tiếp nhận, xử lý trên phần mềm một cửa điện tử; 520/764 "
        "hồ sơ còn xử lý bằng bản giấy.",
    ),
    "superior-tasks": (
        "direction",
        "superior-tasks-untracked",
        "Chưa phân công công chức theo dõi việc thực hiện các nhiệm vụ do UBND, Chủ tịch UBND "
        "thành phố giao.",
    ),
    "reports": (
        "direction",
        "reports-late-or-inaccurate",
        "Báo cáo CCHC định kỳ có lúc chậm; tỷ lệ hồ sơ trực tuyến báo cáo 8,48 % trong khi số "
        "liệu thực tế là 9/764 = 1,18 %; tỷ lệ hoàn thành nhiệm vụ Kế hoạch CCHC năm chưa xác "
        "định đúng.",
    ),
    "e-plan": (
        "digital-government",
        "reform-plan-vague",
        "Kế hoạch thực hiện TTHC trên môi trường điện tử chưa quy định thời gian thực hiện các "
        "nhiệm vụ cụ thể.",
    ),
    "procedure-list": (
        "procedures",
        "procedure-list-outdated",
        "Danh mục TTHC thuộc thẩm quyền chưa được đối chiếu với Quyết định số 2686/QĐ-UBND ngày "
        "31/12/2021 của UBND tỉnh; còn tiếp nhận một số TTHC không thuộc thẩm quyền.",
    ),
}

# (finding key or None, text, deadline, [(report date, text, files, review date, comment
#  [, RETURNED])]): no review date = awaiting review; the last report decides the state.
HUYEN_TUNG_RECOMMENDATIONS = [
    (
        "land",
        "Thực hiện các TTHC thuộc lĩnh vực đất đai trên phần mềm một cửa điện tử.",
        "31/12/2022",
        [
            (
                "20/12/2022",
                "Từ ngày 01/12/2022, 100 % hồ sơ TTHC lĩnh vực đất đai được tiếp nhận và xử lý "
                "trên phần mềm một cửa điện tử; công chức Địa chính đã được cấp tài khoản và tập huấn.",
                ["Danh sach ho so dat dai thang 12-2022.xlsx"],
                "27/12/2022",
                "Đã kiểm tra trên phần mềm: hồ sơ đất đai tháng 12 được xử lý điện tử.",
            )
        ],
    ),
    (
        "superior-tasks",
        "Phân công công chức theo dõi, đôn đốc việc thực hiện các nhiệm vụ do UBND, Chủ tịch UBND "
        "thành phố giao.",
        "30/11/2022",
        [
            (
                "15/11/2022",
                "Chủ tịch UBND phường ban hành Quyết định số 215/QĐ-UBND ngày 14/11/2022 phân công "
                "công chức Văn phòng – Thống kê theo dõi, tổng hợp tiến độ thực hiện nhiệm vụ cấp "
                "trên giao, báo cáo hằng tháng tại cuộc họp giao ban.",
                ["Quyet dinh 215-QD-UBND phan cong theo doi nhiem vu.docx"],
                "18/11/2022",
                "",
            )
        ],
    ),
    (
        None,
        "Quan tâm hơn nữa đến cảnh quan, vệ sinh công sở.",
        "30/11/2022",
        [
            (
                "25/11/2022",
                "Đã chỉnh trang khuôn viên trụ sở, bố trí lại Bộ phận Một cửa, bổ sung biển chỉ dẫn "
                "và lịch vệ sinh công sở hằng tuần.",
                ["Anh bo phan mot cua sau chinh trang.png"],
                "29/11/2022",
                "",
            )
        ],
    ),
    (
        "e-plan",
        "Bổ sung thời gian thực hiện cho từng nhiệm vụ cụ thể trong Kế hoạch thực hiện TTHC trên "
        "môi trường điện tử.",
        "15/12/2022",
        [
            (
                "09/12/2022",
                "Đã ban hành Kế hoạch số 98/KH-UBND ngày 08/12/2022 sửa đổi, bổ sung thời hạn hoàn "
                "thành cho 12 nhiệm vụ cụ thể.",
                [],
                "13/12/2022",
                "",
            )
        ],
    ),
    (
        "habits",
        "Nghiên cứu giải pháp tăng tỷ lệ phát sinh hồ sơ dịch vụ công trực tuyến.",
        "31/03/2023",
        [],
    ),
    (
        None,
        "Chú ý xử lý các văn bản có thời hạn trên hệ thống hồ sơ công việc.",
        "31/12/2022",
        [
            (
                "10/01/2023",
                "Đã rà soát và xử lý dứt điểm 17 văn bản quá hạn trên hệ thống hồ sơ công việc; "
                "giao Văn phòng nhắc hạn hằng tuần.",
                [],
                None,
                "",
            )
        ],
    ),
    (
        None,
        "Tăng cường công tác tuyên truyền các hoạt động của UBND, của địa phương trên Trang thông "
        "tin điện tử của phường.",
        "31/12/2022",
        [
            (
                "28/12/2022",
                "Tháng 12/2022 đăng 14 tin, bài trên Trang thông tin điện tử của phường; phân công "
                "công chức Văn hóa – Xã hội phụ trách cập nhật hằng tuần.",
                [],
                None,
                "",
            )
        ],
    ),
    (
        None,
        "Triển khai thực hiện TTHC “không chờ”.",
        "31/03/2023",
        [],
    ),
    (
        "reports",
        "Chú ý thời hạn của các báo cáo CCHC định kỳ và xác định lại tỷ lệ hoàn thành các nhiệm vụ "
        "trong Kế hoạch CCHC năm.",
        "30/11/2022",
        [
            (
                "28/11/2022",
                "Phường đã rút kinh nghiệm, giao Văn phòng theo dõi thời hạn các báo cáo định kỳ.",
                [],
                "02/12/2022",
                "Báo cáo chưa nêu tỷ lệ hoàn thành đã xác định lại (23/24 nhiệm vụ) và chưa đính "
                "chính tỷ lệ hồ sơ trực tuyến (9/764 = 1,18 %, không phải 8,48 %). Đề nghị bổ sung "
                "và gửi lại.",
                RETURNED,
            )
        ],
    ),
    (
        "procedure-list",
        "Đối chiếu với Quyết định số 2686/QĐ-UBND ngày 31/12/2021 của UBND tỉnh để rà soát các TTHC "
        "thuộc thẩm quyền còn thiếu trong Quyết định số 2020/QĐ-UBND ngày 20/10/2022, báo cáo UBND "
        "tỉnh.",
        "15/12/2022",
        [
            (
                "12/12/2022",
                "Đã đối chiếu, phát hiện 04 TTHC thuộc thẩm quyền còn thiếu; có Báo cáo số "
                "142/BC-UBND ngày 12/12/2022 gửi UBND tỉnh (qua Văn phòng UBND tỉnh).",
                [],
                "16/12/2022",
                "",
            )
        ],
    ),
    (
        "procedure-list",
        "Rà soát các TTHC không thuộc thẩm quyền đang thực hiện tại đơn vị để hướng dẫn người dân "
        "đến thực hiện đúng nơi quy định.",
        "15/12/2022",
        [
            (
                "12/12/2022",
                "Đã rà soát, dừng tiếp nhận 02 TTHC không thuộc thẩm quyền; niêm yết hướng dẫn nơi "
                "thực hiện tại Bộ phận Một cửa.",
                [],
                "16/12/2022",
                "",
            )
        ],
    ),
    (
        None,
        "Thành lập Tổ công nghệ số cộng đồng, lựa chọn những người có kỹ năng sử dụng thành thạo "
        "các phương tiện phục vụ việc sử dụng dịch vụ công.",
        "31/12/2022",
        [
            (
                "06/12/2022",
                "Quyết định số 230/QĐ-UBND ngày 05/12/2022 thành lập 10 Tổ công nghệ số cộng đồng "
                "tại 10 tổ dân phố, thành viên là đoàn viên thanh niên, công an khu vực.",
                [],
                "09/12/2022",
                "",
            )
        ],
    ),
]

# criterion index in CHECKLIST_CRITERIA -> (result, finding key, note)
HUYEN_TUNG_CHECKLIST = {
    0: ("met", None, "Kế hoạch ban hành đầu năm: 07 nhiệm vụ chung, 24 nhiệm vụ cụ thể."),
    1: ("not_met", "superior-tasks", ""),
    2: ("not_met", "reports", ""),
    3: ("not_met", "outreach", ""),
    4: ("met", None, ""),
    5: ("met", None, "Kiểm tra 20 hồ sơ: đều có phiếu hẹn."),
    6: ("met", None, ""),
    7: ("met", None, ""),
    8: ("met", None, "Có hòm thư góp ý và phiếu khảo sát tại Bộ phận Một cửa."),
    9: ("not_met", "land", ""),
    10: ("not_applicable", None, "Kế hoạch rà soát TTHC do cấp thành phố ban hành."),
    11: ("not_met", "procedure-list", ""),
    12: ("met", None, "764/764 hồ sơ giải quyết đúng hạn."),
    13: ("met", None, "Cần quan tâm hơn đến cảnh quan, vệ sinh."),
    14: ("not_met", "e-plan", ""),
    15: ("not_met", "habits", ""),
    16: ("met", None, ""),
    17: ("met", None, ""),
    18: ("met", None, "Chưa thành lập; đoàn kiến nghị thành lập."),
    19: ("met", None, "598 văn bản đi ký số."),
}

# --- other visits: (plan city, unit, date, kind, status-to-reach, strengths, shortcomings)
# shortcomings: (type code, text, deadline, outcome) with outcome accepted / open / submitted.

BAC_KAN_OTHERS = [
    (
        "duc-xuan",
        "27/10/2022",
        Inspection.Kind.CCHC,
        [
            "Kế hoạch CCHC năm 2022 ban hành kịp thời, nhiệm vụ có thời hạn và sản phẩm cụ thể.",
            "100 % hồ sơ TTHC giải quyết đúng hạn; Bộ phận Một cửa bố trí gọn gàng.",
        ],
        [
            (
                "limited-outreach",
                "Tuyên truyền CCHC chủ yếu lồng ghép trong cuộc họp, chưa đến được các tổ dân phố.",
                "30/11/2022",
                ACCEPTED,
            ),
            (
                "website-not-updated",
                "Trang thông tin điện tử của phường cập nhật chưa thường xuyên.",
                "30/11/2022",
                ACCEPTED,
            ),
            (
                "low-online-rate",
                "Tỷ lệ hồ sơ phát sinh trực tuyến thấp.",
                "31/12/2022",
                ACCEPTED,
            ),
        ],
    ),
    (
        "song-cau",
        "03/11/2022",
        Inspection.Kind.BOTH,
        ["Ứng dụng tốt phần mềm một cửa điện tử ở lĩnh vực tư pháp – hộ tịch."],
        [
            (
                "tracking-book-incomplete",
                "Sổ theo dõi hồ sơ ghi thiếu ngày trả kết quả ở một số hồ sơ chứng thực.",
                "30/11/2022",
                ACCEPTED,
            ),
            (
                "no-self-inspection",
                "Chưa xây dựng kế hoạch tự kiểm tra công tác CCHC năm 2022.",
                "31/12/2022",
                OPEN,
            ),
            (
                "low-online-rate",
                "Tỷ lệ hồ sơ trực tuyến và trả kết quả qua bưu chính công ích thấp.",
                "31/03/2023",
                OPEN,
            ),
        ],
    ),
    (
        "nguyen-thi-minh-khai",
        "08/11/2022",
        Inspection.Kind.CCHC,
        ["Thành lập Tổ công nghệ số cộng đồng tại 100 % tổ dân phố."],
        [
            (
                "reform-plan-vague",
                "Một số nhiệm vụ trong Kế hoạch CCHC năm còn chung chung, chưa có sản phẩm cụ thể.",
                "31/12/2022",
                ACCEPTED,
            ),
            (
                "no-satisfaction-survey",
                "Chưa tổ chức khảo sát sự hài lòng của người dân.",
                "31/12/2022",
                ACCEPTED,
            ),
        ],
    ),
]

HONG_NGU_VISITS = [
    (
        "an-loc",
        "14/06/2022",
        Inspection.Kind.BOTH,
        ["Triển khai hiệu quả mô hình Hẹn giờ thực hiện thủ tục hành chính tại nhà."],
        [
            (
                "no-appointment-slip",
                "Một số hồ sơ chứng thực không giao phiếu hẹn trả kết quả cho công dân.",
                "31/07/2022",
                ACCEPTED,
            ),
            (
                "tracking-book-incomplete",
                "Sổ theo dõi hồ sơ và phiếu kiểm soát quá trình giải quyết ghi không đầy đủ thông tin.",
                "31/07/2022",
                ACCEPTED,
            ),
            (
                "no-satisfaction-survey",
                "Chưa có hình thức khảo sát sự hài lòng của tổ chức, công dân.",
                "31/08/2022",
                ACCEPTED,
            ),
        ],
    ),
    (
        "an-thanh",
        "21/06/2022",
        Inspection.Kind.PROCEDURE_CONTROL,
        ["Niêm yết công khai đầy đủ TTHC tại Bộ phận Một cửa."],
        [
            (
                "extra-dossier-components",
                "Nhận thừa thành phần hồ sơ (bản sao giấy khai sinh) ở TTHC đăng ký kết hôn.",
                "31/07/2022",
                ACCEPTED,
            ),
            (
                "tracking-book-incomplete",
                "Phiếu kiểm soát quá trình giải quyết hồ sơ thiếu chữ ký của người nhận.",
                "31/07/2022",
                ACCEPTED,
            ),
            (
                "no-self-inspection",
                "Chưa thường xuyên tự kiểm tra việc giải quyết TTHC trong nội bộ.",
                "30/09/2022",
                OPEN,
            ),
        ],
    ),
    (
        "an-binh-a",
        "05/07/2022",
        Inspection.Kind.CCHC,
        ["Duy trì tốt mô hình Công dân không viết gắn với dịch vụ công trực tuyến."],
        [
            (
                "reform-plan-vague",
                "Kế hoạch CCHC năm 2022 có nội dung còn chung chung, khó đánh giá kết quả thực hiện.",
                "31/08/2022",
                ACCEPTED,
            ),
            (
                "work-records-incomplete",
                "Lập hồ sơ công việc trên phần mềm iDesk chưa đầy đủ.",
                "31/08/2022",
                ACCEPTED,
            ),
            (
                "no-self-inspection",
                "Chưa thường xuyên tự kiểm tra công tác CCHC trong nội bộ.",
                "30/09/2022",
                ACCEPTED,
            ),
        ],
    ),
    (
        "tan-hoi",
        "19/07/2022",
        Inspection.Kind.BOTH,
        ["Kết hợp dịch vụ công trực tuyến và bưu chính công ích trong giải quyết TTHC."],
        [
            (
                "no-appointment-slip",
                "Không gửi phiếu hẹn trả kết quả đối với hồ sơ nộp qua bưu chính công ích.",
                "31/08/2022",
                ACCEPTED,
            ),
            (
                "extra-dossier-components",
                "Yêu cầu thêm giấy xác nhận cư trú ngoài thành phần hồ sơ quy định.",
                "31/08/2022",
                ACCEPTED,
            ),
            (
                "no-satisfaction-survey",
                "Chưa có hình thức khảo sát sự hài lòng của tổ chức, công dân.",
                "30/09/2022",
                ACCEPTED,
            ),
            (
                "procedure-review-plan",
                "Kế hoạch rà soát, đánh giá TTHC năm 2022 chưa bảo đảm theo quy định.",
                "30/09/2022",
                SUBMITTED,
            ),
        ],
    ),
    (
        "hong-ngu-tnmt",
        "09/08/2022",
        Inspection.Kind.PROCEDURE_CONTROL,
        ["Giải quyết hồ sơ đất đai đúng hạn đạt 97 %."],
        [
            (
                "tracking-book-incomplete",
                "Sổ theo dõi hồ sơ đất đai ghi không đầy đủ ngày chuyển xử lý giữa các bộ phận.",
                "30/09/2022",
                ACCEPTED,
            ),
            (
                "procedure-review-plan",
                "Tỷ lệ kiến nghị đơn giản hóa TTHC chưa đạt theo kế hoạch.",
                "30/09/2022",
                ACCEPTED,
            ),
        ],
    ),
    (
        "hong-ngu-tu-phap",
        "23/08/2022",
        Inspection.Kind.PROCEDURE_CONTROL,
        ["Hướng dẫn tận tình, đúng quy định cho tổ chức, công dân."],
        [
            (
                "no-self-inspection",
                "Chưa thường xuyên tự kiểm tra việc kiểm soát TTHC trong nội bộ.",
                "30/09/2022",
                ACCEPTED,
            ),
            (
                "work-records-incomplete",
                "Hạn chế trong lập hồ sơ công việc trên giấy và trên phần mềm iDesk.",
                "30/09/2022",
                OPEN,
            ),
        ],
    ),
]


# One rebuild of the recommendation summary per unit touched, when the load ends.
@summaries.batch()
def load(stdout=None):
    ensure_shortcoming_types(ShortcomingType, ReformArea)
    units = {unit.code: unit for unit in Unit.objects.all()}
    users = {user.username: user for user in User.objects.all()}
    areas = {area.code: area for area in ReformArea.objects.all()}
    types = {item.code: item for item in ShortcomingType.objects.all()}

    checklists = {
        code: _checklist(units[code], areas, types) for code in ("bac-kan-city", "hong-ngu-city")
    }
    bac_kan_plan, _ = upsert(
        InspectionPlan,
        {"unit": units["bac-kan-city"], "year": 2022},
        {
            "title": "Kế hoạch kiểm tra công tác cải cách hành chính năm 2022",
            "document_number": "12/KH-UBND",
            "document_issued_on": on("20/01/2022"),
            "note": "Kiểm tra 04 phường trong tháng 10 và 11/2022.",
        },
    )
    hong_ngu_plan, _ = upsert(
        InspectionPlan,
        {"unit": units["hong-ngu-city"], "year": 2022},
        {
            "title": "Kế hoạch kiểm tra công tác cải cách hành chính và kiểm soát thủ tục hành "
            "chính năm 2022",
            "document_number": "35/KH-UBND",
            "document_issued_on": on("18/02/2022"),
            "note": "Kiểm tra các phòng, ban chuyên môn và UBND các xã, phường.",
        },
    )
    _huyen_tung(bac_kan_plan, units, users, areas, types, checklists["bac-kan-city"])
    for code, day, kind, strengths, shortcomings in BAC_KAN_OTHERS:
        _visit(
            bac_kan_plan,
            units[code],
            day,
            kind,
            strengths,
            shortcomings,
            lead=users["kiemtra.backan"],
            members=[users["noivu.backan"]],
            reviewer=users["noivu.backan"],
            reporter=users["noivu.backan"],
            types=types,
            place="Bắc Kạn",
            authority="UBND THÀNH PHỐ BẮC KẠN",
            checklist=checklists["bac-kan-city"],
        )
    for code, day, kind, strengths, shortcomings in HONG_NGU_VISITS:
        _visit(
            hong_ngu_plan,
            units[code],
            day,
            kind,
            strengths,
            shortcomings,
            lead=users["noivu.hongngu"],
            members=[],
            reviewer=users["noivu.hongngu"],
            # The units reported their remediation at the 26/10/2022 meeting; internal
            # affairs recorded the reports.
            reporter=users["noivu.hongngu"],
            types=types,
            place="Hồng Ngự",
            authority="UBND THÀNH PHỐ HỒNG NGỰ",
            checklist=checklists["hong-ngu-city"],
            reported_on="26/10/2022",
        )
    if stdout is not None:
        stdout.write(
            f"Inspections: {Inspection.objects.count()} visits, "
            f"{Recommendation.objects.count()} recommendations."
        )


def _checklist(city, areas, types):
    template, _ = upsert(
        ChecklistTemplate,
        {"unit": city, "name": CHECKLIST_NAME},
        {
            "description": "Tiêu chí rút ra từ kết quả kiểm tra CCHC, kiểm soát TTHC năm 2022.",
            "is_active": True,
        },
    )
    for order, (area_code, text, type_code) in enumerate(CHECKLIST_CRITERIA, start=1):
        upsert(
            ChecklistCriterion,
            {"template": template, "text": text},
            {
                "area": areas[area_code],
                "shortcoming_type": types.get(type_code) if type_code else None,
                "order": order,
                "is_active": True,
            },
        )
    return template


def _inspection(plan, unit, day, kind, *, lead, members, checklist, status, notice, purpose=""):
    start = on(day)
    snapshot = snapshot_values(unit, start)
    inspection, _ = upsert(
        Inspection,
        {"unit": unit, "start_on": start},
        {
            "plan": plan,
            "kind": kind,
            "is_scheduled": True,
            "lead": lead,
            "purpose": purpose,
            "checklist_template": checklist,
            "status": status,
            "started_at": at(day, 8, 30),
            "started_by": lead,
            "concluded_at": at(notice["date"], 16, 0),
            "concluded_by": lead,
            "notice_issued_on": on(notice["date"]),
            "notice_number": notice["number"],
            "notice_place": notice["place"],
            "notice_authority": notice["authority"],
            "notice_issuer": notice.get("issuer", "ĐOÀN KIỂM TRA CCHC"),
            "notice_summary": notice.get("summary", ""),
            "notice_recipients": notice["recipients"],
            "signer_title": "TRƯỞNG ĐOÀN",
            "signer_name": lead.get_full_name(),
            "snapshot_taken_at": at(day, 8, 30),
            "snapshot_is_edited": False,
            **snapshot,
        },
    )
    if {m.pk for m in inspection.members.all()} != {m.pk for m in members}:
        inspection.members.set(members)
    return inspection


def _finding(inspection, kind, order, text, area, shortcoming_type=None):
    finding, _ = upsert(
        Finding,
        {"inspection": inspection, "kind": kind, "order": order},
        {"text": text, "area": area, "shortcoming_type": shortcoming_type},
    )
    return finding


def _recommendation(inspection, number, text, due, finding, unit, status, accepted_at=None):
    recommendation, _ = upsert(
        Recommendation,
        {"inspection": inspection, "number": number},
        {
            "text": text,
            "due_on": on(due),
            "finding": finding,
            "responsible_unit": unit,
            "status": status,
            "accepted_at": accepted_at,
            # The demo does not replay the notices of 2022.
            "overdue_notified_on": on(due) + datetime.timedelta(days=1)
            if status != ACCEPTED
            else None,
        },
    )
    return recommendation


def _report(recommendation, submitted, text, reporter, reviewed, comment, decision, reviewer):
    report, _ = upsert(
        RemediationReport,
        {"recommendation": recommendation, "submitted_at": at(submitted, 10, 0)},
        {
            "text": text,
            "submitted_by": reporter,
            "decision": decision,
            "review_comment": comment,
            "reviewed_by": reviewer if reviewed else None,
            "reviewed_at": at(reviewed, 15, 0) if reviewed else None,
        },
    )
    return report


def _huyen_tung(plan, units, users, areas, types, checklist):
    ward = units["huyen-tung"]
    lead, member = users["kiemtra.backan"], users["noivu.backan"]
    inspection = _inspection(
        plan,
        ward,
        "01/11/2022",
        Inspection.Kind.CCHC,
        lead=lead,
        members=[member],
        checklist=checklist,
        status=Inspection.Status.CONCLUDED,
        purpose="Kiểm tra việc thực hiện Kế hoạch CCHC năm 2022: công tác chỉ đạo, điều hành và "
        "tuyên truyền; tiếp nhận, giải quyết TTHC theo cơ chế một cửa, một cửa liên thông; xây "
        "dựng chính quyền điện tử.",
        notice={
            "date": "04/11/2022",
            "number": "125/TB-ĐKT",
            "place": "Bắc Kạn",
            "authority": "UBND THÀNH PHỐ BẮC KẠN",
            "issuer": "ĐOÀN KIỂM TRA CCHC",
            "summary": "Chiều ngày 01/11/2022, Đoàn kiểm tra làm việc tại UBND phường Huyền Tụng, "
            "nghe báo cáo kết quả thực hiện công tác cải cách hành chính 10 tháng đầu năm 2022 "
            "và kiểm tra trực tiếp hồ sơ, tài liệu tại Bộ phận tiếp nhận và trả kết quả của phường.",
            "recipients": "UBND phường Huyền Tụng\nThường trực UBND thành phố (b/c)\n"
            "Phòng Nội vụ thành phố\nLưu: VT, ĐKT",
        },
    )
    for order, (area_code, text) in enumerate(HUYEN_TUNG_STRENGTHS, start=1):
        _finding(inspection, Finding.Kind.STRENGTH, order, text, areas[area_code])
    findings = {}
    for order, (key, (area_code, type_code, text)) in enumerate(
        HUYEN_TUNG_SHORTCOMINGS.items(), start=1
    ):
        findings[key] = _finding(
            inspection, Finding.Kind.SHORTCOMING, order, text, areas[area_code], types[type_code]
        )
    criteria = list(ChecklistCriterion.objects.filter(template=checklist).order_by("order"))
    for index, (result, finding_key, note) in HUYEN_TUNG_CHECKLIST.items():
        criterion = criteria[index]
        upsert(
            ChecklistResult,
            {"inspection": inspection, "criterion": criterion},
            {
                "criterion_text": criterion.text,
                "result": result,
                "note": note,
                "finding": findings.get(finding_key),
                "recorded_by": lead,
            },
        )
    for number, (key, text, due, reports) in enumerate(HUYEN_TUNG_RECOMMENDATIONS, start=1):
        decisions = [_decision(report) for report in reports]
        status, accepted_at = OPEN, None
        if decisions and decisions[-1] == RemediationReport.Decision.PENDING:
            status = SUBMITTED
        elif decisions and decisions[-1] == RemediationReport.Decision.ACCEPTED:
            status, accepted_at = ACCEPTED, at(reports[-1][3], 15, 0)
        recommendation = _recommendation(
            inspection, number, text, due, findings.get(key), ward, status, accepted_at
        )
        for report_row, decision in zip(reports, decisions, strict=True):
            submitted, report_text, files, reviewed, comment = report_row[:5]
            report = _report(
                recommendation,
                submitted,
                report_text,
                users["huyentung"],
                reviewed,
                comment,
                decision,
                member,
            )
            for name in files:
                _evidence(report, name)


def _decision(report_row):
    if report_row[3] is None:
        return RemediationReport.Decision.PENDING
    if len(report_row) > 5 and report_row[5] == RETURNED:
        return RemediationReport.Decision.RETURNED
    return RemediationReport.Decision.ACCEPTED


def _visit(
    plan,
    unit,
    day,
    kind,
    strengths,
    shortcomings,
    *,
    lead,
    members,
    reviewer,
    reporter,
    types,
    place,
    authority,
    checklist,
    reported_on=None,
):
    start = on(day)
    notice_day = (start + datetime.timedelta(days=7)).strftime("%d/%m/%Y")
    all_accepted = all(outcome == ACCEPTED for *_rest, outcome in shortcomings)
    last_acceptance = None
    inspection = _inspection(
        plan,
        unit,
        day,
        kind,
        lead=lead,
        members=members,
        checklist=None,
        status=Inspection.Status.CLOSED if all_accepted else Inspection.Status.CONCLUDED,
        notice={
            "date": notice_day,
            "number": f"{start.timetuple().tm_yday}/TB-ĐKT",
            "place": place,
            "authority": authority,
            "recipients": f"{unit.name}\nPhòng Nội vụ\nLưu: VT, ĐKT",
        },
    )
    for order, text in enumerate(strengths, start=1):
        area = types[shortcomings[0][0]].area
        _finding(inspection, Finding.Kind.STRENGTH, order, text, area)
    for number, (type_code, text, due, outcome) in enumerate(shortcomings, start=1):
        shortcoming_type = types[type_code]
        finding = _finding(
            inspection,
            Finding.Kind.SHORTCOMING,
            number,
            text,
            shortcoming_type.area,
            shortcoming_type,
        )
        due_on = on(due)
        submitted = reported_on or (due_on - datetime.timedelta(days=5)).strftime("%d/%m/%Y")
        reviewed = (on(submitted) + datetime.timedelta(days=3)).strftime("%d/%m/%Y")
        accepted_at = at(reviewed, 15, 0) if outcome == ACCEPTED else None
        if accepted_at and (last_acceptance is None or accepted_at > last_acceptance):
            last_acceptance = accepted_at
        recommendation = _recommendation(
            inspection,
            number,
            f"Khắc phục: {text[0].lower()}{text[1:]}",
            due,
            finding,
            unit,
            outcome,
            accepted_at,
        )
        survey = unit.code == "an-loc" and type_code == "no-satisfaction-survey"
        if outcome in (ACCEPTED, SUBMITTED):
            report = _report(
                recommendation,
                submitted,
                _survey_text(unit)
                if survey
                else "Đơn vị đã chấn chỉnh, khắc phục theo kết luận kiểm tra và báo cáo kết quả.",
                reporter,
                reviewed if outcome == ACCEPTED else None,
                "",
                RemediationReport.Decision.ACCEPTED
                if outcome == ACCEPTED
                else RemediationReport.Decision.PENDING,
                reviewer,
            )
            if survey:
                _evidence(report, SURVEY_EVIDENCE)
    if all_accepted and inspection.closed_at != last_acceptance:
        inspection.closed_at = last_acceptance
        inspection.save()
    return inspection


# The evidence of An Lộc's survey: a one-page summary of the results (Word). To attach the
# counter's poster instead, build it with feedback.posters and save it under a .pdf name here.
SURVEY_EVIDENCE = "ket-qua-khao-sat-su-hai-long-2022.docx"


def _survey_text(unit):
    """An Lộc's remediation report: its counter survey since 07/2022, with the figures."""
    from feedback import selectors as feedback_selectors

    figures = feedback_selectors.satisfaction(
        unit, datetime.date(2022, 7, 1), datetime.date(2022, 10, 25)
    )
    counters = feedback_selectors.counter_count(unit)
    rate = (
        f"{figures.rate:.1f}".replace(".", ",") + " %" if figures.rate is not None else "chưa tính"
    )
    return (
        f"Từ tháng 7/2022, UBND phường đã tổ chức khảo sát sự hài lòng của tổ chức, công dân "
        f"tại Bộ phận Một cửa: {counters:02d} quầy có mã QR niêm yết và máy tính bảng để công dân "
        f"đánh giá sau khi nhận kết quả (từ 08/2022). Đến ngày 25/10/2022 có {figures.responses} "
        f"lượt đánh giá, tỷ lệ hài lòng và rất hài lòng đạt {rate}. Kết quả khảo sát được tổng "
        f"hợp hằng tháng trên Cổng CCHC (kèm theo bản tổng hợp kết quả khảo sát)."
    )


def _evidence(report, name):
    """An evidence file with real content (a small Word file or a picture); idempotent."""
    evidence = EvidenceFile.objects.filter(report=report, name=name).first()
    if evidence is not None and evidence.file and default_storage.exists(evidence.file.name):
        return evidence
    content = ContentFile(_evidence_bytes(name, report), name=name)
    if evidence is None:
        evidence = EvidenceFile(report=report, name=name)
    evidence.file.save(name, content, save=False)
    evidence.size = evidence.file.size
    evidence.save()
    return evidence


def _evidence_bytes(name, report):
    if name.endswith(".png"):
        from PIL import Image, ImageDraw

        image = Image.new("RGB", (640, 400), (238, 242, 236))
        draw = ImageDraw.Draw(image)
        draw.rectangle((40, 60, 600, 340), outline=(139, 26, 26), width=6)
        draw.text((60, 80), "Bo phan Mot cua - UBND phuong Huyen Tung", fill=(30, 30, 30))
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        return buffer.getvalue()
    if name.endswith(".xlsx"):
        from cchc_portal import spreadsheets

        book = spreadsheets.workbook()
        sheet = book.active
        sheet.title = "Hồ sơ đất đai"
        sheet.append(["STT", "Thủ tục", "Ngày tiếp nhận", "Xử lý trên phần mềm"])
        for index in range(1, 9):
            sheet.append(
                [index, "Đăng ký biến động quyền sử dụng đất", f"{index + 1:02d}/12/2022", "Có"]
            )
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()
    from docx import Document

    document = Document()
    document.add_paragraph("UBND PHƯỜNG HUYỀN TỤNG")
    document.add_heading("QUYẾT ĐỊNH", level=1)
    document.add_paragraph(report.text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
