"""Fields of administrative procedures handled at ward and city level (editable later)."""

FIELDS = [
    ("civil-status", "Tư pháp – Hộ tịch"),
    ("certification", "Chứng thực"),
    ("culture-society", "Văn hóa – Xã hội"),
    ("labour-social", "Lao động – Thương binh và Xã hội"),
    ("land", "Đất đai"),
    ("construction", "Xây dựng"),
    ("business", "Đăng ký kinh doanh"),
    ("environment", "Tài nguyên – Môi trường"),
    ("health", "Y tế"),
    ("education", "Giáo dục – Đào tạo"),
    ("complaints", "Tiếp công dân, khiếu nại, tố cáo"),
    ("other", "Lĩnh vực khác"),
]


def ensure_fields(field_model):
    for order, (code, name) in enumerate(FIELDS, start=1):
        field_model.objects.get_or_create(code=code, defaults={"name": name, "order": order})
