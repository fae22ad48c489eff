"""Minimises Rosenbrock's function from (-1.2, 1) with the optim
implementation named on the command line:
call_optim_rosenbrock.py [IMPL [METHOD]]  (default: nlopt, its default method)."""

import sys

import _build_tree  # noqa: F401

from openinterfaces.interfaces.optim import Optim


def rosenbrock(x, user_data):
    return (1.0 - x[0]) ** 2 + 100.0 * (x[1] - x[0] ** 2) ** 2


def rosenbrock_grad(x, grad, user_data):
    grad[0] = -2.0 * (1.0 - x[0]) - 400.0 * x[0] * (x[1] - x[0] ** 2)
    grad[1] = 200.0 * (x[1] - x[0] ** 2)


def main(argv):
    impl = argv[1] if len(argv) > 1 else "nlopt"
    opt = Optim(impl)
    opt.set_initial_guess([-1.2, 1.0])
    opt.set_objective_fn(rosenbrock)
    opt.set_grad_fn(rosenbrock_grad)
    if len(argv) > 2:
        opt.set_method(argv[2])
    result = opt.minimize()
    print(f"minimiser: x = {result.x}, f(x) = {result.fun:.3g} after {result.nfev} evaluations")
    print(f"status: {result.status} ({'converged' if result.success else 'did not converge'})")
    print(f"message: {result.message}")


if __name__ == "__main__":
    try:
        main(sys.argv)
    except Exception as e:
        sys.exit(f"error: {e}")
