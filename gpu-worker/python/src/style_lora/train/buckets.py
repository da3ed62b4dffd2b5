"""Aspect-ratio buckets: each image trains at the ≈resolution² shape nearest its own aspect, never a square crop.
Bucket sides are multiples of the step; an image is resized to cover its bucket and only the sliver left over is cropped."""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass

from PIL import Image

Bucket = tuple[int, int]  # (width, height)

MAX_ASPECT = 4.0  # beyond 4:1 a bucket's short side gets too few pixels to learn a style from


def bucket_step(resolution: int, model_multiple: int = 8) -> int:
    """64-pixel steps (SD practice) for real resolutions; 8 below 256 so tiny test pipelines get buckets.

    `model_multiple` is the pixel multiple the model itself needs (VAE factor × UNet downsampling,
    a power of two), so the step is raised to it when larger.
    """
    return max(64 if resolution >= 256 else 8, model_multiple)


def make_buckets(resolution: int, step: int) -> list[Bucket]:
    """All (w, h) with sides multiples of `step`, area ≤ resolution², each side as long as the area allows."""
    area = resolution * resolution
    side = max(step, resolution // step * step)
    min_side = max(step, (resolution // 2) // step * step)
    max_side = max(side, 2 * resolution // step * step)
    buckets = {(side, side)}
    for width in range(min_side, max_side + 1, step):
        height = max(step, area // width // step * step)
        # Re-grow the width for that height: the pair is then maximal in both directions.
        width = min(max_side, max(step, area // height // step * step))
        if max(width / height, height / width) > MAX_ASPECT:
            continue
        buckets.add((width, height))
        buckets.add((height, width))
    return sorted(buckets, key=lambda bucket: bucket[0] / bucket[1])


def nearest_bucket(width: int, height: int, buckets: list[Bucket]) -> Bucket:
    """The bucket whose aspect ratio is closest in log space (so 2:1 and 1:2 are equally far from 1:1)."""
    aspect = math.log(width / height)

    def distance(bucket: Bucket) -> tuple[float, int, float]:
        bucket_aspect = math.log(bucket[0] / bucket[1])
        # Exact ties happen (2:1 sits halfway between 5:3 and 12:5 in log space): prefer the larger
        # area, then the squarer shape, so wide and tall images get mirror-image buckets.
        return (round(abs(bucket_aspect - aspect), 9), -bucket[0] * bucket[1], abs(bucket_aspect))

    return min(buckets, key=distance)


@dataclass
class Fitted:
    image: Image.Image  # exactly bucket-sized RGB
    bucket: Bucket
    crop_top: int
    crop_left: int


def fit_to_bucket(image: Image.Image, bucket: Bucket) -> Fitted:
    """Resize to cover the bucket (aspect kept) and centre-crop the small remainder."""
    target_w, target_h = bucket
    scale = max(target_w / image.width, target_h / image.height)
    resized_w = max(target_w, round(image.width * scale))
    resized_h = max(target_h, round(image.height * scale))
    resized = image.resize((resized_w, resized_h), Image.Resampling.LANCZOS)
    left = (resized_w - target_w) // 2
    top = (resized_h - target_h) // 2
    cropped = resized.crop((left, top, left + target_w, top + target_h))
    return Fitted(image=cropped, bucket=bucket, crop_top=top, crop_left=left)


def batch_stream(bucket_of: list[Bucket], batch_size: int, rng: random.Random) -> Iterator[list[int]]:
    """Endless stream of index batches, each drawn from a single bucket (tensors must share a shape).

    Epoch by epoch: shuffle each bucket's members, cut into batches, shuffle the batch order — so
    every image is seen once per epoch and the order is fully determined by `rng`.
    """
    members: dict[Bucket, list[int]] = {}
    for index, bucket in enumerate(bucket_of):
        members.setdefault(bucket, []).append(index)
    while True:
        epoch: list[list[int]] = []
        for bucket in sorted(members):
            indices = members[bucket][:]
            rng.shuffle(indices)
            epoch.extend(indices[start : start + batch_size] for start in range(0, len(indices), batch_size))
        rng.shuffle(epoch)
        yield from epoch
