from . import people_import_urls, people_urls, two_factor_urls

app_name = "accounts"

urlpatterns = people_urls.urlpatterns + people_import_urls.urlpatterns + two_factor_urls.urlpatterns
