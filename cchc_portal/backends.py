from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import F


class UserBackend(ModelBackend):
    """Loads the user with their unit and role codes in one query, so that a page pays one
    query for its user (after the session's) and role checks cost none."""

    def get_user(self, user_id):
        user_model = get_user_model()
        # One row per role held (a single row with no code for a user without roles).
        rows = list(
            user_model._default_manager.select_related("unit")
            .annotate(held_role=F("roles"))
            .filter(pk=user_id)
            .order_by()
        )
        if not rows:
            return None
        user = rows[0]
        # Fills User.role_codes (a cached property), which would otherwise query the roles.
        user.role_codes = frozenset(row.held_role for row in rows if row.held_role)
        return user if self.user_can_authenticate(user) else None
