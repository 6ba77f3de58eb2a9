app_name = "reforms"

urlpatterns = []
