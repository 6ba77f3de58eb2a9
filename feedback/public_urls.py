"""The citizens' pages: no login, reached only through a counter's signed token."""

from django.urls import path

from . import public

app_name = "survey"

urlpatterns = [
    path("<str:token>/", public.survey_form, name="form"),
    path("<str:token>/thanks/", public.survey_thanks, name="thanks"),
    path("kiosk/<str:token>/", public.kiosk, name="kiosk"),
    path("kiosk/<str:token>/answers/", public.kiosk_answers, name="kiosk-answers"),
]
