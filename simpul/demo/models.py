"""A record of each synthetic data generation, so it is not run twice and can be removed cleanly."""

from django.db import models


class Generation(models.Model):
    """One run of `simpul generate`: which scale and seed, what it created (id ranges per model)."""

    scale = models.CharField(max_length=20)
    seed = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    seconds = models.FloatField(default=0)
    # {"people.person": [first_id, last_id], ...}: every generated row lies in its model's range.
    id_ranges = models.JSONField(default=dict)
    counts = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.scale} (seed {self.seed}) at {self.created_at:%Y-%m-%d %H:%M}"
