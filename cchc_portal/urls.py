from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from . import views
from .forms import LoginForm

urlpatterns = [
    path("", include("dashboards.home_urls")),
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz/", views.healthz, name="healthz"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("units/", views.unit_list, name="unit-list"),
    path("units/new/", views.unit_edit, name="unit-create"),
    path("units/<int:pk>/", views.unit_detail, name="unit-detail"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit-edit"),
    path("reforms/", include("reforms.urls")),
    path("procedures/", include("procedures.urls")),
    path("inspections/", include("inspections.urls")),
    path("notifications/", include("notifications.urls")),
    path("dashboards/", include("dashboards.urls")),
    path("reports/", include("reports.urls")),
    path("par-index/", include("par_index.urls")),
    path("feedback/", include("feedback.urls")),
    # The citizens' survey pages (no login; each address carries a counter's signed token).
    path("s/", include("feedback.public_urls")),
    path("audit/", include("audit.urls")),
    path("accounts/", include("accounts.urls")),
    # Single sign-on (OpenID Connect); 404 while it is not configured.
    path("oidc/", include("accounts.oidc_urls")),
    path("admin/", admin.site.urls),
]

handler400 = "cchc_portal.views.error_400"
handler403 = "cchc_portal.views.error_403"
handler404 = "cchc_portal.views.error_404"
