"""Reading training images: every file decoded up front so an unreadable one fails the job before training.
Orientation follows EXIF; transparency is flattened onto white (art on a transparent canvas reads as paper)."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from .errors import IMAGE_UNREADABLE, TrainError

# Art uploads can be large scans; PIL's bomb guard would reject legitimate 100+ megapixel files.
Image.MAX_IMAGE_PIXELS = 300_000_000


def open_rgb(path: str | Path) -> Image.Image:
    try:
        with Image.open(path) as handle:
            handle.load()
            image = ImageOps.exif_transpose(handle)
            if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
                rgba = image.convert("RGBA")
                canvas = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
                return Image.alpha_composite(canvas, rgba).convert("RGB")
            return image.convert("RGB")
    except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError) as error:
        raise TrainError(IMAGE_UNREADABLE, f"cannot read image {path}: {error}") from error


def image_size(path: str | Path) -> tuple[int, int]:
    """Decode fully (catches truncated files) and return the upright (width, height)."""
    image = open_rgb(path)
    if image.width < 8 or image.height < 8:
        raise TrainError(IMAGE_UNREADABLE, f"image {path} is too small ({image.width}x{image.height})")
    return image.size
