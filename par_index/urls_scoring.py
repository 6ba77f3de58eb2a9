"""PAR index pages: scoring (see par_index/urls.py)."""

urlpatterns = []
