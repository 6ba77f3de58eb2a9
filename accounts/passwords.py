"""The password rule Django's validators do not have: the login never appears in the password.

Django's UserAttributeSimilarityValidator refuses a password *similar* to the login (by a
ratio of matching characters), which lets "Songcau.nguyenvana2024" through for the login
"nguyenvana"; this one refuses any password that contains the login, in any case.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class LoginNotInPasswordValidator:
    def validate(self, password, user=None):
        username = (getattr(user, "username", "") or "").strip().lower()
        if len(username) >= 3 and username in (password or "").lower():
            raise ValidationError(
                _("The password must not contain the login name (“%(username)s”)."),
                code="password_contains_username",
                params={"username": user.username},
            )

    def get_help_text(self):
        return _("Your password must not contain your login name.")
