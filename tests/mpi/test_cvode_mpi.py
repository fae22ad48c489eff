"""sundials_cvode_mpi from Python (mpi4py), under `mpirun -np 2`
(tests/mpi/meson.build): the result is the serial one, every rank takes the
same steps, an exception on one rank comes back as itself there and as an
error on every other rank, and the communicator travels as comm.py2f()."""

import numpy as np
import pytest
from mpi4py import MPI

from openinterfaces import OIFError
from openinterfaces.interfaces.ivp import IVP

N, T_END, RTOL, ATOL = 240, 0.05, 1e-8, 1e-10


class HeatStrip:
    """u_t = u_xx - u^3 on (0, 1), u = 0 at the ends, N interior points in
    contiguous blocks, one per rank of comm (all of them on COMM_SELF)."""

    def __init__(self, comm, fail_rank=None, fail_after=np.inf):
        self.comm, self.rank, self.size = comm, comm.rank, comm.size
        self.offset = N * self.rank // self.size
        self.n = N * (self.rank + 1) // self.size - self.offset
        x = (self.offset + 1 + np.arange(self.n)) / (N + 1)
        self.y0 = np.sin(np.pi * x) + 0.5 * np.sin(4 * np.pi * x)
        self.fail_rank, self.fail_after = fail_rank, fail_after
        self.padded = np.zeros(self.n + 2)  # the block between its neighbours' end values

    def rhs(self, t, u, udot, user_data=None):
        lower = self.rank - 1 if self.rank > 0 else MPI.PROC_NULL
        upper = self.rank + 1 if self.rank < self.size - 1 else MPI.PROC_NULL
        p = self.padded
        self.comm.Sendrecv(u[:1], dest=lower, recvbuf=p[-1:], source=upper)
        self.comm.Sendrecv(u[-1:], dest=upper, recvbuf=p[:1], source=lower)
        if self.rank == self.fail_rank and t > self.fail_after:
            raise ZeroDivisionError("raised on purpose")
        p[1:-1] = u
        udot[:] = (p[:-2] - 2 * u + p[2:]) * (N + 1) ** 2 - u**3


def solve(impl, strip, options=None):
    solver = IVP(impl)
    if options is not None:
        solver.set_integrator("bdf", options)
    solver.set_initial_value(strip.y0, 0.0)
    solver.set_rhs_fn(strip.rhs)
    solver.set_tolerances(RTOL, ATOL)
    return solver, solver.integrate(T_END)


def serial_block(strip):
    _, y = solve("sundials_cvode", HeatStrip(MPI.COMM_SELF))
    return y[strip.offset:strip.offset + strip.n]


def same_on_every_rank(value):
    values = MPI.COMM_WORLD.allgather(value)
    return all(v == values[0] for v in values)


def test_runs_on_two_ranks():
    assert MPI.COMM_WORLD.size == 2


@pytest.mark.parametrize("options", [None, {"linear_solver": "spbcgs"},
                                     {"preconditioner": "bbd", "upper_bandwidth": 1, "lower_bandwidth": 1}])
def test_matches_serial_with_equal_steps_on_every_rank(options):
    strip = HeatStrip(MPI.COMM_WORLD)
    solver, y = solve("sundials_cvode_mpi", strip, options)
    np.testing.assert_allclose(y, serial_block(strip), atol=1e-6)
    steps = solver.get_stats()["steps"]
    assert steps > 10 and same_on_every_rank(steps)


def test_exception_on_one_rank_is_itself_there_and_an_error_elsewhere():
    strip = HeatStrip(MPI.COMM_WORLD, fail_rank=1, fail_after=0.01)
    if strip.rank == 1:
        with pytest.raises(ZeroDivisionError, match="raised on purpose"):
            solve("sundials_cvode_mpi", strip)
    else:
        with pytest.raises(OIFError, match="right-hand side failed on another rank at t = "):
            solve("sundials_cvode_mpi", strip)


def test_comm_travels_as_its_fortran_handle():
    whole = HeatStrip(MPI.COMM_SELF)
    _, y = solve("sundials_cvode_mpi", whole, {"comm": MPI.COMM_SELF.py2f()})
    np.testing.assert_allclose(y, serial_block(whole), atol=1e-6)
    strip = HeatStrip(MPI.COMM_WORLD)
    _, y = solve("sundials_cvode_mpi", strip, {"comm": MPI.COMM_WORLD.py2f()})
    np.testing.assert_allclose(y, serial_block(strip), atol=1e-6)


@pytest.mark.parametrize("handle, message", [(-1, "is not a valid communicator handle"),
                                             (MPI.COMM_NULL.py2f(), "is the handle of MPI_COMM_NULL")])
def test_bad_communicator_handles_are_refused(handle, message):
    with pytest.raises(OIFError, match=message):
        IVP("sundials_cvode_mpi").set_integrator("bdf", {"comm": handle})
