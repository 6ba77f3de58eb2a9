"""The seven areas of the state administrative reform programme (reference list)."""

AREAS = [
    ("direction", "Công tác chỉ đạo, điều hành"),
    ("institutions", "Cải cách thể chế"),
    ("procedures", "Cải cách thủ tục hành chính"),
    ("apparatus", "Cải cách tổ chức bộ máy"),
    ("civil-service", "Cải cách chế độ công vụ"),
    ("public-finance", "Cải cách tài chính công"),
    ("digital-government", "Xây dựng chính quyền điện tử, chính quyền số"),
]


def ensure_areas(area_model):
    for order, (code, name) in enumerate(AREAS, start=1):
        area_model.objects.get_or_create(code=code, defaults={"name": name, "order": order})
