"""Uploads: allowed types, size limit, and serving a file only to users in scope."""

import mimetypes
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils import formats
from django.utils.translation import gettext_lazy as _


def _megabytes(size):
    value = round(size / 1024 / 1024, 1)
    return int(value) if value == int(value) else value


def validate_upload(upload):
    """Refuse a file of a type we do not accept or over the size limit, in Vietnamese."""
    extension = Path(upload.name).suffix.lower().lstrip(".")
    allowed = settings.UPLOAD_ALLOWED_EXTENSIONS
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


def serve_file(field_file, *, as_attachment=False):
    """Stream a stored file; the caller has already checked the user's scope."""
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    content_type, _encoding = mimetypes.guess_type(field_file.name)
    return FileResponse(
        handle,
        as_attachment=as_attachment,
        filename=Path(field_file.name).name,
        content_type=content_type or "application/octet-stream",
    )
