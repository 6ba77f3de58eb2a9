"""Demo data for this app (see DESIGN.md, "Demo data"); called by `manage.py load_demo`.

Huyền Tụng's 2022 plan as the inspection of 01/11/2022 found it (seeds/000): 7 general and 24
specific tasks, 23 specific tasks done by then, one overdue; its documents (8 plans, 1 decision,
1 notice) and outreach (9 of 15 meetings, over 300 participants). Hồng Ngự's 12 reform models of
2022, five evaluated effective (seeds/002). Smaller 2022 plans for the other wards, so the
city's comparison shows something. Task titles and the other wards' figures are invented.
"""

import datetime

from cchc_portal import summaries
from cchc_portal.demo_utils import upsert
from cchc_portal.models import Unit, User

from .models import (
    IssuedDocument,
    OutreachActivity,
    OutreachYear,
    ReformArea,
    ReformModel,
    ReformPlan,
    ReformTask,
)
from .reference import ensure_areas
from .services import refresh_general_status

D = datetime.date
DONE = ReformTask.Status.DONE
IN_PROGRESS = ReformTask.Status.IN_PROGRESS
NOT_STARTED = ReformTask.Status.NOT_STARTED
Kind = IssuedDocument.Kind

# Huyền Tụng's documents of 2022: (number, date, kind, title).
HUYEN_TUNG_DOCUMENTS = [
    (
        "03/TB-UBND",
        D(2022, 1, 5),
        Kind.NOTICE,
        "Thông báo lịch làm việc của lãnh đạo UBND phường Huyền Tụng năm 2022",
    ),
    (
        "05/KH-UBND",
        D(2022, 1, 10),
        Kind.PLAN,
        "Kế hoạch cải cách hành chính năm 2022 của UBND phường Huyền Tụng",
    ),
    ("08/KH-UBND", D(2022, 1, 17), Kind.PLAN, "Kế hoạch tuyên truyền cải cách hành chính năm 2022"),
    (
        "09/QĐ-UBND",
        D(2022, 1, 18),
        Kind.DECISION,
        "Quyết định kiện toàn Bộ phận tiếp nhận và trả kết quả phường Huyền Tụng",
    ),
    ("12/KH-UBND", D(2022, 1, 24), Kind.PLAN, "Kế hoạch kiểm soát thủ tục hành chính năm 2022"),
    (
        "15/KH-UBND",
        D(2022, 2, 14),
        Kind.PLAN,
        "Kế hoạch thực hiện thủ tục hành chính trên môi trường điện tử năm 2022",
    ),
    (
        "18/KH-UBND",
        D(2022, 2, 21),
        Kind.PLAN,
        "Kế hoạch rà soát, đánh giá thủ tục hành chính năm 2022",
    ),
    (
        "23/KH-UBND",
        D(2022, 3, 10),
        Kind.PLAN,
        "Kế hoạch tự kiểm tra công tác cải cách hành chính năm 2022",
    ),
    (
        "31/KH-UBND",
        D(2022, 4, 5),
        Kind.PLAN,
        "Kế hoạch khảo sát mức độ hài lòng của người dân, tổ chức đối với sự phục vụ của UBND phường năm 2022",
    ),
    ("40/KH-UBND", D(2022, 5, 16), Kind.PLAN, "Kế hoạch chuyển đổi số phường Huyền Tụng năm 2022"),
]

OFFICE = "Công chức Văn phòng – Thống kê"
JUSTICE = "Công chức Tư pháp – Hộ tịch"
LAND = "Công chức Địa chính – Xây dựng"
CULTURE = "Công chức Văn hóa – Xã hội"
FINANCE = "Công chức Tài chính – Kế toán"
CHAIR = "Chủ tịch UBND phường"

