"""The demo's sample import: three officers joining phường Sông Cầu (make demo writes it to
media/demo/nhap-can-bo-song-cau.xlsx for noivu.backan to upload)."""

from pathlib import Path

from django.conf import settings

from cchc_portal.models import User

from . import people_excel

SAMPLE_PEOPLE = [
    [
        "Nông Văn",
        "Dũng",
        "nong.dung.songcau",
        "dung.songcau@backan.gov.vn",
        "song-cau",
        "cán bộ, công chức đơn vị",
        "Công chức Tư pháp - Hộ tịch",
        "0209 3870 201",
    ],
    [
        "Hà Thị",
        "Mai",
        "ha.mai.songcau",
        "mai.songcau@backan.gov.vn",
        "song-cau",
        "cán bộ, công chức đơn vị",
        "Công chức Văn phòng - Thống kê",
        "0209 3870 202",
    ],
    [
        "Lường Văn",
        "Tuấn",
        "luong.tuan.songcau",
        "tuan.songcau@backan.gov.vn",
        "song-cau",
        "cán bộ, công chức đơn vị",
        "Công chức Địa chính - Xây dựng",
        "0209 3870 203",
    ],
]
SAMPLE_PATH = Path("demo") / "nhap-can-bo-song-cau.xlsx"


def sample_workbook():
    acting = User.objects.get(username="noivu.backan")
    return people_excel.import_template(acting, SAMPLE_PEOPLE)


def write_sample():
    path = Path(settings.MEDIA_ROOT) / SAMPLE_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(sample_workbook())
    return path
