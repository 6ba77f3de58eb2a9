"""Demo organisation: Bắc Kạn and Hồng Ngự cities, their provinces, wards and agencies; seven accounts."""

from .demo_utils import upsert
from .models import Role, Unit, User
from .reference import ensure_roles

DEMO_PASSWORD = "demo-cchc"

# (code, name, short name, kind, parent code)
UNITS = [
    ("bac-kan", "Tỉnh Bắc Kạn", "Bắc Kạn (tỉnh)", Unit.Kind.PROVINCE, None),
    ("bac-kan-city", "UBND thành phố Bắc Kạn", "TP Bắc Kạn", Unit.Kind.CITY, "bac-kan"),
    (
        "bac-kan-noi-vu",
        "Phòng Nội vụ thành phố Bắc Kạn",
        "Phòng Nội vụ",
        Unit.Kind.DEPARTMENT,
        "bac-kan-city",
    ),
    (
        "bac-kan-tu-phap",
        "Phòng Tư pháp thành phố Bắc Kạn",
        "Phòng Tư pháp",
        Unit.Kind.DEPARTMENT,
        "bac-kan-city",
    ),
    ("huyen-tung", "UBND phường Huyền Tụng", "Huyền Tụng", Unit.Kind.WARD, "bac-kan-city"),
    ("duc-xuan", "UBND phường Đức Xuân", "Đức Xuân", Unit.Kind.WARD, "bac-kan-city"),
    ("song-cau", "UBND phường Sông Cầu", "Sông Cầu", Unit.Kind.WARD, "bac-kan-city"),
    (
        "nguyen-thi-minh-khai",
        "UBND phường Nguyễn Thị Minh Khai",
        "Nguyễn Thị Minh Khai",
        Unit.Kind.WARD,
        "bac-kan-city",
    ),
    ("dong-thap", "Tỉnh Đồng Tháp", "Đồng Tháp (tỉnh)", Unit.Kind.PROVINCE, None),
    ("hong-ngu-city", "UBND thành phố Hồng Ngự", "TP Hồng Ngự", Unit.Kind.CITY, "dong-thap"),
    (
        "hong-ngu-noi-vu",
        "Phòng Nội vụ thành phố Hồng Ngự",
        "Phòng Nội vụ HN",
        Unit.Kind.DEPARTMENT,
        "hong-ngu-city",
    ),
    (
        "hong-ngu-van-phong",
        "Văn phòng HĐND và UBND thành phố Hồng Ngự",
        "Văn phòng HĐND&UBND",
        Unit.Kind.DEPARTMENT,
        "hong-ngu-city",
    ),
    (
        "hong-ngu-tu-phap",
        "Phòng Tư pháp thành phố Hồng Ngự",
        "Phòng Tư pháp HN",
        Unit.Kind.DEPARTMENT,
        "hong-ngu-city",
    ),
    (
        "hong-ngu-tnmt",
        "Phòng Tài nguyên và Môi trường thành phố Hồng Ngự",
        "Phòng TN&MT HN",
        Unit.Kind.DEPARTMENT,
        "hong-ngu-city",
    ),
    ("an-loc", "UBND phường An Lộc", "An Lộc", Unit.Kind.WARD, "hong-ngu-city"),
    ("an-thanh", "UBND phường An Thạnh", "An Thạnh", Unit.Kind.WARD, "hong-ngu-city"),
    ("an-binh-a", "UBND phường An Bình A", "An Bình A", Unit.Kind.WARD, "hong-ngu-city"),
    ("tan-hoi", "UBND xã Tân Hội", "Tân Hội", Unit.Kind.COMMUNE, "hong-ngu-city"),
]

# (username, first name, last name, unit code, roles, position)
ACCOUNTS = [
    ("admin", "hệ thống", "Quản trị", "bac-kan", [Role.Code.ADMINISTRATOR], "Quản trị hệ thống"),
    (
        "noivu.backan",
        "Lan",
        "Nguyễn Thị",
        "bac-kan-city",
        [Role.Code.INTERNAL_AFFAIRS],
        "Chuyên viên CCHC, Phòng Nội vụ",
    ),
    (
        "kiemtra.backan",
        "Minh",
        "Hoàng Văn",
        "bac-kan-city",
        [Role.Code.INSPECTOR],
        "Thành viên Đoàn kiểm tra CCHC thành phố",
    ),
    (
        "lanhdao.backan",
        "Hùng",
        "Trần Quốc",
        "bac-kan-city",
        [Role.Code.LEADERSHIP],
        "Phó Chủ tịch UBND thành phố",
    ),
    (
        "huyentung",
        "Thu",
        "Lý Thị",
        "huyen-tung",
        [Role.Code.UNIT_STAFF],
        "Công chức Văn phòng – Thống kê phường Huyền Tụng",
    ),
    (
        "sonoivu.backan",
        "Hoa",
        "Đặng Thị",
        "bac-kan",
        [Role.Code.INTERNAL_AFFAIRS],
        "Chuyên viên Phòng CCHC, Sở Nội vụ tỉnh Bắc Kạn",
    ),
    (
        "noivu.hongngu",
        "Tú",
        "Huỳnh Văn",
        "hong-ngu-city",
        [Role.Code.INTERNAL_AFFAIRS],
        "Chuyên viên CCHC, Phòng Nội vụ",
    ),
]


def unit(code):
    return Unit.objects.get(code=code)


def load(stdout=None):
    ensure_roles(Role)
    for code, name, short_name, kind, parent_code in UNITS:
        upsert(
            Unit,
            {"code": code},
            {
                "name": name,
                "short_name": short_name,
                "kind": kind,
                "parent": Unit.objects.get(code=parent_code) if parent_code else None,
            },
        )
    for username, first, last, unit_code, role_codes, position in ACCOUNTS:
        user, _created = upsert(
            User,
            {"username": username},
            {
                "first_name": first,
                "last_name": last,
                "unit": unit(unit_code),
                "position": position,
                "email": f"{username}@example.invalid",
                "is_staff": username == "admin",
                "is_superuser": username == "admin",
                "is_active": True,
            },
        )
        if not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if set(user.roles.values_list("code", flat=True)) != {str(code) for code in role_codes}:
            user.roles.set(role_codes)
