"""Uploads: the content must be what the extension says; HTML and SVG never get in."""

import io
import zipfile

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.utils import translation
from docx import Document
from openpyxl import Workbook

from cchc_portal.factories import image_bytes, pdf_bytes
from cchc_portal.files import validate_upload

# The start of a Windows executable (DOS stub and PE header), as a download tool writes it.
EXECUTABLE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 44
    + b"\x80\x00\x00\x00"
    + b"\x0e\x1f\xba\x0e\x00\xb4\x09\xcd\x21This program cannot be run in DOS mode.\r\n$"
    + b"\x00" * 64
    + b"PE\x00\x00\x4c\x01\x03\x00"
    + b"\x00" * 200
)
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'
    b"<script>alert(document.cookie)</script></svg>"
)
MISMATCH = "Tệp “%s” không phải là tệp .%s thật: nội dung của tệp không khớp với phần mở rộng."


def refusal(name, content):
    with translation.override("vi"), pytest.raises(ValidationError) as exc:
        validate_upload(SimpleUploadedFile(name, content))
    return exc.value.messages


def docx_bytes():
    document = Document()
    document.add_paragraph("Biên bản kiểm tra")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes():
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def with_macros(content):
    """The same document with a VBA project added, as Word saves a .docm."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0macro")
    return buffer.getvalue()


def test_an_executable_named_pdf_is_refused():
    assert refusal("setup.pdf", EXECUTABLE) == [MISMATCH % ("setup.pdf", "pdf")]


def test_html_named_pdf_is_refused():
    assert refusal("evil.pdf", HTML) == [
        "Không được tải lên trang web (HTML) hay hình vẽ SVG, dù tệp mang tên gì."
    ]


def test_svg_named_png_is_refused():
    assert refusal("evil.png", SVG) == [
        "Không được tải lên trang web (HTML) hay hình vẽ SVG, dù tệp mang tên gì."
    ]


@pytest.mark.parametrize(
    "name, content",
    [
        ("bien-ban.pdf", pdf_bytes()),
        ("anh.png", image_bytes("PNG")),
        ("anh.jpg", image_bytes("JPEG")),
        ("anh.JPEG", image_bytes("JPEG")),
        ("bien-ban.docx", docx_bytes()),
        ("so-lieu.xlsx", xlsx_bytes()),
    ],
)
def test_real_files_of_each_allowed_type_are_accepted(name, content):
    upload = SimpleUploadedFile(name, content)
    assert validate_upload(upload) is None
    # The check leaves the file at its start, ready to be stored whole.
    assert upload.read() == content


def test_a_picture_of_the_other_type_is_refused():
    assert refusal("anh.png", image_bytes("JPEG")) == [MISMATCH % ("anh.png", "png")]


def test_a_damaged_picture_is_refused():
    assert refusal("anh.png", image_bytes("PNG")[:40]) == [
        "Ảnh “anh.png” bị hỏng hoặc không phải là ảnh PNG hay JPEG."
    ]


def test_a_word_file_named_xlsx_and_a_zip_named_docx_are_refused():
    assert refusal("so-lieu.xlsx", docx_bytes()) == [MISMATCH % ("so-lieu.xlsx", "xlsx")]
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as target:
        target.writestr("setup.exe", EXECUTABLE)
    assert refusal("bien-ban.docx", archive.getvalue()) == [MISMATCH % ("bien-ban.docx", "docx")]


def test_a_document_with_macros_is_refused():
    assert refusal("bien-ban.docx", with_macros(docx_bytes())) == [
        "Không được tải lên tài liệu có chứa macro: hãy lưu lại thành tệp .docx thông thường."
    ]


def test_old_office_formats_and_svg_by_name_are_refused():
    assert refusal("bien-ban.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512) == [
        "Không chấp nhận tệp định dạng .doc. Các định dạng được phép: pdf, docx, xlsx, jpg, "
        "jpeg, png."
    ]
    assert refusal("so-do.svg", SVG)[0].startswith("Không chấp nhận tệp định dạng .svg.")


def test_the_size_limit_still_comes_first(settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    assert refusal("bien-ban.pdf", pdf_bytes() + b"\n" * (1024 * 1024 + 200 * 1024)) == [
        "Tệp có dung lượng 1,2 MB, vượt giới hạn 1 MB."
    ]


def test_every_file_field_of_every_model_checks_its_content():
    fields = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField) and validate_upload not in field.validators
    ]
    assert fields == []
