app_name = "libraries"

urlpatterns: list = []
