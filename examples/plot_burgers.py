#!/usr/bin/env python3
"""Plots the CSV written by `demo_burgers --csv`: u(0) and each backend's u(2).

Usage: plot_burgers.py DATA.csv OUTPUT.png
"""
import csv
import sys


def main(csv_path, png_path):
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not available: no plot written")
        return 0
    with open(csv_path, newline="") as f:
        rows = list(csv.reader(f))
    header, values = rows[0], [[float(v) for v in row] for row in rows[1:]]
    columns = {name: [row[i] for row in values] for i, name in enumerate(header)}
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(columns["x"], columns["u0"], "k--", label="u(0, x)")
    for name in header[2:]:
        ax.plot(columns["x"], columns[name], label=f"u(2, x), {name}")
    ax.set_xlabel("x")
    ax.set_ylabel("u")
    ax.set_title("Inviscid Burgers' equation, every ivp backend")
    ax.legend()
    fig.tight_layout()
    fig.savefig(png_path, dpi=120)
    print(f"plot written to {png_path}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
