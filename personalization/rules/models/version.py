"""The version of the compiled rule set, shared by every process through the database."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


def _epoch() -> str:
    return uuid.uuid4().hex


class RulesetVersion(models.Model):
    """One row: `number` is bumped (atomically, with F()) after every commit that changes a
    segment, a rule, a persona or a stage. `epoch` is random per database, so two databases
    (a restore, a test run) never share a version string."""

    number = models.BigIntegerField(default=0)
    epoch = models.CharField(max_length=32, default=_epoch, editable=False)

    class Meta:
        verbose_name = _("rule set version")

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return f"{self.epoch[:8]}-{self.number}"
