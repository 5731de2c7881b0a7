"""Pages: the public verification page, downloads for holders and issuers, revocation, batches."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from simpul.core.htmx import render_page_or_partial

from . import openbadges, selectors, services, signing
from . import render as renderers
from .forms import CodeForm, RevokeForm
from .permissions import can_manage_credential, is_holder
from .ratelimit import allow_lookup


def _too_many(request):
    response = render(request, "credentials/too_many.html", status=429)
    response["Retry-After"] = "60"
    return response


@require_GET
def verify_form(request):
    """Type a code by hand (for a card whose QR code cannot be scanned)."""
    form = CodeForm(request.GET or None)
    if form.is_valid():
        return redirect("credentials:verify", code=form.cleaned_data["code"].strip())
    return render(request, "credentials/verify_form.html", {"form": form})


@require_GET
def verify(request, code: str):
    if not allow_lookup(request):
        return _too_many(request)
    credential = selectors.credential_by_code(code)
    if credential is None:
        return render(request, "credentials/verify.html", {"code": code, "credential": None}, status=404)
    context = {
        "code": code,
        "credential": credential,
        "signature_ok": services.signature_is_valid(credential),
        "may_manage": can_manage_credential(request.user, credential),
        "is_holder": is_holder(request.user, credential),
    }
    return render(request, "credentials/verify.html", context)


@require_GET
def badge_json(request, code: str):
    """The credential as an Open Badges 3.0 document, signed (eddsa-jcs-2022), for wallets and checkers."""
    if not allow_lookup(request):
        return _too_many(request)
    credential = selectors.credential_by_code(code)
    if credential is None:
        raise Http404
    response = JsonResponse(
        openbadges.signed_document(credential), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    response["Content-Disposition"] = f'attachment; filename="{credential.code}.json"'
    return response


@require_GET
def public_keys(request):
    """Simpul's signing keys (current and retired), to verify documents offline."""
    current = signing.current_public_key()
    keys = [
        {
            "id": kid,
            "did": signing.did_key(key),
            "publicKeyBase64url": signing.b64url(signing.public_bytes(key)),
            "current": kid == signing.key_id(current),
        }
        for kid, key in signing.known_public_keys().items()
    ]
    return HttpResponse(json.dumps({"keys": keys}, indent=2), content_type="application/json")


@login_required
@require_GET
def my_credentials(request):
    credentials = selectors.credentials_of(request.user)
    return render(request, "credentials/mine.html", {"credentials": credentials})


@login_required
@require_GET
def credential_pdf(request, code: str):
    credential = selectors.credential_for_owner_or_officer_or_404(request.user, code)
    response = HttpResponse(renderers.render_pdf(credential), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{renderers.pdf_filename(credential)}"'
    return response


@login_required
@require_GET
def credential_png(request, code: str):
    credential = selectors.credential_for_owner_or_officer_or_404(request.user, code)
    if credential.layout != "card":
        raise Http404
    response = HttpResponse(renderers.render_card_png(credential), content_type="image/png")
    response["Content-Disposition"] = f'inline; filename="{renderers.pdf_filename(credential)[:-4]}.png"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def credential_revoke(request, code: str):
    credential = selectors.credential_manageable_or_404(request.user, code)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.credential_revoke(
                actor=request.user, credential=credential, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error("reason", error.message_dict.get("reason", error.messages))
        else:
            messages.success(request, _("The credential was revoked."))
            return redirect("credentials:verify", code=credential.code)
    return render(request, "credentials/revoke.html", {"credential": credential, "form": form})


@login_required
@require_GET
def batch_detail(request, pk: int):
    batch = selectors.batch_for_user_or_404(request.user, pk)
    return render_page_or_partial(
        request, "credentials/batch.html", "credentials/_batch_progress.html", {"batch": batch}
    )


@login_required
@require_GET
def batch_download(request, pk: int):
    batch = selectors.batch_for_user_or_404(request.user, pk)
    if not batch.archive:
        raise Http404
    return FileResponse(
        batch.archive.open("rb"), as_attachment=True, filename=batch.archive.name.rsplit("/", 1)[-1]
    )
