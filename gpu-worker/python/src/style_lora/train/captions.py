"""Training captions: the style's trigger token first, then the image's tags in a freshly shuffled order.
Shuffling per step stops the LoRA from binding the style to one tag order; the rng makes it reproducible."""

from __future__ import annotations

import random


def clean_tags(tags: list[str], trigger: str) -> list[str]:
    """Trimmed, non-empty, de-duplicated (first wins) tags, without the trigger itself."""
    seen: set[str] = set()
    cleaned = []
    for tag in tags:
        tag = " ".join(tag.replace(",", " ").split())
        key = tag.lower()
        if tag and key not in seen and key != trigger.lower():
            seen.add(key)
            cleaned.append(tag)
    return cleaned


def build_caption(trigger: str, tags: list[str], rng: random.Random) -> str:
    shuffled = tags[:]
    rng.shuffle(shuffled)
    return ", ".join([trigger, *shuffled])
