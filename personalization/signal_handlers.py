"""Invalidation of the compiled rule set: connected in apps.ready()."""
