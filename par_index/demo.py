"""Demo data for this app (see DESIGN.md, "Demo data"); called by `manage.py load_demo`.

A sample criteria set for wards and communes, issued by Tỉnh Bắc Kạn and marked as a sample:
the eight areas of the PAR index of Quyết định 876/QĐ-BNV as a province applies them to its
communes (wording abridged), 100 points with the citizen-survey part, bonus and penalty
points capped at 3. Eight sub-criteria are computed from the portal's records by the rules of
`par_index.rules.REGISTRY` with their default settings.

Bắc Kạn city's internal affairs office (noivu.backan) scores the city's four wards on it for
2022 (deadlines in January–February 2023):
- Huyền Tụng (huyentung) self-scores from its records: the computed criteria fill themselves
  (its plan at 23/24 tasks, its 1,18 % online rate, its late nine-month report, its
  outreach and documents); the others are scored by hand with its documents, plan tasks,
  report and inspection as evidence. noivu.backan appraises it and lowers six scores with the
  inspection's findings of 01/11/2022 as comments: it is left "appraised", so the unit can
  explain (the explanation deadline, 10/02/2023, has passed when the demo is tried today:
  internal affairs reopen or extend it there).
- Đức Xuân is finalised (appraised, explained, settled), Sông Cầu submitted, Nguyễn Thị Minh
  Khai still self-scoring (partly filled). These wards have no account in the demo: their
  paper scorecards were entered by the administrator, as the notes say.
A 2021 round on the same set as scored by hand for 2021 (a sample too) is finalised for the
four wards, so the ranking shows the change against last year.

Every move goes through `par_index.services` with the day it happened (`today=`), so the demo
is the same whatever today is. Idempotent: a round that exists is left as it is.
"""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from cchc_portal.demo_utils import upsert
from cchc_portal.models import Unit, User
from inspections import selectors as inspection_selectors
from reforms import selectors as reform_selectors
from reports import selectors as report_selectors

from . import services
from .models import CriteriaSet, Criterion, Evidence, Scorecard, ScoringRound, UnitLevel

D = datetime.date
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
REGULAR, SURVEY = Criterion.Kind.REGULAR, Criterion.Kind.SURVEY
BONUS, PENALTY = Criterion.Kind.BONUS, Criterion.Kind.PENALTY

SET_NAME = (
    "Bộ tiêu chí mẫu xác định Chỉ số CCHC của UBND xã, phường, thị trấn năm {year} (mẫu dùng thử)"
)
SET_DECISION = "Mẫu dùng thử, theo khung Quyết định số 876/QĐ-BNV ngày 10/11/2022 của Bộ Nội vụ"
SET_NOTE = (
    "Bộ tiêu chí mẫu để dùng thử Cổng CCHC, không phải bộ tiêu chí do tỉnh ban hành. Các lĩnh "
    "vực theo Đề án xác định Chỉ số CCHC giai đoạn 2022–2030 (Quyết định số 876/QĐ-BNV); nội "
    "dung tiêu chí được rút gọn."
)

