"""The MPI examples, in C and in Python, serially and under `mpirun -np 2`:
all four print the same solution norm, and only that."""

import os
import pathlib
import re
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD = pathlib.Path(os.environ["OIF_BUILD_DIR"])
ENV = {k: v for k, v in os.environ.items() if not k.startswith("OIF_") and k != "PYTHONPATH"}
MPIRUN = ["mpirun", "-np", "2", "--oversubscribe"]
EXAMPLES = {
    "c": [str(BUILD / "examples" / "mpi_reaction_diffusion")],
    "python": ["/usr/bin/python3", str(ROOT / "examples" / "python" / "mpi_reaction_diffusion.py")],
}


def run(command):
    return subprocess.run(command, capture_output=True, text=True, env=ENV, cwd="/", timeout=100)


@pytest.mark.parametrize("grid", ["24", "64"])
def test_every_run_prints_the_same_norm(grid):
    norms = {}
    for language, example in EXAMPLES.items():
        for launcher, ranks in (([], 1), (MPIRUN, 2)):
            result = run(launcher + example + [grid])
            assert result.returncode == 0 and result.stderr == "", result.stderr
            match = re.fullmatch(rf"N = {2 * int(grid) ** 2} on {ranks} ranks?: \|y\(1\)\| = (\S+)\n", result.stdout)
            assert match, result.stdout
            norms[language, ranks] = match[1]
    assert len(set(norms.values())) == 1, norms


@pytest.mark.parametrize("language", EXAMPLES)
def test_a_bad_grid_size_is_a_clear_error(language):
    result = run(MPIRUN + EXAMPLES[language] + ["1"])
    assert result.returncode != 0
    assert "the grid size m must be between the number of ranks" in result.stderr
