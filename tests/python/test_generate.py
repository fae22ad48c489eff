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
