"""Models of simpul.certification."""

from django.db import models  # noqa: F401
