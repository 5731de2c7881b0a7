"""`{% pager page_obj query %}`: the pager of `simpul.core.pagination.pager` for a paginator's page,
so a template-drawn list and a list drawn in Python show the same markup from the same code."""

from django import template

from simpul.core.pagination import page_pager

register = template.Library()


@register.simple_tag
def pager(page_obj, query=""):
    return page_pager(page_obj, query or "")