# (code, text, max points, guidance, rule); a criterion with children lists them instead of a
# rule: (code, text, max points, [children]). Areas: (code, text, max, kind, [criteria]).
SPEC = [
    (
        "1",
        "Công tác chỉ đạo, điều hành cải cách hành chính",
        "14",
        REGULAR,
        [
            (
                "1.1",
                "Kế hoạch cải cách hành chính năm",
                "5",
                [
                    (
                        "1.1.1",
                        "Ban hành Kế hoạch CCHC năm kịp thời, đúng quy định",
                        "1",
                        "Ban hành trước ngày 31/12 năm trước: 1 điểm; ban hành muộn: 0 điểm.",
                        "plan_issued_on_time",
                    ),
                    (
                        "1.1.2",
                        "Mức độ thực hiện Kế hoạch CCHC năm",
                        "4",
                        "Hoàn thành 100% nhiệm vụ: 4 điểm; từ 80% đến dưới 100%: 2 điểm; "
                        "dưới 80%: 0 điểm.",
                        "plan_tasks_done",
                    ),
                ],
            ),
            (
                "1.2",
                "Thực hiện chế độ báo cáo CCHC định kỳ (đúng thời hạn, đầy đủ nội dung)",
                "2",
                "Tất cả báo cáo gửi đúng hạn: 2 điểm; có báo cáo gửi chậm hoặc không gửi: 0 điểm.",
                "reports_on_time",
            ),
            (
                "1.3",
                "Công tác kiểm tra cải cách hành chính",
                "3",
                [
                    (
                        "1.3.1",
                        "Ban hành và thực hiện Kế hoạch tự kiểm tra công tác CCHC",
                        "1",
                        "Có kế hoạch và báo cáo kết quả tự kiểm tra: 1 điểm; không có: 0 điểm.",
                        "",
                    ),
                    (
                        "1.3.2",
                        "Xử lý các vấn đề phát hiện qua kiểm tra (kiến nghị đã khắc phục)",
                        "2",
                        "100% kiến nghị được khắc phục: 2 điểm; từ 80% đến dưới 100%: 1 điểm; "
                        "dưới 80%: 0 điểm.",
                        "recommendations_remediated",
                    ),
                ],
            ),
            (
                "1.4",
                "Công tác tuyên truyền cải cách hành chính",
                "2",
                [
                    (
                        "1.4.1",
                        "Mức độ thực hiện kế hoạch tuyên truyền CCHC",
                        "1",
                        "Tổ chức tuyên truyền CCHC (lồng ghép hoặc chuyên đề) từ 4 cuộc trở "
                        "lên trong năm: 1 điểm; dưới 4 cuộc: 0 điểm.",
                        "outreach_meetings",
                    ),
                    (
                        "1.4.2",
                        "Mức độ đa dạng trong tuyên truyền CCHC",
                        "1",
                        "Tuyên truyền qua hình thức truyền thống (hội nghị, tờ gấp…): 0,5 điểm; "
                        "qua phương tiện trực tuyến (trang thông tin điện tử, mạng xã hội): "
                        "0,5 điểm.",
                        "",
                    ),
                ],
            ),
            (
                "1.5",
                "Ban hành văn bản chỉ đạo, triển khai nhiệm vụ CCHC",
                "1",
                "Có kế hoạch triển khai nhiệm vụ CCHC trong năm: 1 điểm; không có: 0 điểm.",
                "documents_issued",
            ),
            (
                "1.6",
                "Thực hiện nhiệm vụ UBND, Chủ tịch UBND cấp huyện giao",
                "1",
                "Hoàn thành 100% nhiệm vụ được giao, có phân công theo dõi: 1 điểm; "
                "dưới 100%: 0,5 điểm; không theo dõi: 0 điểm.",
                "",
            ),
        ],
    ),
    (
        "2",
        "Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật",
        "8",
        REGULAR,
        [
            (
                "2.1",
                "Tự kiểm tra, rà soát, hệ thống hóa văn bản QPPL do HĐND, UBND cấp xã ban hành",
                "3",
                "Thực hiện đầy đủ, có báo cáo kết quả: 3 điểm; thực hiện chưa đầy đủ: 1,5 điểm.",
                "",
            ),
            (
                "2.2",
                "Theo dõi tình hình thi hành pháp luật",
                "2",
                "Có kế hoạch và báo cáo theo dõi thi hành pháp luật: 2 điểm.",
                "",
            ),
            (
                "2.3",
                "Phổ biến, giáo dục pháp luật; xây dựng xã, phường đạt chuẩn tiếp cận pháp luật",
                "3",
                "Hoàn thành kế hoạch phổ biến, giáo dục pháp luật: 1,5 điểm; đạt chuẩn tiếp cận "
                "pháp luật: 1,5 điểm.",
                "",
            ),
        ],
    ),
    (
        "3",
        "Cải cách thủ tục hành chính",
        "16",
        REGULAR,
        [
            (
                "3.1",
                "Công khai TTHC đầy đủ, đúng quy định tại Bộ phận Một cửa và trên Trang thông "
                "tin điện tử",
                "3",
                "Công khai đầy đủ, kịp thời: 3 điểm; còn TTHC chưa công khai: 0 điểm.",
                "",
            ),
            (
                "3.2",
                "Kết quả giải quyết thủ tục hành chính",
                "8",
                [
                    (
                        "3.2.1",
                        "Tỷ lệ hồ sơ TTHC được giải quyết đúng hạn",
                        "5",
                        "100% hồ sơ giải quyết đúng hạn: 5 điểm; từ 95% đến dưới 100%: "
                        "2,5 điểm; dưới 95%: 0 điểm.",
                        "on_time_rate",
                    ),
                    (
                        "3.2.2",
                        "Thực hiện xin lỗi tổ chức, cá nhân khi giải quyết hồ sơ trễ hạn",
                        "1",
                        "Không có hồ sơ trễ hạn, hoặc xin lỗi đủ 100% hồ sơ trễ hạn: 1 điểm.",
                        "",
                    ),
                    (
                        "3.2.3",
                        "Số hóa hồ sơ, kết quả giải quyết TTHC",
                        "2",
                        "Số hóa 100% kết quả giải quyết TTHC còn hiệu lực: 2 điểm; số hóa một "
                        "phần: 1 điểm.",
                        "",
                    ),
                ],
            ),
            (
                "3.3",
                "Tiếp nhận, xử lý phản ánh, kiến nghị của cá nhân, tổ chức về quy định hành chính",
                "2",
                "Xử lý 100% phản ánh, kiến nghị đúng hạn (hoặc không phát sinh): 2 điểm.",
                "",
            ),
            (
                "3.4",
                "Rà soát, đánh giá, đề xuất đơn giản hóa thủ tục hành chính",
                "3",
                "Có kế hoạch, báo cáo rà soát và kiến nghị đơn giản hóa: 3 điểm; thực hiện "
                "chưa đầy đủ: 1,5 điểm.",
                "",
            ),
        ],
    ),
    (
        "4",
        "Cải cách tổ chức bộ máy hành chính",
        "6",
        REGULAR,
        [
            (
                "4.1",
                "Thực hiện quy định về số lượng, chức danh cán bộ, công chức cấp xã",
                "2",
                "Bố trí đúng số lượng, chức danh quy định: 2 điểm; vượt số lượng: 0 điểm.",
                "",
            ),
            (
                "4.2",
                "Ban hành và thực hiện Quy chế làm việc của UBND cấp xã",
                "2",
                "Có quy chế làm việc, thực hiện đúng: 2 điểm.",
                "",
            ),
            (
                "4.3",
                "Thực hiện dân chủ ở cơ sở",
                "2",
                "Thực hiện đầy đủ các nội dung công khai, dân chủ ở cơ sở: 2 điểm.",
                "",
            ),
        ],
    ),
    (
        "5",
        "Cải cách chế độ công vụ",
        "10",
        REGULAR,
        [
            (
                "5.1",
                "Bố trí cán bộ, công chức đúng chức danh, đạt tiêu chuẩn theo quy định",
                "3",
                "100% cán bộ, công chức đạt chuẩn: 3 điểm; từ 90% đến dưới 100%: 1,5 điểm.",
                "",
            ),
            (
                "5.2",
                "Thực hiện kế hoạch đào tạo, bồi dưỡng cán bộ, công chức",
                "2",
                "Hoàn thành 100% kế hoạch: 2 điểm; dưới 100%: 1 điểm.",
                "",
            ),
            (
                "5.3",
                "Đánh giá, xếp loại chất lượng cán bộ, công chức đúng quy định",
                "2",
                "Đánh giá, xếp loại đúng quy trình, thời hạn: 2 điểm.",
                "",
            ),
            (
                "5.4",
                "Chấp hành kỷ luật, kỷ cương hành chính của cán bộ, công chức",
                "3",
                "Không có cán bộ, công chức vi phạm kỷ luật, kỷ cương hành chính: 3 điểm.",
                "",
            ),
        ],
    ),
    (
        "6",
        "Cải cách tài chính công",
        "6",
        REGULAR,
        [
            (
                "6.1",
                "Thực hiện dự toán thu, chi ngân sách được giao",
                "2",
                "Thực hiện đúng dự toán được giao: 2 điểm.",
                "",
            ),
            (
                "6.2",
                "Ban hành và thực hiện Quy chế chi tiêu nội bộ",
                "2",
                "Có quy chế chi tiêu nội bộ, thực hiện đúng: 2 điểm.",
                "",
            ),
            (
                "6.3",
                "Công khai ngân sách; thực hiện kiến nghị của thanh tra, kiểm toán về tài chính",
                "2",
                "Công khai đúng quy định và thực hiện đầy đủ kiến nghị (hoặc không có kiến "
                "nghị): 2 điểm.",
                "",
            ),
        ],
    ),
    (
        "7",
        "Xây dựng và phát triển chính quyền điện tử, chính quyền số",
        "15",
        REGULAR,
        [
            (
                "7.1",
                "Văn bản điện tử",
                "4",
                [
                    (
                        "7.1.1",
                        "Tỷ lệ văn bản đi được gửi dưới dạng điện tử, có chữ ký số",
                        "2",
                        "Từ 90% văn bản đi trở lên: 2 điểm; từ 70% đến dưới 90%: 1 điểm.",
                        "",
                    ),
                    (
                        "7.1.2",
                        "Lập hồ sơ công việc, xử lý văn bản trên phần mềm quản lý văn bản",
                        "2",
                        "Xử lý đúng hạn 100% văn bản có hạn trên hồ sơ công việc: 2 điểm; còn "
                        "văn bản quá hạn: 1 điểm.",
                        "",
                    ),
                ],
            ),
            (
                "7.2",
                "Dịch vụ công trực tuyến và Hệ thống một cửa điện tử",
                "6",
                [
                    (
                        "7.2.1",
                        "Tỷ lệ hồ sơ TTHC phát sinh trực tuyến",
                        "4",
                        "Từ 50% trở lên: 4 điểm; từ 20% đến dưới 50%: 2 điểm; dưới 20%: 0 điểm.",
                        "online_dossier_rate",
                    ),
                    (
                        "7.2.2",
                        "Tỷ lệ hồ sơ TTHC được tiếp nhận, giải quyết trên Hệ thống một cửa điện tử",
                        "2",
                        "100% hồ sơ: 2 điểm; từ 30% đến dưới 100%: 1 điểm; dưới 30%: 0 điểm.",
                        "",
                    ),
                ],
            ),
            (
                "7.3",
                "Trang thông tin điện tử của UBND cấp xã được cập nhật đầy đủ, thường xuyên",
                "3",
                "Cập nhật đầy đủ, thường xuyên: 3 điểm; có nhưng chưa thường xuyên: 1 điểm.",
                "",
            ),
            (
                "7.4",
                "Thành lập và duy trì hoạt động Tổ công nghệ số cộng đồng",
                "2",
                "Đã thành lập và hoạt động: 2 điểm; chưa thành lập: 0 điểm.",
                "",
            ),
        ],
    ),
    (
        "8",
        "Mức độ hài lòng của người dân, tổ chức đối với sự phục vụ của UBND cấp xã",
        "25",
        SURVEY,
        [
            (
                "8.1",
                "Sự hài lòng về tiếp cận dịch vụ, thủ tục hành chính, công chức và kết quả giải "
                "quyết",
                "20",
                "Điểm = tỷ lệ phiếu hài lòng × 20 (điều tra xã hội học).",
                "",
            ),
            (
                "8.2",
                "Sự hài lòng về tiếp nhận, xử lý góp ý, phản ánh, kiến nghị",
                "5",
                "Điểm = tỷ lệ phiếu hài lòng × 5 (điều tra xã hội học).",
                "",
            ),
        ],
    ),
    (
        "9",
        "Điểm thưởng",
        "3",
        BONUS,
        [
            (
                "9.1",
                "Có sáng kiến, mô hình, giải pháp mới trong CCHC được cấp có thẩm quyền công nhận",
                "2",
                "Mỗi sáng kiến, mô hình được công nhận: 1 điểm, tối đa 2 điểm.",
                "",
            ),
            (
                "9.2",
                "Được cấp có thẩm quyền khen thưởng về thành tích trong công tác CCHC",
                "2",
                "Bằng khen: 2 điểm; giấy khen: 1 điểm.",
                "",
            ),
        ],
    ),
    (
        "10",
        "Điểm trừ",
        "3",
        PENALTY,
        [
            (
                "10.1",
                "Có cán bộ, công chức bị xử lý kỷ luật hoặc vi phạm trong giải quyết TTHC",
                "2",
                "Mỗi trường hợp: trừ 1 điểm, tối đa 2 điểm.",
                "",
            ),
            (
                "10.2",
                "Bị cấp có thẩm quyền phê bình, nhắc nhở về thực hiện nhiệm vụ CCHC",
                "1",
                "Mỗi lần bị phê bình, nhắc nhở bằng văn bản: trừ 0,5 điểm, tối đa 1 điểm.",
                "",
            ),
        ],
    ),
]

