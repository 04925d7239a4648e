"""The form's words for rule diagnostics. The engine (engine/validate.py, engine/health.py) speaks
in site-format keys, paths and slugs ("segment students: rules.all[0].referrer_domain.matches:
expected ..."), which is right for a YAML file; a marketer in the admin reads the labels of the
form and the names of personas, stages and segments ("Referrer domain: expected ..."). This
module is the one translation between the two.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from personalization.rules.editor_values import GROUPS

# Keys of the site format that are not one signal of the editor's groups.
_SPECIAL = {
    "query_param": _("Query parameter"),
    "visited": _("Visited pages"),
    "event": _("Event"),
    "trait": _("Trait"),
    "segment": _("Segment"),
    "persona": _("Persona"),
    "stage": _("Journey stage"),
}
KIND_WORDS = {"persona": _("persona"), "stage": _("journey stage"), "segment": _("segment")}
_PATH = re.compile(r"\brules(?:\.(?:all|any|not)|\[\d+\])*(?:\.([a-z_]+))?(?:\.[a-z_]+|\[\d+\])*: ")
_OWNER = re.compile(r"\b(persona|stage|segment) ('?)([a-z0-9][a-z0-9-]*)\2")
_PLACES = re.compile(r"rules[\w.\[\]]*((?: and rules[\w.\[\]]*)+) test ([a-z_]+)")
_CYCLE = re.compile(r"reference cycle: (.+?); expected rules that do not depend on themselves")

Names = Mapping[tuple[str, str], str]  # (kind, slug) -> name


def signal_name(signal: str) -> str:
    """The editor's label of a signal without its example: "Referrer domain" for
    referrer_domain ("Referrer domain, without www. (e.g. github.com)")."""
    for signals in GROUPS.values():
        if signal in signals:
            return re.split(r" \(|, ", str(signals[signal]), maxsplit=1)[0]
    return str(_SPECIAL.get(signal, signal))


def owner_words(kind: str, slug: str, names: Names) -> str:
    """persona "Student" (the name; the slug when the name is unknown)."""
    return f"{KIND_WORDS.get(kind, kind)} “{names.get((kind, slug), slug)}”"


def in_words(message: str, names: Names, owner: tuple[str, str] | None = None) -> str:
    """An engine message in the form's words: the owner prefix dropped when it is the form's own
    (`owner`), paths replaced by the field's label, slugs by names, a cycle told as a chain."""
    cycle = _CYCLE.search(message)
    if cycle:
        return _cycle_words(cycle.group(1), names)
    if owner is not None:
        mine = f"{owner[0]} {owner[1]}: "
        if message.startswith(mine):
            message = message[len(mine) :]
    message = _PLACES.sub(
        lambda m: (
            gettext("%(count)d rules test %(signal)s")
            % {"count": m.group(1).count(" and ") + 1, "signal": signal_name(m.group(2))}
        ),
        message,
    )
    message = _PATH.sub(lambda m: f"{signal_name(m.group(1))}: " if m.group(1) else "", message)
    message = _OWNER.sub(lambda m: _owner(m, names), message)
    return message[:1].upper() + message[1:]


def _owner(match: re.Match[str], names: Names) -> str:
    kind, quoted, slug = match.groups()
    if not quoted and (kind, slug) not in names:
        return match.group(0)  # "a segment or group": a word, not a slug
    return owner_words(kind, slug, names)


def _cycle_words(chain: str, names: Names) -> str:
    nodes = [node.split(" ", 1) for node in chain.split(" -> ")]
    steps = [owner_words(kind, slug, names) for kind, slug in nodes if kind in KIND_WORDS]
    if len(steps) < 2:
        return gettext("These rules depend on themselves; remove the reference to them.")
    if len(steps) == 2:
        return gettext(
            "%(first)s refers to itself, so it could never be decided. Remove that reference."
        ) % {"first": steps[0][:1].upper() + steps[0][1:]}
    return gettext(
        "These rules depend on themselves: %(first)s uses %(middle)s, which uses %(first)s "
        "again, so none of them could ever be decided. Remove one of these references."
    ) % {"first": steps[0], "middle": gettext(", which uses ").join(steps[1:-1]) or steps[0]}
