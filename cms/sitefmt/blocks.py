"""Blocks between the site format and StreamField raw data, both ways."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from datetime import UTC
from pathlib import Path

from django.core.files.images import ImageFile
from wagtail.images import get_image_model

from personalization.engine.schedule import as_time

TARGET_KEYS = ("persona", "stage", "segment", "weight")
SCHEDULE_KEYS = ("go_live_at", "expire_at")


def iso_utc(value) -> str | None:
    """A time as the format writes it: ISO 8601 in UTC with a Z, e.g. 2026-12-07T00:00:00Z."""
    moment = as_time(value)
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


class ImageLibrary:
    """Site-format image files as Wagtail images, deduplicated by content hash, so loading the
    same file twice reuses the same image. With store_files off (a dry run, rolled back), a new
    image gets its database row but no stored file."""

    def __init__(self, root: Path, store_files: bool = True):
        self.root = root
        self.store_files = store_files
        self.model = get_image_model()
        self._by_file: dict[str, int] = {}

    def image_id(self, file: str) -> int:
        if file not in self._by_file:
            path = self.root / file
            data = path.read_bytes()
            digest = hashlib.sha1(data).hexdigest()
            image = self.model.objects.filter(file_hash=digest).first()
            if image is None and not self.store_files:
                image = self._row_only(file, data, digest)
            if image is None:
                with path.open("rb") as handle:
                    image = self.model(
                        title=Path(file).stem.replace("-", " ").replace("_", " ").capitalize(),
                        file=ImageFile(handle, name=Path(file).name),
                    )
                    image.save()
                if (
                    image.file_hash != digest
                ):  # Wagtail computes it on save; keep ours if it differs
                    image.file_hash = digest
                    image.save(update_fields=["file_hash"])
            self._by_file[file] = image.pk
        return self._by_file[file]

    def _row_only(self, file: str, data: bytes, digest: str):
        """An image row naming a file that is never written (assigning a name stores nothing)."""
        from io import BytesIO

        from PIL import Image

        with Image.open(BytesIO(data)) as picture:
            width, height = picture.size
        image = self.model(
            title=Path(file).stem.replace("-", " ").replace("_", " ").capitalize(),
            width=width,
            height=height,
            file_hash=digest,
            file_size=len(data),
        )
        image.file.name = f"original_images/dry-run-{Path(file).name}"
        image.save()
        return image


def _block_id(seed: str) -> str:
    """Block ids derived from the page path and position, so reloading unchanged content keeps
    the same ids (and so the same A/B arms for personalized blocks)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, seed))


def to_stream(blocks: list[dict] | None, images: ImageLibrary, seed: str) -> list[dict]:
    raw = []
    for i, block in enumerate(blocks or []):
        kind, value = block["type"], block["value"]
        bid = _block_id(f"{seed}/{i}")
        if kind == "image":
            value = {"image": images.image_id(value["file"]), "alt": value["alt"]}
        elif kind == "cta":
            value = {"label": value["label"], "url": value["url"]}
        elif kind == "personalized":
            value = {
                "variants": [
                    {
                        "type": "item",
                        "id": _block_id(f"{bid}/alt/{j}"),
                        "value": {
                            **{
                                k: alt.get(k) if k == "weight" else alt.get(k) or ""
                                for k in TARGET_KEYS
                            },
                            **{k: iso_utc(alt[k]) for k in SCHEDULE_KEYS if alt.get(k)},
                            "blocks": to_stream(alt["blocks"], images, f"{bid}/alt/{j}"),
                        },
                    }
                    for j, alt in enumerate(value["variants"])
                ],
                "default": to_stream(value.get("default"), images, f"{bid}/default"),
            }
        raw.append({"type": kind, "value": value, "id": bid})
    return raw


def from_stream(raw: list[dict], image_file: Callable[[int], str | None]) -> list[dict]:
    blocks = []
    for block in raw or []:
        kind, value = block["type"], block["value"]
        if kind == "image":
            file = image_file(value.get("image"))
            if file is None:
                continue
            value = {"file": file, "alt": value.get("alt", "")}
        elif kind == "cta":
            value = {"label": value.get("label", ""), "url": value.get("url", "")}
        elif kind == "personalized":
            variants = []
            for item in value.get("variants", []):
                alt = item.get("value", item)
                out = {k: alt[k] for k in TARGET_KEYS if alt.get(k) not in (None, "")}
                out.update(
                    {k: iso_utc(alt[k]) for k in SCHEDULE_KEYS if as_time(alt.get(k)) is not None}
                )
                out["blocks"] = from_stream(alt.get("blocks", []), image_file)
                variants.append(out)
            value = {
                "variants": variants,
                "default": from_stream(value.get("default", []), image_file),
            }
        blocks.append({"type": kind, "value": value})
    return blocks
