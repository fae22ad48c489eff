"""The stiff problems of the stiff-scaling benchmark (bench/stiff_scaling.py):
method-of-lines semi-discretisations whose stiffness grows with N, each
with a vectorised right-hand side in the in-place form and its Jacobian's
sparsity pattern (for solve_ivp's jac_sparsity) and bandwidths (for
sundials_cvode's band options).  And Robertson's chemical kinetics.
"""

import numpy as np
import scipy.sparse


class HeatCubic:
    """u_t = u_xx - u^3 on (0, 1), u = 0 at both ends, u(0, x) =
    sin(pi x) + sin(4 pi x) / 2; second-order differences on N interior
    points, so the Jacobian is tridiagonal with eigenvalues down to about
    -4 (N + 1)^2."""

    name = "heat_cubic"
    t_end = 0.1

    def __init__(self, n):
        self.n = n
        x = np.arange(1, n + 1) / (n + 1)
        self.y0 = np.sin(np.pi * x) + 0.5 * np.sin(4 * np.pi * x)
        self.inv_dx2 = (n + 1) ** 2
        self.upper_bandwidth = self.lower_bandwidth = 1

    def rhs(self, t, u, udot, user_data=None):
        udot[:] = -2.0 * u
        udot[1:] += u[:-1]
        udot[:-1] += u[1:]
        udot *= self.inv_dx2
        udot -= u * u * u

    def sparsity(self):
        return scipy.sparse.diags([1, 1, 1], [-1, 0, 1], shape=(self.n, self.n))


class Brusselator2D:
    """The Brusselator u_t = A + u^2 v - (B + 1) u + alpha lap u,
    v_t = B u - u^2 v + alpha lap v on the periodic unit square, on an m x m
    grid: N = 2 m^2 unknowns, interleaved (u, v) per point, so that the
    Jacobian's non-zeros lie within 2 m of the diagonal but for the
    periodic wrap-around.  alpha = 2 makes it stiff: diffusion's
    eigenvalues reach -8 alpha m^2, so that an explicit method needs over
    50 times the evaluations of BDF from N = 1000 on."""

    name = "brusselator_2d"
    t_end = 2.0
    A, B, alpha = 1.0, 3.4, 2.0

    def __init__(self, n):
        m = max(int(round(np.sqrt(n / 2))), 3)
        self.m, self.n = m, 2 * m * m
        x = np.arange(m) / m
        X, Y = np.meshgrid(x, x, indexing="ij")
        y0 = np.empty((m, m, 2))
        y0[..., 0] = 22.0 * Y * (1.0 - Y) ** 1.5
        y0[..., 1] = 27.0 * X * (1.0 - X) ** 1.5
        self.y0 = y0.ravel()
        self.diffusion = self.alpha * m * m
        # Within these, all but the periodic neighbours across the grid.
        self.upper_bandwidth = self.lower_bandwidth = 2 * m

    def rhs(self, t, y, ydot, user_data=None):
        m = self.m
        field = y.reshape(m, m, 2)
        out = ydot.reshape(m, m, 2)
        u, v = field[..., 0], field[..., 1]
        lap = (np.roll(field, 1, 0) + np.roll(field, -1, 0) + np.roll(field, 1, 1) + np.roll(field, -1, 1)
               - 4.0 * field)
        uuv = u * u * v
        out[..., 0] = self.A + uuv - (self.B + 1.0) * u + self.diffusion * lap[..., 0]
        out[..., 1] = self.B * u - uuv + self.diffusion * lap[..., 1]

    def sparsity(self):
        m, n = self.m, self.n
        index = np.arange(n).reshape(m, m, 2)
        rows, cols = [], []
        for shift, axis in ((1, 0), (-1, 0), (1, 1), (-1, 1)):
            rows.append(index.ravel())
            cols.append(np.roll(index, shift, axis).ravel())
        rows.append(index[..., 0].ravel())
        cols.append(index[..., 1].ravel())
        rows.append(index[..., 1].ravel())
        cols.append(index[..., 0].ravel())
        rows.append(np.arange(n))
        cols.append(np.arange(n))
        rows, cols = np.concatenate(rows), np.concatenate(cols)
        return scipy.sparse.csr_matrix((np.ones(rows.size), (rows, cols)), shape=(n, n))


class Robertson:
    """Robertson's kinetics, to t = 4e10: the classic stiff test, with
    components of very different scales, so a tolerance per component."""

    name = "robertson"
    t_end = 4e10
    y0 = np.array([1.0, 0.0, 0.0])
    atol = np.array([1e-8, 1e-14, 1e-6])
    rtol = 1e-4

    @staticmethod
    def rhs(t, y, ydot, user_data=None):
        ydot[0] = -0.04 * y[0] + 1e4 * y[1] * y[2]
        ydot[2] = 3e7 * y[1] * y[1]
        ydot[1] = -ydot[0] - ydot[2]

    @staticmethod
    def jac(t, y, J, user_data=None):
        J[0, 0], J[0, 1], J[0, 2] = -0.04, 1e4 * y[2], 1e4 * y[1]
        J[2, 0], J[2, 1], J[2, 2] = 0.0, 6e7 * y[1], 0.0
        J[1, :] = -J[0, :] - J[2, :]
