"""`python3 -m openinterfaces new`: the folder of a new implementation.

The skeleton implements every method of the interface, each failing with
"not implemented yet" until written, so that it builds and loads as it is
and `python3 -m openinterfaces check` shows what is left to do.  The
methods come from what the installed package knows of the interface: the
generated Python base class (for Python) and the generated table of the
C prototypes of <oif_impl/NAME.h> (_impl/interfaces/_c_prototypes.py, for C),
so that a skeleton always matches the headers it is compiled against.
"""

import importlib
import inspect
import keyword
import pathlib
import re
import textwrap
import types
import typing

from openinterfaces._impl.interfaces._c_prototypes import INTERFACES

LANGUAGES = ("c", "python")
# Names become a C identifier, a Python module and a folder: ASCII letters,
# digits and _, as the loader accepts, and not starting with a digit.
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class ScaffoldError(Exception):
    """Input the scaffold refuses: the message says why."""


def check_name(name: str) -> None:
    if not NAME.match(name):
        raise ScaffoldError(
            f"invalid implementation name {name!r}: use ASCII letters, digits and _, not starting with a digit"
        )
    if keyword.iskeyword(name):
        raise ScaffoldError(f"invalid implementation name {name!r}: it is a Python keyword")


def check_interface(interface: str) -> None:
    if interface not in INTERFACES:
        raise ScaffoldError(f"unknown interface {interface!r}; known: {', '.join(sorted(INTERFACES))}")


def class_name(name: str, base: str) -> str:
    camel = "".join(part[:1].upper() + part[1:] for part in name.split("_") if part) or "Impl"
    if not camel[0].isalpha():
        camel = "Impl" + camel
    # The base class's own name would shadow it in the module.
    return camel + "Impl" if camel == base else camel


def wrap(text: str, indent: str, width: int = 79) -> list[str]:
    return textwrap.wrap(" ".join(text.split()), width - len(indent)) or [""]


def c_comment(text: str, indent: str = "") -> str:
    lines = wrap(text, indent + " * ")
    if len(lines) == 1 and len(lines[0]) + len(indent) + 6 <= 79:
        return f"{indent}/* {lines[0]} */\n"
    return f"{indent}/*\n" + "".join(f"{indent} * {line}\n" for line in lines) + f"{indent} */\n"


# ---------------------------------------------------------------- C


def c_source(interface: str, name: str) -> str:
    spec = INTERFACES[interface]
    major, minor = spec["version"]
    keeps_user_data = any(
        len(m["args"]) == 1 and m["args"][0][1] == "USER_DATA" for m in spec["methods"]
    )
    out = [
        c_comment(
            f"{name}: an implementation of interface '{interface}' {major}.{minor} in C. "
            f"{spec['doc']} Scaffolded by `python3 -m openinterfaces new {interface} {name} --lang c`: "
            "each method fails with \"not implemented yet\" until written. A method returns 0 on success; "
            "on failure it calls oif_set_error() with the reason and returns non-zero."
        ),
        "#include <stdlib.h>\n\n",
        f"#include <oif_impl/{interface}.h>\n\n",
        "/* The interface version it is built for, checked at load (<oif/impl_abi.h>). */\n",
        f"OIF_IMPL_ABI_{interface.upper()};\n\n",
        "/* The state of one loaded instance: what the methods keep between calls. */\n",
        "struct self {\n",
        "    void *user_data; /* as set_user_data gave it */\n" if keeps_user_data
        else "    int calls; /* C wants a member; replace it by the solver's state */\n",
        "};\n\n",
        "/* Called once per loaded instance; NULL fails the load. */\n",
        "Self *malloc_self(void)\n{\n    return calloc(1, sizeof(Self));\n}\n\n",
        "/* Called when the instance is unloaded. */\n",
        "void free_self(Self *self)\n{\n    free(self);\n}\n",
    ]
    for method in spec["methods"]:
        doc = method["doc"]
        if method["since_minor"]:
            doc += (f" (Added in '{interface}' {major}.{method['since_minor']}: optional. Delete it if you do "
                    "not provide it; calling it is then an error saying so.)")
        out.append("\n" + c_comment(doc) + method["prototype"] + "\n{\n")
        args = method["args"]
        if keeps_user_data and len(args) == 1 and args[0][1] == "USER_DATA":
            # Trivial, and what every other method hands back to callbacks.
            out.append(f"    self->user_data = {args[0][0]};\n    return 0;\n}}\n")
            continue
        out.append("    (void)self;\n")
        out.extend(f"    (void){arg};\n" for arg, _ in args)
        out.append('    oif_set_error("not implemented yet");\n    return 1;\n}\n')
    return "".join(out)


