"""Runs every benchmark and writes bench/results/report.md with PNG plots.

    run_all.py [--quick]

--quick skips Burgers' equation at N = 10001 (about 25 minutes) and uses
fewer repeats.  Every ratio is against a reference measured in the same run;
instruction counts come from valgrind's callgrind, which, unlike time, does
not depend on what else the machine is doing.
"""

import datetime
import os
import pathlib
import platform
import re
import shutil
import subprocess
import sys
import tempfile

import _build_tree  # noqa: F401

HERE = pathlib.Path(__file__).resolve().parent
BUILD = HERE.parent / "build"
RESULTS = HERE / "results"
PYTHON = sys.executable
# A fixed hash seed: string hashes decide dict probing, which moved a
# crossing's instruction count by tens of instructions between runs.
ENV = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "PYTHONPATH": str(BUILD / "lang_python"),
       "OIF_IMPL_PATH": str(BUILD / "bench" / "impl"), "PYTHONHASHSEED": "0"}


def run(command, env=ENV):
    return subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout


def instructions(command):
    """Instructions the command executes, counted by callgrind (None without valgrind)."""
    if shutil.which("valgrind") is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={tmp}/cg", *command],
                             env=ENV, capture_output=True, text=True, check=True).stderr
    return int(re.search(r"Collected : (\d+)", out).group(1))


def per_call_instructions(command_for, calls=(2000, 12000)):
    """Instructions per call: the difference of two runs cancels start-up."""
    low, high = (instructions(command_for(n)) for n in calls)
    return None if low is None else (high - low) / (calls[1] - calls[0])


def dispatch_section(lines, budgets):
    exe = str(BUILD / "bench" / "dispatch_overhead")
    timing = run([exe, "2000000"])
    ns = {m.group(1): float(m.group(2)) for m in re.finditer(r"^(\w+)\s+([\d.]+)", timing, re.M)}
    counts = {v: per_call_instructions(lambda n, v=v: [exe, "--only", v, str(n)], (100000, 600000))
              for v in ("direct", "wrapper", "by_name")}
    over = ns["wrapper"] - ns["direct"]
    lines += ["## C user -> C implementation, per call", "",
              "| variant | ns/call | instructions/call |", "|---|---:|---:|"]
    for v in ("direct", "wrapper", "by_name"):
        lines.append(f"| {v} | {ns[v]:.1f} | {counts[v]:.0f} |" if counts[v] else f"| {v} | {ns[v]:.1f} | - |")
    lines += ["", "`direct` calls the implementation's `solve_qeq` through a function pointer; `wrapper` is "
              "`oif_solve_qeq()`; `by_name` is `call_interface_impl(h, \"solve_qeq\", ...)`.", ""]
    budgets.append(("C user -> C impl through the dispatcher, over a direct call", f"{over:.0f} ns",
                    "<= 50 ns", over <= 50))
    instances = {}
    for count in (1, 10, 1000):
        out = run([exe, "1000000", str(count)])
        instances[count] = float(re.search(r"^wrapper\s+([\d.]+)", out, re.M).group(1))
    lines += ["Per-call cost with other instances loaded: " +
              ", ".join(f"{k} loaded: {v:.1f} ns" for k, v in instances.items()) + ".", ""]
    return instances


def crossings_section(lines, budgets):
    sys.path.insert(0, str(HERE))
    import crossings

    ns = crossings.timings()
    script = str(HERE / "crossings.py")
    counts = {name: per_call_instructions(lambda n, name=name: [PYTHON, script, "--count", name, str(n)],
                                          (20000, 120000) if name in ("callback", "callback_new_views", "ccallback",
                                                                      "passed_through") else (2000, 12000))
              for name in ns}
    lines += ["## Crossings between Python and C", "",
              "| crossing | ns | instructions | floor | floor ns | floor instructions | budget |",
              "|---|---:|---:|---|---:|---:|---|"]
    by_instr = crossings.derived(counts) if all(counts.values()) else None
    for i, (what, value, floor_name, floor_ns, budget) in enumerate(crossings.derived(ns)):
        instr = f"{by_instr[i][1]:.0f}" if by_instr else "-"
        floor_instr = f"{by_instr[i][3]:.0f}" if by_instr and by_instr[i][3] is not None else ""
        lines.append(f"| {what} | {value:.0f} | {instr} | {floor_name or ''} | "
                     f"{'' if floor_ns is None else f'{floor_ns:.0f}'} | {floor_instr} | {budget or ''} |")
        if budget:
            limit = float(re.search(r"[\d.]+", budget).group()) * (1000 if "us" in budget else 1)
            budgets.append((what, f"{value:.0f} ns", budget, value <= limit))
    lines += ["", "Times are medians of interleaved runs, less timeit's own cost per call; instruction counts "
              "are per crossing, from two callgrind runs of different lengths.", ""]


