from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cchc_portal.filters import SELECT_CLASS, UnitChoiceField
from cchc_portal.models import Role

from . import selectors


class PersonForm(forms.Form):
    """A person's account as internal affairs edit it; the rules are the services' (a unit
    of the editor's subtree, never the administrator role unless the editor is one)."""

    last_name = forms.CharField(label=_("Family and middle names"), max_length=150)
    first_name = forms.CharField(label=_("Given name"), max_length=150)
    username = forms.CharField(
        label=_("Login"),
        max_length=150,
        help_text=_("Lower-case letters without accents, digits, dots; it cannot change later."),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("The link to set the password is sent here."),
    )
    unit = UnitChoiceField(label=_("Unit"), queryset=None)
    role_codes = forms.MultipleChoiceField(
        label=_("Roles"), widget=forms.CheckboxSelectMultiple, choices=()
    )
    position = forms.CharField(label=_("Position"), max_length=150, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)

    def __init__(self, *args, acting_user, person=None, **kwargs):
        if person is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "last_name": person.last_name,
                "first_name": person.first_name,
                "username": person.username,
                "email": person.email,
                "unit": person.unit_id,
                "role_codes": sorted(person.role_codes),
                "position": person.position,
                "phone": person.phone,
            }
        super().__init__(*args, **kwargs)
        self.person = person
        self.fields["unit"].queryset = selectors.assignable_units(acting_user).only(
            "pk", "name", "short_name", "path"
        )
        self.fields["unit"].widget.attrs["class"] = "form-select"
        self.fields["role_codes"].choices = [
            (code, Role.Code(code).label) for code in selectors.assignable_roles(acting_user)
        ]
        if person is not None:
            self.fields["username"].disabled = True
            self.fields["username"].help_text = _("A login never changes.")
            if person.source != person.Source.LOCAL:
                for name in ("unit", "role_codes"):
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _(
                        "Kept by the directory: it is rewritten at each sign-in."
                    )

    def person_data(self):
        return dict(self.cleaned_data)


class PeopleFilterForm(forms.Form):
    q = forms.CharField(label=_("Name, login or e-mail"), max_length=100, required=False)
    unit = UnitChoiceField(
        label=_("Unit"),
        queryset=None,
        required=False,
        empty_label=pgettext_lazy("list filter", "All units"),
    )
    role = forms.ChoiceField(label=_("Role"), required=False)
    active = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), ("1", _("Active")), ("0", _("Deactivated"))],
    )

    def __init__(self, *args, acting_user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = selectors.assignable_units(acting_user).only(
            "pk", "name", "short_name", "path"
        )
        self.fields["role"].choices = [("", _("All roles")), *Role.Code.choices]
        for field in self.fields.values():
            css = (
                SELECT_CLASS
                if isinstance(field, forms.ChoiceField)
                else "form-control form-control-sm"
            )
            field.widget.attrs["class"] = css

    def filters(self):
        """The list's filters, or None when the form is not valid."""
        if not self.is_valid():
            return None
        active = self.cleaned_data["active"]
        return {
            "text": self.cleaned_data["q"].strip(),
            "unit": self.cleaned_data["unit"],
            "role": self.cleaned_data["role"],
            "active": None if active == "" else active == "1",
        }


class NewPasswordForm(SetPasswordForm):
    """Django's set-password form with the portal's labels."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("New password")
        self.fields["new_password2"].label = _("New password again")


class PeopleImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        help_text=_("The template filled in, or an export of the list edited."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Choose an Excel file (.xlsx), such as the template."))
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload
