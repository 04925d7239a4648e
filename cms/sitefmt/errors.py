class SiteFormatError(Exception):
    """An invalid site file: names the file, the entry (slug or path) and the key, and says what
    was expected."""

    def __init__(self, file: str, entry: str, key: str, expected: str):
        self.file, self.entry, self.key, self.expected = file, entry, key, expected
        super().__init__(f"{file}: {entry}: {key}: {expected}")


class PruneRefused(Exception):
    """`--prune` would delete something that is still used; nothing is written."""

    def __init__(self, uses: list[str]):
        self.uses = uses
        super().__init__(
            "--prune would delete what is still used: "
            + "; ".join(uses)
            + ". Keep it in the files, or remove those uses first."
        )
