"""LRU of style LoRA adapters loaded into one resident pipeline; switching is set_adapters, never a base reload.
An adapter is keyed by its path and re-read if the file changed; pinned adapters (the LCM-LoRA) are never evicted."""

from __future__ import annotations

import logging
import os
from collections import OrderedDict
from dataclasses import dataclass

from ..memory import is_out_of_memory
from .protocol import ADAPTER_INVALID, ADAPTER_NOT_FOUND, RequestError

log = logging.getLogger("style_lora.adapters")

HOTSWAP_SLOT = "style"


@dataclass
class _Loaded:
    name: str
    stamp: tuple[int, int]  # (mtime_ns, size): a rewritten file at the same path is reloaded


def _stamp(path: str) -> tuple[int, int]:
    stat = os.stat(path)
    return stat.st_mtime_ns, stat.st_size


def _unet_adapters(pipe) -> list[str]:
    return list(pipe.get_list_adapters().get("unet", []))


class AdapterCache:
    """Keeps up to `capacity` style adapters resident in `pipe` and activates one per request.

    With `hotswap=True` (torch.compile serving; the pipe must have had enable_lora_hotswap called)
    there is a single resident slot whose weights are replaced in place, and `on_first_load` (the
    compile step) runs once the slot exists, so the compiled graph already contains the LoRA layers.
    """

    def __init__(self, pipe, capacity: int, *, hotswap: bool = False, on_first_load=None):
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self.pipe = pipe
        self.capacity = capacity
        self.hotswap = hotswap
        self._loaded: OrderedDict[str, _Loaded] = OrderedDict()
        self._pinned: set[str] = set()
        self._counter = 0
        self._on_first_load = on_first_load

    # -- pinned adapters (LCM-LoRA) ---------------------------------------------------------------
    def load_pinned(self, path: str, name: str) -> None:
        self.pipe.load_lora_weights(path, adapter_name=name)
        self._freeze()
        self._pinned.add(name)

    # -- style adapters ----------------------------------------------------------------------------
    def activate(self, path: str | None, extra: tuple[str, ...] = ()) -> bool:
        """Make `path` (plus pinned `extra` adapters) the only active LoRAs; return True if it was resident."""
        if path is None:
            self._set_active(list(extra))
            return True
        real = os.path.realpath(path)
        if not os.path.isfile(real):
            raise RequestError(ADAPTER_NOT_FOUND, f"adapter {path} does not exist")
        stamp = _stamp(real)
        entry = self._loaded.get(real)
        cached = entry is not None and entry.stamp == stamp
        if cached:
            self._loaded.move_to_end(real)
        else:
            if entry is not None:  # same path, new file contents
                self._forget(real)
            entry = self._load(real, stamp)
        self._set_active([entry.name, *extra])
        return cached

    def evict_all_except(self, keep: str | None) -> int:
        """Drop every resident style adapter but `keep` (used to free memory after an OOM)."""
        if self.hotswap:
            return 0  # one slot only: nothing separate to free
        keep_real = os.path.realpath(keep) if keep else None
        victims = [path for path in self._loaded if path != keep_real]
        for path in victims:
            self._forget(path)
        return len(victims)

    @property
    def resident(self) -> list[str]:
        return list(self._loaded)

    # -- internals ---------------------------------------------------------------------------------
    def _load(self, path: str, stamp: tuple[int, int]) -> _Loaded:
        if self.hotswap:
            return self._load_hotswap(path, stamp)
        while len(self._loaded) >= self.capacity:
            oldest = next(iter(self._loaded))
            self._forget(oldest)
        self._counter += 1
        name = f"style_{self._counter}"
        before = set(_unet_adapters(self.pipe))
        try:
            self.pipe.load_lora_weights(path, adapter_name=name)
        except Exception as error:
            self._drop_partial(name)
            if is_out_of_memory(error):
                raise
            raise RequestError(ADAPTER_INVALID, f"adapter {path} cannot be loaded: {error}") from error
        if name not in set(_unet_adapters(self.pipe)) - before:
            # diffusers only warns when no key matches this UNet (e.g. an SDXL LoRA on SD 1.5);
            # generating without the style would be silently wrong.
            self._drop_partial(name)
            raise RequestError(ADAPTER_INVALID, f"adapter {path} has no LoRA weights for this base model's UNet")
        self._freeze()
        entry = _Loaded(name=name, stamp=stamp)
        self._loaded[path] = entry
        log.info("loaded adapter %s as %s (%d resident)", path, name, len(self._loaded))
        return entry

    def _load_hotswap(self, path: str, stamp: tuple[int, int]) -> _Loaded:
        first = HOTSWAP_SLOT not in _unet_adapters(self.pipe)
        try:
            self.pipe.load_lora_weights(path, adapter_name=HOTSWAP_SLOT, hotswap=not first)
        except Exception as error:
            # The slot may now hold a half-swapped adapter: forget what it holds so the next request
            # swaps a whole adapter in. The slot itself stays (a compiled UNet cannot take a fresh one).
            self._loaded.clear()
            if first:
                self._drop_partial(HOTSWAP_SLOT)
            if is_out_of_memory(error):
                raise
            raise RequestError(ADAPTER_INVALID, f"adapter {path} cannot be hot-swapped in: {error}") from error
        self._freeze()
        self._loaded.clear()
        entry = _Loaded(name=HOTSWAP_SLOT, stamp=stamp)
        self._loaded[path] = entry
        if first and self._on_first_load is not None:
            self._on_first_load()
            self._on_first_load = None
        return entry

    def _freeze(self) -> None:
        # peft makes LoRA weights trainable when it loads or activates them; serving never needs
        # gradients, and a compiled graph guards on requires_grad (a mismatch forces a recompile).
        self.pipe.unet.requires_grad_(False)

    def _forget(self, path: str) -> None:
        entry = self._loaded.pop(path)
        if not self.hotswap:
            self.pipe.delete_adapters(entry.name)
            log.info("evicted adapter %s (%s)", path, entry.name)

    def _drop_partial(self, name: str) -> None:
        if name in _unet_adapters(self.pipe):
            self.pipe.delete_adapters(name)

    def _set_active(self, names: list[str]) -> None:
        if not names:
            if _unet_adapters(self.pipe):
                self.pipe.disable_lora()
            return
        self.pipe.enable_lora()
        self.pipe.set_adapters(names, [1.0] * len(names))
        self._freeze()  # peft's set_adapter marks the active LoRA weights trainable again
