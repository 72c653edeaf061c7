"""Kernels the project starts talk over IPC sockets in a private folder, so runs print no transport warning
(issue 16, deliverable 2: `make run` printed "Kernel is running over TCP without encryption" for every kernel)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

pytestmark = pytest.mark.notebooks  # starts a kernel: left out of `make test-fast`

SCRIPT = """
import os
from yibao_helpers.tools.kernel import SharedKernel
k = SharedKernel()
print(k.execute("print(6 * 7)").strip())
print(k.km.transport, os.path.dirname(k.km.ip))
k.close()
"""


def test_a_shared_kernel_starts_and_stops_quietly_over_ipc():
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    answer, where = done.stdout.split("\n")[:2]
    assert answer == "42"
    transport, folder = where.split(" ", 1)
    assert transport == "ipc"
    assert "without encryption" not in done.stderr and "KeyboardInterrupt" not in done.stderr, done.stderr
    # the socket folder was private while it lived and is gone with the process
    assert not os.path.exists(folder)


def test_each_kernel_has_its_own_private_folder_removed_when_it_stops():
    """Two kernels alive at once: stopping one removes its socket folder and leaves the other's (and the other
    kernel answering)."""
    from jupyter_core.utils import run_sync

    from yibao_helpers.tools import kernel

    kms = [kernel.local_kernel_manager() for _ in range(2)]
    folders = [os.path.dirname(km.ip) for km in kms]
    try:
        assert folders[0] != folders[1]
        for km, folder in zip(kms, folders):
            assert km.transport == "ipc" and stat.S_IMODE(os.stat(folder).st_mode) == 0o700
            run_sync(km.start_kernel)()
        run_sync(kms[0].shutdown_kernel)(now=True)
        assert not os.path.exists(folders[0]) and os.path.isdir(folders[1])
        client = kms[1].blocking_client()
        client.start_channels()
        client.wait_for_ready(timeout=60)  # the other kernel still answers over its sockets
        client.stop_channels()
    finally:
        for km in kms:
            if run_sync(km.is_alive)():
                run_sync(km.shutdown_kernel)(now=True)
    assert not any(os.path.exists(f) for f in folders)