def scaling_section(lines, plots, instances):
    import scaling

    per_size = scaling.per_array_size(7, 20000)
    per_count = scaling.per_instance_count(7, 50000)
    per_count["C user, oif_solve_qeq (C dispatcher)"] = list(instances.items())
    lines += ["## Scaling", "", "Per-call cost must not grow with the number of loaded instances or with "
              "array size (arrays are never copied).", "", "| series | " +
              " | ".join(str(x) for x in scaling.SIZES) + " |", "|---|" + "---:|" * len(scaling.SIZES)]
    for label, points in per_size.items():
        lines.append(f"| {label} (ns) | " + " | ".join(f"{ns:.0f}" for _, ns in points) + " |")
    lines += ["", "| series | " + " | ".join(str(x) for x in scaling.INSTANCES) + " instances |",
              "|---|" + "---:|" * len(scaling.INSTANCES)]
    for label, points in per_count.items():
        lines.append(f"| {label} (ns) | " + " | ".join(f"{ns:.0f}" for _, ns in points) + " |")
    lines.append("")
    plots.append(("scaling_array_size.png", "Per-call cost against array size", "elements", per_size))
    plots.append(("scaling_instances.png", "Per-call cost against loaded instances", "instances", per_count))


def burgers_python_section(lines, budgets, plots, sizes):
    import burgers_python

    bars = {}
    for n, repeats in sizes:
        results = burgers_python.measure(n, repeats)
        base = next(iter(results.values()))[0]
        lines += [f"## Burgers' equation from Python, N = {n} (median of {repeats})", "",
                  "| variant | seconds | RHS evaluations | ratio to 1 | max abs difference to 1 |",
                  "|---|---:|---:|---:|---:|"]
        for name, (sec, evals, diff) in results.items():
            lines.append(f"| {name} | {sec:.3f} | {evals} | {sec / base:.3f} | {diff:.1e} |")
        lines.append("")
        bars[n] = {name: sec / base for name, (sec, _, _) in results.items()}
        if n == 101:
            names = list(results)
            ratios = burgers_instruction_ratios(n, [names[2], names[3]], reference=names[0])
            for (what, limit), name in zip(
                    [("Burgers N=101, scipy_ode, callback forced through C, over SciPy directly", 1.03),
                     ("Burgers N=101, dopri5c with a Python RHS, over SciPy's dopri5 directly", 1.00)],
                    names[2:4]):
                timed = results[name][0] / base
                if ratios is None:
                    budgets.append((what, f"{timed:.3f}x", f"<= {limit:.2f}x", timed <= limit))
                else:
                    budgets.append((what, f"{ratios[name]:.3f}x in instructions ({timed:.3f}x in time)",
                                    f"<= {limit:.2f}x", ratios[name] <= limit))
    plots.append(("burgers_python.png", "Burgers' equation from Python: time over SciPy directly", None, bars))


def burgers_instruction_ratios(n, names, reference):
    """Each named variant's instructions over the reference's, start-up
    (the imports) left out of both; None without valgrind.  Timings of a
    0.3 s run vary by 10 % on a shared machine, instruction counts do not."""
    script = str(HERE / "burgers_python.py")
    counts = {name: instructions([PYTHON, script, "--once", str(n), name]) for name in ["none", reference, *names]}
    if counts["none"] is None:
        return None
    work = {name: count - counts["none"] for name, count in counts.items()}
    return {name: work[name] / work[reference] for name in names}


