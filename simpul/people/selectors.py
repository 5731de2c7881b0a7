"""Reads for people. Every lookup a person makes of their own rows goes through these."""

from django.shortcuts import get_object_or_404

from .models import Education, Person
from .services import person_for_user


def person_of(user) -> Person:
    """The signed-in user's own person record (created on first need)."""
    return person_for_user(user)


def education_of(user):
    """Only the user's own education rows: another person's row is simply not found."""
    return Education.objects.filter(person__user=user)


def education_of_user_or_404(user, pk: int) -> Education:
    return get_object_or_404(education_of(user), pk=pk)
