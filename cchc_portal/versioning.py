"""No lost update: an edit form carries the version it was opened at; a stale save is refused.

The model gets `version` (`VersionedModel`); its edit form gets two hidden fields
(`VersionedFormMixin`): the version, and a fingerprint of the values the user saw. The service
claims the row with `claim(obj, version=...)` inside its transaction, a conditional
UPDATE ... WHERE version = n that settles a race on SQLite and PostgreSQL alike; 0 rows raises
`ChangedMeanwhile`, nothing is saved, and the form names the fields whose stored value is no
longer the one the user saw, keeping what the user typed.
"""

import hashlib

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

VERSION_FIELDS = ("version", "seen")
MAX_VERSION = 2**31 - 1  # a PositiveIntegerField's range on every database
ALTERED = gettext_lazy("The form was sent incomplete or altered. Reload the page and try again.")


class VersionedModel(models.Model):
    """Abstract base: a version that grows with each save made through an edit form."""

    version = models.PositiveIntegerField(gettext_lazy("version"), default=1, editable=False)

    class Meta:
        abstract = True


class ChangedMeanwhile(ValidationError):
    """Someone saved the record after the form was opened (a form says what they changed)."""

    def __init__(self, message=None):
        super().__init__(
            message
            or _(
                "Someone else changed this record after you opened it. "
                "Reload the page and try again."
            ),
            code="changed_meanwhile",
        )


def changed_meanwhile_message(labels):
    """The refusal a form shows, naming the fields whose stored value changed meanwhile."""
    if labels:
        return _(
            "Someone else saved this record after you opened it, and changed: %(fields)s. "
            "Nothing of yours was saved; your entries are kept below. Reload the page to see "
            "the other change, then enter yours again."
        ) % {"fields": ", ".join(str(label) for label in labels)}
    return _(
        "Someone else saved this record after you opened it. Nothing of yours was saved; "
        "your entries are kept below. Reload the page to see the other change, then enter "
        "yours again."
    )


def claim(obj, *, version):
    """Move `obj`'s row from `version` to the next one, or raise ChangedMeanwhile.

    Call it inside the service's transaction, before the save: the row stays locked until the
    commit, and a save refused later (full_clean) rolls the claim back with it. `version` 0
    (or None) means the form was opened before the row existed, which is then stale too.
    """
    model = obj._meta.concrete_model
    if not transaction.get_connection(model._base_manager.db).in_atomic_block:
        # Outside a transaction the claim would commit alone, and a refused save keep it.
        raise RuntimeError("claim() must run inside the saving service's transaction.")
    moved = bool(version) and model._base_manager.filter(pk=obj.pk, version=version).update(
        version=version + 1
    )
    if not moved:
        raise ChangedMeanwhile()
    obj.version = version + 1
    return obj


@transaction.atomic
def save_versioned(obj, *, version, save=None):
    """Claim `obj` at `version`, then save it with `save()` (default `obj.save()`)."""
    claim(obj, version=version)
    (save or obj.save)()
    return obj


# --- what the user saw ---------------------------------------------------------------------


def _plain(value):
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, (list, tuple, set, frozenset, models.QuerySet)):
        return sorted(_plain(item) for item in value)
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _digest(value):
    return hashlib.sha256(repr(_plain(value)).encode()).hexdigest()[:10]


def fingerprint(values):
    """A short text naming each field with a digest of its value: "name:3f2a…,note:…"."""
    return ",".join(f"{name}:{_digest(value)}" for name, value in values.items())


def changed_names(seen, values):
    """The names in `values` whose digest differs from the one in the fingerprint `seen`."""
    digests = dict(part.split(":", 1) for part in (seen or "").split(",") if ":" in part)
    return [
        name
        for name, value in values.items()
        if name in digests and digests[name] != _digest(value)
    ]


