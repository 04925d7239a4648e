class SiteFormatError(Exception):
    """An invalid site file: names the file, the entry (slug or path) and the key, and says what
    was expected."""

    def __init__(self, file: str, entry: str, key: str, expected: str):
        self.file, self.entry, self.key, self.expected = file, entry, key, expected
        super().__init__(f"{file}: {entry}: {key}: {expected}")
