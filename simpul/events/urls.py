from django.urls import path

from .views import checkin, manage, programmes, public

app_name = "events"

urlpatterns = [
    path("", public.index, name="index"),
    path("mine/", public.my_registrations, name="mine"),
    path("tickets/<int:pk>/", public.ticket, name="ticket"),
    path("tickets/<int:pk>/cancel/", public.cancel, name="cancel"),
    path("tickets/<int:pk>/feedback/", public.feedback, name="feedback"),
    path("manage/", manage.manage_list, name="manage_list"),
    path("new/", manage.create, name="create"),
    path("programmes/", programmes.programme_list, name="programmes"),
    path("programmes/new/", programmes.programme_create, name="programme_create"),
    path("programmes/<slug:slug>/", programmes.programme_detail, name="programme"),
    path("programmes/<slug:slug>/quota/", programmes.quota_set, name="programme_quota"),
    path("programmes/<slug:slug>/nominate/", programmes.nominate, name="nominate"),
    path(
        "programmes/<slug:slug>/nominations/<int:pk>/decide/",
        programmes.nomination_decide,
        name="nomination_decide",
    ),
    path(
        "programmes/<slug:slug>/nominations/<int:pk>/scores/",
        programmes.nomination_scores,
        name="nomination_scores",
    ),
    path("<slug:slug>/", public.detail, name="detail"),
    path("<slug:slug>/event.ics", public.event_ics, name="ics"),
    path("<slug:slug>/register/", public.register, name="register"),
    path("<slug:slug>/documents/<int:pk>/", public.document, name="document"),
    path("<slug:slug>/manage/", manage.manage, name="manage"),
    path("<slug:slug>/edit/", manage.edit, name="edit"),
    path("<slug:slug>/manage/categories/", manage.category_add, name="category_add"),
    path("<slug:slug>/manage/sessions/", manage.session_add, name="session_add"),
    path("<slug:slug>/manage/speakers/", manage.session_person_add, name="session_person_add"),
    path("<slug:slug>/manage/committee/", manage.committee_add, name="committee_add"),
    path("<slug:slug>/manage/documents/", manage.document_add, name="document_add"),
    path(
        "<slug:slug>/manage/registrations/<int:pk>/", manage.registration_decide, name="registration_decide"
    ),
    path("<slug:slug>/certificates/", manage.certificates, name="certificates"),
    path("<slug:slug>/certificates/batches/<int:pk>/", manage.certificate_batch, name="certificate_batch"),
    path(
        "<slug:slug>/certificates/batches/<int:pk>/zip/", manage.certificate_batch_zip, name="certificate_zip"
    ),
    path("<slug:slug>/certificates/<str:code>/revoke/", manage.certificate_revoke, name="certificate_revoke"),
    path("<slug:slug>/report/", manage.report, name="report"),
    path("<slug:slug>/report.xlsx", manage.report_xlsx, name="report_xlsx"),
    path("<slug:slug>/report.pdf", manage.report_pdf, name="report_pdf"),
    path("<slug:slug>/participants.xlsx", manage.participants_xlsx, name="participants_xlsx"),
    path("<slug:slug>/check-in/", checkin.checkin, name="checkin"),
    path("<slug:slug>/check-in/count/", checkin.checkin_count, name="checkin_count"),
    path("<slug:slug>/check-in/search/", checkin.checkin_search, name="checkin_search"),
]