class VersionedFormMixin:
    """An edit form that carries the version and what the user saw (two hidden fields).

    ModelForms compare the model fields they show; a plain form (one not built on the record's
    own fields) overrides `current_values(record)` to give the values it shows for a record.
    A service refusing with ChangedMeanwhile is shown with the fields changed meanwhile.
    """

    versioned_record = None

    def __init__(self, *args, **kwargs):
        record = kwargs.pop("versioned_record", None)
        super().__init__(*args, **kwargs)
        self.versioned_record = record or getattr(self, "instance", None)
        saved = self._saved_record()
        # A new record has nothing to be stale against: the version is needed only to edit.
        self.fields["version"] = forms.IntegerField(
            widget=forms.HiddenInput, min_value=0, max_value=MAX_VERSION, required=saved is not None
        )
        self.fields["seen"] = forms.CharField(widget=forms.HiddenInput, required=False)
        self.initial.setdefault("version", saved.version if saved is not None else 0)
        self.initial.setdefault(
            "seen", fingerprint(self.current_values(saved)) if saved is not None else ""
        )

    def _saved_record(self):
        record = self.versioned_record
        return record if record is not None and record.pk else None

    def current_values(self, record):
        """{field name: value} of the fields this form shows, as stored in `record`."""
        names = [
            name
            for name in self.fields
            if name not in VERSION_FIELDS and name in {f.name for f in record._meta.get_fields()}
        ]
        return model_to_dict(record, fields=names)

    def clean(self):
        cleaned = super().clean()
        # The hidden fields have no place on the page to show an error: a version or a
        # fingerprint that does not parse (a crafted or truncated post) is the form's error.
        if any(self._errors.pop(name, None) for name in VERSION_FIELDS):
            self.add_error(None, ALTERED)
        return cleaned

    @property
    def version(self):
        return self.cleaned_data.get("version")

    def model_data(self):
        """cleaned_data without the version and fingerprint, for a service's keywords."""
        return {k: v for k, v in self.cleaned_data.items() if k not in VERSION_FIELDS}

    def changed_labels(self):
        """Labels of the fields whose stored value is no longer what the user saw."""
        record = self._saved_record()
        if record is None:
            return []
        fresh = record._meta.concrete_model._base_manager.filter(pk=record.pk).first()
        if fresh is None:
            return []
        values = self.current_values(fresh)
        seen = self.data.get(self.add_prefix("seen"))
        if not seen and self.data.get(self.add_prefix("version")) == "0":
            names = list(values)  # the form was opened before the record existed
        else:
            names = changed_names(seen, values)
        return [self.fields[name].label or name for name in names]

    def add_error(self, field, error):
        if isinstance(error, ChangedMeanwhile):
            error = ChangedMeanwhile(changed_meanwhile_message(self.changed_labels()))
            field = None
        super().add_error(field, error)


# --- the admin -----------------------------------------------------------------------------


class VersionedAdminForm(VersionedFormMixin, forms.ModelForm):
    """The admin change form of a versioned model: refused at validation when stale."""

    # Declared, so that the admin's fieldsets may name them (the model's version is excluded).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        cleaned = super().clean()
        record = self._saved_record()
        if record is not None and cleaned.get("version") is not None:
            stored = (
                record._meta.concrete_model._base_manager.filter(pk=record.pk)
                .values_list("version", flat=True)
                .first()
            )
            if stored != cleaned["version"]:
                self.add_error(None, ChangedMeanwhile())
        return cleaned

    def save(self, commit=True):
        # In the admin's transaction: a change form (save_form) or an inline's row alike.
        if self._saved_record() is not None:
            claim(self.instance, version=self.cleaned_data.get("version"))
        return super().save(commit)


def _field_names(fieldsets):
    for _name, options in fieldsets:
        for entry in options.get("fields", ()):
            yield from entry if isinstance(entry, list | tuple) else [entry]


class VersionedAdminMixin:
    """A ModelAdmin (or inline) of a versioned model: its change form carries the version.

    A stale form is refused when validated, naming what changed meanwhile; its save claims
    the row in the admin's transaction, so a save racing the check changes nothing either
    (it fails instead of overwriting).
    """

    form = VersionedAdminForm

    def get_exclude(self, request, obj=None):
        return [*(super().get_exclude(request, obj) or ()), "version"]

    def get_readonly_fields(self, request, obj=None):
        return [name for name in super().get_readonly_fields(request, obj) if name != "version"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if "seen" in set(_field_names(fieldsets)):
            return fieldsets
        return [*fieldsets, (None, {"fields": ["version", "seen"]})]
