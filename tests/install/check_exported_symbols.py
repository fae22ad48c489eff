#!/usr/bin/env python3
"""The installed libraries export exactly the public API, no more, no less.

Usage: check_exported_symbols.py BUILD_DIR CC [CC_ARGS...]

Installs the build into a scratch folder, reads every function and object
that the installed headers under include/oif/ declare (the compiler's
-aux-info lists the functions; `extern` declarations name the objects), and
compares them with what the installed libraries export (nm -D
--defined-only):

- liboif_common, liboif_dispatch and liboif_c together export every declared
  symbol, each from one library only, and nothing that is not declared: an
  internal function exported by accident would become part of the ABI that
  implementations and users may bind to;
- a language bridge exports its entry point alone.
"""

import re
import subprocess
import sys
import tempfile
from pathlib import Path

CORE_LIBRARIES = ("liboif_common", "liboif_dispatch", "liboif_c")
# What each bridge is found by; the Python bridge's loader opens its core
# library and asks for oif_python_bridge.
BRIDGE_ENTRIES = {
    "liboif_bridge_c": "oif_bridge_entry",
    "liboif_bridge_python": "oif_bridge_entry",
    "liboif_bridge_python_core": "oif_python_bridge",
}
# Declared for bridges to define, not exported by the core libraries.
BRIDGE_ENTRY_DECLARATION = "oif_bridge_entry"


def declared_symbols(include_root, cc):
    """Names of the functions and objects declared in include_root/oif/."""
    headers = sorted(include_root.glob("oif/**/*.h"))
    public_dir = str(include_root / "oif") + "/"
    with tempfile.TemporaryDirectory() as tmp:
        unit = Path(tmp) / "all_headers.c"
        unit.write_text("".join(f"#include <{h.relative_to(include_root)}>\n" for h in headers))
        aux = Path(tmp) / "prototypes.txt"
        subprocess.run([*cc, "-std=c11", "-fsyntax-only", f"-I{include_root}", "-aux-info", str(aux), str(unit)],
                       check=True)
        prototypes = aux.read_text()
        preprocessed = subprocess.run([*cc, "-std=c11", "-E", f"-I{include_root}", str(unit)],
                                      check=True, capture_output=True, text=True).stdout
    # -aux-info lines look like "/* <file>:<line>:NC */ extern int f (int);".
    names = set()
    for line in prototypes.splitlines():
        m = re.match(r"/\* (\S+):\d+:\w+ \*/ (.*)", line)
        # static inline functions are compiled into their callers: no export.
        if m and m.group(1).startswith(public_dir) and not m.group(2).startswith("static "):
            names.add(re.search(r"(\w+) \(", m.group(2)).group(1))
    # Objects: `extern` declarations outside any parentheses, in our headers
    # (line markers `# <line> "<file>"` say which file the text is from).
    ours = []
    current = ""
    for line in preprocessed.splitlines():
        marker = re.match(r'# \d+ "([^"]+)"', line)
        if marker:
            current = marker.group(1)
        elif current.startswith(public_dir):
            ours.append(line)
    for m in re.finditer(r"\bextern\b[^;(){}]*?\b(\w+)\s*;", "\n".join(ours)):
        names.add(m.group(1))
    return names, len(headers)


# AddressSanitizer exports an indicator of the one-definition rule beside
# each exported object: __odr_asan.<object>.
ASAN_ODR_INDICATOR = "__odr_asan."


def exported_symbols(library):
    out = subprocess.run(["nm", "-D", "--defined-only", str(library)], check=True, capture_output=True,
                         text=True).stdout
    names = {line.split()[-1].split("@")[0] for line in out.splitlines() if line.strip()}
    return {n for n in names
            if not (n.startswith(ASAN_ODR_INDICATOR) and n.removeprefix(ASAN_ODR_INDICATOR) in names)}


def main(argv):
    build_dir, cc = Path(argv[1]), argv[2:]
    failures = []
    with tempfile.TemporaryDirectory() as stage:
        subprocess.run(["meson", "install", "-C", str(build_dir), "--no-rebuild", "--quiet", "--destdir", stage],
                       check=True, stdout=subprocess.DEVNULL)
        include_root = next(Path(stage).glob("**/include/oif")).parent
        declared, num_headers = declared_symbols(include_root, cc)
        # The libraries' real files (the unversioned names may be links).
        libdir = next(Path(stage).glob("**/liboif_dispatch.so*")).parent
        libraries = {}
        for f in sorted(libdir.glob("liboif_*.so*")):
            if f.is_file() and not f.is_symlink():
                libraries[f.name.split(".so")[0]] = exported_symbols(f)

    for name in (*CORE_LIBRARIES, *BRIDGE_ENTRIES):
        if name not in libraries:
            failures.append(f"{name} is not installed in {libdir.relative_to(stage)}")
    exported_by = {}
    for name in CORE_LIBRARIES:
        for symbol in libraries.get(name, ()):
            exported_by.setdefault(symbol, []).append(name)
    for symbol, owners in sorted(exported_by.items()):
        if symbol not in declared:
            failures.append(f"{owners[0]} exports {symbol}, which no public header declares")
        if len(owners) > 1:
            failures.append(f"{symbol} is exported by {' and '.join(owners)}")
    for symbol in sorted(declared - exported_by.keys() - {BRIDGE_ENTRY_DECLARATION}):
        failures.append(f"{symbol} is declared in a public header but no library exports it")
    for name, entry in BRIDGE_ENTRIES.items():
        extra = libraries.get(name, {entry}) - {entry}
        if extra:
            failures.append(f"{name} exports {', '.join(sorted(extra))} besides its entry point {entry}")
        if name in libraries and entry not in libraries[name]:
            failures.append(f"{name} does not export its entry point {entry}")

    for failure in failures:
        print("FAIL:", failure)
    if failures:
        return 1
    print(f"{len(declared)} symbols declared in {num_headers} installed headers, each exported by one of "
          f"{', '.join(CORE_LIBRARIES)}, and nothing else; {len(BRIDGE_ENTRIES)} bridges export their entry alone")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
