"""Models of simpul.knowledge."""

from django.db import models  # noqa: F401
