"""Local time of a visitor: lives in the engine (personalization/engine/clock.py), which must
stay installable on its own; re-exported here where the other signals are."""
from personalization.engine.clock import WEEKDAYS, LocalTime, local_time, zone

__all__ = ["WEEKDAYS", "LocalTime", "local_time", "zone"]