ROUND_TITLE = "Chấm điểm Chỉ số CCHC năm {year}"
ROUND_INSTRUCTIONS = (
    "Các phường tự chấm điểm theo bộ tiêu chí, đính kèm tài liệu kiểm chứng (ghi rõ số trang) "
    "và nộp trên Cổng CCHC trước hạn. Các tiêu chí có quy tắc tính điểm được Cổng tính sẵn từ "
    "số liệu của đơn vị; đơn vị rà soát lại trước khi nộp."
)


def round_dates(year):
    """A round's deadlines in the year after the one scored."""
    return {
        "self_scoring_due": D(year + 1, 1, 15),
        "appraisal_due": D(year + 1, 1, 31),
        "explanation_due": D(year + 1, 2, 10),
        "final_appraisal_due": D(year + 1, 2, 20),
    }


# The days the demo's moves happen on (inside each stage).
SELF_SCORING_DAY = D(2023, 1, 12)
APPRAISAL_DAY = D(2023, 1, 27)
EXPLANATION_DAY = D(2023, 2, 6)
FINAL_DAY = D(2023, 2, 16)

ENTERED_BY_ADMIN = "Theo phiếu tự chấm giấy của đơn vị; quản trị hệ thống nhập lên Cổng CCHC."
COMPUTED_NOTE = "Điểm do Cổng CCHC tính từ số liệu của đơn vị; đơn vị đã rà soát."
SURVEY_SOURCE = "Điều tra xã hội học về sự hài lòng của người dân, tổ chức năm {year}"

