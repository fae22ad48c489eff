"""The contract every linsolve implementation keeps (interfaces/linsolve.toml):
x of A x = b for a square A in either memory order, A and b left as they
were, and an error for a singular A."""

import numpy as np
import pytest

from openinterfaces.conformance._impls import impls
from openinterfaces.interfaces.linsolve import Linsolve

LINSOLVE_IMPLS = impls("linsolve")


@pytest.fixture(params=LINSOLVE_IMPLS)
def linsolve_impl(request):
    return request.param


@pytest.mark.parametrize("order", ["C", "F"])
def test_solves_a_3x3_system(linsolve_impl, order):
    A = np.array([[4.0, -3.0, 1.0], [-2.0, 4.0, -2.0], [1.0, -2.0, 4.0]], order=order)
    x_true = np.array([1.0, 2.0, 3.0])
    b = A @ x_true
    A_before, b_before = A.copy(), b.copy()
    x = Linsolve(linsolve_impl).solve(A, b)
    np.testing.assert_allclose(x, x_true, rtol=1e-13)
    np.testing.assert_array_equal(A, A_before)
    np.testing.assert_array_equal(b, b_before)


def test_solves_a_system_that_needs_pivoting(linsolve_impl):
    A = np.array([[0.0, 1.0, 2.0], [1.0, 0.0, 3.0], [4.0, -3.0, 8.0]])
    x_true = np.array([-1.0, 0.5, 2.0])
    np.testing.assert_allclose(Linsolve(linsolve_impl).solve(A, A @ x_true), x_true, rtol=1e-13)


def test_a_singular_matrix_is_an_error(linsolve_impl):
    with pytest.raises(RuntimeError, match="Error occurred while executing method 'solve_lin'"):
        Linsolve(linsolve_impl).solve(np.array([[1.0, 2.0], [2.0, 4.0]]), np.array([1.0, 2.0]))


def test_the_instance_goes_on_after_an_error(linsolve_impl):
    solver = Linsolve(linsolve_impl)
    with pytest.raises(RuntimeError):
        solver.solve(np.array([[1.0, 2.0], [2.0, 4.0]]), np.array([1.0, 2.0]))
    np.testing.assert_allclose(solver.solve(np.diag([2.0, 4.0]), np.array([2.0, 2.0])), [1.0, 0.5])
