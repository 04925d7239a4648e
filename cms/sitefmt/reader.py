"""Reading site files: a file, or a folder of *.yaml / *.yml / *.json files merged (lists
concatenated). Each entry remembers the file it came from, for error messages."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import SiteFormatError

SECTIONS = ("personas", "journey_stages", "segments", "pages", "goals", "traits")
SETTINGS = ("holdout",)  # top-level values that are not lists
SUFFIXES = (".yaml", ".yml", ".json")


@dataclass
class Entry:
    file: str
    data: Any


@dataclass
class SiteFiles:
    root: Path  # folder that image paths are relative to
    sections: dict[str, list[Entry]] = field(default_factory=lambda: {s: [] for s in SECTIONS})
    settings: dict[str, Entry] = field(default_factory=dict)  # e.g. holdout


class _StrictLoader(yaml.SafeLoader):
    """YAML that keeps ISO dates as strings (the format compares them as text) and refuses
    duplicate keys instead of silently keeping the last one."""


def _no_duplicates(loader, node, deep=False):
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicates)
# YAML 1.2 booleans only: `NO` is Norway and `on` a word, not false and true as YAML 1.1 says.
_StrictLoader.yaml_implicit_resolvers = {
    k: [
        (tag, regexp)
        for tag, regexp in v
        if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")
    ]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_StrictLoader.add_implicit_resolver("tag:yaml.org,2002:bool", _BOOL, list("tTfF"))


def site_files(path: str | Path) -> list[Path]:
    path = Path(path)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.suffix in SUFFIXES and p.is_file())
        if not files:
            raise SiteFormatError(
                str(path), "-", "-", "a folder holding *.yaml, *.yml or *.json site files"
            )
        return files
    if path.is_file():
        return [path]
    raise SiteFormatError(str(path), "-", "-", "an existing file or folder")


def read_site(path: str | Path) -> SiteFiles:
    path = Path(path)
    site = SiteFiles(root=path if path.is_dir() else path.parent)
    for file in site_files(path):
        name = str(file)
        try:
            text = file.read_text(encoding="utf-8")
            data = (
                json.loads(text)
                if file.suffix == ".json"
                else yaml.load(text, Loader=_StrictLoader)
            )
        except (ValueError, yaml.YAMLError, UnicodeDecodeError) as exc:
            raise SiteFormatError(
                name, "-", "-", f"valid {file.suffix[1:].upper()} ({exc})"
            ) from None
        if data is None:
            continue
        if not isinstance(data, dict):
            raise SiteFormatError(
                name, "-", "-", f"a mapping with keys {', '.join(SECTIONS + SETTINGS)}"
            )
        for key, value in data.items():
            if key in SETTINGS:
                if key in site.settings:
                    raise SiteFormatError(
                        name,
                        "-",
                        key,
                        f"one value ({key} is also given in {site.settings[key].file})",
                    )
                site.settings[key] = Entry(name, value)
                continue
            if key not in SECTIONS:
                raise SiteFormatError(
                    name,
                    "-",
                    str(key),
                    f"one of {', '.join(SECTIONS + SETTINGS)} (unknown top-level key)",
                )
            if not isinstance(value, list):
                raise SiteFormatError(name, "-", key, "a list")
            site.sections[key].extend(Entry(name, item) for item in value)
    return site