# The scores the rules give Huyền Tụng with their default settings (its records as the
# other apps' demos hold them), used as its self scores only where no rule computed one.
HUYEN_TUNG_RULE_SCORES = {
    "1.1.1": "0",  # plan 05/KH-UBND of 10/01/2022, after 31/12/2021
    "1.1.2": "2",  # 23/24 tasks done (95,83 %): from 80 %, half
    "1.2": "0",  # the nine-month report submitted late
    "1.3.2": "0",  # few of the 01/11/2022 inspection's recommendations accepted yet
    "1.4.1": "1",  # 9 meetings with reform content (at least 4)
    "1.5": "1",  # 8 plans issued in 2022
    "3.2.1": "5",  # every dossier resolved on time
    "7.2.1": "0",  # 9/764 dossiers online (1,18 %)
}

# Huyền Tụng's hand scores: code -> (score, note, evidence); evidence names a record of
# its own: ("document", number), ("task", title start), ("plan",), ("report",),
# ("inspection",). Survey scores carry the survey as their source.
HUYEN_TUNG_SELF = {
    "1.3.1": (
        "1",
        "Kế hoạch tự kiểm tra công tác CCHC năm 2022 ban hành ngày 10/3/2022.",
        [("document", "23/KH-UBND")],
    ),
    "1.4.2": (
        "0,5",
        "Tuyên truyền lồng ghép tại các hội nghị, cuộc họp giao ban; chưa tuyên truyền trên "
        "Trang thông tin điện tử của phường.",
        [("document", "08/KH-UBND"), ("task", "Tuyên truyền CCHC lồng ghép")],
    ),
    "1.6": (
        "1",
        "Các nhiệm vụ UBND, Chủ tịch UBND thành phố giao được cụ thể hóa qua hệ thống hồ sơ "
        "công việc, nhóm zalo cán bộ công chức và văn bản chỉ đạo.",
        [("plan",)],
    ),
    "2.1": (
        "3",
        "Báo cáo kết quả rà soát, hệ thống hóa văn bản ngày 24/6/2022.",
        [("task", "Rà soát, hệ thống hóa văn bản")],
    ),
    "2.2": ("2", "Kế hoạch và báo cáo theo dõi thi hành pháp luật năm 2022.", []),
    "2.3": (
        "3",
        "Tuyên truyền, phổ biến pháp luật cho cán bộ và nhân dân hoàn thành ngày 15/9/2022.",
        [("task", "Tuyên truyền, phổ biến giáo dục pháp luật")],
    ),
    "3.1": (
        "3",
        "Niêm yết, công khai đầy đủ TTHC tại Bộ phận tiếp nhận và trả kết quả.",
        [("task", "Niêm yết, công khai"), ("document", "09/QĐ-UBND")],
    ),
    "3.2.2": ("1", "Không có hồ sơ giải quyết trễ hạn, không phát sinh văn bản xin lỗi.", []),
    "3.2.3": ("1", "Đã số hóa một phần kết quả giải quyết TTHC lĩnh vực hộ tịch.", []),
    "3.3": ("2", "Trong năm không phát sinh phản ánh, kiến nghị về quy định hành chính.", []),
    "3.4": (
        "3",
        "Kế hoạch rà soát, đánh giá TTHC năm 2022 và báo cáo kết quả rà soát.",
        [("document", "18/KH-UBND"), ("task", "Rà soát, đánh giá thủ tục hành chính")],
    ),
    "4.1": ("2", "Bố trí đủ cán bộ, công chức theo số lượng, chức danh quy định.", []),
    "4.2": ("2", "Quy chế làm việc của UBND phường nhiệm kỳ 2021–2026.", []),
    "4.3": ("2", "Thực hiện công khai, dân chủ ở cơ sở theo quy định.", []),
    "5.1": ("3", "100% cán bộ, công chức đạt chuẩn theo quy định.", []),
    "5.2": ("2", "Cử cán bộ, công chức tham gia đầy đủ các lớp bồi dưỡng do thành phố mở.", []),
    "5.3": ("2", "Đánh giá, xếp loại cán bộ, công chức năm 2022 đúng quy trình.", []),
    "5.4": ("3", "Không có cán bộ, công chức vi phạm kỷ luật, kỷ cương hành chính.", []),
    "6.1": ("2", "Thực hiện dự toán ngân sách năm 2022 được giao.", []),
    "6.2": ("2", "Quy chế chi tiêu nội bộ năm 2022.", []),
    "6.3": ("2", "Công khai dự toán, quyết toán ngân sách phường theo quy định.", []),
    "7.1.1": (
        "2",
        "598 văn bản đi được trao đổi dưới dạng điện tử có chữ ký số (221 văn bản liên thông, "
        "337 văn bản nội bộ).",
        [("report",)],
    ),
    "7.1.2": ("2", "Văn bản được xử lý trên hệ thống hồ sơ công việc.", []),
    "7.2.2": (
        "1",
        "244/764 hồ sơ được xử lý qua phần mềm một cửa điện tử; lĩnh vực đất đai chưa thực "
        "hiện trên phần mềm.",
        [("task", "Thực hiện TTHC lĩnh vực đất đai")],
    ),
    "7.3": ("2", "Trang thông tin điện tử của phường đang hoạt động.", []),
    "7.4": ("0", "Phường chưa thành lập Tổ công nghệ số cộng đồng.", []),
    "8.1": (
        "17,5",
        "Kết quả khảo sát theo Kế hoạch số 31/KH-UBND ngày 05/4/2022.",
        [("document", "31/KH-UBND")],
    ),
    "8.2": ("4", "Kết quả khảo sát theo Kế hoạch số 31/KH-UBND ngày 05/4/2022.", []),
    "9.1": ("0", "", []),
    "9.2": ("0", "", []),
    "10.1": ("0", "", []),
    "10.2": ("0", "", []),
}