# Huyền Tụng's plan: (area code, general title, expected output, responsible, [specific]);
# specific: (title, expected output, responsible, deadline, status, completed on, evidence no.).
HUYEN_TUNG_TASKS = [
    (
        "direction",
        "Công tác chỉ đạo, điều hành cải cách hành chính",
        "Các kế hoạch, văn bản chỉ đạo được ban hành và triển khai",
        CHAIR,
        [
            (
                "Ban hành Kế hoạch cải cách hành chính năm 2022",
                "Kế hoạch CCHC năm 2022",
                OFFICE,
                D(2022, 1, 15),
                DONE,
                D(2022, 1, 10),
                "05/KH-UBND",
            ),
            (
                "Ban hành Kế hoạch tuyên truyền cải cách hành chính năm 2022",
                "Kế hoạch tuyên truyền CCHC",
                CULTURE,
                D(2022, 1, 31),
                DONE,
                D(2022, 1, 17),
                "08/KH-UBND",
            ),
            (
                "Tuyên truyền CCHC lồng ghép trong các cuộc họp giao ban và hội nghị của phường, tổ dân phố",
                "Nội dung CCHC trong các cuộc họp",
                CULTURE,
                D(2022, 10, 31),
                DONE,
                D(2022, 10, 28),
                None,
            ),
            (
                "Ban hành Kế hoạch tự kiểm tra công tác cải cách hành chính năm 2022",
                "Kế hoạch tự kiểm tra",
                OFFICE,
                D(2022, 3, 15),
                DONE,
                D(2022, 3, 10),
                "23/KH-UBND",
            ),
            (
                "Báo cáo định kỳ công tác cải cách hành chính quý I, 6 tháng, quý III",
                "Các báo cáo CCHC định kỳ đúng hạn",
                OFFICE,
                D(2022, 9, 20),
                DONE,
                D(2022, 9, 26),
                None,
            ),
        ],
    ),
    (
        "institutions",
        "Cải cách thể chế",
        "Văn bản của phường đúng thẩm quyền, được rà soát",
        JUSTICE,
        [
            (
                "Rà soát, hệ thống hóa văn bản do HĐND, UBND phường ban hành",
                "Báo cáo kết quả rà soát",
                JUSTICE,
                D(2022, 6, 30),
                DONE,
                D(2022, 6, 24),
                None,
            ),
            (
                "Tuyên truyền, phổ biến giáo dục pháp luật cho cán bộ và nhân dân",
                "Các buổi tuyên truyền pháp luật",
                JUSTICE,
                D(2022, 9, 30),
                DONE,
                D(2022, 9, 15),
                None,
            ),
        ],
    ),
    (
        "procedures",
        "Cải cách thủ tục hành chính",
        "TTHC được công khai, giải quyết đúng hạn",
        JUSTICE,
        [
            (
                "Ban hành Kế hoạch kiểm soát thủ tục hành chính năm 2022",
                "Kế hoạch kiểm soát TTHC",
                JUSTICE,
                D(2022, 1, 31),
                DONE,
                D(2022, 1, 24),
                "12/KH-UBND",
            ),
            (
                "Ban hành Kế hoạch thực hiện thủ tục hành chính trên môi trường điện tử",
                "Kế hoạch thực hiện TTHC trên môi trường điện tử",
                OFFICE,
                D(2022, 2, 28),
                DONE,
                D(2022, 2, 14),
                "15/KH-UBND",
            ),
            (
                "Niêm yết, công khai đầy đủ TTHC tại Bộ phận tiếp nhận và trả kết quả",
                "Bảng niêm yết TTHC cập nhật",
                OFFICE,
                D(2022, 3, 31),
                DONE,
                D(2022, 3, 25),
                None,
            ),
            (
                "Rà soát, đánh giá thủ tục hành chính thuộc thẩm quyền giải quyết",
                "Báo cáo rà soát, kiến nghị đơn giản hóa",
                JUSTICE,
                D(2022, 6, 30),
                DONE,
                D(2022, 6, 28),
                "18/KH-UBND",
            ),
            (
                "Thực hiện TTHC lĩnh vực đất đai trên phần mềm một cửa điện tử",
                "Hồ sơ đất đai được xử lý trên phần mềm một cửa",
                LAND,
                D(2022, 9, 30),
                IN_PROGRESS,
                None,
                None,
            ),
        ],
    ),
    (
        "apparatus",
        "Cải cách tổ chức bộ máy",
        "Bộ máy, vị trí việc làm đúng quy định",
        CHAIR,
        [
            (
                "Kiện toàn Bộ phận tiếp nhận và trả kết quả của phường",
                "Quyết định kiện toàn",
                OFFICE,
                D(2022, 1, 31),
                DONE,
                D(2022, 1, 18),
                "09/QĐ-UBND",
            ),
            (
                "Rà soát phân công nhiệm vụ cán bộ, công chức theo vị trí việc làm",
                "Bảng phân công nhiệm vụ",
                OFFICE,
                D(2022, 4, 30),
                DONE,
                D(2022, 4, 22),
                None,
            ),
        ],
    ),
    (
        "civil-service",
        "Cải cách chế độ công vụ",
        "Kỷ luật, kỷ cương hành chính được tăng cường",
        CHAIR,
        [
            (
                "Ban hành và thực hiện lịch làm việc của lãnh đạo UBND phường",
                "Thông báo lịch làm việc",
                OFFICE,
                D(2022, 1, 15),
                DONE,
                D(2022, 1, 5),
                "03/TB-UBND",
            ),
            (
                "Cử cán bộ, công chức tham gia bồi dưỡng kiến thức, kỹ năng",
                "Danh sách cán bộ được bồi dưỡng",
                OFFICE,
                D(2022, 8, 31),
                DONE,
                D(2022, 8, 19),
                None,
            ),
            (
                "Khảo sát mức độ hài lòng của người dân, tổ chức",
                "Báo cáo kết quả khảo sát",
                OFFICE,
                D(2022, 6, 30),
                DONE,
                D(2022, 7, 12),
                "31/KH-UBND",
            ),
        ],
    ),
    (
        "public-finance",
        "Cải cách tài chính công",
        "Kinh phí sử dụng đúng quy định, tiết kiệm",
        FINANCE,
        [
            (
                "Xây dựng và thực hiện Quy chế chi tiêu nội bộ năm 2022",
                "Quy chế chi tiêu nội bộ",
                FINANCE,
                D(2022, 2, 28),
                DONE,
                D(2022, 2, 25),
                None,
            ),
            (
                "Công khai dự toán, quyết toán ngân sách phường",
                "Văn bản công khai ngân sách",
                FINANCE,
                D(2022, 4, 30),
                DONE,
                D(2022, 4, 15),
                None,
            ),
        ],
    ),
    (
        "digital-government",
        "Xây dựng và phát triển chính quyền điện tử, chính quyền số",
        "Văn bản điện tử, chữ ký số, một cửa điện tử được sử dụng thường xuyên",
        OFFICE,
        [
            (
                "Sử dụng chữ ký số trong gửi, nhận văn bản điện tử",
                "Văn bản đi được ký số",
                OFFICE,
                D(2022, 10, 31),
                DONE,
                D(2022, 10, 31),
                None,
            ),
            (
                "Cấp tài khoản phần mềm một cửa điện tử cho 100% công chức phụ trách lĩnh vực",
                "Tài khoản một cửa điện tử",
                OFFICE,
                D(2022, 3, 31),
                DONE,
                D(2022, 3, 18),
                None,
            ),
            (
                "Hướng dẫn người dân sử dụng dịch vụ công trực tuyến mức độ 3, 4 và dịch vụ bưu chính công ích",
                "Hồ sơ trực tuyến, qua bưu chính",
                CULTURE,
                D(2022, 10, 31),
                DONE,
                D(2022, 10, 20),
                None,
            ),
            (
                "Cập nhật thông tin hoạt động trên Trang thông tin điện tử của phường",
                "Tin bài trên trang thông tin điện tử",
                CULTURE,
                D(2022, 10, 31),
                DONE,
                D(2022, 10, 25),
                None,
            ),
            (
                "Ban hành Kế hoạch chuyển đổi số năm 2022",
                "Kế hoạch chuyển đổi số",
                OFFICE,
                D(2022, 5, 31),
                DONE,
                D(2022, 5, 16),
                "40/KH-UBND",
            ),
        ],
    ),
]

