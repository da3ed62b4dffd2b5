"""A child that asked to die with its parent is gone when the parent is killed, even by SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux-only")
def test_child_dies_with_its_killed_parent(tmp_path):
    src = os.path.join(os.path.dirname(__file__), "..", "src")
    pid_file = tmp_path / "child.pid"
    # The parent starts a child that calls die_with_parent() and then sleeps; the parent then waits forever.
    parent_code = textwrap.dedent(
        f"""
        import subprocess, sys, time
        child = subprocess.Popen([sys.executable, "-c",
            "import sys, time; sys.path.insert(0, {src!r}); "
            "from style_lora.lifetime import die_with_parent; die_with_parent(); "
            "open({str(pid_file)!r}, 'w').write(str(__import__('os').getpid())); time.sleep(60)"])
        time.sleep(60)
        """
    )
    parent = subprocess.Popen([sys.executable, "-c", parent_code])
    deadline = time.monotonic() + 20
    while not pid_file.exists() or not pid_file.read_text():
        assert time.monotonic() < deadline, "the child never started"
        time.sleep(0.05)
    child_pid = int(pid_file.read_text())
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 10
    while True:
        try:
            os.kill(child_pid, 0)
        except ProcessLookupError:
            break  # gone, as it should be
        # A zombie reaped by init also counts as gone; check its state.
        try:
            with open(f"/proc/{child_pid}/stat") as stat:
                if stat.read().split()[2] == "Z":
                    break
        except FileNotFoundError:
            break
        assert time.monotonic() < deadline, "the child outlived its killed parent"
        time.sleep(0.05)