# noivu.backan's appraisal of Huyền Tụng: the scores it changes, with its comments (the
# inspection of 01/11/2022 found these); every other area is accepted unchanged.
HUYEN_TUNG_APPRAISAL = {
    "1.6": (
        "0,5",
        "Chưa phân công công chức theo dõi việc thực hiện nhiệm vụ do UBND, Chủ tịch UBND "
        "thành phố giao (Đoàn kiểm tra CCHC ngày 01/11/2022).",
    ),
    "3.4": (
        "1,5",
        "Chưa đối chiếu với Quyết định số 2686/QĐ-UBND ngày 31/12/2021 của UBND tỉnh để rà "
        "soát các TTHC thuộc thẩm quyền còn thiếu trong Quyết định số 2020/QĐ-UBND ngày "
        "20/10/2022.",
    ),
    "7.1.1": (
        "1",
        "598 văn bản ký số nhưng chỉ 558 văn bản được phân loại (221 liên thông, 337 nội bộ); "
        "40 văn bản chưa rõ, Cổng CCHC đã cảnh báo.",
    ),
    "7.1.2": (
        "1",
        "Còn văn bản có hạn chưa được xử lý kịp thời trên hồ sơ công việc (Đoàn kiểm tra CCHC "
        "ngày 01/11/2022).",
    ),
    "7.3": (
        "1",
        "Trang thông tin điện tử của phường chưa cập nhật thường xuyên hoạt động của UBND phường.",
    ),
    "10.2": (
        "0,5",
        "Bị nhắc nhở về thời hạn báo cáo CCHC định kỳ và việc xác định tỷ lệ hoàn thành Kế "
        "hoạch CCHC năm (Đoàn kiểm tra CCHC ngày 01/11/2022).",
    ),
}

# The other wards' self scores where they differ from the maximum (bonus and penalty points
# default to 0; survey points are given); for rule criteria (the scores the rules give them
# with their records) used only where no rule computed a score.
OTHER_SELF = {
    "duc-xuan": {
        "1.1.1": "0",
        "1.1.2": "0",
        "1.2": "2",
        "1.3.2": "2",
        "1.4.1": "0",
        "1.4.2": "0,5",
        "1.5": "1",
        "2.3": "1,5",
        "3.2.1": "2,5",
        "3.2.3": "1",
        "7.1.2": "1",
        "7.2.1": "0",
        "7.2.2": "1",
        "7.3": "1",
        "7.4": "0",
        "8.1": "18",
        "8.2": "4,25",
        "9.1": "1",
    },
    "song-cau": {
        "1.1.1": "0",
        "1.1.2": "0",
        "1.2": "2",
        "1.3.2": "0",
        "1.4.1": "0",
        "1.4.2": "0,5",
        "1.5": "1",
        "3.2.1": "2,5",
        "3.2.3": "1",
        "3.4": "1,5",
        "7.1.1": "1",
        "7.2.1": "0",
        "7.2.2": "1",
        "7.3": "1",
        "7.4": "0",
        "8.1": "16,5",
        "8.2": "4",
    },
}
# Nguyễn Thị Minh Khai is still self-scoring: only these are filled (and the computed ones).
NTMK_PARTIAL = {"2.1": "3", "2.2": "2", "2.3": "3", "4.1": "2", "4.2": "2", "4.3": "2"}
DUC_XUAN_APPRAISAL = {
    "3.1": ("1,5", "Chưa công khai TTHC trên Trang thông tin điện tử của phường."),
    "9.1": ("0", "Mô hình chưa được cấp có thẩm quyền công nhận."),
}
DUC_XUAN_EXPLANATION = {
    "9.1": "Mô hình “Một cửa thân thiện” được UBND thành phố công nhận tại Quyết định số "
    "1520/QĐ-UBND ngày 20/12/2022 (bổ sung tài liệu kiểm chứng).",
}
DUC_XUAN_FINAL = {"9.1": ("1", "Chấp nhận giải trình: mô hình đã được công nhận.")}

