from django.urls import path

from . import views

app_name = "credentials"

urlpatterns = [
    path("verify/", views.verify_form, name="verify_form"),
    path("verify/<str:code>/", views.verify, name="verify"),
    path("verify/<str:code>/badge.json", views.badge_json, name="badge_json"),
    path("credentials/", views.my_credentials, name="mine"),
    path("credentials/keys.json", views.public_keys, name="keys"),
    path("credentials/batches/<int:pk>/", views.batch_detail, name="batch"),
    path("credentials/batches/<int:pk>/zip/", views.batch_download, name="batch_zip"),
    path("credentials/<str:code>/pdf/", views.credential_pdf, name="pdf"),
    path("credentials/<str:code>/png/", views.credential_png, name="png"),
    path("credentials/<str:code>/revoke/", views.credential_revoke, name="revoke"),
]