# Nine meetings that carried reform content out of fifteen: (date, topic, audience, participants).
HUYEN_TUNG_OUTREACH = [
    (
        D(2022, 1, 27),
        "Giao ban tháng 1: triển khai Kế hoạch CCHC năm 2022",
        "Cán bộ, công chức; Bí thư, tổ trưởng tổ dân phố",
        38,
    ),
    (
        D(2022, 3, 3),
        "Giao ban tháng 2: dịch vụ công trực tuyến mức độ 3, 4",
        "Cán bộ, công chức; tổ trưởng tổ dân phố",
        34,
    ),
    (
        D(2022, 3, 30),
        "Hội nghị Hội Phụ nữ: thủ tục hành chính qua dịch vụ bưu chính công ích",
        "Hội viên Hội Phụ nữ",
        36,
    ),
    (
        D(2022, 4, 28),
        "Giao ban tháng 4: công khai thủ tục hành chính",
        "Cán bộ, công chức; Bí thư chi bộ",
        32,
    ),
    (
        D(2022, 5, 26),
        "Họp Hội Cựu chiến binh: tiếp nhận phản ánh, kiến nghị về TTHC",
        "Hội viên Hội Cựu chiến binh",
        30,
    ),
    (
        D(2022, 6, 29),
        "Giao ban tháng 6: sơ kết 6 tháng công tác CCHC",
        "Cán bộ, công chức; tổ trưởng tổ dân phố",
        35,
    ),
    (
        D(2022, 7, 21),
        "Họp Đoàn Thanh niên: hỗ trợ người dân nộp hồ sơ trực tuyến",
        "Đoàn viên thanh niên",
        31,
    ),
    (D(2022, 8, 30), "Giao ban tháng 8: chữ ký số và văn bản điện tử", "Cán bộ, công chức", 33),
    (
        D(2022, 10, 27),
        "Giao ban tháng 10: chuẩn bị kiểm tra CCHC của thành phố",
        "Cán bộ, công chức; Bí thư, tổ trưởng tổ dân phố",
        40,
    ),
]

