"""The survey's public routes for the staff pages' tests, while the public pages are not on
this branch: `@pytest.mark.urls("tests.feedback.manage_helpers")`."""

from django.http import HttpResponse
from django.urls import include, path

from cchc_portal import urls as project_urls
from feedback import public_urls


def _placeholder(request, token):
    return HttpResponse(token)


if public_urls.urlpatterns:
    urlpatterns = project_urls.urlpatterns
else:
    _survey = (
        [
            path("<str:token>/", _placeholder, name="form"),
            path("kiosk/<str:token>/", _placeholder, name="kiosk"),
        ],
        "survey",
    )
    urlpatterns = [
        entry for entry in project_urls.urlpatterns if getattr(entry, "namespace", None) != "survey"
    ] + [path("s/", include(_survey))]
