app_name = "associations"

urlpatterns: list = []
