"""Python users calling every qeq and linsolve implementation."""

import math
import random

import numpy as np
import pytest

from openinterfaces.interfaces.linsolve import Linsolve
from openinterfaces.interfaces.qeq import QEQ


def test_qeq_roots_to_full_precision(qeq_impl):
    roots = np.sort(QEQ(qeq_impl).solve(1.0, -20000.0, 1.0))
    large = 10000.0 + math.sqrt(99999999.0)
    assert roots[1] == pytest.approx(large, rel=2e-16)
    assert roots[0] == pytest.approx(1.0 / large, rel=2e-16)


def test_qeq_accepts_ints_and_returns_a_fresh_array(qeq_impl):
    solver = QEQ(qeq_impl)
    first = solver.solve(1, 5, 4)
    second = solver.solve(1, -3, 2)
    assert sorted(first) == [-4.0, -1.0]
    assert sorted(second) == [1.0, 2.0]


def test_qeq_failure_is_runtime_error_with_the_implementation_message(qeq_impl):
    with pytest.raises(RuntimeError, match=r"^Error occurred while executing method 'solve_qeq': .*complex"):
        QEQ(qeq_impl).solve(1.0, 0.0, 1.0)
    with pytest.raises(RuntimeError, match=r"^Error occurred while executing method 'solve_qeq': .*a = b = 0"):
        QEQ(qeq_impl).solve(0.0, 0.0, 1.0)


def test_qeq_python_implementation_error_names_the_exception_type():
    with pytest.raises(RuntimeError) as info:
        QEQ("py_qeq_solver").solve(1.0, 0.0, 1.0)
    message = str(info.value)
    assert message.startswith(
        "Error occurred while executing method 'solve_qeq': qeq/py_qeq_solver, method 'solve_qeq': "
        "ValueError: the roots are complex"
    )
    assert "py_qeq_solver.py:" in message


def test_qeq_c_and_python_roots_are_bit_identical():
    """The same as the C users' test, from a Python user: random equations
    with real roots, and the edge cases."""
    c_solver, py_solver = QEQ("c_qeq_solver"), QEQ("py_qeq_solver")
    rng = random.Random(2024)
    cases = [
        (1.0, -20000.0, 1.0), (0.0, 2.0, -3.0), (0.0, -7.0, 0.0), (2.0, 0.0, -8.0), (2.0, -0.0, -8.0),
        (3.0, 0.0, 0.0), (3.0, -0.0, 0.0), (1.0, 5.0, 0.0), (1.0, -5.0, -0.0), (1.0, 2.0, 1.0),
        (1.0, 1e200, 1.0), (1e-310, -1e-310, -1e-310),
    ]
    while len(cases) < 1000:
        a, b, c = (rng.choice((-1, 1)) * math.ldexp(rng.uniform(0.5, 1.0), rng.randint(-40, 40)) for _ in "abc")
        if b * b - 4.0 * a * c >= 0.0:
            cases.append((a, b, c))
    for a, b, c in cases:
        from_c, from_py = c_solver.solve(a, b, c), py_solver.solve(a, b, c)
        assert from_c.tobytes() == from_py.tobytes(), (a, b, c, from_c, from_py)


def test_linsolve_singular_matrix_message_says_singular(linsolve_impl):
    # The conformance suite (openinterfaces.conformance.linsolve) checks the
    # error and the solves; the shipped implementations also say why.
    with pytest.raises(RuntimeError, match=r"^Error occurred while executing method 'solve_lin': .*singular"):
        Linsolve(linsolve_impl).solve(np.array([[1.0, 2.0], [2.0, 4.0]]), np.array([1.0, 2.0]))


def test_linsolve_python_implementation_error_names_the_exception_type():
    with pytest.raises(RuntimeError) as info:
        Linsolve("numpy").solve(np.array([[1.0, 2.0], [2.0, 4.0]]), np.array([1.0, 2.0]))
    message = str(info.value)
    assert message.startswith(
        "Error occurred while executing method 'solve_lin': linsolve/numpy, method 'solve_lin': "
        "RuntimeError: the matrix is singular"
    )
    assert "numpy_linsolve.py:" in message


def test_linsolve_non_contiguous_matrix_is_value_error(linsolve_impl):
    A = np.eye(4)[::2, ::2]
    with pytest.raises(ValueError, match="argument 'A' is not contiguous"):
        Linsolve(linsolve_impl).solve(A, np.ones(2))


def test_linsolve_wrong_sizes_are_runtime_errors(linsolve_impl):
    with pytest.raises(RuntimeError, match="length 3"):
        Linsolve(linsolve_impl).solve(np.eye(3), np.ones(2))
    with pytest.raises(RuntimeError, match="square"):
        Linsolve(linsolve_impl).solve(np.ones((2, 3)), np.ones(2))


def test_linsolve_c_and_python_agree():
    rng = np.random.default_rng(7)
    A = rng.uniform(-0.5, 0.5, (60, 60)) + 60 * np.eye(60)
    x_true = np.arange(60.0) - 30
    b = A @ x_true
    from_c, from_py = Linsolve("c_lapack").solve(A, b), Linsolve("numpy").solve(A, b)
    np.testing.assert_allclose(from_c, x_true, rtol=0, atol=1e-12)
    np.testing.assert_allclose(from_py, from_c, rtol=0, atol=1e-12)