# 2021, scored by hand and finalised: each ward's points below the maximum.
SCORES_2021 = {
    "huyen-tung": {
        "1.1.2": "2",
        "1.2": "1",
        "1.3.2": "1",
        "1.4.2": "0,5",
        "3.4": "1,5",
        "7.1.1": "1",
        "7.2.1": "0",
        "7.2.2": "1",
        "7.3": "1",
        "7.4": "0",
        "8.1": "16",
        "8.2": "4",
    },
    "duc-xuan": {
        "1.1.2": "2",
        "1.4.2": "0,5",
        "3.2.3": "1",
        "7.2.1": "2",
        "7.2.2": "1",
        "7.3": "1",
        "7.4": "0",
        "8.1": "17",
        "8.2": "4",
    },
    "song-cau": {
        "1.1.2": "2",
        "1.2": "0",
        "3.2.1": "2,5",
        "3.2.3": "1",
        "7.1.1": "1",
        "7.2.1": "0",
        "7.2.2": "1",
        "7.3": "1",
        "7.4": "0",
        "8.1": "16",
        "8.2": "3,5",
    },
    "nguyen-thi-minh-khai": {
        "1.1.2": "0",
        "1.2": "0",
        "1.3.2": "1",
        "3.2.1": "2,5",
        "3.2.3": "1",
        "3.4": "1,5",
        "7.1.1": "1",
        "7.2.1": "0",
        "7.2.2": "0",
        "7.3": "1",
        "7.4": "0",
        "8.1": "15",
        "8.2": "3,5",
    },
}
WARDS = ["huyen-tung", "duc-xuan", "song-cau", "nguyen-thi-minh-khai"]


def at(day, hour, minute=0):
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def load(stdout=None):
    province = Unit.objects.get(code="bac-kan")
    city = Unit.objects.get(code="bac-kan-city")
    users = {user.username: user for user in User.objects.all()}
    set_2021 = criteria_set(province, 2021, rules=False)
    set_2022 = criteria_set(province, 2022, rules=True)
    rnd_2021 = _round_2021(city, set_2021, users)
    rnd_2022 = _round_2022(city, set_2022, users)
    _huyen_tung_may_explain(rnd_2022, users)
    if stdout is not None:
        stdout.write(
            f"par_index: sample criteria sets 2021 and 2022, rounds “{rnd_2021}” and "
            f"“{rnd_2022}” for {rnd_2022.scorecards.count()} wards\n"
        )


def _huyen_tung_may_explain(rnd, users, today=None):
    """The explanation deadline (10/02/2023) is long past when the demo is tried: as internal
    affairs would, noivu.backan gives Huyền Tụng 30 days from the load day to explain, so
    the explanation step can be tried. Nothing changes while an extension still runs."""
    today = today or timezone.localdate()
    card = rnd.scorecards.get(unit__code="huyen-tung")
    if card.status != Scorecard.Status.APPRAISED or not card.past_deadline(today):
        return
    services.extend(
        acting_user=users["noivu.backan"],
        card=card,
        until=today + datetime.timedelta(days=30),
        reason="Gia hạn để phường giải trình trên Cổng CCHC.",
        today=today,
    )


# --- the criteria set ------------------------------------------------------------------


def criteria_set(unit, year, *, rules):
    """The sample set of `year` issued by `unit` (its rules only with `rules`), built or
    brought up to date; a set a round already uses is left as it is."""
    criteria_set = CriteriaSet.objects.filter(unit=unit, year=year, level=UnitLevel.COMMUNE).first()
    if criteria_set is not None and criteria_set.is_in_use:
        return criteria_set
    criteria_set, _created = upsert(
        CriteriaSet,
        {"unit": unit, "year": year, "level": UnitLevel.COMMUNE},
        {
            "name": SET_NAME.format(year=year),
            "decision": SET_DECISION,
            "decimal_places": 2,
            "is_sample": True,
            "note": SET_NOTE,
        },
    )
    position = 0
    for code, text, max_points, kind, children in SPEC:
        position += 1
        area = _criterion(criteria_set, None, code, text, max_points, kind, position, "", "")
        for child in children:
            position += 1
            if isinstance(child[3], list):
                sub_code, sub_text, sub_max, leaves = child
                parent = _criterion(
                    criteria_set, area, sub_code, sub_text, sub_max, kind, position, "", ""
                )
                for leaf_code, leaf_text, leaf_max, guidance, rule in leaves:
                    position += 1
                    _criterion(
                        criteria_set,
                        parent,
                        leaf_code,
                        leaf_text,
                        leaf_max,
                        kind,
                        position,
                        guidance,
                        rule if rules else "",
                    )
            else:
                sub_code, sub_text, sub_max, guidance, rule = child
                _criterion(
                    criteria_set,
                    area,
                    sub_code,
                    sub_text,
                    sub_max,
                    kind,
                    position,
                    guidance,
                    rule if rules else "",
                )
    return criteria_set


def _criterion(criteria_set, parent, code, text, max_points, kind, position, guidance, rule):
    criterion, _created = upsert(
        Criterion,
        {"criteria_set": criteria_set, "code": code},
        {
            "parent": parent,
            "text": text,
            "max_points": Decimal(max_points),
            "kind": kind,
            "position": position,
            "guidance": guidance,
            "rule": rule,
            "rule_params": {},
        },
    )
    return criterion