# Smaller plans of the other wards: unit code -> (plan number, [(area, general, [(specific
# title, deadline, status, completed on)])]).
OTHER_PLANS = {
    "duc-xuan": (
        "07/KH-UBND",
        [
            (
                "direction",
                "Chỉ đạo, điều hành CCHC",
                [
                    ("Ban hành Kế hoạch CCHC năm 2022", D(2022, 1, 31), DONE, D(2022, 1, 20)),
                    ("Báo cáo CCHC định kỳ", D(2022, 9, 30), DONE, D(2022, 9, 28)),
                ],
            ),
            (
                "procedures",
                "Cải cách thủ tục hành chính",
                [
                    ("Công khai TTHC tại Bộ phận một cửa", D(2022, 3, 31), DONE, D(2022, 3, 30)),
                    ("Rà soát TTHC thuộc thẩm quyền", D(2022, 6, 30), DONE, D(2022, 7, 8)),
                    ("Khảo sát sự hài lòng của người dân", D(2022, 9, 30), IN_PROGRESS, None),
                ],
            ),
            (
                "digital-government",
                "Chính quyền điện tử",
                [
                    ("Sử dụng chữ ký số trên văn bản đi", D(2022, 6, 30), DONE, D(2022, 6, 15)),
                    (
                        "Tiếp nhận hồ sơ trên phần mềm một cửa điện tử",
                        D(2022, 10, 31),
                        DONE,
                        D(2022, 10, 14),
                    ),
                    ("Cập nhật Trang thông tin điện tử phường", D(2022, 12, 31), IN_PROGRESS, None),
                ],
            ),
        ],
    ),
    "song-cau": (
        "04/KH-UBND",
        [
            (
                "direction",
                "Chỉ đạo, điều hành CCHC",
                [
                    ("Ban hành Kế hoạch CCHC năm 2022", D(2022, 1, 31), DONE, D(2022, 2, 10)),
                    ("Tự kiểm tra công tác CCHC", D(2022, 8, 31), NOT_STARTED, None),
                ],
            ),
            (
                "procedures",
                "Cải cách thủ tục hành chính",
                [
                    ("Niêm yết công khai TTHC", D(2022, 3, 31), DONE, D(2022, 3, 28)),
                    (
                        "Phát phiếu hẹn trả kết quả cho mọi hồ sơ",
                        D(2022, 4, 30),
                        DONE,
                        D(2022, 4, 29),
                    ),
                ],
            ),
            (
                "civil-service",
                "Cải cách chế độ công vụ",
                [
                    ("Bồi dưỡng kỹ năng cho công chức một cửa", D(2022, 9, 30), IN_PROGRESS, None),
                ],
            ),
            (
                "digital-government",
                "Chính quyền điện tử",
                [
                    (
                        "Hướng dẫn người dân nộp hồ sơ trực tuyến",
                        D(2022, 10, 31),
                        DONE,
                        D(2022, 10, 21),
                    ),
                ],
            ),
        ],
    ),
    "nguyen-thi-minh-khai": (
        "06/KH-UBND",
        [
            (
                "direction",
                "Chỉ đạo, điều hành CCHC",
                [
                    ("Ban hành Kế hoạch CCHC năm 2022", D(2022, 1, 31), DONE, D(2022, 1, 14)),
                    (
                        "Tuyên truyền CCHC tại các tổ dân phố",
                        D(2022, 10, 31),
                        DONE,
                        D(2022, 10, 25),
                    ),
                ],
            ),
            (
                "procedures",
                "Cải cách thủ tục hành chính",
                [
                    (
                        "Rà soát thành phần hồ sơ, không yêu cầu thêm giấy tờ",
                        D(2022, 5, 31),
                        DONE,
                        D(2022, 5, 20),
                    ),
                    (
                        "Sổ theo dõi hồ sơ ghi đầy đủ thông tin",
                        D(2022, 6, 30),
                        DONE,
                        D(2022, 6, 30),
                    ),
                ],
            ),
            (
                "digital-government",
                "Chính quyền điện tử",
                [
                    ("Thành lập tổ công nghệ số cộng đồng", D(2022, 9, 30), DONE, D(2022, 9, 12)),
                    (
                        "Sử dụng hệ thống quản lý văn bản điều hành",
                        D(2022, 6, 30),
                        DONE,
                        D(2022, 6, 10),
                    ),
                ],
            ),
        ],
    ),
    "an-loc": (
        "12/KH-UBND",
        [
            (
                "direction",
                "Chỉ đạo, điều hành CCHC",
                [
                    ("Ban hành Kế hoạch CCHC năm 2022", D(2022, 1, 31), DONE, D(2022, 1, 25)),
                ],
            ),
            (
                "procedures",
                "Cải cách thủ tục hành chính",
                [
                    ("Hẹn giờ thực hiện TTHC tại nhà", D(2022, 6, 30), DONE, D(2022, 6, 1)),
                    (
                        "Gửi phiếu hẹn trả kết quả cho công dân",
                        D(2022, 3, 31),
                        DONE,
                        D(2022, 3, 20),
                    ),
                    (
                        "Tự kiểm tra việc giải quyết TTHC hằng quý",
                        D(2022, 9, 30),
                        IN_PROGRESS,
                        None,
                    ),
                ],
            ),
        ],
    ),
    "an-thanh": (
        "09/KH-UBND",
        [
            (
                "direction",
                "Chỉ đạo, điều hành CCHC",
                [
                    ("Ban hành Kế hoạch CCHC năm 2022", D(2022, 1, 31), DONE, D(2022, 1, 28)),
                ],
            ),
            (
                "digital-government",
                "Chính quyền điện tử",
                [
                    (
                        "Kết hợp dịch vụ công trực tuyến và bưu chính công ích",
                        D(2022, 6, 30),
                        DONE,
                        D(2022, 6, 20),
                    ),
                    ("Khảo sát sự hài lòng qua mã QR", D(2022, 8, 31), NOT_STARTED, None),
                ],
            ),
        ],
    ),
    "an-binh-a": (
        "05/KH-UBND",
        [
            (
                "procedures",
                "Cải cách thủ tục hành chính",
                [
                    ("Mô hình “Công dân không viết”", D(2022, 5, 31), DONE, D(2022, 5, 30)),
                    ("Không nhận thừa thành phần hồ sơ", D(2022, 4, 30), DONE, D(2022, 4, 28)),
                ],
            ),
        ],
    ),
    "tan-hoi": (
        "03/KH-UBND",
        [
            (
                "direction",
                "Chỉ đạo, điều hành CCHC",
                [
                    ("Ban hành Kế hoạch CCHC năm 2022", D(2022, 1, 31), DONE, D(2022, 2, 15)),
                    ("Lập hồ sơ công việc trên phần mềm iDesk", D(2022, 6, 30), IN_PROGRESS, None),
                ],
            ),
            (
                "procedures",
                "Cải cách thủ tục hành chính",
                [
                    ("Rà soát, đánh giá TTHC theo kế hoạch", D(2022, 7, 31), NOT_STARTED, None),
                ],
            ),
        ],
    ),
}

