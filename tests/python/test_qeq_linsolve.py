"""Python users calling the C qeq and linsolve implementations."""

import math

import numpy as np
import pytest

from openinterfaces.interfaces.linsolve import Linsolve
from openinterfaces.interfaces.qeq import QEQ


def test_qeq_roots_to_full_precision():
    roots = np.sort(QEQ("c_qeq_solver").solve(1.0, -20000.0, 1.0))
    large = 10000.0 + math.sqrt(99999999.0)
    assert roots[1] == pytest.approx(large, rel=2e-16)
    assert roots[0] == pytest.approx(1.0 / large, rel=2e-16)


def test_qeq_accepts_ints_and_returns_a_fresh_array():
    solver = QEQ("c_qeq_solver")
    first = solver.solve(1, 5, 4)
    second = solver.solve(1, -3, 2)
    assert sorted(first) == [-4.0, -1.0]
    assert sorted(second) == [1.0, 2.0]


def test_qeq_failure_is_runtime_error_with_the_implementation_message():
    with pytest.raises(RuntimeError, match=r"^Error occurred while executing method 'solve_qeq': .*complex"):
        QEQ("c_qeq_solver").solve(1.0, 0.0, 1.0)


@pytest.mark.parametrize("order", ["C", "F"])
def test_linsolve_in_either_memory_order(order):
    A = np.array([[4.0, -3.0, 1.0], [-2.0, 4.0, -2.0], [1.0, -2.0, 4.0]], order=order)
    x_true = np.array([1.0, 2.0, 3.0])
    b = A @ x_true
    A_before, b_before = A.copy(), b.copy()
    x = Linsolve("c_lapack").solve(A, b)
    np.testing.assert_allclose(x, x_true, rtol=1e-14)
    np.testing.assert_array_equal(A, A_before)
    np.testing.assert_array_equal(b, b_before)


def test_linsolve_singular_matrix():
    with pytest.raises(RuntimeError, match="singular"):
        Linsolve("c_lapack").solve(np.array([[1.0, 2.0], [2.0, 4.0]]), np.array([1.0, 2.0]))


def test_linsolve_non_contiguous_matrix_is_value_error():
    A = np.eye(4)[::2, ::2]
    with pytest.raises(ValueError, match="argument 'A' is not contiguous"):
        Linsolve("c_lapack").solve(A, np.ones(2))


def test_linsolve_wrong_sizes_are_runtime_errors():
    with pytest.raises(RuntimeError, match="length 3"):
        Linsolve("c_lapack").solve(np.eye(3), np.ones(2))