# --- rounds ----------------------------------------------------------------------------


def _open(city, criteria_set, users, year, today):
    rnd = ScoringRound.objects.filter(unit=city, criteria_set=criteria_set).first()
    if rnd is not None:
        return rnd, False
    rnd = services.open_round(
        acting_user=users["noivu.backan"],
        unit=city,
        criteria_set=criteria_set,
        title=ROUND_TITLE.format(year=year),
        instructions=ROUND_INSTRUCTIONS,
        today=today,
        **round_dates(year),
    )
    return rnd, True


def _cards(rnd):
    return {card.unit.code: card for card in rnd.scorecards.select_related("unit")}


def _fresh(card):
    return Scorecard.objects.get(pk=card.pk)


def _leaves(card):
    """{code: Score} of a card's leaves."""
    return {s.criterion.code: s for s in card.scores.select_related("criterion")}


def _default(criterion):
    """A ward's self score where the demo names none: the maximum of a regular or survey
    criterion, nothing for bonus and penalty points."""
    return "0" if criterion.kind in (BONUS, PENALTY) else criterion.max_points


def _self_entries(card, values, *, note, rule_scores=None, only=None, year):
    """Entries for `save_self_scores`: a rule's computed score is kept as it is, else the
    demo's value; `only` limits them to those codes (a card partly filled)."""
    entries = {}
    for code, score in _leaves(card).items():
        criterion = score.criterion
        if only is not None and code not in only and score.self_score is None:
            continue
        if criterion.rule and score.self_score is not None:
            value, text = score.self_score, COMPUTED_NOTE
        elif criterion.rule and rule_scores is not None and code in rule_scores:
            value, text = rule_scores[code], note
        else:
            value, text = values.get(code, _default(criterion)), note
        entry = {"score": value, "note": text}
        if criterion.kind == SURVEY:
            entry["source"] = SURVEY_SOURCE.format(year=year)
        entries[score.criterion_id] = entry
    return entries


def _self_score(card, user, entries, today):
    services.save_self_scores(
        acting_user=user, card=card, version=card.version, entries=entries, today=today
    )
    return _fresh(card)


def _accept_all(card, user, today, *, skip=()):
    areas = card.round.criteria_set.criteria.filter(parent__isnull=True).order_by("position")
    for area in areas:
        card = _fresh(card)
        services.accept_area(
            acting_user=user, card=card, version=card.version, area=area, today=today
        )
    return _fresh(card)


def _appraise(card, user, changes, today):
    if changes:
        ids = {code: s.criterion_id for code, s in _leaves(card).items()}
        services.save_appraisal(
            acting_user=user,
            card=card,
            version=card.version,
            entries={
                ids[code]: {"score": score, "comment": comment}
                for code, (score, comment) in changes.items()
            },
            today=today,
        )
    return _accept_all(_fresh(card), user, today)


def _stamp(card, **moments):
    """The moves' times as the demo tells them (the services stamp the moment they run)."""
    Scorecard.objects.filter(pk=card.pk).update(**moments)


def _round_2021(city, criteria_set, users):
    rnd, opened = _open(city, criteria_set, users, 2021, D(2022, 1, 5))
    if not opened:
        return rnd
    admin, office = users["admin"], users["noivu.backan"]
    dates = round_dates(2021)
    for code, card in _cards(rnd).items():
        entries = _self_entries(card, SCORES_2021.get(code, {}), note=ENTERED_BY_ADMIN, year=2021)
        card = _self_score(card, admin, entries, D(2022, 1, 12))
        services.submit(acting_user=admin, card=card, today=D(2022, 1, 14))
        card = _accept_all(_fresh(card), office, D(2022, 1, 25))
        services.complete_appraisal(acting_user=office, card=card, today=D(2022, 1, 26))
        # No explanation was sent by its deadline: the team settles the appraisal after it.
        services.finalise(
            acting_user=office, card=_fresh(card), today=dates["explanation_due"] + _day()
        )
        _stamp(
            card,
            submitted_at=at(D(2022, 1, 14), 9),
            appraised_at=at(D(2022, 1, 26), 15),
            finalised_at=at(D(2022, 2, 14), 10),
        )
    return rnd


def _day():
    return datetime.timedelta(days=1)


def _round_2022(city, criteria_set, users):
    rnd, opened = _open(city, criteria_set, users, 2022, D(2023, 1, 3))
    if not opened:
        return rnd
    cards = _cards(rnd)
    _huyen_tung(cards["huyen-tung"], users)
    _duc_xuan(cards["duc-xuan"], users)
    _song_cau(cards["song-cau"], users)
    _nguyen_thi_minh_khai(cards["nguyen-thi-minh-khai"], users)
    return rnd


def _huyen_tung(card, users):
    """Self-scored from its records and submitted; appraised with six changes; left for the
    unit to explain."""
    staff, office = users["huyentung"], users["noivu.backan"]
    values = {code: score for code, (score, _note, _evidence) in HUYEN_TUNG_SELF.items()}
    entries = _self_entries(card, values, note="", rule_scores=HUYEN_TUNG_RULE_SCORES, year=2022)
    leaves = _leaves(card)
    for code, (_score, note, _evidence) in HUYEN_TUNG_SELF.items():
        entries[leaves[code].criterion_id]["note"] = note
    for code in HUYEN_TUNG_RULE_SCORES:
        entry = entries[leaves[code].criterion_id]
        if not entry["note"]:
            entry["note"] = "Tự chấm theo số liệu của phường trên Cổng CCHC."
    card = _self_score(card, staff, entries, SELF_SCORING_DAY)
    _huyen_tung_evidence(card, staff)
    services.submit(acting_user=staff, card=card, today=SELF_SCORING_DAY)
    card = _appraise(_fresh(card), office, HUYEN_TUNG_APPRAISAL, APPRAISAL_DAY)
    services.complete_appraisal(acting_user=office, card=card, today=APPRAISAL_DAY)
    _stamp(card, submitted_at=at(SELF_SCORING_DAY, 16, 30), appraised_at=at(APPRAISAL_DAY, 10))


