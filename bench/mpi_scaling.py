"""Strong scaling of sundials_cvode_mpi: the MPI example (a stiff 2-D
reaction-diffusion problem, examples/mpi_reaction_diffusion.c and its Python
twin) at N = 2 m^2, run as 1 rank and as 2 ranks, interleaved.

    mpi_scaling.py [--grid 707] [--repeats 3] [--python]

Prints each run's wall time (the whole mpirun, MPI's start-up included: a
fraction of a second), the medians, and the speed-up of 2 ranks over 1; the
two must print the same norm.  Not a test: about 3 minutes at the default
N = 999 698 with the C example.  As root, Open MPI's run-as-root variables
are set for these runs only.
"""

import argparse
import os
import pathlib
import statistics
import subprocess
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--grid", type=int, default=707, help="grid points per row, m (N = 2 m^2)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--python", action="store_true", help="run the Python example instead of the C one")
    args = parser.parse_args()
    example = (["/usr/bin/python3", str(ROOT / "examples" / "python" / "mpi_reaction_diffusion.py")] if args.python
               else [str(ROOT / "build" / "examples" / "mpi_reaction_diffusion")])
    env = {**os.environ, "OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1"}
    times = {1: [], 2: []}
    outputs = set()
    for repeat in range(args.repeats):
        for ranks in (1, 2):
            start = time.perf_counter()
            run = subprocess.run(["mpirun", "-np", str(ranks), "--oversubscribe", *example, str(args.grid)],
                                 capture_output=True, text=True, env=env, check=True)
            times[ranks].append(time.perf_counter() - start)
            outputs.add(run.stdout.split(": ", 1)[1].strip())
            print(f"repeat {repeat + 1}, {ranks} rank(s): {times[ranks][-1]:.2f} s  {run.stdout.strip()}")
    one, two = statistics.median(times[1]), statistics.median(times[2])
    print(f"N = {2 * args.grid ** 2}: median 1 rank {one:.2f} s, 2 ranks {two:.2f} s, speed-up {one / two:.2f}x")
    if len(outputs) != 1:
        raise SystemExit(f"the runs printed different norms: {sorted(outputs)}")


if __name__ == "__main__":
    main()
