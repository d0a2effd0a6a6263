"""A process-wide fence against network access, for the query workers.

The public endpoint must never open a connection on a client's behalf. The first
fence reads the query (web.query_fence); this one does not depend on reading it at
all: once `deny_network()` has run, the kernel refuses every new socket other than a
Unix one in this process (and its threads and children), so a query that some parser
reads differently from the engine still cannot reach the network. The engine's
SERVICE client then fails with "permission denied" before any packet is sent.

It is a seccomp filter (Linux, x86-64 and arm64) installed through prctl with
no_new_privs, so an unprivileged process may install it and never remove it. It also
refuses io_uring, whose rings could open and connect sockets without the socket
system call. Where the kernel or the architecture offers no seccomp, `deny_network`
says why and changes nothing; the caller decides what that means (the web app logs
it once and keeps the first fence).
"""

from __future__ import annotations

import ctypes
import errno
import os
import platform
import socket
import struct
import sys

__all__ = ["deny_network", "network_denied"]

# <linux/filter.h>, <linux/seccomp.h>, <linux/audit.h>
_BPF_LD_W_ABS = 0x20     # BPF_LD | BPF_W | BPF_ABS
_BPF_JEQ_K = 0x15        # BPF_JMP | BPF_JEQ | BPF_K
_BPF_JGE_K = 0x35        # BPF_JMP | BPF_JGE | BPF_K
_BPF_RET_K = 0x06        # BPF_RET | BPF_K
_RET_ALLOW = 0x7FFF0000
_RET_ERRNO = 0x00050000
_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2
_X32_BIT = 0x40000000    # x86-64's x32 system calls: refused outright
_IO_URING_SETUP = 425    # the same number on both architectures

# architecture: (audit arch, socket, socketpair)
_ARCHES = {"x86_64": (0xC000003E, 41, 53), "aarch64": (0xC00000B7, 198, 199)}

# offsets in struct seccomp_data: nr, arch, then args[0] at 16 (its low half on
# little-endian machines, which both supported architectures are)
_NR, _ARCH, _ARG0 = 0, 4, 16


def _program(arch: int, nr_socket: int, nr_socketpair: int) -> list[tuple[int, int, int, int]]:
    deny = _RET_ERRNO | errno.EACCES
    # (code, jump if true, jump if false, k): jumps count the instructions skipped
    return [
        (_BPF_LD_W_ABS, 0, 0, _ARCH),
        (_BPF_JEQ_K, 1, 0, arch),               # another ABI (i386 on x86-64): refuse all
        (_BPF_RET_K, 0, 0, deny),
        (_BPF_LD_W_ABS, 0, 0, _NR),
        (_BPF_JGE_K, 0, 1, _X32_BIT),
        (_BPF_RET_K, 0, 0, deny),
        (_BPF_JEQ_K, 0, 1, _IO_URING_SETUP),
        (_BPF_RET_K, 0, 0, deny),
        (_BPF_JEQ_K, 1, 0, nr_socket),
        (_BPF_JEQ_K, 0, 3, nr_socketpair),
        (_BPF_LD_W_ABS, 0, 0, _ARG0),           # the address family
        (_BPF_JEQ_K, 1, 0, socket.AF_UNIX),
        (_BPF_RET_K, 0, 0, deny),
        (_BPF_RET_K, 0, 0, _RET_ALLOW),
    ]


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def deny_network() -> str | None:
    """Refuse every non-Unix socket in this process from now on. None when the fence
    stands, else why it could not be put up (and nothing was changed)."""
    if not sys.platform.startswith("linux"):
        return f"no seccomp on {sys.platform}"
    arch = _ARCHES.get(platform.machine())
    if arch is None:
        return f"no seccomp filter written for {platform.machine()}"
    code = b"".join(struct.pack("=HBBI", *insn) for insn in _program(*arch))
    buffer = ctypes.create_string_buffer(code, len(code))
    prog = _SockFprog(len(code) // 8, ctypes.cast(buffer, ctypes.c_void_p))
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_void_p, ctypes.c_ulong,
                           ctypes.c_ulong]
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, None, 0, 0) != 0:
        return f"prctl(no_new_privs) failed: {os.strerror(ctypes.get_errno())}"
    if libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0) != 0:
        return f"seccomp filter refused: {os.strerror(ctypes.get_errno())}"
    return None


def network_denied(pid: int | str = "self") -> bool:
    """Whether process `pid` runs under a seccomp filter (what /proc says; for tests and
    for the app's check that its workers are fenced)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            return any(line.split() == ["Seccomp:", "2"] for line in status)
    except OSError:
        return False
