"""Rule authoring: turning what a marketer types (the segment, persona and stage forms) or what a
site file says (`load_site`) into a condition, and deciding whether it may be saved.

`validator.py` is the one check of a proposed condition (shape and value types from the engine,
vocabulary, unique names, rule health); `words.py` turns its findings into the form's words;
`health.py` reads the stored rules to judge a proposal against them; `forms.py` is the segment
editor's form. Storage of rule rows stays in `personalization.rules`.
"""
