"""The shortcoming catalogue and the checklist both reports imply (seeded by migration and demo).

The first eight shortcoming types are the recurring list of the Hồng Ngự report (26/10/2022);
the rest are what the Bắc Kạn team found at Huyền Tụng (01/11/2022).
"""

# (code, name, reform area code)
SHORTCOMING_TYPES = [
    ("no-appointment-slip", "Không gửi phiếu hẹn trả kết quả cho tổ chức, công dân", "procedures"),
    (
        "tracking-book-incomplete",
        "Sổ theo dõi hồ sơ và phiếu kiểm soát quá trình giải quyết ghi không đầy đủ thông tin",
        "procedures",
    ),
    ("extra-dossier-components", "Nhận thừa thành phần hồ sơ so với quy định", "procedures"),
    (
        "reform-plan-vague",
        "Kế hoạch CCHC có nội dung chưa đúng thẩm quyền, còn chung chung, khó triển khai và đánh giá",
        "direction",
    ),
    (
        "procedure-review-plan",
        "Kế hoạch rà soát, đánh giá TTHC chưa đúng quy định; tỷ lệ kiến nghị đơn giản hóa TTHC chưa đạt",
        "procedures",
    ),
    (
        "no-satisfaction-survey",
        "Chưa có hình thức khảo sát sự hài lòng của tổ chức, công dân",
        "procedures",
    ),
    (
        "work-records-incomplete",
        "Hạn chế trong lập hồ sơ công việc trên giấy và trên phần mềm (iDesk)",
        "digital-government",
    ),
    ("no-self-inspection", "Chưa thường xuyên tự kiểm tra CCHC trong nội bộ", "direction"),
    (
        "not-on-one-stop-software",
        "TTHC chưa được tiếp nhận, xử lý trên phần mềm một cửa điện tử",
        "procedures",
    ),
    (
        "low-online-rate",
        "Tỷ lệ hồ sơ dịch vụ công trực tuyến, bưu chính công ích thấp so với yêu cầu",
        "digital-government",
    ),
    (
        "reports-late-or-inaccurate",
        "Báo cáo CCHC định kỳ chưa đúng hạn hoặc số liệu chưa chính xác",
        "direction",
    ),
    (
        "superior-tasks-untracked",
        "Chưa phân công công chức theo dõi nhiệm vụ do cấp trên giao",
        "direction",
    ),
    (
        "limited-outreach",
        "Tuyên truyền CCHC trực tiếp đến người dân, tổ dân phố còn ít",
        "direction",
    ),
    (
        "procedure-list-outdated",
        "Danh mục TTHC chưa cập nhật theo quyết định công bố; còn thực hiện TTHC không thuộc thẩm quyền",
        "procedures",
    ),
    (
        "office-not-tidy",
        "Cảnh quan, vệ sinh công sở, Bộ phận Một cửa chưa bảo đảm",
        "civil-service",
    ),
    (
        "website-not-updated",
        "Trang thông tin điện tử của đơn vị chưa cập nhật thường xuyên",
        "digital-government",
    ),
    (
        "no-digital-technology-team",
        "Chưa thành lập hoặc chưa phát huy Tổ công nghệ số cộng đồng",
        "digital-government",
    ),
]

CHECKLIST_NAME = "Bộ tiêu chí kiểm tra CCHC và kiểm soát TTHC cấp xã, phường"

# (reform area code, criterion, shortcoming type code or None)
CHECKLIST_CRITERIA = [
    (
        "direction",
        "Kế hoạch CCHC năm ban hành kịp thời, đúng thẩm quyền; nhiệm vụ cụ thể, có thời hạn và sản phẩm",
        "reform-plan-vague",
    ),
    (
        "direction",
        "Có phân công công chức theo dõi việc thực hiện nhiệm vụ do UBND, Chủ tịch UBND cấp trên giao",
        "superior-tasks-untracked",
    ),
    (
        "direction",
        "Báo cáo CCHC định kỳ gửi đúng hạn; tỷ lệ hoàn thành kế hoạch được tính đúng",
        "reports-late-or-inaccurate",
    ),
    (
        "direction",
        "Tuyên truyền CCHC trực tiếp tại các tổ dân phố, khu dân cư",
        "limited-outreach",
    ),
    ("direction", "Thường xuyên tự kiểm tra công tác CCHC trong nội bộ", "no-self-inspection"),
    (
        "procedures",
        "Giao phiếu hẹn trả kết quả cho tổ chức, công dân khi tiếp nhận hồ sơ",
        "no-appointment-slip",
    ),
    (
        "procedures",
        "Sổ theo dõi hồ sơ và phiếu kiểm soát quá trình giải quyết ghi đầy đủ thông tin",
        "tracking-book-incomplete",
    ),
    (
        "procedures",
        "Không yêu cầu thêm thành phần hồ sơ ngoài quy định",
        "extra-dossier-components",
    ),
    (
        "procedures",
        "Có hình thức khảo sát sự hài lòng của tổ chức, công dân",
        "no-satisfaction-survey",
    ),
    (
        "procedures",
        "TTHC lĩnh vực đất đai và các lĩnh vực khác được tiếp nhận, xử lý trên phần mềm một cửa điện tử",
        "not-on-one-stop-software",
    ),
    (
        "procedures",
        "Kế hoạch rà soát, đánh giá TTHC ban hành đúng quy định, đạt tỷ lệ kiến nghị đơn giản hóa",
        "procedure-review-plan",
    ),
    (
        "procedures",
        "Danh mục TTHC thuộc thẩm quyền cập nhật theo quyết định công bố của UBND tỉnh; "
        "không thực hiện TTHC không thuộc thẩm quyền",
        "procedure-list-outdated",
    ),
    ("procedures", "Hồ sơ TTHC được giải quyết đúng hạn; có văn bản xin lỗi khi trễ hạn", None),
    (
        "civil-service",
        "Cảnh quan, vệ sinh công sở; Bộ phận Một cửa bố trí đúng quy định",
        "office-not-tidy",
    ),
    (
        "digital-government",
        "Kế hoạch thực hiện TTHC trên môi trường điện tử quy định thời gian cho từng nhiệm vụ",
        "reform-plan-vague",
    ),
    (
        "digital-government",
        "Có giải pháp nâng tỷ lệ hồ sơ dịch vụ công trực tuyến và bưu chính công ích",
        "low-online-rate",
    ),
    (
        "digital-government",
        "Lập hồ sơ công việc trên phần mềm; văn bản có thời hạn được xử lý đúng hạn",
        "work-records-incomplete",
    ),
    (
        "digital-government",
        "Trang thông tin điện tử của đơn vị cập nhật thường xuyên hoạt động của địa phương",
        "website-not-updated",
    ),
    (
        "digital-government",
        "Đã thành lập Tổ công nghệ số cộng đồng với thành viên sử dụng thành thạo công nghệ",
        "no-digital-technology-team",
    ),
    (
        "digital-government",
        "100 % công chức một cửa có tài khoản phần mềm một cửa điện tử; văn bản đi được ký số",
        None,
    ),
]


def ensure_shortcoming_types(shortcoming_type_model, area_model):
    """Create the catalogue entries that are missing; never overwrite an edited one."""
    areas = {area.code: area for area in area_model.objects.all()}
    for order, (code, name, area_code) in enumerate(SHORTCOMING_TYPES, start=1):
        shortcoming_type_model.objects.get_or_create(
            code=code, defaults={"name": name, "area": areas.get(area_code), "order": order}
        )
