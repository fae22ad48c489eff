"""Stiff problems from Python: sundials_cvode's linear solvers and its
default, and Robertson's kinetics with a tolerance per component through
every backend meant for stiff problems."""

import pathlib
import sys

import numpy as np
import pytest
from scipy.integrate import solve_ivp

from openinterfaces import OIFOptionError
from openinterfaces.interfaces.ivp import IVP

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "bench"))
from stiff_problems import Brusselator2D, HeatCubic, Robertson  # noqa: E402


def solve(problem, options=None, impl="sundials_cvode", t_end=None):
    solver = IVP(impl)
    if options is not None:
        solver.set_integrator("bdf", options)
    solver.set_initial_value(problem.y0, 0.0)
    solver.set_rhs_fn(problem.rhs)
    solver.set_tolerances(1e-7, 1e-9)
    return solver.integrate(t_end or problem.t_end), solver.get_stats()


@pytest.fixture(scope="module")
def heat():
    problem = HeatCubic(300)
    reference, _ = solve(problem, {"linear_solver": "dense"})
    return problem, reference


@pytest.mark.parametrize(
    "options",
    [
        {"linear_solver": "band", "upper_bandwidth": 1, "lower_bandwidth": 1},
        {"linear_solver": "spgmr", "preconditioner": "band", "upper_bandwidth": 1, "lower_bandwidth": 1},
        {"linear_solver": "spbcgs", "preconditioner": "band", "upper_bandwidth": 1, "lower_bandwidth": 1},
        {"linear_solver": "sptfqmr", "preconditioner": "band", "upper_bandwidth": 1, "lower_bandwidth": 1,
         "krylov_dim": 10},
        {"linear_solver": "spgmr", "krylov_dim": 30, "max_restarts": 1},
        {},
    ],
    ids=lambda options: "-".join(str(value) for value in options.values()) or "auto",
)
def test_every_linear_solver_from_python(heat, options):
    problem, reference = heat
    y, stats = solve(problem, options)
    np.testing.assert_allclose(y, reference, atol=1e-5)
    assert (stats["linear_iterations"] > 0) == options.get("linear_solver", "auto").startswith("sp")


def test_without_options_a_banded_problem_gets_a_band_lu_and_others_gmres():
    _, stats = solve(HeatCubic(300))
    assert stats["jacobian_evaluations"] > 0 and stats["linear_iterations"] == 0
    # The Brusselator on a periodic 2-D grid is banded nowhere near 8: no
    # preconditioner, which the entries beyond its band would spoil.
    _, stats = solve(Brusselator2D(450), t_end=0.2)
    assert stats["jacobian_evaluations"] == 0 and stats["linear_iterations"] > 0
    assert stats["preconditioner_evaluations"] == 0


@pytest.mark.parametrize(
    "options, message",
    [
        ({"linear_solver": "klu"}, "sparse Jacobian"),
        ({"linear_solver": "band", "upper_bandwidth": -1, "lower_bandwidth": 1}, "must be >= 0"),
        ({"linear_solver": "band"}, "'upper_bandwidth' is needed"),
        ({"linear_solver": "dense", "preconditioner": "band"}, "needs a Krylov linear solver"),
        ({"linear_solver": "spgmr", "krylov_dim": 0}, "'krylov_dim' must be >= 1"),
    ],
)
def test_bad_linear_solver_options_are_option_errors(options, message):
    solver = IVP("sundials_cvode")
    with pytest.raises(OIFOptionError, match=message):
        solver.set_integrator("bdf", options)


@pytest.fixture(scope="module")
def robertson_reference():
    def fun(t, y):
        ydot = np.empty(3)
        Robertson.rhs(t, y, ydot)
        return ydot

    return solve_ivp(fun, (0.0, Robertson.t_end), Robertson.y0, method="BDF", rtol=1e-10,
                     atol=Robertson.atol * 1e-4).y[:, -1]


@pytest.mark.parametrize("with_jacobian", [False, True], ids=["differences", "jacobian"])
@pytest.mark.parametrize("impl, integrator", [("sundials_cvode", None), ("scipy_ode", "bdf"),
                                              ("scipy_ode", "lsoda")])
def test_robertson_with_a_tolerance_per_component(robertson_reference, impl, integrator, with_jacobian):
    solver = IVP(impl)
    if integrator:
        solver.set_integrator(integrator)
    solver.set_initial_value(Robertson.y0, 0.0)
    solver.set_rhs_fn(Robertson.rhs)
    jacobian_calls = []
    if with_jacobian:
        solver.set_jac_fn(lambda t, y, J, _: jacobian_calls.append(t) or Robertson.jac(t, y, J))
    rtol = 1e-6
    solver.set_tolerances(rtol, Robertson.atol)
    y = solver.integrate(Robertson.t_end)
    # The global error, a few times the local tolerances.
    error = np.abs(y - robertson_reference) / (Robertson.atol + rtol * np.abs(robertson_reference))
    assert error.max() < 10, error
    stats = solver.get_stats()
    assert stats["rhs_evaluations"] < 5000
    assert len(jacobian_calls) == (stats["jacobian_evaluations"] if with_jacobian else 0) and (
        stats["jacobian_evaluations"] > 0)


def test_a_band_solver_takes_the_band_of_the_jacobian():
    problem = HeatCubic(300)
    calls = []

    def jac(t, u, J, _):
        calls.append(t)
        n = problem.n
        index = np.arange(n)
        J[index, index] = -2.0 * problem.inv_dx2 - 3.0 * u * u
        J[index[1:], index[:-1]] = problem.inv_dx2
        J[index[:-1], index[1:]] = problem.inv_dx2

    reference, _ = solve(problem, {"linear_solver": "dense"})
    solver = IVP("sundials_cvode")
    solver.set_integrator("bdf", {"linear_solver": "band", "upper_bandwidth": 1, "lower_bandwidth": 1})
    solver.set_initial_value(problem.y0, 0.0)
    solver.set_rhs_fn(problem.rhs)
    solver.set_jac_fn(jac)
    solver.set_tolerances(1e-7, 1e-9)
    np.testing.assert_allclose(solver.integrate(problem.t_end), reference, atol=1e-5)
    stats = solver.get_stats()
    assert len(calls) == stats["jacobian_evaluations"] > 0 and stats["rhs_evaluations_for_jacobian"] == 0
