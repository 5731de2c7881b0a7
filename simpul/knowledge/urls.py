from django.urls import path

from . import views

app_name = "knowledge"

urlpatterns = [
    path("", views.index, name="index"),
    path("collections/", views.collections, name="collections"),
    path("collections/<slug:slug>/", views.collection_detail, name="collection"),
    path("deposit/", views.item_create, name="item_create"),
    path("mine/", views.my_items, name="mine"),
    path("review/", views.review_queue, name="review"),
    # The persistent, citable address of an item.
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/files/add/", views.file_add, name="file_add"),
    path("items/<int:pk>/files/<int:file_id>/", views.file_download, name="file"),
    path("items/<int:pk>/submit/", views.item_submit, name="item_submit"),
    path("items/<int:pk>/publish/", views.item_publish, name="item_publish"),
    path("items/<int:pk>/request-changes/", views.item_request_changes, name="item_request_changes"),
    path("items/<int:pk>/withdraw/", views.item_withdraw, name="item_withdraw"),
    path("items/<int:pk>/versions/", views.item_versions, name="item_versions"),
    path("items/<int:pk>/cite.<str:fmt>", views.item_cite, name="item_cite"),
]
