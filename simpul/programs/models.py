"""Models of simpul.programs."""

from django.db import models  # noqa: F401