EVALUATED_ON = D(2022, 10, 26)
# Hồng Ngự's reform models of 2022: (unit code, name, description, started on, evaluation reason
# or None when not yet evaluated).
HONG_NGU_MODELS = [
    (
        "an-loc",
        "Hẹn giờ thực hiện thủ tục hành chính tại nhà",
        "Công chức một cửa đến nhà người cao tuổi, người khuyết tật để tiếp nhận và trả kết quả theo giờ hẹn.",
        D(2022, 2, 15),
        "Phát huy kết quả rõ rệt: người cao tuổi, người khuyết tật được phục vụ tại nhà đúng giờ hẹn, được người dân đồng tình.",
    ),
    (
        "an-thanh",
        "Kết hợp dịch vụ công trực tuyến và dịch vụ bưu chính công ích trong giải quyết thủ tục hành chính",
        "Người dân nộp hồ sơ trực tuyến và nhận kết quả qua bưu điện, không phải đến trụ sở.",
        D(2022, 3, 1),
        "Số hồ sơ trực tuyến và trả kết quả qua bưu chính tăng rõ rệt so với năm trước.",
    ),
    (
        "an-binh-a",
        "Công dân không viết gắn với dịch vụ công trực tuyến trong giải quyết thủ tục hành chính",
        "Công chức nhập thông tin, in tờ khai cho người dân ký; hồ sơ được đưa lên cổng dịch vụ công.",
        D(2022, 3, 15),
        "Giảm thời gian chờ, người dân không phải tự viết tờ khai; hồ sơ trực tuyến tăng.",
    ),
    (
        "hong-ngu-van-phong",
        "Tiếp nhận thông tin phản ánh qua ứng dụng TPHồngNgựSmart",
        "Người dân gửi phản ánh, kiến nghị qua ứng dụng trên điện thoại; cơ quan xử lý và trả lời trên ứng dụng.",
        D(2022, 1, 10),
        "Phản ánh được tiếp nhận, chuyển xử lý và trả lời công khai, kịp thời trên ứng dụng.",
    ),
    (
        "hong-ngu-van-phong",
        "Tổng đài trí tuệ nhân tạo 19008996",
        "Tổng đài tự động giải đáp thủ tục hành chính, tra cứu hồ sơ 24/7.",
        D(2022, 5, 1),
        "Tổng đài hoạt động ổn định, giải đáp tự động phần lớn câu hỏi về thủ tục hành chính.",
    ),
    (
        "tan-hoi",
        "Ngày thứ Bảy không hẹn",
        "Tiếp nhận, giải quyết hồ sơ vào sáng thứ Bảy cho người dân bận đi làm.",
        D(2022, 4, 2),
        None,
    ),
    (
        "an-loc",
        "Tổ công nghệ số cộng đồng hỗ trợ người dân tại khóm",
        "Đoàn viên thanh niên hướng dẫn người dân cài đặt, sử dụng dịch vụ công trực tuyến.",
        D(2022, 6, 1),
        None,
    ),
    (
        "hong-ngu-tu-phap",
        "Số hóa sổ hộ tịch lưu trữ",
        "Số hóa sổ đăng ký khai sinh, kết hôn, khai tử để tra cứu nhanh.",
        D(2022, 3, 20),
        None,
    ),
    (
        "hong-ngu-tnmt",
        "Trả kết quả giấy chứng nhận quyền sử dụng đất qua bưu điện",
        "Người dân đăng ký nhận giấy chứng nhận qua dịch vụ bưu chính công ích.",
        D(2022, 7, 1),
        None,
    ),
    (
        "hong-ngu-noi-vu",
        "Khảo sát sự hài lòng của người dân bằng mã QR",
        "Người dân quét mã QR tại Bộ phận một cửa để đánh giá sự phục vụ.",
        D(2022, 8, 15),
        None,
    ),
    (
        "an-thanh",
        "Zalo OA phường An Thạnh hướng dẫn thủ tục hành chính",
        "Trang Zalo chính thức đăng hướng dẫn thủ tục, lịch làm việc và thông báo của phường.",
        D(2022, 5, 20),
        None,
    ),
    (
        "an-binh-a",
        "Chính quyền thân thiện, vì nhân dân phục vụ",
        "Cán bộ một cửa đeo thẻ, chào hỏi, hướng dẫn tận tình; hộp thư góp ý tại trụ sở.",
        D(2022, 1, 5),
        None,
    ),
]


