from django.urls import path

from . import views

app_name = "libraries"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("statistics/", views.statistics, name="statistics"),
    path("export/", views.export, name="export"),
    path("register/", views.register, name="register"),
    path("mine/", views.mine, name="mine"),
    path("import/", views.import_start, name="import"),
    path("import/template.<str:fmt>", views.import_template, name="import_template"),
    path("jobs/<uuid:pk>/", views.job, name="job"),
    path("jobs/<uuid:pk>/apply/", views.job_apply, name="job_apply"),
    path("jobs/<uuid:pk>/download/", views.job_download, name="job_download"),
    path("applications/", views.applications, name="applications"),
    path("applications/<int:pk>/", views.application, name="application"),
    path(
        "applications/<int:pk>/verify/",
        views.application_decide,
        {"action": "verify"},
        name="application_verify",
    ),
    path(
        "applications/<int:pk>/approve/",
        views.application_decide,
        {"action": "approve"},
        name="application_approve",
    ),
    path(
        "applications/<int:pk>/reject/",
        views.application_decide,
        {"action": "reject"},
        name="application_reject",
    ),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/yearly-update/", views.edit, {"yearly": True}, name="yearly_update"),
    path("<int:pk>/history/", views.history, name="history"),
    path("<int:pk>/claim/", views.claim, name="claim"),
]
