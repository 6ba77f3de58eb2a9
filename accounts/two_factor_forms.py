"""The forms of the two-factor pages: one code field each."""

from django import forms
from django.utils.translation import gettext_lazy as _


class AppCodeForm(forms.Form):
    """The six-digit code an authenticator app shows."""

    code = forms.CharField(
        label=_("Authentication code"),
        max_length=20,
        help_text=_("The 6-digit code your authenticator app shows now."),
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "autofocus": True,
                "class": "form-control-lg font-monospace",
            }
        ),
    )


class CodeForm(forms.Form):
    """An authenticator code or one of the recovery codes."""

    code = forms.CharField(
        label=_("Authentication code or recovery code"),
        max_length=30,
        help_text=_(
            "Enter the 6-digit code your authenticator app shows now. Without your phone, "
            "enter one of your recovery codes: each works once."
        ),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "off",
                "spellcheck": "false",
                "autofocus": True,
                "class": "form-control-lg font-monospace",
            }
        ),
    )
