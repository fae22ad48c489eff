"""Python implementations behind the dispatcher: loading them, their errors,
and what they receive, from Python users and from C programs."""

import contextlib
import io
import os
import pathlib
import re
import subprocess

import numpy as np
import pytest

from openinterfaces.core import load_impl
from openinterfaces.interfaces.ivp import IVP
from openinterfaces.interfaces.optim import Optim
from openinterfaces.interfaces.qeq import QEQ

THIRD_PARTY = pathlib.Path(__file__).parent / "third_party"
BUILD = pathlib.Path(os.environ.get("OIF_BUILD_DIR", pathlib.Path(__file__).parents[2] / "build"))


@pytest.fixture(autouse=True)
def third_party_on_path(monkeypatch):
    monkeypatch.setenv("OIF_IMPL_PATH", str(THIRD_PARTY))


def test_third_party_implementation_from_python():
    assert sorted(QEQ("textbook_qeq").solve(1.0, -3.0, 2.0)) == [1.0, 2.0]


def test_third_party_implementation_from_c():
    run = subprocess.run(
        [BUILD / "examples" / "call_qeq_from_c", "textbook_qeq", "1", "-3", "2"],
        capture_output=True, text=True, env=dict(os.environ), check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout == "textbook_qeq: roots of 1 x^2 + -3 x + 2 = 0 are 1 and 2\n"
    assert run.stderr == ""


def test_exception_in_implementation_is_runtime_error_with_type_and_place():
    with pytest.raises(RuntimeError) as info:
        QEQ("textbook_qeq").solve(0.0, 1.0, 1.0)
    message = str(info.value)
    assert message.startswith("Error occurred while executing method 'solve_qeq': ")
    assert "ValueError: not a quadratic: a = 0" in message
    assert "textbook_qeq.py:11 in solve_qeq" in message


def test_exception_in_implementation_reaches_c_users_as_message():
    run = subprocess.run(
        [BUILD / "examples" / "call_qeq_from_c", "textbook_qeq", "0", "1", "1"],
        capture_output=True, text=True, env=dict(os.environ), check=False,
    )
    assert run.returncode == 1
    assert "qeq/textbook_qeq, method 'solve_qeq': ValueError: not a quadratic: a = 0" in run.stderr


@pytest.mark.parametrize(
    "impl, reason",
    [
        ("broken_import", "cannot import it: ModuleNotFoundError: No module named 'no_such_module_anywhere'"),
        ("failing_init", "its constructor failed: RuntimeError: no licence for this solver"),
        ("missing_method", "does not define method 'solve_qeq'"),
    ],
)
def test_broken_implementations_fail_to_load_with_the_reason(impl, reason):
    with pytest.raises(ValueError, match=f"cannot load implementation '{impl}'") as info:
        QEQ(impl)
    assert reason in str(info.value)


def test_wrong_return_values_are_an_error():
    opt = Optim("bad_returns")
    opt.set_initial_guess([1.0])
    with pytest.raises(RuntimeError, match="must return a tuple of 2 values, not str"):
        opt.minimize()


def decay(t, y, ydot, user_data):
    ydot[:] = -user_data["rate"] * y


def solve_decay(monkeypatch, via_c: bool):
    monkeypatch.setenv("OIF_PYTHON_CALLBACKS_VIA_C", "1" if via_c else "0")
    solver = IVP("recording_euler")
    solver.set_initial_value([1.0, 2.0], 0.0)
    solver.set_user_data({"rate": 0.5})
    solver.set_rhs_fn(decay)
    solver.integrate(1.0)
    return solver.y.copy()


def test_both_callback_paths_give_identical_results(monkeypatch):
    direct = solve_decay(monkeypatch, via_c=False)
    through_c = solve_decay(monkeypatch, via_c=True)
    np.testing.assert_array_equal(direct, through_c)
    np.testing.assert_allclose(direct, [np.exp(-0.5), 2 * np.exp(-0.5)], rtol=1e-3)


@pytest.mark.parametrize("via_c", [False, True])
def test_callback_exception_reaches_python_user_as_itself(monkeypatch, via_c):
    monkeypatch.setenv("OIF_PYTHON_CALLBACKS_VIA_C", "1" if via_c else "0")
    raised = ArithmeticError("diverged")

    def rhs(t, y, ydot, _):
        raise raised

    solver = IVP("recording_euler")
    solver.set_initial_value([1.0], 0.0)
    solver.set_rhs_fn(rhs)
    with pytest.raises(ArithmeticError) as info:
        solver.integrate(1.0)
    assert info.value is raised


@pytest.mark.parametrize("via_c", [False, True])
def test_user_data_and_config_dicts_arrive_as_python_objects(monkeypatch, capfd, via_c):
    monkeypatch.setenv("OIF_PYTHON_CALLBACKS_VIA_C", "1" if via_c else "0")
    solver = IVP("recording_euler")
    options = {"order": 3, "tol": 1e-3, "name": "x" * 300}
    solver.set_integrator("euler", options)
    params = {"rate": 1.0}
    seen = []
    solver.set_initial_value([1.0], 0.0)
    solver.set_user_data(params)
    solver.set_rhs_fn(lambda t, y, ydot, ud: (seen.append(ud), decay(t, y, ydot, ud))[-1])
    solver.integrate(0.01)
    assert all(ud is params for ud in seen)
    solver.print_stats()
    assert capfd.readouterr().out == f"integrator: ('euler', {options!r}); user data: dict\n"


def test_binding_call_from_python_to_python_implementation():
    binding = load_impl("qeq", "textbook_qeq", 1, 0)
    roots = np.empty(2)
    assert binding.call("solve_qeq", (1, -3, 2), (roots,)) == 0
    assert sorted(roots) == [1.0, 2.0]


@pytest.mark.parametrize("exponent", [32, 100])
def test_status_beyond_int_is_an_error_not_success(exponent):
    message = f"ValueError: method 'solve_qeq', return value: {2**exponent} does not fit in a C int"
    with pytest.raises(RuntimeError, match=message):
        QEQ("huge_status").solve(float(exponent), 1.0, 1.0)
    run = subprocess.run(
        [BUILD / "examples" / "call_qeq_from_c", "huge_status", str(exponent), "1", "1"],
        capture_output=True, text=True, env=dict(os.environ), check=False,
    )
    assert run.returncode == 1 and "does not fit in a C int" in run.stderr


# An int a method returns is its status by the rule for a callback's status
# (to_oif_status), numpy's and a bool too; anything else is ignored, as
# upstream implementations rely on.  The index picks chosen_status.RETURNS[i].
@pytest.mark.parametrize("index, message", [
    (0, None), (1, None), (2, None),
    (3, "returned status 3"),
    (4, "returned status -2"),
    (5, "returned status 1"),
    (6, None), (7, None),
])
def test_method_result_is_a_status_by_the_callback_rule(index, message):
    if message is None:
        assert list(QEQ("chosen_status").solve(float(index), 1.0, 1.0)) == [0.0, 0.0]
        return
    with pytest.raises(RuntimeError, match=re.escape(message)):
        QEQ("chosen_status").solve(float(index), 1.0, 1.0)


def test_implementation_written_for_ivp_1_0_loads_and_has_no_get_stats():
    from openinterfaces import OIFError

    solver = IVP("recording_euler")  # subclasses the 1.1 base class without get_stats
    solver.set_initial_value([1.0], 0.0)
    solver.set_rhs_fn(lambda t, y, ydot, _: None)
    solver.integrate(1.0)
    assert not solver.supports("get_stats") and solver.supports("print_stats")
    with pytest.raises(OIFError, match=r"ivp/recording_euler does not support method 'get_stats' \(added in ivp 1.1\)"):
        solver.get_stats()
    # print_stats falls back to the implementation's own, which prints with
    # Python's print: to sys.stdout too.
    text = io.StringIO()
    with contextlib.redirect_stdout(text):
        solver.print_stats()
    assert text.getvalue() == "integrator: None; user data: NoneType\n"


STATS_IMPL = """
from openinterfaces._impl.interfaces.ivp import IVPInterface
class Stats(IVPInterface):
    def set_initial_value(self, y0, t0): pass
    def set_rhs_fn(self, rhs): pass
    def set_tolerances(self, rtol, atol): pass
    def set_user_data(self, user_data):
        self.returned = user_data
    def set_integrator(self, name, config): pass
    def integrate(self, t, y): pass
    def print_stats(self): pass
    def get_stats(self):
        return self.returned
"""


@pytest.fixture
def stats_impl(tmp_path, monkeypatch):
    """A Python implementation whose get_stats returns its user data."""
    folder = tmp_path / "ivp" / "stats_impl"
    folder.mkdir(parents=True)
    (folder / "stats_impl.conf").write_text("python\nstats_impl Stats\n")
    (folder / "stats_impl.py").write_text(STATS_IMPL)
    monkeypatch.setenv("OIF_IMPL_PATH", str(tmp_path))
    return IVP("stats_impl")


@pytest.mark.parametrize("returned", [{"steps": 3, "rhs_evaluations": 7}, ({"steps": 3, "rhs_evaluations": 7},)])
def test_python_implementation_returns_its_stats_as_a_dict_alone_or_in_a_tuple(stats_impl, returned):
    stats_impl.set_user_data(returned)
    assert stats_impl.get_stats() == {"steps": 3, "rhs_evaluations": 7}


@pytest.mark.parametrize(
    "returned, message",
    [
        (None, "method 'get_stats', return value 'stats' must be a dict, not None"),
        ("steps", "method 'get_stats', return value 'stats': options must be a dict, not str"),
        ({"steps": [1]}, "method 'get_stats', return value 'stats'"),
        (({}, {}), "the method must return a tuple of 1 values, not tuple"),
    ],
)
def test_python_implementation_returning_no_dict_is_an_error(stats_impl, returned, message):
    from openinterfaces import OIFError

    stats_impl.set_user_data(returned)
    with pytest.raises(OIFError) as info:
        stats_impl.get_stats()
    assert message in str(info.value)
