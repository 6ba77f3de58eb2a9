"""What the accounts app keeps beside the user: which sessions each user has open."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserSession(models.Model):
    """One signed-in session of a user, so that all of them can be ended at once (an account
    deactivated, or "sign out everywhere"). Written at sign-in (`accounts.sessions`); a row
    whose session has expired is harmless and goes at the next sign-out-everywhere."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="open_sessions",
    )
    session_key = models.CharField(_("session key"), max_length=40, unique=True)
    created_at = models.DateTimeField(_("signed in at"), auto_now_add=True)

    class Meta:
        verbose_name = _("signed-in session")
        verbose_name_plural = _("signed-in sessions")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.user} ({self.created_at:%d/%m/%Y %H:%M})"
