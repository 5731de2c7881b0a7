from django.core.exceptions import ValidationError
from django.http import FileResponse


def errors_to_form(form, error: ValidationError) -> None:
    if hasattr(error, "message_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


def error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def file_response(field_file, filename: str, content_type: str = "application/octet-stream"):
    response = FileResponse(field_file.open("rb"), content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
