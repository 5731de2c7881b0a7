from django.urls import path, re_path

from . import views

app_name = "regions"

urlpatterns = [
    path("", views.browse, name="browse"),
    path("pick/", views.pick, name="pick"),
    re_path(r"^(?P<code>[0-9][0-9.]{1,12})/$", views.region_detail, name="detail"),
]
