"""PAR index pages: criteria (see par_index/urls.py)."""

urlpatterns = []
