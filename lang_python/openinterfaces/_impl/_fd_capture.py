"""Keeping what compiled code prints out of the user's output: a file
descriptor pointed at a private temporary file for a moment, and what was
written there sorted into the code's noise and everything else, which is
written back.  For Python implementations whose libraries print and have
no switch to stop it (ODEPACK's messages, f2py's "Call-back ... failed.")."""

import os
import re
import tempfile
import threading
import weakref

# Serialises redirecting file descriptors 1 and 2, which belong to the whole
# process, across instances and threads; it also serialises what runs
# between begin() and end() (scipy_ode's vode and lsoda calls, whose
# Fortran code keeps its state in COMMON blocks).  Re-entrant, for a
# callback that starts another run of the same code.
REDIRECT_LOCK = threading.RLock()


# What f2py writes to stderr when a Python callback raises, one line each.
_F2PY_CALLBACK_FAILURE = re.compile(rb"(capi_return is NULL|rv_cb_arr is NULL|Call-back \S+ failed\.)\s*$")


def is_f2py_message(line, previous_was_message):
    return bool(_F2PY_CALLBACK_FAILURE.match(line))


class Capture:
    """Points file descriptor `fd` at a private temporary file between
    begin() and end(); end() writes back what is not `is_noise` and returns
    the noise as text."""

    def __init__(self, fd, is_noise, flush):
        self._fd = fd
        self._is_noise = is_noise
        self._flush = flush
        self._capture_fd = -1  # the temporary file, made at the first begin()
        self._saved = []  # duplicates of the redirected descriptor, innermost last

    @property
    def active(self):
        return bool(self._saved)

    def begin(self):
        REDIRECT_LOCK.acquire()
        try:
            if self._capture_fd < 0:
                capture_file = tempfile.TemporaryFile(buffering=0)
                weakref.finalize(self, capture_file.close)
                self._capture_fd = capture_file.fileno()
            if self._flush is not None:
                self._flush()
            saved = os.dup(self._fd)
            try:
                os.dup2(self._capture_fd, self._fd)
            except BaseException:
                os.close(saved)
                raise
        except BaseException:
            REDIRECT_LOCK.release()
            raise
        self._saved.append(saved)

    def pause(self):
        """Points the descriptor back where it pointed before begin(), while
        code other than the integrator's runs (the right-hand side): what
        that code writes is the user's output and is never filtered."""
        if self._flush is not None:
            self._flush()
        os.dup2(self._saved[-1], self._fd)

    def resume(self):
        """Undoes pause()."""
        os.dup2(self._capture_fd, self._fd)

    def try_begin(self):
        """begin(), unless that fails (out of file descriptors): then the
        noise is printed, but the exception in flight stays the user's."""
        try:
            self.begin()
        except OSError:
            pass

    def end(self):
        saved = self._saved.pop()
        try:
            if self._flush is not None:
                self._flush()
            os.dup2(saved, self._fd)
        finally:
            os.close(saved)
            REDIRECT_LOCK.release()
        size = os.lseek(self._capture_fd, 0, os.SEEK_CUR)
        return self._sort_out(size) if size else ""

    def _sort_out(self, size):
        captured = os.pread(self._capture_fd, size, 0)
        os.ftruncate(self._capture_fd, 0)
        os.lseek(self._capture_fd, 0, os.SEEK_SET)
        noise, others, previous_was_noise = [], [], False
        for line in captured.splitlines(keepends=True):
            previous_was_noise = self._is_noise(line, previous_was_noise)
            (noise if previous_was_noise else others).append(line)
        rest = memoryview(b"".join(others))
        while rest:
            rest = rest[os.write(self._fd, rest) :]
        return " ".join(b"".join(noise).decode(errors="replace").replace("\0", "").split())
