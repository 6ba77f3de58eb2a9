"""The organisation tree (Unit), roles and users, and the scoping base every app uses."""

import uuid

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .validators import plain_line
from .versioning import VersionedModel

PATH_STEP = 5  # each tree level adds five characters: "00012." etc.


class TimeStampedModel(models.Model):
    """Abstract base: when a row was created and last changed."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class ScopedQuerySet(models.QuerySet):
    """A queryset of rows that belong to a unit; `for_user` keeps the user's subtree.

    Subclasses name the lookup to the owning unit in `unit_field` (e.g. "plan__unit").
    The filter is one indexed prefix match on the unit's materialised path.
    """

    unit_field = "unit"

    def for_user(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.sees_everything:
            return self
        if user.unit_id is None:
            return self.none()
        return self.filter(**{f"{self.unit_field}__path__startswith": user.unit.path})

    def in_subtree(self, unit):
        """Rows belonging to `unit` or any unit below it."""
        return self.filter(**{f"{self.unit_field}__path__startswith": unit.path})

    def for_units(self, units, field=None):
        """Rows of one Unit, or of every unit in a Unit queryset (what selectors take);
        `field` names another lookup to the unit than `unit_field`."""
        field = field or self.unit_field
        if isinstance(units, Unit):
            return self.filter(**{field: units})
        return self.filter(**{f"{field}__in": units})


class UnitQuerySet(models.QuerySet):
    def for_user(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.sees_everything:
            return self
        if user.unit_id is None:
            return self.none()
        return self.filter(path__startswith=user.unit.path)

    def in_subtree(self, unit):
        return self.filter(path__startswith=unit.path)

    def active(self):
        return self.filter(is_active=True)

    def matching(self, text):
        """Units whose name, short name or code contains `text` (any case)."""
        return self.filter(
            models.Q(name__icontains=text)
            | models.Q(short_name__icontains=text)
            | models.Q(code__icontains=text)
        )


class Unit(TimeStampedModel, VersionedModel):
    """An organisation unit: province, city, ward/commune or department. Any depth."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("province")
        CITY = "city", _("city / district")
        WARD = "ward", _("ward")
        COMMUNE = "commune", _("commune")
        TOWNSHIP = "township", _("township")
        DEPARTMENT = "department", _("department / agency")

    name = models.CharField(_("name"), max_length=200, validators=[plain_line])
    short_name = models.CharField(
        _("short name"),
        max_length=100,
        blank=True,
        help_text=_("Used in tables and charts."),
        validators=[plain_line],
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    code = models.SlugField(_("code"), max_length=50, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    # Materialised path ("00001.00004.") so a subtree is one indexed prefix filter.
    path = models.CharField(_("path"), max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(_("depth"), default=0, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    address = models.CharField(_("address"), max_length=255, blank=True, validators=[plain_line])
    history = HistoricalRecords()

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]
        indexes = [models.Index(fields=["kind"])]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        with transaction.atomic():
            if self.pk is None:
                # The path embeds the primary key: insert with a unique placeholder first.
                self.path = f"new-{uuid.uuid4().hex}"
                super().save(*args, **kwargs)
                self.path = self._compute_path()
                self.depth = self.path.count(".") - 1
                Unit.objects.filter(pk=self.pk).update(path=self.path, depth=self.depth)
                return
            old = Unit.objects.filter(pk=self.pk).values("path", "depth").first()
            self.path = self._compute_path()
            self.depth = self.path.count(".") - 1
            super().save(*args, **kwargs)
            if old and old["path"] != self.path:
                Unit.objects.filter(path__startswith=old["path"]).exclude(pk=self.pk).update(
                    path=Concat(Value(self.path), Substr("path", len(old["path"]) + 1)),
                    depth=F("depth") + (self.depth - old["depth"]),
                )

    def get_absolute_url(self):
        return reverse("unit-detail", args=[self.pk])

    def clean(self):
        if self.parent_id and self.pk and self.parent.path.startswith(self.path or "-"):
            raise ValidationError({"parent": _("A unit cannot be placed under itself.")})

    def get_kind_display(self):
        """The kind's label, as Django's own method gives it; that one translates all six
        labels on every call, a fifth of the units list's time."""
        if self.kind in self.Kind.values:
            return str(self.Kind(self.kind).label)
        return self.kind

    def _compute_path(self):
        own = f"{self.pk:0{PATH_STEP}d}."
        return (self.parent.path if self.parent_id else "") + own

    @property
    def display_name(self):
        return self.short_name or self.name

    def is_within(self, other):
        """True when this unit is `other` or below it."""
        return self.path.startswith(other.path)

    def ancestors(self):
        ids = [int(part) for part in self.path.split(".") if part]
        return Unit.objects.filter(pk__in=ids).order_by("depth")

    def subtree(self):
        return Unit.objects.filter(path__startswith=self.path)


class Role(models.Model):
    """A role a user holds; the five codes are fixed, created by a migration."""

    class Code(models.TextChoices):
        UNIT_STAFF = "unit_staff", _("unit staff")
        INSPECTOR = "inspector", _("inspector")
        INTERNAL_AFFAIRS = "internal_affairs", _("internal affairs")
        LEADERSHIP = "leadership", _("leadership")
        ADMINISTRATOR = "administrator", _("administrator")

    code = models.CharField(_("code"), max_length=30, primary_key=True, choices=Code.choices)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["code"]

    def __str__(self):
        return str(self.get_code_display())


class User(AbstractUser):
    """A person who logs in; belongs to one unit and holds one or more roles."""

    class Source(models.TextChoices):
        """Where the account's unit, roles and password are kept (accounts/directory.py)."""

        LOCAL = "local", _("portal account")
        LDAP = "ldap", _("directory (LDAP / Active Directory)")
        OIDC = "oidc", _("single sign-on (OpenID Connect)")

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    # A user's name is shown in every list and history: no hidden control characters.
    first_name = models.CharField(
        _("first name"), max_length=150, blank=True, validators=[plain_line]
    )
    last_name = models.CharField(
        _("last name"), max_length=150, blank=True, validators=[plain_line]
    )
    roles = models.ManyToManyField(Role, verbose_name=_("roles"), blank=True, related_name="users")
    position = models.CharField(_("position"), max_length=150, blank=True, validators=[plain_line])
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # A directory account's unit and roles are the directory's, rewritten at each sign-in; its
    # password is the directory's too (the portal keeps none).
    source = models.CharField(
        _("account source"), max_length=10, choices=Source.choices, default=Source.LOCAL
    )
    history = HistoricalRecords(m2m_fields=[roles], excluded_fields=["last_login", "password"])

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self):
        return self.get_full_name() or self.username

    def get_full_name(self):
        # Vietnamese order: family and middle names (last_name) before the given name.
        return f"{self.last_name} {self.first_name}".strip()

    @cached_property
    def role_codes(self):
        """The user's role codes; the auth backend reads them with the user, so usually no query."""
        return frozenset(role.code for role in self.roles.all())

    def has_role(self, *codes):
        return bool(self.role_codes.intersection(codes))

    @property
    def is_administrator(self):
        return self.is_superuser or Role.Code.ADMINISTRATOR in self.role_codes

    @property
    def sees_everything(self):
        return self.is_administrator

    def can_see_unit(self, unit):
        if self.sees_everything:
            return True
        return bool(self.unit_id) and unit.path.startswith(self.unit.path)


class FiguresVersion(models.Model):
    """Derived: a random stamp of a unit's figures, new each time a write changes them.

    Every summary rebuild (`cchc_portal.summaries`) and every write of a record that a
    figure reads without a summary of its own (a data flag, an inspection) gives the units
    concerned a new random stamp, in the writing transaction. A cache of a unit's figures
    is valid while the unit's stamp is the one it was computed with (random, not counted:
    a restored database or a rolled-back test never repeats a stamp that a cache saw).
    """

    unit = models.OneToOneField(
        Unit,
        verbose_name=_("unit"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="figures_version",
        # Derived, rewritten by every stamp: no constraint for a bulk load or a flush to
        # order around (the row goes with its unit through Django's CASCADE).
        db_constraint=False,
    )
    stamp = models.BigIntegerField(_("stamp"), default=0)

    class Meta:
        verbose_name = _("figures version")
        verbose_name_plural = _("figures versions")

    def __str__(self):
        return f"{self.unit_id}: {self.stamp}"
