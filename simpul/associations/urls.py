from django.urls import path

from .views import manage, public

app_name = "associations"

# Fixed paths come before <slug>/: "me", "manage", "dues" and "documents" must stay reserved slugs.
urlpatterns = [
    path("", public.association_list, name="list"),
    path("me/", public.my_memberships, name="me"),
    path("me/<int:pk>/dues/", public.my_dues, name="my_dues"),
    path("dues/<int:pk>/proof/", public.dues_proof, name="dues_proof"),
    path("documents/<int:pk>/", public.document, name="document"),
    path("manage/", manage.home, name="manage"),
    path("manage/members/", manage.member_list, name="members"),
    path("manage/members.xlsx", manage.member_export, name="members_xlsx"),
    path("manage/members/<int:pk>/", manage.member_detail, name="member"),
    path("manage/members/<int:pk>/approve/", manage.member_approve, name="member_approve"),
    path("manage/members/<int:pk>/reject/", manage.member_reject, name="member_reject"),
    path("manage/members/<int:pk>/status/", manage.member_status, name="member_status"),
    path("manage/members/<int:pk>/transfer/", manage.member_transfer, name="member_transfer"),
    path("manage/members/<int:pk>/dues/", manage.member_dues, name="member_dues"),
    path("manage/applications/", manage.applications, name="applications"),
    path("manage/dues/", manage.dues, name="dues"),
    path("manage/dues/<int:pk>/confirm/", manage.dues_confirm, name="dues_confirm"),
    path("manage/dues/<int:pk>/reject/", manage.dues_reject, name="dues_reject"),
    path("manage/import/", manage.member_import, name="import"),
    path("manage/announcements/", manage.announcements, name="announcements"),
    path("manage/announcements/<int:pk>/", manage.announcement_detail, name="announcement"),
    path("manage/boards/<int:pk>/", manage.board, name="board"),
    path("manage/<slug:slug>/boards/", manage.boards, name="boards"),
    path("manage/<slug:slug>/honorary/", manage.honorary, name="honorary"),
    path("manage/<slug:slug>/cards/", manage.cards_batch, name="cards_batch"),
    path("<slug:slug>/", public.organisation_page, name="detail"),
    path("<slug:slug>/apply/", public.apply, name="apply"),
]
