"""Rendering for pages that htmx improves: the whole page normally, only the partial for htmx."""

from django.shortcuts import render


def render_page_or_partial(request, page_template: str, partial_template: str, context: dict):
    template = partial_template if getattr(request, "htmx", False) else page_template
    return render(request, template, context)
