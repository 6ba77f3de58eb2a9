"""The PAR index's pages; each part lists its own in `par_index/urls_<part>.py`."""

from . import urls_appraisal, urls_criteria, urls_results, urls_scoring

app_name = "par_index"

urlpatterns = [
    *urls_scoring.urlpatterns,
    *urls_criteria.urlpatterns,
    *urls_results.urlpatterns,
    *urls_appraisal.urlpatterns,
]
