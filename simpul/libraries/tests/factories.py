"""Factories for the register. Libraries go through `library_create`, so counts and history are right."""

import factory

from simpul.libraries.models import Library, LibraryType, Status
from simpul.libraries.services.libraries import library_create


class LibraryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Library

    name = factory.Sequence(lambda n: f"Perpustakaan Contoh {n}")
    library_type = LibraryType.PUBLIC
    status = Status.REGISTERED
    region = None  # pass a Region (the `regions` fixture has a real slice)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return library_create(actor=kwargs.pop("actor", None), **kwargs)
