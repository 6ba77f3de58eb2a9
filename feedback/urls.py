"""The staff pages of the counter survey (login required); the public ones are public_urls."""

from . import urls_manage, urls_results

app_name = "feedback"

urlpatterns = [*urls_manage.urlpatterns, *urls_results.urlpatterns]
