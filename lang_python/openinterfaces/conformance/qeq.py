"""The contract every qeq implementation keeps (interfaces/qeq.toml): both
real roots of a x^2 + b x + c = 0, a double root twice, a linear equation's
root twice, and an error for complex roots and for a = b = 0."""

import pytest

from openinterfaces.conformance._impls import impls
from openinterfaces.interfaces.qeq import QEQ

QEQ_IMPLS = impls("qeq")


@pytest.fixture(params=QEQ_IMPLS)
def qeq_impl(request):
    return request.param


def test_two_real_roots_in_any_order(qeq_impl):
    assert sorted(QEQ(qeq_impl).solve(1.0, -3.0, 2.0)) == pytest.approx([1.0, 2.0], rel=1e-15)


def test_roots_of_either_sign(qeq_impl):
    assert sorted(QEQ(qeq_impl).solve(2.0, 2.0, -12.0)) == pytest.approx([-3.0, 2.0], rel=1e-15)


def test_a_double_root_appears_twice(qeq_impl):
    assert list(QEQ(qeq_impl).solve(1.0, -2.0, 1.0)) == pytest.approx([1.0, 1.0], rel=1e-15)


def test_a_linear_equation_gives_its_root_twice(qeq_impl):
    assert list(QEQ(qeq_impl).solve(0.0, 2.0, -4.0)) == pytest.approx([2.0, 2.0], rel=1e-15)


def test_no_cancellation_in_the_small_root(qeq_impl):
    """x^2 - 1e8 x + 1 = 0: the textbook formula loses the small root."""
    roots = sorted(QEQ(qeq_impl).solve(1.0, -1e8, 1.0))
    assert roots == pytest.approx([1e-8, 1e8], rel=1e-14)


def test_complex_roots_are_an_error(qeq_impl):
    with pytest.raises(RuntimeError, match="Error occurred while executing method 'solve_qeq'"):
        QEQ(qeq_impl).solve(1.0, 0.0, 1.0)


def test_a_and_b_zero_is_an_error(qeq_impl):
    with pytest.raises(RuntimeError, match="Error occurred while executing method 'solve_qeq'"):
        QEQ(qeq_impl).solve(0.0, 0.0, 1.0)


def test_the_instance_goes_on_after_an_error(qeq_impl):
    solver = QEQ(qeq_impl)
    with pytest.raises(RuntimeError):
        solver.solve(1.0, 0.0, 1.0)
    assert sorted(solver.solve(1.0, -3.0, 2.0)) == pytest.approx([1.0, 2.0], rel=1e-15)
