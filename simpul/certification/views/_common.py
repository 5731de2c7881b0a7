from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse

from ..permissions import is_assessor, is_lsp_admin


def errors_to_form(form, error: ValidationError) -> None:
    if hasattr(error, "message_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


def error_message(request, error: ValidationError) -> None:
    for text in error.messages:
        messages.error(request, text)


def require_lsp_admin(user) -> None:
    if not is_lsp_admin(user):
        raise PermissionDenied


def require_assessor(user) -> None:
    if not is_assessor(user):
        raise PermissionDenied


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def private_file_response(field_file, content_type: str, filename: str):
    response = FileResponse(field_file.open("rb"), content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
