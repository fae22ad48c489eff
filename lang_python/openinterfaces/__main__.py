"""python3 -m openinterfaces: the interfaces and their implementations.

With no subcommand: for each implementation, its language, and whether it
loads here (with the reason when it does not).  Subcommands:

  new INTERFACE NAME --lang c|python [--dir D]
      writes D/NAME/, a skeleton implementation that builds and loads,
      each method failing with "not implemented yet" (_scaffold.py);
  check INTERFACE NAME
      runs the interface's conformance suite on the implementation and
      prints a table of PASS/FAIL/SKIP (_check.py); exit status 0 when all
      pass, 1 otherwise, 2 for usage errors.
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


def list_all() -> int:
    print(f"Implementations are searched for in: {_core.search_path()}")
    for interface in _core.interface_names():
        print(f"\n{interface}")
        impls = openinterfaces.list_impls(interface)  # with what entry points announce
        if not impls:
            print("    (none found)")
        for impl in impls:
            try:
                language = _core.impl_language(interface, impl)
            except ValueError:
                language = "?"
            print(f"    {impl:<20} {language:<8} {availability(interface, impl)}")
    return 0


def new(parser, args) -> int:
    import pathlib

    from openinterfaces import _scaffold

    try:
        target = _scaffold.scaffold(args.interface, args.name, args.lang, pathlib.Path(args.dir))
    except _scaffold.ScaffoldError as e:
        parser.error(str(e))  # exits with status 2
    print(_scaffold.next_steps(args.interface, args.name, args.lang, target))
    return 0


def check(parser, args) -> int:
    from openinterfaces import _check

    try:
        return _check.check(args.interface, args.name)
    except _check.UsageError as e:
        parser.error(str(e))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python3 -m openinterfaces",
        description="Lists the interfaces, their implementations on the search path, the language of each "
        "and whether it loads here. The subcommands write a new implementation's skeleton (new) and check "
        "an implementation against its interface's conformance suite (check).",
        epilog="Implementations are found in the folders of OIF_IMPL_PATH (colon-separated), then among the "
        "shipped ones.",
    )
    parser.add_argument("--version", action="version", version=f"openinterfaces {openinterfaces.__version__}")
    commands = parser.add_subparsers(dest="command", metavar="{new,check}")
    new_parser = commands.add_parser(
        "new", help="write the skeleton of a new implementation",
        description="Writes DIR/NAME/: a skeleton implementation of INTERFACE in C (source, .conf, meson.build) "
        "or Python (module, .conf, pyproject.toml) that builds and loads as it is, every method failing with "
        "\"not implemented yet\" until written.")
    new_parser.add_argument("interface", help=f"one of {', '.join(_core.interface_names())}")
    new_parser.add_argument("name", help="the implementation's name: letters, digits and _")
    new_parser.add_argument("--lang", required=True, choices=["c", "python"], help="its language")
    new_parser.add_argument("--dir", default=".", help="the folder to write NAME/ into (default: the current one)")
    check_parser = commands.add_parser(
        "check", help="run an interface's conformance suite on an implementation",
        description="Runs the conformance suite of INTERFACE (the tests run on the shipped implementations) "
        "on the implementation NAME, found as any loader finds it, and prints one row per test. Exit status: "
        "0 when all pass, 1 otherwise, 2 for usage errors.")
    check_parser.add_argument("interface", help=f"one of {', '.join(_core.interface_names())}")
    check_parser.add_argument("name", help="the implementation's name")
    args = parser.parse_args(argv)
    if args.command == "new":
        return new(new_parser, args)
    if args.command == "check":
        return check(check_parser, args)
    return list_all()


if __name__ == "__main__":
    sys.exit(main())
