"""Uploads: allowed types, size limit, content checks, and serving a file only to users in scope.

Every upload field of the portal (evidence, documents, report scans, checklist photos, Excel
imports) validates with `validate_upload`, and every stored file is streamed by `serve_file`.
"""

import warnings
import zipfile
from pathlib import Path

import magic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What libmagic must find in a file for each extension we accept. The list is deliberately
# short: PDF, Word and Excel of Office 2007 and later, PNG and JPEG. The older .doc and .xls
# are refused: they are OLE containers whose macros libmagic cannot tell apart, and every
# office package saves .docx/.xlsx. A small workbook written by openpyxl is seen as a plain
# ZIP in its first kilobytes, hence application/zip; its parts are checked below.
CONTENT_TYPES = {
    "pdf": ("application/pdf",),
    "docx": (DOCX, "application/zip"),
    "xlsx": (XLSX, "application/zip"),
    "png": ("image/png",),
    "jpg": ("image/jpeg",),
    "jpeg": ("image/jpeg",),
}
# The part an Office Open XML file of each kind cannot lack.
OOXML_MAIN_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
PILLOW_FORMATS = {"png": "PNG", "jpg": "JPEG", "jpeg": "JPEG"}
# A browser may run script in these, whatever the extension says: never accepted.
ACTIVE_TYPES = {"text/html", "application/xhtml+xml", "image/svg+xml"}
# Shown in the browser (a PDF reader or an image); anything else is downloaded.
INLINE_TYPES = {"application/pdf", "image/png", "image/jpeg"}
SNIFF_BYTES = 8192
# A photo of a few dozen megapixels is normal; above this Pillow would spend seconds and
# gigabytes on decoding (a decompression bomb).
MAX_IMAGE_PIXELS = 100_000_000


def _megabytes(size):
    value = round(size / 1024 / 1024, 1)
    return int(value) if value == int(value) else value


def _extension(name):
    return Path(name).suffix.lower().lstrip(".")


def _readable(upload):
    """The file object to read: an uploaded file, or the new file of a model's FieldFile."""
    return getattr(upload, "file", upload)


def _head(handle):
    handle.seek(0)
    head = handle.read(SNIFF_BYTES)
    handle.seek(0)
    return head


def sniffed_type(head):
    return magic.from_buffer(head, mime=True)


def validate_upload(upload):
    """Refuse a file of a type we do not accept, over the size limit, or whose content is not
    what its extension says, in Vietnamese."""
    extension = _extension(upload.name)
    allowed = [ext for ext in settings.UPLOAD_ALLOWED_EXTENSIONS if ext in CONTENT_TYPES]
    if extension not in allowed:
        raise ValidationError(
            _("File type .%(ext)s is not accepted. Allowed types: %(allowed)s."),
            code="file_type",
            params={"ext": extension or "?", "allowed": ", ".join(allowed)},
        )
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s MB; the limit is %(limit)s MB."),
            code="file_size",
            params={
                "size": formats.number_format(round(upload.size / 1024 / 1024, 1), 1),
                "limit": formats.number_format(_megabytes(settings.UPLOAD_MAX_BYTES)),
            },
        )
    if getattr(upload, "_committed", False):
        # A file stored earlier, seen again when its record is re-validated: it was checked
        # when it came in, and reading it back (from S3, say) on every save would be waste.
        return
    validate_content(_readable(upload), name=Path(upload.name).name, extension=extension)


def _mismatch(name, extension):
    return ValidationError(
        _(
            "The file “%(name)s” is not a real .%(ext)s file: "
            "its content does not match its extension."
        ),
        code="file_content",
        params={"name": name, "ext": extension},
    )


def validate_content(handle, *, name, extension):
    """The bytes agree with the extension: libmagic first, then the format's own structure."""
    content_type = sniffed_type(_head(handle))
    if content_type in ACTIVE_TYPES:
        raise ValidationError(
            _("Web pages (HTML) and SVG drawings cannot be uploaded, whatever the file's name."),
            code="file_active",
        )
    if content_type not in CONTENT_TYPES[extension]:
        raise _mismatch(name, extension)
    if extension in OOXML_MAIN_PART:
        _check_office(handle, name=name, extension=extension)
    elif extension in PILLOW_FORMATS:
        _check_image(handle, name=name, extension=extension)


def _check_office(handle, *, name, extension):
    mismatch = _mismatch(name, extension)
    try:
        with zipfile.ZipFile(handle) as archive:
            parts = {info.filename: info for info in archive.infolist()}
            types = parts.get("[Content_Types].xml")
            if OOXML_MAIN_PART[extension] not in parts or types is None:
                raise mismatch
            # A macro-enabled document (.docm, .xlsm) renamed: its macros would run in Office.
            has_macros = any(part.lower().endswith("vbaproject.bin") for part in parts) or (
                types.file_size < 1024 * 1024 and b"macroenabled" in archive.read(types).lower()
            )
    except (zipfile.BadZipFile, OSError, EOFError, KeyError) as exc:
        raise mismatch from exc
    finally:
        handle.seek(0)
    if has_macros:
        raise ValidationError(
            _("Documents with macros cannot be uploaded: save it as an ordinary .%(ext)s file."),
            code="file_macros",
            params={"ext": extension},
        )


def _check_image(handle, *, name, extension):
    """Pillow reads the picture's structure; the file is kept as sent (no re-encoding), since
    an evidence photo's own bytes and capture data are what the inspectors rely on."""
    broken = ValidationError(
        _("The picture “%(name)s” is damaged or is not a PNG or JPEG image."),
        code="image_broken",
        params={"name": name},
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(handle) as image:
                if image.format != PILLOW_FORMATS[extension]:
                    raise broken
                if image.width * image.height > MAX_IMAGE_PIXELS:
                    raise ValidationError(
                        _("The picture “%(name)s” is too large (over %(limit)s megapixels)."),
                        code="image_size",
                        params={"name": name, "limit": MAX_IMAGE_PIXELS // 1_000_000},
                    )
                image.verify()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        raise ValidationError(
            _("The picture “%(name)s” is too large (over %(limit)s megapixels)."),
            code="image_size",
            params={"name": name, "limit": MAX_IMAGE_PIXELS // 1_000_000},
        ) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise broken from exc
    finally:
        handle.seek(0)


def serve_file(field_file, *, as_attachment=False):
    """Stream a stored file; the caller has already checked the user's scope.

    The type sent is the one the content shows. Only a PDF or a picture whose content agrees
    with its name is shown in the browser; anything else (an Office file, or a file stored
    before the content check that is not what its name says) is a download, never rendered.
    """
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    extension = _extension(field_file.name)
    content_type = sniffed_type(_head(handle))
    expected = CONTENT_TYPES.get(extension, ())
    if content_type not in expected:
        content_type = "application/octet-stream"
    elif content_type == "application/zip":
        content_type = expected[0]
    inline = not as_attachment and content_type in INLINE_TYPES
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=Path(field_file.name).name,
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