C_MESON = """\
# {name}: an implementation of interface '{interface}' in C, built against an
# installed Open Interfaces found by pkg-config (oif.pc).
#
#   meson setup build && ninja -C build && meson install -C build
#
# installs lib{name}.so and {name}.conf into <impldir>/{interface}/{name}/,
# where the shipped implementations are and loaders look without
# OIF_IMPL_PATH.  To use it without installing, put a folder
# <root>/{interface}/{name}/ holding {name}.conf and the built lib{name}.so on
# OIF_IMPL_PATH=<root>.
project('{name}', 'c', version: '0.1.0', meson_version: '>=1.0',
  default_options: ['c_std=c11', 'warning_level=2'])

oif_dep = dependency('oif')
# The C maths library (sqrt, exp, ...), which numerical code soon needs.
math_dep = meson.get_compiler('c').find_library('m', required: false)

# The folder of installed implementations: -Dimpldir=... if given, else oif.pc's
# `impldir` variable, else (an oif.pc from before that variable) the default
# layout <libdir>/oif/impl under this project's prefix, said out loud because
# it may not be the folder the installed Open Interfaces searches.
impldir = get_option('impldir')
if impldir == ''
  impldir = oif_dep.get_variable(pkgconfig: 'impldir', default_value: '')
endif
if impldir == ''
  impldir = get_option('prefix') / get_option('libdir') / 'oif' / 'impl'
  warning('oif.pc has no impldir variable: installing into ' + impldir + ', which loaders search only if it '
    + 'is the installed Open Interfaces\\' own; else add ' + impldir + ' to OIF_IMPL_PATH, or give -Dimpldir=...')
endif
install_dir = impldir / '{interface}' / '{name}'

shared_library('{name}', '{name}.c',
  dependencies: [oif_dep, math_dep],
  install: true, install_dir: install_dir)
# The .conf names the library, which the loader looks for next to it: both
# in build/ too, to copy into <root>/{interface}/{name}/ for OIF_IMPL_PATH.
import('fs').copyfile('{name}.conf', install: true, install_dir: install_dir)
"""

C_OPTIONS = """\
option('impldir', type: 'string', value: '',
  description: 'Folder of installed implementations (default: oif.pc\\'s impldir variable)')
"""


def c_files(interface: str, name: str) -> dict[str, str]:
    return {
        f"{name}.c": c_source(interface, name),
        f"{name}.conf": f"c\nlib{name}\n",
        "meson.build": C_MESON.format(interface=interface, name=name),
        "meson_options.txt": C_OPTIONS,
    }


# ---------------------------------------------------------------- Python


def annotation_text(annotation) -> str:
    if annotation is inspect.Parameter.empty:
        return ""
    if isinstance(annotation, types.UnionType):
        return " | ".join(annotation_text(a) for a in typing.get_args(annotation))
    if annotation is type(None):
        return "None"
    if annotation is typing.Any:
        return "Any"
    if isinstance(annotation, type):
        if annotation.__module__ == "numpy":
            return f"np.{annotation.__name__}"
        return annotation.__name__
    return repr(annotation).replace("collections.abc.", "").replace("typing.", "")


def python_signature(fn) -> str:
    signature = inspect.signature(fn)
    params = []
    for p in signature.parameters.values():
        text = annotation_text(p.annotation)
        params.append(f"{p.name}: {text}" if text else p.name)
    returns = annotation_text(signature.return_annotation)
    return f"def {fn.__name__}({', '.join(params)})" + (f" -> {returns}" if returns else "") + ":"


