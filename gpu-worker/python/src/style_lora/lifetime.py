"""Ties a child process's life to the worker that started it: if the worker dies (even by SIGKILL), the
kernel ends this process too, so a crashed worker never leaves a training run holding the GPU."""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import signal
import sys

log = logging.getLogger("style_lora.lifetime")

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def die_with_parent() -> bool:
    """Linux only (elsewhere a no-op returning False): SIGKILL this process when its parent exits."""
    if not sys.platform.startswith("linux"):
        return False
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        log.warning("prctl(PR_SET_PDEATHSIG) failed: errno %d", ctypes.get_errno())
        return False
    # The parent may have died between our fork and the prctl call: then we were already reparented.
    if os.getppid() == 1:
        os._exit(1)
    return True
