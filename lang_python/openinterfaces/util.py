"""Helpers for the examples and benchmarks, as upstream's package has them:
:class:`Laplacian2DApproximator` (the 5-point Laplacian on a square grid)
and :class:`UsedMemoryMonitor` (the process's memory use, recorded to CSV).

SciPy (for the sparse matrix) and Matplotlib (for plots) are imported only
when those are asked for.
"""

import csv
import functools
import os

import numpy as np

__all__ = ["Laplacian2DApproximator", "UsedMemoryMonitor"]


class Laplacian2DApproximator:
    """The 5-point finite-difference Laplacian on an N x N grid with
    spacings `dx` between columns (the second index) and `dy` between rows
    (the first index).

    - ``A`` (also ``matrix``): the N^2 x N^2 sparse matrix of the Laplacian
      of a grid function flattened row by row (C order), with zero values
      beyond the grid (homogeneous Dirichlet conditions); built on first
      use (SciPy, CSR format).
    - ``laplacian_periodic(U)``: the Laplacian of a grid function periodic
      in both directions, whose last row and column repeat the first ones
      (a grid that includes both ends of the period, as
      ``np.linspace(a, b, N)`` makes it).
    """

    def __init__(self, N: int, dx: float, dy: float):
        if int(N) != N or N < 1:
            raise ValueError(f"N must be a positive integer, got {N!r}")
        if dx == 0 or dy == 0:
            raise ValueError(f"the grid spacings must be non-zero, got dx = {dx!r}, dy = {dy!r}")
        self.N = int(N)
        self.dx = dx
        self.dy = dy

    @functools.cached_property
    def A(self):
        """The sparse matrix of the Laplacian with zero boundary values."""
        return self.laplacian2DMatrix()

    @property
    def matrix(self):
        """The same as ``A``."""
        return self.A

    def laplacian2DMatrix(self):
        """A new N^2 x N^2 CSR matrix of the Laplacian with zero boundary
        values (what ``A`` holds)."""
        from scipy import sparse

        N = self.N
        second_difference = sparse.diags([1.0, -2.0, 1.0], [-1, 0, 1], shape=(N, N))
        identity = sparse.identity(N)
        along_rows = sparse.kron(identity, second_difference / self.dx**2)  # neighbours in the same row
        along_columns = sparse.kron(second_difference / self.dy**2, identity)  # in the same column
        return (along_rows + along_columns).tocsr()

    def laplacian_periodic(self, U: np.ndarray) -> np.ndarray:
        """The Laplacian of the periodic grid function U (N x N, its last
        row and column equal to its first), as a new N x N array with the
        same repetition.  U is not modified."""
        U = np.asarray(U, dtype=np.float64)
        if U.shape != (self.N, self.N):
            raise ValueError(f"U must have shape ({self.N}, {self.N}), got {U.shape}")
        if self.N < 2:
            raise ValueError("a periodic grid needs N >= 2 (the last row and column repeat the first)")
        # One period: the repeated last row and column left out.
        period = U[:-1, :-1]
        result = np.empty_like(U)
        inner = result[:-1, :-1]
        inner[...] = (np.roll(period, 1, axis=1) - 2 * period + np.roll(period, -1, axis=1)) / self.dx**2
        inner += (np.roll(period, 1, axis=0) - 2 * period + np.roll(period, -1, axis=0)) / self.dy**2
        result[-1, :-1] = inner[0]
        result[:, -1] = result[:, 0]
        return result


# The fields of psutil's memory_info() on Linux, in its order: the seven
# numbers of /proc/<pid>/statm, in pages there, in bytes here.
_STATM_FIELDS = ("vms", "rss", "shared", "text", "lib", "data", "dirty")


def _memory_info() -> dict:
    """This process's memory use in bytes, by _STATM_FIELDS."""
    try:
        with open("/proc/self/statm") as statm:
            pages = [int(n) for n in statm.read().split()[: len(_STATM_FIELDS)]]
    except OSError:
        pages = None
    if pages is not None and len(pages) == len(_STATM_FIELDS):
        page_size = os.sysconf("SC_PAGE_SIZE")
        return {name: count * page_size for name, count in zip(_STATM_FIELDS, pages)}
    try:
        import psutil
    except ImportError:
        raise OSError("UsedMemoryMonitor needs /proc/self/statm (Linux) or the psutil package") from None
    info = psutil.Process().memory_info()
    return {name: getattr(info, name, 0) for name in _STATM_FIELDS}


class UsedMemoryMonitor:
    """Appends this process's memory use to the CSV file `csv_filename`, one
    row per :meth:`record`: the columns `headers` ("rss", "vms", "shared",
    "text", "lib", "data", "dirty", psutil's memory_info() fields, in
    bytes).  A new file gets the header row first; an existing one is
    appended to.  The file is closed by :meth:`close`, by leaving a
    ``with`` block, or when the monitor is garbage-collected.
    """

    def __init__(self, csv_filename: str = "memory_usage.csv"):
        self.csv_filename = csv_filename
        self.headers = ["rss", "vms", "shared", "text", "lib", "data", "dirty"]
        is_new = not os.path.isfile(csv_filename) or os.path.getsize(csv_filename) == 0
        self.fh = open(csv_filename, "a", newline="")
        self.writer = csv.writer(self.fh)
        if is_new:
            self.writer.writerow(self.headers)

    def record(self) -> dict:
        """Writes the memory use now as a row, and returns it as a dict
        from the column names to bytes."""
        info = _memory_info()
        row = {name: info[name] for name in self.headers}
        self.writer.writerow(row.values())
        return row

    def plot(self) -> None:
        """Shows the resident and virtual memory of the rows recorded so
        far in the file, in MiB (Matplotlib)."""
        import matplotlib.pyplot as plt

        self.fh.flush()
        data = np.loadtxt(self.csv_filename, delimiter=",", skiprows=1, ndmin=2)
        mib = 1024.0**2
        plt.figure()
        plt.plot(data[:, self.headers.index("rss")] / mib, "-", label="RSS")
        plt.plot(data[:, self.headers.index("vms")] / mib, "--", label="VMS")
        plt.xlabel("record")
        plt.ylabel("Memory, MiB")
        plt.legend(loc="best")
        plt.show()

    def close(self) -> None:
        """Closes the file (after writing out what is buffered)."""
        fh = getattr(self, "fh", None)
        if fh is not None and not fh.closed:
            fh.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def __del__(self):
        self.close()
