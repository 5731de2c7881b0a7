from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/edit/", views.profile_edit, name="profile_edit"),
    path("profile/education/add/", views.education_add, name="education_add"),
    path("profile/education/<int:pk>/edit/", views.education_edit, name="education_edit"),
    path("profile/education/<int:pk>/remove/", views.education_remove, name="education_remove"),
]