def load(stdout=None):
    # The task summary is rebuilt once per unit at the end, not on every task saved.
    with summaries.batch():
        _load()
    if stdout is not None:
        stdout.write("reforms: Huyền Tụng's 2022 plan, other wards' plans, Hồng Ngự's models\n")


def _load():
    ensure_areas(ReformArea)
    areas = {area.code: area for area in ReformArea.objects.all()}
    huyen_tung = Unit.objects.get(code="huyen-tung")
    documents = _huyen_tung_documents(huyen_tung)
    plan, _created = upsert(
        ReformPlan, {"unit": huyen_tung, "year": 2022}, {"document": documents["05/KH-UBND"]}
    )
    _load_tasks(plan, areas, HUYEN_TUNG_TASKS, documents)
    _huyen_tung_outreach(huyen_tung)
    for code, (number, tasks) in OTHER_PLANS.items():
        _other_plan(Unit.objects.get(code=code), number, tasks, areas)
    _hong_ngu_models()


def _huyen_tung_documents(unit):
    documents = {}
    for number, issued_on, kind, title in HUYEN_TUNG_DOCUMENTS:
        documents[number], _created = upsert(
            IssuedDocument,
            {"unit": unit, "number": number, "issued_on": issued_on},
            {"kind": kind, "title": title},
        )
    return documents


