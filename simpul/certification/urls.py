from django.urls import path

from . import views

app_name = "certification"

urlpatterns = [
    path("", views.index, name="index"),
    path("register/", views.register, name="register"),
    path("skema/<int:pk>/", views.scheme, name="scheme"),
    # applicant
    path("saya/", views.mine, name="mine"),
    path("portofolio/", views.portfolio, name="portfolio"),
    path("portofolio/<int:person_pk>/", views.portfolio, name="person_portfolio"),
    path("skema/<int:scheme_pk>/daftar/", views.apply, name="apply"),
    path("sertifikat/<int:pk>/perpanjang/", views.renew, name="renew"),
    path("permohonan/<int:pk>/", views.application, name="application"),
    path("permohonan/<int:pk>/apl01/", views.application_edit, name="application_edit"),
    path("permohonan/<int:pk>/apl02/", views.apl02, name="apl02"),
    path("permohonan/<int:pk>/dokumen/", views.document_upload, name="document_upload"),
    path("dokumen/<int:pk>/", views.document, name="document"),
    path("permohonan/<int:pk>/kirim/", views.submit, name="submit"),
    path("permohonan/<int:pk>/tarik/", views.withdraw, name="withdraw"),
    path("permohonan/<int:pk>/persetujuan/", views.consent, name="consent"),
    path("permohonan/<int:pk>/banding/", views.appeal, name="appeal"),
    path("permohonan/<int:pk>/apl01.pdf", views.apl01_pdf, name="apl01_pdf"),
    path("permohonan/<int:pk>/apl02.pdf", views.apl02_pdf, name="apl02_pdf"),
    # LSP administration
    path("kelola/", views.manage, name="manage"),
    path("kelola/permohonan/", views.manage_applications, name="manage_applications"),
    path("kelola/permohonan/<int:pk>/terima/", views.accept, name="accept"),
    path("kelola/permohonan/<int:pk>/kembalikan/", views.return_application, name="return"),
    path("kelola/permohonan/<int:pk>/asesor/", views.assign, name="assign"),
    path("kelola/permohonan/<int:pk>/putuskan/", views.decide, name="decide"),
    path("kelola/permohonan/<int:pk>/koreksi/", views.correct, name="correct"),
    path("kelola/banding/<int:pk>/", views.appeal_decide, name="appeal_decide"),
    path("kelola/sertifikat/<int:pk>/cabut/", views.certificate_revoke, name="certificate_revoke"),
    path("kelola/sesi/", views.sessions, name="sessions"),
    path("kelola/sesi/<int:pk>/", views.session, name="session"),
    path("kelola/sesi/<int:pk>/jadwalkan/", views.schedule, name="schedule"),
    path("kelola/sesi/<int:pk>/daftar-hadir.pdf", views.attendance_pdf, name="attendance_pdf"),
    path("kelola/referensi/", views.reference, name="reference"),
    path("kelola/skema/<int:pk>/aturan/", views.rule_add, name="rule_add"),
    path("kelola/laporan/", views.reports, name="reports"),
    path("kelola/laporan.xlsx", views.report_xlsx, name="report_xlsx"),
    # assessor
    path("asesmen/", views.assess_list, name="assess_list"),
    path("asesmen/<int:pk>/", views.assess_application, name="assess_application"),
    path("asesmen/<int:pk>/unit/<int:unit_pk>/", views.assess_unit, name="assess_unit"),
    path("asesmen/<int:pk>/selesai/", views.assess_complete, name="assess_complete"),
]
