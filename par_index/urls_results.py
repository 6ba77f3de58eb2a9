"""PAR index pages: results (see par_index/urls.py)."""

urlpatterns = []
