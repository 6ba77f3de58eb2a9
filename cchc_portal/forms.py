from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .inputs import CODE_MESSAGES
from .models import Unit
from .versioning import VersionedFormMixin


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Wrong username or password. Please check and try again "
            "(the password is case-sensitive)."
        ),
        "inactive": _("This account is disabled. Please contact your administrator."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Username")
        self.fields["password"].label = _("Password")
        self.fields["username"].widget.attrs.update({"autofocus": True, "autocomplete": "username"})

    def get_invalid_login_error(self):
        # A directory that knows the person but cannot give them an account says why
        # (accounts/directory.py); its message replaces "wrong username or password".
        refusal = getattr(self.request, "sign_in_refusal", None)
        if refusal:
            return forms.ValidationError(refusal, code="directory_refused")
        return super().get_invalid_login_error()


class UnitForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["name", "short_name", "kind", "code", "parent", "address", "is_active"]
        error_messages = {"code": CODE_MESSAGES}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # A unit can only be placed inside the user's own scope.
        parents = Unit.objects.for_user(user)
        if self.instance.pk:
            parents = parents.exclude(path__startswith=self.instance.path)
        self.fields["parent"].queryset = parents
        self.fields["parent"].required = not user.sees_everything
