"""factory-boy factories for units and users; other apps' factories build on these."""

import io
import time

import factory
from PIL import Image

from .models import Role, Unit, User


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Đơn vị {n}")
    code = factory.Sequence(lambda n: f"unit-{n}")
    kind = Unit.Kind.WARD
    parent = None


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Văn"
    last_name = "Nguyễn"
    unit = factory.SubFactory(UnitFactory)
    password = factory.django.Password("pw-test-123")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.roles.set(Role.objects.filter(code__in=extracted))
            # Reset the cached role codes so the new roles are seen at once.
            self.__dict__.pop("role_codes", None)


def image_bytes(image_format="PNG", size=(4, 4)):
    """A small, real picture (PNG or JPEG) for upload tests."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=image_format)
    return buffer.getvalue()


def pdf_bytes():
    """A small, real one-page PDF for upload tests; the same bytes on every call."""
    buffer = io.BytesIO()
    dated = time.strptime("2022-01-01", "%Y-%m-%d")
    Image.new("RGB", (8, 8), (255, 255, 255)).save(
        buffer, format="PDF", creationDate=dated, modDate=dated
    )
    return buffer.getvalue()
