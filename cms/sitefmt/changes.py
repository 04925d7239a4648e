"""What a load changed (or, in a dry run, would change): per kind of thing, what was created,
updated, left unchanged, deleted (with --prune), or kept although the files no longer hold it.

The loader records every entry it writes here as it writes it, so a dry run, which is the real
load rolled back, prints exactly what the real load would do.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Kinds in the order they are printed; other kinds (goals, traits) are added by register_kind.
KINDS: list[str] = ["personas", "journey_stages", "segments", "pages", "variants"]
ACTIONS = ("created", "updated", "unchanged", "deleted", "kept")
_MARK = {"created": "+", "updated": "~", "deleted": "-", "kept": "="}


def register_kind(kind: str) -> None:
    """A new kind of loaded thing (e.g. "goals"), printed after the built-in ones."""
    if kind not in KINDS:
        KINDS.append(kind)


@dataclass
class ChangeLog:
    items: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    def add(self, kind: str, action: str, name: str) -> None:
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        self.items.setdefault(kind, {}).setdefault(action, []).append(name)

    def names(self, kind: str, action: str) -> list[str]:
        return list(self.items.get(kind, {}).get(action, []))

    def count(self, kind: str, action: str) -> int:
        return len(self.items.get(kind, {}).get(action, []))

    @property
    def changed(self) -> bool:
        """Did anything get created, updated or deleted?"""
        return any(
            self.count(kind, action)
            for kind in self.items
            for action in ("created", "updated", "deleted")
        )

    def summary(self, kind: str) -> str:
        """ "1 created, 2 updated, 5 unchanged" (actions with none left out; "none" if empty)."""
        parts = [
            f"{self.count(kind, action)} {action}" for action in ACTIONS if self.count(kind, action)
        ]
        return ", ".join(parts) or "none"

    def lines(self, details: bool = True) -> list[str]:
        """One summary line per kind, then (details) one line per created, updated, deleted or
        kept entry: "+ /pricing/", "~ developer", "- old-promo", "= / · Old variant"."""
        out: list[str] = []
        kinds = [k for k in KINDS if k in self.items] + [k for k in self.items if k not in KINDS]
        for kind in kinds:
            out.append(f"{kind.replace('_', ' ')}: {self.summary(kind)}")
            if details:
                for action in ("created", "updated", "deleted", "kept"):
                    suffix = " (not in the files; --prune deletes it)" if action == "kept" else ""
                    out.extend(
                        f"  {_MARK[action]} {name}{suffix}" for name in self.names(kind, action)
                    )
        return out