def _huyen_tung_evidence(card, staff):
    """Evidence picked from Huyền Tụng's own records (read through the owning apps)."""
    unit = card.unit
    _counts, documents = reform_selectors.documents_in_period(
        [unit], D(2022, 1, 1), D(2022, 12, 31), with_items=True
    )
    documents = {document.number: document for document in documents}
    plan = reform_selectors.plan_of(unit, 2022)
    tasks = reform_selectors.plan_tasks(plan, today=SELF_SCORING_DAY) if plan else []
    report = report_selectors.unit_reports(staff, year=2022).filter(unit=unit).first()
    inspection = inspection_selectors.inspection_rows(staff, year=2022, unit=unit).first()
    leaves = _leaves(card)
    for code, (_score, _note, picks) in HUYEN_TUNG_SELF.items():
        for pick in picks:
            record = _evidence_record(pick, documents, plan, tasks, report, inspection)
            if record is not None:
                services.add_evidence(
                    acting_user=staff, score=leaves[code], today=SELF_SCORING_DAY, **record
                )
    if inspection is not None:
        services.add_evidence(
            acting_user=staff,
            score=leaves["1.6"],
            today=SELF_SCORING_DAY,
            kind=Evidence.Kind.INSPECTION,
            label=str(inspection),
            url=inspection.get_absolute_url(),
            inspection=inspection,
        )


def _evidence_record(pick, documents, plan, tasks, report, inspection):
    kind = pick[0]
    if kind == "document":
        document = documents.get(pick[1])
        if document is None:
            return None
        return {
            "kind": Evidence.Kind.DOCUMENT,
            "label": str(document),
            "page": "1",
            "url": document.get_absolute_url(),
            "document": document,
        }
    if kind == "task":
        task = next((t for t in tasks if t.title.startswith(pick[1])), None)
        if task is None:
            return None
        return {
            "kind": Evidence.Kind.TASK,
            "label": task.title,
            "url": task.get_absolute_url(),
            "task": task,
        }
    if kind == "plan" and plan is not None:
        return {
            "kind": Evidence.Kind.PLAN,
            "label": str(plan),
            "url": plan.get_absolute_url(),
            "plan": plan,
        }
    if kind == "report" and report is not None:
        return {
            "kind": Evidence.Kind.REPORT,
            "label": str(report),
            "page": "3",
            "url": report.get_absolute_url(),
            "report": report,
        }
    return None


def _duc_xuan(card, users):
    """Self-scored (paper scorecard), appraised with two changes, explained, finalised."""
    admin, office = users["admin"], users["noivu.backan"]
    values = OTHER_SELF["duc-xuan"]
    entries = _self_entries(card, values, note=ENTERED_BY_ADMIN, rule_scores=values, year=2022)
    card = _self_score(card, admin, entries, D(2023, 1, 11))
    services.submit(acting_user=admin, card=card, today=D(2023, 1, 11))
    card = _appraise(_fresh(card), office, DUC_XUAN_APPRAISAL, D(2023, 1, 25))
    services.complete_appraisal(acting_user=office, card=card, today=D(2023, 1, 25))
    card = _fresh(card)
    ids = {code: s.criterion_id for code, s in _leaves(card).items()}
    services.save_explanations(
        acting_user=admin,
        card=card,
        version=card.version,
        entries={ids[code]: {"explanation": text} for code, text in DUC_XUAN_EXPLANATION.items()},
        today=EXPLANATION_DAY,
    )
    services.send_explanations(acting_user=admin, card=_fresh(card), today=EXPLANATION_DAY)
    card = _fresh(card)
    services.save_appraisal(
        acting_user=office,
        card=card,
        version=card.version,
        entries={
            ids[code]: {"score": score, "comment": comment}
            for code, (score, comment) in DUC_XUAN_FINAL.items()
        },
        today=FINAL_DAY,
    )
    services.finalise(acting_user=office, card=_fresh(card), today=FINAL_DAY)
    _stamp(
        card,
        submitted_at=at(D(2023, 1, 11), 10),
        appraised_at=at(D(2023, 1, 25), 14),
        explained_at=at(EXPLANATION_DAY, 9),
        finalised_at=at(FINAL_DAY, 15),
    )


def _song_cau(card, users):
    """Self-scored (paper scorecard) and submitted: waiting for the appraisal."""
    admin = users["admin"]
    values = OTHER_SELF["song-cau"]
    entries = _self_entries(card, values, note=ENTERED_BY_ADMIN, rule_scores=values, year=2022)
    card = _self_score(card, admin, entries, D(2023, 1, 13))
    services.submit(acting_user=admin, card=card, today=D(2023, 1, 13))
    _stamp(card, submitted_at=at(D(2023, 1, 13), 16))


def _nguyen_thi_minh_khai(card, users):
    """Still self-scoring: a few criteria filled besides the computed ones."""
    entries = _self_entries(
        card, NTMK_PARTIAL, note=ENTERED_BY_ADMIN, only=set(NTMK_PARTIAL), year=2022
    )
    _self_score(card, users["admin"], entries, D(2023, 1, 10))