def python_source(interface: str, name: str) -> tuple[str, str]:
    spec = INTERFACES[interface]
    major, minor = spec["version"]
    module = importlib.import_module(f"openinterfaces._impl.interfaces.{interface}")
    base_name = next(n for n, obj in vars(module).items()
                     if inspect.isclass(obj) and obj.__module__ == module.__name__)
    base = getattr(module, base_name)
    cls = class_name(name, base_name)
    methods = []
    for method in spec["methods"]:
        fn = getattr(base, method["name"])
        doc = method["doc"]
        if method["since_minor"]:
            doc += (f" (Added in '{interface}' {major}.{method['since_minor']}: optional. Delete it if you do "
                    "not provide it; calling it is then an error saying so.)")
        doc_lines = wrap(doc, " " * 8)
        docstring = ('        """' + doc_lines[0] + ("\n" + "".join(f"        {line}\n" for line in doc_lines[1:])
                     + '        """' if len(doc_lines) > 1 else '"""') + "\n")
        methods.append(f"    {python_signature(fn)}\n{docstring}"
                       f'        raise NotImplementedError("{method["name"]} is not implemented yet")\n')
    body = "\n".join(methods)
    imports = []
    if "Callable" in body:
        imports.append("from collections.abc import Callable\n")
    if "Any" in body:
        imports.append("from typing import Any\n")
    if imports:
        imports.append("\n")
    if "np." in body:
        imports.append("import numpy as np\n\n")
    header = (
        f'"""{name}: an implementation of interface \'{interface}\' {major}.{minor} in Python.\n\n'
        + "\n".join(wrap(f"{spec['doc']} Scaffolded by `python3 -m openinterfaces new {interface} {name} "
                         "--lang python`: each method raises NotImplementedError until written. Raise an "
                         "exception to fail a call; return None on success.", ""))
        + '\n"""\n\n'
    )
    source = (header + "".join(imports) + f"from {module.__name__} import {base_name}\n\n\n"
              f"class {cls}({base_name}):\n" + body)
    return source, cls


PYPROJECT = """\
# {name}: an implementation of interface '{interface}' in Python, as a
# package.  Installed (pip install .), it is found through its entry point in
# the group openinterfaces.impls, named <interface>.<name>.  Without
# installing, put the folder {interface}/{name}/ (this one, with {name}.conf
# and {name}.py) under a folder on OIF_IMPL_PATH.
[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "oif-{interface}-{dist_name}"
version = "0.1.0"
description = "An implementation of Open Interfaces' interface '{interface}'"
requires-python = ">=3.11"
# It imports openinterfaces (the distribution openinterfaces-c) and NumPy at
# run time; not listed, so that installing it does not fetch a second copy
# where Open Interfaces was installed by meson or the system.
dependencies = []

[project.entry-points."openinterfaces.impls"]
"{interface}.{name}" = "{name}:{cls}"

[tool.setuptools]
py-modules = ["{name}"]
"""


def python_files(interface: str, name: str) -> dict[str, str]:
    source, cls = python_source(interface, name)
    return {
        f"{name}.py": source,
        f"{name}.conf": f"python\n{name} {cls}\n",
        "pyproject.toml": PYPROJECT.format(interface=interface, name=name, cls=cls,
                                           dist_name=name.replace("_", "-")),
    }


# ---------------------------------------------------------------- both


def scaffold(interface: str, name: str, language: str, parent: pathlib.Path) -> pathlib.Path:
    """Writes parent/name/ and returns it; ScaffoldError for bad input."""
    check_interface(interface)
    check_name(name)
    if language not in LANGUAGES:
        raise ScaffoldError(f"unknown language {language!r}; known: {', '.join(LANGUAGES)}")
    target = parent / name
    if target.exists() and not target.is_dir():
        raise ScaffoldError(f"{target} exists and is not a folder")
    if target.is_dir() and any(target.iterdir()):
        raise ScaffoldError(f"{target} exists and is not empty; choose another name or --dir")
    files = c_files(interface, name) if language == "c" else python_files(interface, name)
    target.mkdir(parents=True, exist_ok=True)
    for filename, text in files.items():
        (target / filename).write_text(text)
    return target


def next_steps(interface: str, name: str, language: str, target: pathlib.Path) -> str:
    if language == "c":
        how = (f"Build and install it: cd {target} && meson setup build && ninja -C build && meson install -C build\n"
               f"(or copy build/{name}.conf and build/lib{name}.so into <root>/{interface}/{name}/ and set OIF_IMPL_PATH=<root>).")
    else:
        how = (f"Use it in place: its folder must be <root>/{interface}/{name}/; set OIF_IMPL_PATH=<root>.\n"
               f"Or install it as a package: pip install {target}")
    return (f"Wrote {target}/: every method of '{interface}' fails with \"not implemented yet\" until written.\n"
            f"{how}\nThen: python3 -m openinterfaces check {interface} {name}")
