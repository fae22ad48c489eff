"""interfaces/generate.py on specs with methods added in minor versions."""

import pathlib
import subprocess
import sys

import pytest

GENERATOR = pathlib.Path(__file__).parents[2] / "interfaces" / "generate.py"

SPEC = """name = "toy"
version = {version}
python_abc = "ToyInterface"

[[method]]
name = "first"
in = ["x: F64"]

[[method]]
name = "later"
{since}
ret = ["stats: CONFIG_DICT"]
"""


def generate(tmp_path, kind, version="[1, 2]", since="since = [1, 2]"):
    spec = tmp_path / "toy.toml"
    spec.write_text(SPEC.format(version=version, since=since))
    output = tmp_path / "out"
    run = subprocess.run([sys.executable, GENERATOR, kind, output, spec], capture_output=True, text=True)
    return run, output


def test_a_method_added_in_a_minor_version_is_recorded_and_optional(tmp_path):
    run, table = generate(tmp_path, "spec-table")
    assert run.returncode == 0, run.stderr
    text = table.read_text()
    assert '{"first", &oif_interface_toy, 0, 1, 0, 0,' in text and "NULL, 0}," in text
    assert '{"later", &oif_interface_toy, 1, 0, 0, 1,' in text and "NULL, 2}," in text

    run, abc = generate(tmp_path, "python-abc")
    assert run.returncode == 0, run.stderr
    text = abc.read_text()
    assert "@abc.abstractmethod\n    def first(self, x: float)" in text
    assert "@optional_method\n    def later(self) -> dict:" in text


@pytest.mark.parametrize(
    "version, since, message",
    [
        ("[1, 1]", "since = [1, 2]", "'since' = [1, 2] must name a minor version of major version 1 up to"),
        ("[1, 2]", "since = [2, 0]", "'since' = [2, 0] must name a minor version of major version 1"),
        ("[1, 2]", 'since = "1.2"', "method 'later': 'since' must be [major, minor]"),
    ],
)
def test_a_since_that_does_not_fit_the_version_is_refused(tmp_path, version, since, message):
    run, _ = generate(tmp_path, "spec-table", version, since)
    assert run.returncode != 0 and message in run.stderr


CALLBACK_SPEC = """name = "toy"
version = [1, 0]
python_abc = "ToyInterface"

[callback.fn]
c_typedef = "oif_toy_fn_t"
{upstream}
args = ["t: F64", "user_data: USER_DATA"]
returns = "INT"

[[method]]
name = "set_fn"
in = ["fn: CALLBACK fn"]
"""


def generate_callback_spec(tmp_path, kind, upstream):
    spec = tmp_path / "toy.toml"
    spec.write_text(CALLBACK_SPEC.format(upstream=upstream))
    output = tmp_path / "out"
    return subprocess.run([sys.executable, GENERATOR, kind, output, spec], capture_output=True, text=True), output


def test_an_upstream_callback_name_is_an_alias_in_the_impl_header_only(tmp_path):
    run, header = generate_callback_spec(tmp_path, "impl-header", 'upstream_typedef = "fn_t"')
    assert run.returncode == 0, run.stderr
    text = header.read_text()
    assert "typedef int (*oif_toy_fn_t)(double t, void *user_data);" in text
    assert "typedef oif_toy_fn_t fn_t;" in text
    # The method keeps our name; the alias names the same type.
    assert "int set_fn(Self *self, oif_toy_fn_t fn);" in text

    run, header = generate_callback_spec(tmp_path, "user-header", 'upstream_typedef = "fn_t"')
    assert run.returncode == 0, run.stderr
    assert "fn_t;" not in header.read_text().replace("oif_toy_fn_t", "")

    run, header = generate_callback_spec(tmp_path, "impl-header", "")
    assert run.returncode == 0, run.stderr
    assert "typedef oif_toy_fn_t" not in header.read_text()


@pytest.mark.parametrize(
    "upstream, message",
    [
        ('upstream_typedef = "fn t"', "'upstream_typedef' must be a C identifier, got 'fn t'"),
        ('upstream_typedef = "1fn"', "'upstream_typedef' must be a C identifier, got '1fn'"),
        ("upstream_typedef = 3", "'upstream_typedef' must be a C identifier, got 3"),
        ('upstream_typedef = "oif_toy_fn_t"', "callback type names (c_typedef, upstream_typedef) must be unique"),
    ],
)
def test_a_bad_upstream_callback_name_is_refused(tmp_path, upstream, message):
    run, _ = generate_callback_spec(tmp_path, "impl-header", upstream)
    assert run.returncode != 0 and message in run.stderr
