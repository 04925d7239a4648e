"""The Wagtail admin side of personalization: viewsets for personas and stages, validation of
what editors write (ties, placeholders), the coverage matrix, and the "Preview as…" action.
Hooks that register all this live in personalization/wagtail_hooks.py."""
