"""A stiff 2-D reaction-diffusion problem with sundials_cvode_mpi, the grid
split into strips of rows, one strip per MPI rank (mpi4py):

    u_t = D lap u - k (u - v) - u^3,    v_t = (D / 10) lap v + k (u - v)

on the periodic unit square, an m x m grid, u and v at each point (N = 2 m^2
unknowns).  The exchange rate k = 1e4 makes it stiff; the Newton systems
are solved by GMRES preconditioned by CVBBDPRE, whose band of 1 covers each
point's 2 x 2 exchange block.  The same problem as the C example
examples/mpi_reaction_diffusion.c, which prints the same norm.

    python3 mpi_reaction_diffusion.py [m]                   (default m = 64)
    mpirun -np 2 python3 mpi_reaction_diffusion.py [m]

Each rank passes its strip as y0; the right-hand side swaps its first and
last rows with the neighbouring strips, then computes its own."""

import sys

import numpy as np
from mpi4py import MPI

import _build_tree  # noqa: F401  (finds the package in build/ when not installed)
from openinterfaces.interfaces.ivp import IVP

D, K, T_END = 1e-4, 1e4, 1.0


class Strip:
    def __init__(self, comm, m):
        self.comm, self.m = comm, m
        rank, size = comm.rank, comm.size
        self.first_row = m * rank // size
        self.rows = m * (rank + 1) // size - self.first_row
        self.below, self.above = (rank - 1) % size, (rank + 1) % size
        # The strip between the neighbours' rows next to it.
        self.padded = np.empty((self.rows + 2, m, 2))

    def initial_value(self):
        x = (np.arange(self.m) + 0.5) / self.m
        z = (self.first_row + np.arange(self.rows) + 0.5) / self.m
        y0 = np.zeros((self.rows, self.m, 2))
        y0[..., 0] = 1.0 + 0.5 * np.outer(np.cos(2 * np.pi * z), np.sin(2 * np.pi * x))
        return y0.ravel()

    def rhs(self, t, y, ydot, user_data):
        c, p = y.reshape(self.rows, self.m, 2), self.padded
        self.comm.Sendrecv(c[0], dest=self.below, recvbuf=p[-1], source=self.above)
        self.comm.Sendrecv(c[-1], dest=self.above, recvbuf=p[0], source=self.below)
        p[1:-1] = c
        lap = (p[:-2] + p[2:] + np.roll(c, 1, axis=1) + np.roll(c, -1, axis=1) - 4.0 * c) * self.m**2
        u, v = c[..., 0], c[..., 1]
        exchange = K * (u - v)
        out = ydot.reshape(self.rows, self.m, 2)
        out[..., 0] = D * lap[..., 0] - exchange - u**3
        out[..., 1] = 0.1 * D * lap[..., 1] + exchange


def main(m):
    comm = MPI.COMM_WORLD
    strip = Strip(comm, m)
    solver = IVP("sundials_cvode_mpi")
    solver.set_integrator("bdf", {"linear_solver": "spgmr", "preconditioner": "bbd",
                                  "upper_bandwidth": 1, "lower_bandwidth": 1, "comm": comm.py2f()})
    solver.set_initial_value(strip.initial_value(), 0.0)
    solver.set_rhs_fn(strip.rhs)
    solver.set_tolerances(1e-6, 1e-9)
    y = solver.integrate(T_END)
    norm = np.sqrt(comm.reduce(float(y @ y), op=MPI.SUM, root=0) or 0.0)
    if comm.rank == 0:
        ranks = f"{comm.size} rank{'s' if comm.size > 1 else ''}"
        print(f"N = {2 * m * m} on {ranks}: |y({T_END:g})| = {norm:.4e}")


if __name__ == "__main__":
    m = int(sys.argv[1]) if len(sys.argv) > 1 else 64
    if not MPI.COMM_WORLD.size <= m <= 20000:
        sys.exit(f"the grid size m must be between the number of ranks and 20000, got {m}")
    main(m)
