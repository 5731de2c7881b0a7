"""Simpul's own middleware.

LanguageMiddleware: Indonesian first: the language is the visitor's own choice (the switch's
cookie), else Indonesian. Django's LocaleMiddleware would follow the browser's Accept-Language, and
many phones in Indonesia are set to English; Simpul speaks Indonesian unless a person asks for
English with the switch.

CSPMiddleware: django-csp's, with the policy string built once per process instead of per response.
"""

import csp.middleware
from csp.constants import HEADER
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import translation
from django.utils.cache import patch_vary_headers

SUPPORTED = {code for code, _name in settings.LANGUAGES}


class LanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in SUPPORTED else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


_POLICY_ATTRIBUTES = tuple(
    f"_csp_{part}{suffix}" for part in ("config", "update", "replace") for suffix in ("", "_ro")
)
_NONCE = "@@simpul-csp-nonce@@"
_policies: dict[str, tuple[str, str, tuple[str, ...]]] = {}


@receiver(setting_changed)
def _forget_policy(**kwargs) -> None:
    _policies.clear()


def _policy() -> tuple[str, str, tuple[str, ...]]:
    """The settings' policy without a nonce, with a stand-in for one, and its excluded path prefixes."""
    built = _policies.get("policy")
    if built is None:
        excluded = tuple(
            (getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
        )
        built = _policies["policy"] = (build_policy(), build_policy(nonce=_NONCE), excluded)
    return built


class CSPMiddleware(csp.middleware.CSPMiddleware):
    """django-csp's middleware with the settings' policy built once per process: a response gets it
    with its request's own nonce when the page used one (a fresh one per request, as before). A
    response with its own policy (django-csp's decorators), a report-only policy or a debug error page
    goes the library's own way."""

    def process_response(self, request, response):
        if (
            getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
            or settings.DEBUG
            or any(getattr(response, name, None) is not None for name in _POLICY_ATTRIBUTES)
        ):
            return super().process_response(request, response)
        without_nonce, with_nonce, excluded = _policy()
        nonce = getattr(request, "_csp_nonce", None)
        policy = with_nonce.replace(_NONCE, nonce) if nonce else without_nonce
        if (
            policy
            and HEADER not in response
            and getattr(response, "_csp_exempt", False) is False
            and not request.path_info.startswith(excluded)
        ):
            response[HEADER] = policy
        if nonce is None:  # as the library does: a nonce asked for after the header was written fails
            request.csp_nonce = csp.middleware.CheckableLazyObject(self._csp_nonce_post_response)
        return response
