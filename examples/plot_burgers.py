#!/usr/bin/env python3
"""Plots what `demo_burgers --csv DATA.csv --stats STATS.csv` wrote.

Usage: plot_burgers.py DATA.csv STATS.csv OUTPUT.png

At the demo's tolerance every backend's solution lies on the reference's, so
the solutions alone would show one curve: the figure has three panels, the
solutions (left), each backend's error against the reference on a log scale
(middle: where they differ, and by how much), and each backend's cost, its
time and right-hand-side evaluations (right, a table).  The legends sit
outside the axes, clear of the shock.
"""
import csv
import sys

# Below this an error is drawn at this value: a log scale has no zero (a
# backend can match the reference exactly where the solution is flat).
ERROR_FLOOR = 1e-17


def read_columns(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    header, values = rows[0], [[float(v) for v in row] for row in rows[1:]]
    return header, {name: [row[i] for row in values] for i, name in enumerate(header)}


def read_stats(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def main(data_path, stats_path, png_path):
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not available: no plot written")
        return 0
    header, columns = read_columns(data_path)
    backends = [name for name in header if name not in ("x", "u0", "reference")]
    stats = read_stats(stats_path)
    x, reference = columns["x"], columns["reference"]

    fig, (solution_ax, error_ax, table_ax) = plt.subplots(
        1, 3, figsize=(16, 4.8), gridspec_kw={"width_ratios": [1, 1, 0.9]}
    )
    # Distinct markers, spaced out, so that coinciding curves stay
    # distinguishable; the reference is the wide pale line beneath them.
    markers = "os^vD<>ph*"
    mark_every = max(1, len(x) // 12)
    solution_ax.plot(x, columns["u0"], "k--", linewidth=1, label="u(0, x)")
    solution_ax.plot(x, reference, color="0.75", linewidth=5, label="u(2, x), reference")
    for k, name in enumerate(backends):
        solution_ax.plot(x, columns[name], linewidth=1, marker=markers[k % len(markers)],
                         markevery=(k * mark_every // max(1, len(backends)), mark_every), markersize=5,
                         label=f"u(2, x), {name}")
    solution_ax.set_xlabel("x")
    solution_ax.set_ylabel("u")
    solution_ax.set_title("Solutions")

    for k, name in enumerate(backends):
        error = [max(abs(u - r), ERROR_FLOOR) for u, r in zip(columns[name], reference)]
        error_ax.semilogy(x, error, linewidth=1, marker=markers[k % len(markers)],
                          markevery=(k * mark_every // max(1, len(backends)), mark_every), markersize=4,
                          label=name)
    error_ax.set_xlabel("x")
    error_ax.set_ylabel("|u(2, x) - reference|")
    error_ax.set_title("Error against the reference")
    # One legend for both plots, below them, away from the shock.
    handles, labels = solution_ax.get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=min(len(labels), 5), frameon=False)

    table_ax.axis("off")
    table_ax.set_title("Cost of each backend")
    rows = [[s["backend"], s["language"], f"{float(s['seconds']):.4f}", s["rhs_evaluations"] or "-",
             f"{float(s['max_abs_error']):.2e}"] for s in stats]
    table = table_ax.table(cellText=rows, colLabels=["backend", "language", "time [s]", "RHS evals", "max error"],
                           colWidths=[0.3, 0.16, 0.16, 0.18, 0.2], loc="center", cellLoc="right", colLoc="right")
    table.auto_set_font_size(False)
    table.set_fontsize(9)
    table.scale(1, 1.6)

    fig.suptitle("Inviscid Burgers' equation at t = 2, every ivp backend")
    fig.tight_layout(rect=(0, 0.1, 1, 1))
    fig.savefig(png_path, dpi=120)
    print(f"plot written to {png_path}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:]))
