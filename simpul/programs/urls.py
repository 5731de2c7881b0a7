from django.urls import path

from . import views

app_name = "programs"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.dashboard, name="dashboard"),
    path("<int:pk>/export/", views.dashboard_export, name="dashboard_export"),
    path("<int:pk>/activities/export/", views.activities_export, name="activities_export"),
    path("<int:pk>/upload/", views.upload, name="upload"),
    path("<int:pk>/upload/template.xlsx", views.upload_template, name="upload_template"),
    path("<int:pk>/beneficiaries/", views.beneficiaries, name="beneficiaries"),
    path(
        "<int:pk>/beneficiaries/<int:beneficiary>/remove/",
        views.beneficiary_remove,
        name="beneficiary_remove",
    ),
    path("<int:pk>/reports/new/", views.report_new, name="report_new"),
    path("reports/", views.report_list, name="reports"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/activities/", views.activity_add, name="activity_add"),
    path("reports/<int:pk>/activities/<int:activity>/remove/", views.activity_remove, name="activity_remove"),
    path("reports/<int:pk>/items/", views.item_add, name="item_add"),
    path("reports/<int:pk>/items/<int:item>/remove/", views.item_remove, name="item_remove"),
    path("reports/<int:pk>/submit/", views.report_submit, name="report_submit"),
    path("reports/<int:pk>/check/", views.report_check, name="report_check"),
    path("reports/<int:pk>/reopen/", views.report_reopen, name="report_reopen"),
    path("jobs/<uuid:pk>/", views.job_detail, name="job"),
    path("jobs/<uuid:pk>/download/", views.job_download, name="job_download"),
    path("jobs/<uuid:pk>/apply/", views.job_apply, name="job_apply"),
    path("forums/", views.forum_list, name="forums"),
    path("forums/new/", views.forum_new, name="forum_new"),
    path("forums/<int:pk>/", views.forum_roadmap, name="forum"),
    path("forums/<int:pk>/manage/", views.forum_manage, name="forum_manage"),
    path("forums/<int:pk>/roadmap/<int:item>/progress/", views.roadmap_progress, name="roadmap_progress"),
]
