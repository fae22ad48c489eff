"""python3 -m openinterfaces: the interfaces and their implementations.

For each implementation: its language, and whether it loads here (with the
reason when it does not).
"""

import argparse
import sys

import openinterfaces
from openinterfaces import _core


def availability(interface: str, impl: str) -> str:
    try:
        binding = _core.load_impl(interface, impl, *_core.interface_version(interface))
    except ValueError as e:
        return f"unavailable: {e}"
    _core.unload_impl(binding)
    return "available"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python3 -m openinterfaces",
        description="Lists the interfaces, their implementations on the search path, the language of each "
        "and whether it loads here.",
        epilog="Implementations are found in the folders of OIF_IMPL_PATH (colon-separated), then among the "
        "shipped ones.",
    )
    parser.add_argument("--version", action="version", version=f"openinterfaces {openinterfaces.__version__}")
    parser.parse_args(argv)
    print(f"Implementations are searched for in: {_core.search_path()}")
    for interface in _core.interface_names():
        print(f"\n{interface}")
        impls = _core.list_impls(interface)
        if not impls:
            print("    (none found)")
        for impl in impls:
            try:
                language = _core.impl_language(interface, impl)
            except ValueError:
                language = "?"
            print(f"    {impl:<20} {language:<8} {availability(interface, impl)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
