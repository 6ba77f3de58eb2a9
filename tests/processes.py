"""For the servers the tests start in processes of their own (slapd, the OpenID provider)."""

import ctypes
import signal


def stop_with_this_process():
    """`preexec_fn` of the server's process: Linux sends it SIGTERM when the tests' process
    dies, even killed (-9), so no server is left running on a port."""
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