def burgers_c_section(lines, sizes):
    for n, repeats in sizes:
        out = run([str(BUILD / "bench" / "burgers_c"), str(n), str(repeats)])
        lines += [f"## Burgers' equation from C, N = {n}", "", "```", out.rstrip(), "```", ""]


def startup_section(lines):
    import startup

    lines += ["## Start-up", "", "| what | ms |", "|---|---:|"]
    lines += [f"| {what} | {sec * 1e3:.1f} |" for what, sec in startup.measure()]
    lines.append("")


def python_threads_section(lines, budgets):
    out = run([str(BUILD / "bench" / "python_thread_calls")])
    ns = dict(re.findall(r"^from (the thread that started Python|another thread)\s+([\d.]+)", out, re.M))
    here, there = float(ns["the thread that started Python"]), float(ns["another thread"])
    lines += ["## C user -> Python implementation from several threads", "",
              "| thread | ns/call |", "|---|---:|",
              f"| the one that started Python | {here:.0f} |", f"| another | {there:.0f} |", "",
              "`py_qeq_solver`'s `solve_qeq` from C (`bench/python_thread_calls`).", ""]
    budgets.append(("C -> Python call from another thread, over the thread that started Python",
                    f"{there / here:.2f}x", "<= 1.2x", there / here <= 1.2))


def draw(plots):
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return []
    written = []
    for filename, title, xlabel, data in plots:
        fig, ax = plt.subplots(figsize=(8, 4.5))
        if xlabel is None:  # grouped bars: {N: {variant: ratio}}
            variants = list(next(iter(data.values())))
            width = 0.8 / len(data)
            for i, (n, ratios) in enumerate(data.items()):
                ax.bar([j + i * width for j in range(len(variants))], [ratios[v] for v in variants], width,
                       label=f"N = {n}")
            ax.set_xticks([j + 0.4 - width / 2 for j in range(len(variants))])
            ax.set_xticklabels([v.split(" ", 1)[1] if v[0].isdigit() else v for v in variants], rotation=20,
                               ha="right", fontsize=7)
            ax.axhline(1.0, color="k", linewidth=0.8)
            ax.set_ylabel("time / SciPy directly")
        else:
            for label, points in data.items():
                ax.plot([x for x, _ in points], [ns for _, ns in points], marker="o", label=label)
            ax.set_xscale("log")
            ax.set_xlabel(xlabel)
            ax.set_ylabel("ns per call")
            ax.set_ylim(bottom=0)
        ax.set_title(title)
        ax.legend(fontsize=8)
        fig.tight_layout()
        fig.savefig(RESULTS / filename, dpi=110)
        plt.close(fig)
        written.append(filename)
    return written


def main(argv):
    quick = "--quick" in argv
    RESULTS.mkdir(exist_ok=True)
    budgets, plots, lines = [], [], []
    instances = dispatch_section(lines, budgets)
    crossings_section(lines, budgets)
    scaling_section(lines, plots, instances)
    sizes = [(101, 7), (1001, 3)] + ([] if quick else [(10001, 3)])
    burgers_python_section(lines, budgets, plots, sizes)
    burgers_c_section(lines, [(101, 7), (1001, 3)] + ([] if quick else [(10001, 1)]))
    python_threads_section(lines, budgets)
    startup_section(lines)
    images = draw(plots)

    header = [
        "# Performance report", "",
        f"Generated {datetime.datetime.now():%Y-%m-%d %H:%M} by `make bench` on {platform.node()} "
        f"({os.cpu_count()} CPUs, {platform.machine()}, Python {platform.python_version()})"
        + (", quick run" if quick else "") + ".", "",
        "## Budgets (docs/performance.md explains each row)", "",
        "| crossing | measured | budget | met |", "|---|---:|---:|:---:|",
    ]
    header += [f"| {what} | {value} | {budget} | {'yes' if ok else '**no**'} |" for what, value, budget, ok in budgets]
    header.append("")
    header += [f"![{name}]({name})" for name in images] + [""]
    (RESULTS / "report.md").write_text("\n".join(header + lines))
    print((RESULTS / "report.md").read_text())
    return 0 if all(ok for *_, ok in budgets) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