def _task(plan, parent, position, defaults):
    task, _created = upsert(
        ReformTask, {"plan": plan, "parent": parent, "position": position}, defaults
    )
    return task


def _load_tasks(plan, areas, tasks, documents):
    for position, (area_code, title, output, responsible, specific) in enumerate(tasks, start=1):
        general = _task(
            plan,
            None,
            position,
            {
                "area": areas[area_code],
                "title": title,
                "expected_output": output,
                "responsible": responsible,
            },
        )
        for sub, (sub_title, sub_output, who, deadline, status, done_on, evidence) in enumerate(
            specific, start=1
        ):
            _task(
                plan,
                general,
                sub,
                {
                    "area": general.area,
                    "title": sub_title,
                    "expected_output": sub_output,
                    "responsible": who,
                    "deadline": deadline,
                    "status": status,
                    "completed_on": done_on,
                    "evidence_document": documents.get(evidence) if evidence else None,
                },
            )
        refresh_general_status(general)


def _huyen_tung_outreach(unit):
    for held_on, topic, audience, participants in HUYEN_TUNG_OUTREACH:
        upsert(
            OutreachActivity,
            {"unit": unit, "held_on": held_on},
            {
                "form": OutreachActivity.Form.INTEGRATED,
                "topic": topic,
                "audience": audience,
                "participants": participants,
            },
        )
    upsert(OutreachYear, {"unit": unit, "year": 2022}, {"meetings_count": 15})


def _other_plan(unit, number, tasks, areas):
    document, _created = upsert(
        IssuedDocument,
        {"unit": unit, "number": number, "issued_on": D(2022, 1, 12)},
        {"kind": Kind.PLAN, "title": f"Kế hoạch cải cách hành chính năm 2022 của {unit.name}"},
    )
    plan, _created = upsert(ReformPlan, {"unit": unit, "year": 2022}, {"document": document})
    for position, (area_code, title, specific) in enumerate(tasks, start=1):
        general = _task(plan, None, position, {"area": areas[area_code], "title": title})
        for sub, (sub_title, deadline, status, done_on) in enumerate(specific, start=1):
            _task(
                plan,
                general,
                sub,
                {
                    "area": general.area,
                    "title": sub_title,
                    "deadline": deadline,
                    "status": status,
                    "completed_on": done_on,
                },
            )
        refresh_general_status(general)


def _hong_ngu_models():
    evaluator = User.objects.filter(username="noivu.hongngu").first()
    for code, name, description, started_on, reason in HONG_NGU_MODELS:
        evaluated = reason is not None
        upsert(
            ReformModel,
            {"unit": Unit.objects.get(code=code), "year": 2022, "name": name},
            {
                "description": description,
                "started_on": started_on,
                "state": ReformModel.State.RUNNING,
                "effectiveness": (
                    ReformModel.Effectiveness.EFFECTIVE
                    if evaluated
                    else ReformModel.Effectiveness.NOT_EVALUATED
                ),
                "evaluation_reason": reason or "",
                "evaluated_by": evaluator if evaluated else None,
                "evaluated_on": EVALUATED_ON if evaluated else None,
            },
        )
