from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PHOTO_EXTENSIONS = ("jpg", "jpeg", "png")


def validate_photo(upload):
    """A checklist photo is a picture (JPEG or PNG)."""
    extension = Path(upload.name).suffix.lower().lstrip(".")
    if extension not in PHOTO_EXTENSIONS:
        raise ValidationError(_("A photo must be a JPEG or PNG picture."), code="photo_type")
