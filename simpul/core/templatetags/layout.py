"""`{% once %}`: parts of the page layout rendered once per process and language.

Most of the layout (the head's links, the menu, the language switch, the footer) is the same for every
visitor in a language, yet its url reversals, static lookups and translations cost more than the rest
of a small page. A `{% once %}` region is rendered the first time a process needs it in a language
(and script prefix), then served as text:

    {% once %}<a href="{% url 'core:home' %}">{% translate "Home" %}</a>{% endonce %}
    {% once signed_in=user.is_authenticated is_staff=user.is_staff %}...{% endonce %}

Inside, the region sees only LANGUAGE_CODE, SIMPUL_VERSION, its own flags (each made a boolean, and
part of the key: at most two answers per flag), and two per-request values substituted at every
render: `csrf_token` (the request's own, masked anew for each response) and `page_path` (the request's
path and query, escaped). Nothing else of the request or the user can reach the shared text: a region
that names `user` sees nothing. A region may not hold a `{% block %}` (a child could not fill it).
"""

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.base import Node, TemplateSyntaxError, token_kwargs
from django.template.context import Context
from django.template.loader_tags import BlockNode
from django.urls import get_script_prefix
from django.utils import translation
from django.utils.html import conditional_escape

import simpul

register = template.Library()

# Stand-ins rendered into the kept text, replaced by each request's values.
CSRF_TOKEN = "@@simpul-csrf-token@@"  # noqa: S105 - a stand-in, not a secret
PAGE_PATH = "@@simpul-page-path@@"

_generation = 0  # renewed when a setting changes (tests): kept texts are then made again


@receiver(setting_changed)
def _settings_changed(**kwargs) -> None:
    global _generation
    _generation += 1


class OnceNode(Node):
    child_nodelists = ()  # no block inside (checked when parsed): the extends walk need not look here

    def __init__(self, nodelist, flags):
        self.nodelist = nodelist
        self.flags = flags
        self.kept: dict[tuple, tuple[str, bool, bool]] = {}
        self.generation = _generation

    def render(self, context):
        request = context.get("request")
        token = context.get("csrf_token")
        if request is None or token is None or token == "NOTPROVIDED":  # noqa: S105 - Django's no-request value
            return self.nodelist.render(context)  # not a page answering a request: nothing to share
        flags = tuple(bool(value.resolve(context)) for value in self.flags.values())
        if self.generation != _generation:
            self.kept, self.generation = {}, _generation
        key = (translation.get_language(), get_script_prefix(), flags)
        kept = self.kept.get(key)
        if kept is None:
            kept = self.kept[key] = self._render_once(context, dict(zip(self.flags, flags, strict=True)))
        text, has_token, has_path = kept
        if has_token:
            text = text.replace(CSRF_TOKEN, str(token))
        if has_path:
            text = text.replace(PAGE_PATH, conditional_escape(request.get_full_path()))
        return text

    def _render_once(self, context, flags: dict[str, bool]) -> tuple[str, bool, bool]:
        values = {
            "LANGUAGE_CODE": translation.get_language(),
            "SIMPUL_VERSION": simpul.__version__,
            "csrf_token": CSRF_TOKEN,
            "page_path": PAGE_PATH,
            **flags,
        }
        alone = Context(
            values, autoescape=context.autoescape, use_l10n=context.use_l10n, use_tz=context.use_tz
        )
        with alone.bind_template(context.template):
            text = str(self.nodelist.render(alone))
        return text, CSRF_TOKEN in text, PAGE_PATH in text


@register.tag
def once(parser, token):
    bits = token.split_contents()[1:]
    flags = token_kwargs(bits, parser)
    if bits:
        raise TemplateSyntaxError("{% once %} takes only name=value flags")
    nodelist = parser.parse(("endonce",))
    parser.delete_first_token()
    if nodelist.get_nodes_by_type(BlockNode):
        raise TemplateSyntaxError("{% once %} cannot hold a {% block %}")
    return OnceNode(nodelist, flags)
