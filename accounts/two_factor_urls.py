from django.urls import path

from . import two_factor_views as views

urlpatterns = [
    path("security/", views.overview, name="two-factor"),
    path("security/two-factor/set-up/", views.setup, name="two-factor-setup"),
    path("security/two-factor/verify/", views.verify, name="two-factor-verify"),
    path(
        "security/two-factor/recovery-codes/new/",
        views.new_recovery_codes,
        name="two-factor-new-codes",
    ),
    path(
        "security/two-factor/recovery-codes/",
        views.codes_shown,
        name="two-factor-codes-shown",
    ),
    path("security/two-factor/turn-off/", views.turn_off, name="two-factor-turn-off"),
]
