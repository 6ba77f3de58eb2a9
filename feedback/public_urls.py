"""The citizens' pages: no login, reached only through a counter's signed token."""

app_name = "survey"

urlpatterns = []
