"""The sample-ratio check in words: is the split of visitors between the arms the one the weights
ask for, and what to do when it is not. The admin's list and report, and the GraphQL field
`sampleRatio`, show the same verdict.

Four verdicts, never "ok" without evidence:
- not_enough: some arm expects fewer than 5 visitors (sufficiency.py), the test cannot say;
- not_checked: a bandit (its weights move on purpose), a stopped experiment, or the site-wide
  holdout switched off: there is no fixed design split to compare with;
- mismatch: chi-square p below SRM_THRESHOLD (stats.py): the figures cannot be trusted;
- ok: enough visitors and the split fits the weights.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .sufficiency import enough_visitors

NOT_ENOUGH, NOT_CHECKED, MISMATCH, OK = "not_enough", "not_checked", "mismatch", "ok"

LABELS = {
    NOT_ENOUGH: _("not enough visitors yet"),
    NOT_CHECKED: _("not checked"),
    MISMATCH: _("Split is off: do not trust these results"),
    OK: _("Split as planned"),
}

NOT_CHECKED_WHY = {
    "bandit": _(
        "This test moves traffic to the better variant on purpose, so there is no fixed split "
        "to check."
    ),
    "stopped": _("The test is stopped: the split is only checked while it runs."),
}

MISMATCH_ADVICE = (
    _(
        "Visitors did not land in the variants in the proportions you set. When that happens "
        "something treats one variant differently, and the conversion figures cannot be trusted, "
        "whatever they say."
    ),
    _(
        "Common causes: one variant fails to show or is slower on some devices or browsers; a "
        "redirect, a cache or a link that sends people straight to one variant; the weights, the "
        "traffic percentage or the audience were changed while the test ran; robots that one "
        "variant attracts."
    ),
    _(
        "What to do: preview every variant on a phone and a computer; check that nothing was "
        "changed mid-test; fix the cause, then start the test again with a new test key so the "
        "new figures start from zero. Do not pick a winner from these figures."
    ),
)


@dataclass(frozen=True)
class RatioCheck:
    state: str
    label: str
    why: str = ""  # not_checked: the reason
    planned: tuple[tuple[str, float, float], ...] = ()  # (arm, planned share, observed share)

    @property
    def advice(self) -> tuple[str, ...]:
        return tuple(str(a) for a in MISMATCH_ADVICE) if self.state == MISMATCH else ()


def ratio_check(report) -> RatioCheck:
    """The verdict for an ExperimentReport (report.py)."""
    arms = [a.totals for a in report.result.arms]
    if not enough_visitors(arms):
        return RatioCheck(NOT_ENOUGH, str(LABELS[NOT_ENOUGH]))
    if report.result.srm_p_value is None:
        why = NOT_CHECKED_WHY["bandit" if report.bandit else "stopped"]
        return RatioCheck(NOT_CHECKED, str(LABELS[NOT_CHECKED]), str(why))
    total = sum(a.exposures for a in arms)
    weight = sum(a.weight for a in arms)
    planned = tuple((a.name, a.weight / weight, a.exposures / total) for a in arms)
    state = MISMATCH if report.result.srm else OK
    return RatioCheck(state, str(LABELS[state]), planned=planned)
