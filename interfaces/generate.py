#!/usr/bin/env python3
"""Turns the interface specs (interfaces/<name>.toml) into code at build time.

Usage: generate.py KIND OUTPUT SPEC.toml [SPEC.toml ...]

KIND is one of
  user-header   <oif/interfaces/NAME.h>: the C user's functions of one interface
  c-wrappers    their definitions, which pack arguments and call the dispatcher
  impl-header   <oif_impl/NAME.h>: what a C implementation of one interface defines
  spec-table    the method tables of all interfaces, compiled into the dispatcher
  impl-prototypes
                openinterfaces._impl.interfaces._c_prototypes: the
                impl-header prototypes of all interfaces, as Python data
  c-invokers    one typed call per method of all interfaces, for the C bridge
  callback-trampolines, callback-invokers
                typed calls into and out of Python for every callback
                signature of all interfaces, for the Python extension and
                the Python bridge (see callback_glue below)
  python-abc    openinterfaces._impl.interfaces.NAME: the abstract base class
                that Python implementations of one interface subclass

A spec declares `name`, `version = [major, minor]`, `doc`, the Python ABC's
class name `python_abc`, callbacks as
`[callback.NAME]` tables (`c_typedef`, `doc`, `args`, `returns`,
`optional = true` for one that may be passed as NULL, meaning none, and
`upstream_typedef`, the name MaRDI Open Interfaces 0.7's implementation
header gave the same type, declared there too so that its implementations
compile unchanged) and methods
as `[[method]]` tables (`name`, optional `c_user_name`, `doc`, and `in`,
`out`, `ret` lists of "argname: TYPE" strings, where TYPE is one of
C_TYPES below or "CALLBACK <callback name>").  A method added in a minor
version says so with `since = [major, minor]`; such a method is optional:
implementations written for an earlier minor version load without it.
"""

import pprint
import sys
import textwrap
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

MAX_METHOD_ARGS = 16  # OIF_MAX_METHOD_ARGS in <oif/interface_spec.h>
# The dispatcher records an instance's missing methods in one 64-bit mask
# (dispatch/loaded_impl.h).
MAX_METHODS = 64

# How an argument type appears in C: as a method argument, and as an
# argument of a callback.
C_TYPES = {
    "INT": "int",
    "F64": "double",
    "ARRAY_F64": "OIFArrayF64 *",
    "STRING": "const char *",
    "USER_DATA": "void *",
    "CONFIG_DICT": "OIFConfigDict *",
}
# C users pass input arrays as const: the wrappers only read them (a
# conforming implementation does not write its inputs either).  Headers for
# implementations keep C_TYPES, the non-const parameters that implementations
# written for MaRDI Open Interfaces define their methods with.
C_USER_IN_TYPES = {**C_TYPES, "ARRAY_F64": "const OIFArrayF64 *"}
# Return arguments reach C implementations as pointers to fill in.
C_IMPL_RETURN_TYPES = {"INT": "int32_t **", "STRING": "char **", "CONFIG_DICT": "OIFConfigDict **"}
# ... and C users as pointers to their own variables.
C_USER_RETURN_TYPES = {"INT": "int *", "STRING": "char **", "CONFIG_DICT": "OIFConfigDict **"}
# What a wrapper receives from the callee and frees if the C user does not
# take it.
C_RETURNED = {
    "INT": ("int32_t *", "oif_util_free"),
    "STRING": ("char *", "oif_util_free"),
    "CONFIG_DICT": ("OIFConfigDict *", "oif_config_dict_free"),
}
OIF_TYPE_CONSTANTS = {
    "INT": "OIF_TYPE_INT",
    "F64": "OIF_TYPE_F64",
    "ARRAY_F64": "OIF_TYPE_ARRAY_F64",
    "STRING": "OIF_TYPE_STRING",
    "CALLBACK": "OIF_TYPE_CALLBACK",
    "USER_DATA": "OIF_TYPE_USER_DATA",
    "CONFIG_DICT": "OIF_TYPE_CONFIG_DICT",
}


class SpecError(Exception):
    pass


@dataclass
class Arg:
    name: str
    type: str  # a key of OIF_TYPE_CONSTANTS
    callback: "Callback | None" = None


@dataclass
class Callback:
    name: str
    c_typedef: str
    doc: str
    args: list
    returns: str
    optional: bool = False  # NULL (None) may be passed for it, meaning "none"
    upstream_typedef: "str | None" = None  # MaRDI Open Interfaces 0.7's name in <oif_impl/NAME.h>


@dataclass
class Method:
    name: str
    index: int
    c_user_name: str
    doc: str
    since_minor: int  # the minor version that added the method; 0 for <major>.0
    ins: list = field(default_factory=list)
    outs: list = field(default_factory=list)
    rets: list = field(default_factory=list)


@dataclass
class Interface:
    name: str
    version: tuple
    doc: str
    python_abc: str
    callbacks: dict
    methods: list


def is_identifier(s):
    return isinstance(s, str) and s != "" and all(c.isascii() and (c.isalnum() or c == "_") for c in s)


def parse_arg(text, where, callbacks, allowed):
    name, sep, type_text = text.partition(":")
    name, words = name.strip(), type_text.split()
    if not sep or not is_identifier(name) or not words:
        raise SpecError(f'{where}: "{text}" is not of the form "name: TYPE"')
    kind = words[0]
    if kind not in allowed:
        raise SpecError(f"{where}: argument '{name}' has type {kind}; allowed: {', '.join(allowed)}")
    if kind == "CALLBACK":
        if len(words) != 2 or words[1] not in callbacks:
            raise SpecError(f"{where}: argument '{name}' must name a declared callback: CALLBACK <name>")
        return Arg(name, kind, callbacks[words[1]])
    if len(words) != 1:
        raise SpecError(f'{where}: unexpected text after the type in "{text}"')
    return Arg(name, kind)


def load_spec(path):
    with open(path, "rb") as f:
        raw = tomllib.load(f)
    name = raw.get("name")
    if not is_identifier(name):
        raise SpecError(f"{path}: 'name' must be an identifier")
    version = raw.get("version")
    if not (isinstance(version, list) and len(version) == 2 and all(isinstance(v, int) for v in version)):
        raise SpecError(f"{path}: 'version' must be [major, minor]")

    callbacks = {}
    for cb_name, cb in raw.get("callback", {}).items():
        where = f"{path}: callback '{cb_name}'"
        args = [parse_arg(a, where, {}, C_TYPES) for a in cb.get("args", [])]
        if cb.get("returns") not in ("INT", "F64"):
            raise SpecError(f"{where}: 'returns' must be INT or F64")
        optional = cb.get("optional", False)
        if not isinstance(optional, bool):
            raise SpecError(f"{where}: 'optional' must be true or false")
        upstream_typedef = cb.get("upstream_typedef")
        if upstream_typedef is not None and (not is_identifier(upstream_typedef) or upstream_typedef[0].isdigit()):
            raise SpecError(f"{where}: 'upstream_typedef' must be a C identifier, got {upstream_typedef!r}")
        callbacks[cb_name] = Callback(cb_name, cb["c_typedef"], cb.get("doc", ""), args, cb["returns"], optional,
                                      upstream_typedef)
    # One name for one type: an alias equal to another callback's type name
    # would declare a typedef of two different types.
    type_names = [cb.c_typedef for cb in callbacks.values()]
    type_names += [cb.upstream_typedef for cb in callbacks.values() if cb.upstream_typedef]
    if len(set(type_names)) != len(type_names):
        raise SpecError(f"{path}: callback type names (c_typedef, upstream_typedef) must be unique")

    methods = []
    for index, m in enumerate(raw.get("method", [])):
        where = f"{path}: method '{m.get('name')}'"
        if not is_identifier(m.get("name")):
            raise SpecError(f"{where}: 'name' must be an identifier")
        since = m.get("since", [version[0], 0])
        if not (isinstance(since, list) and len(since) == 2 and all(isinstance(v, int) for v in since)):
            raise SpecError(f"{where}: 'since' must be [major, minor]")
        if since[0] != version[0] or not 0 <= since[1] <= version[1]:
            raise SpecError(
                f"{where}: 'since' = {since} must name a minor version of major version {version[0]} "
                f"up to the interface's version {version}"
            )
        method = Method(
            name=m["name"],
            index=index,
            c_user_name=m.get("c_user_name", f"oif_{name}_{m['name']}"),
            doc=m.get("doc", ""),
            since_minor=since[1],
            ins=[parse_arg(a, where, callbacks, OIF_TYPE_CONSTANTS) for a in m.get("in", [])],
            outs=[parse_arg(a, where, callbacks, ["ARRAY_F64"]) for a in m.get("out", [])],
            rets=[parse_arg(a, where, callbacks, C_IMPL_RETURN_TYPES) for a in m.get("ret", [])],
        )
        if len(method.ins) + len(method.outs) + len(method.rets) > MAX_METHOD_ARGS:
            raise SpecError(f"{where}: more than {MAX_METHOD_ARGS} arguments")
        methods.append(method)
    if len(methods) > MAX_METHODS:
        raise SpecError(f"{path}: more than {MAX_METHODS} methods")
    if len({m.name for m in methods}) != len(methods):
        raise SpecError(f"{path}: method names must be unique")
    if not is_identifier(raw.get("python_abc")):
        raise SpecError(f"{path}: 'python_abc' must name the Python base class")
    return Interface(name, tuple(version), raw.get("doc", ""), raw["python_abc"], callbacks, methods)


def c_comment(text, indent=""):
    lines = textwrap.wrap(" ".join(text.split()), 76 - len(indent))
    if not lines:
        return ""
    if len(lines) == 1:
        return f"{indent}/* {lines[0]} */\n"
    return f"{indent}/*\n" + "".join(f"{indent} * {line}\n" for line in lines) + f"{indent} */\n"


def c_param(arg, types):
    if arg.type == "CALLBACK":
        return f"{arg.callback.c_typedef} {arg.name}"
    c_type = types[arg.type]
    return f"{c_type}{arg.name}" if c_type.endswith("*") else f"{c_type} {arg.name}"


def guard(iface, what):
    return f"OIF_{what}_{iface.name.upper()}_H"


def generated_notice(iface_name):
    return f"/* Generated from interfaces/{iface_name}.toml by interfaces/generate.py; do not edit. */\n"


def method_doc(iface, method):
    """The method's doc, saying when it is optional."""
    if method.since_minor == 0:
        return method.doc
    return (
        f"{method.doc} Added in '{iface.name}' {iface.version[0]}.{method.since_minor}, so optional: "
        "an implementation written for an earlier version loads without it, and calling it on one "
        "fails with an error saying so."
    )


def callback_typedefs(iface):
    out = []
    for cb in iface.callbacks.values():
        params = ", ".join(c_param(a, C_TYPES) for a in cb.args)
        out.append(c_comment(cb.doc) + f"typedef {C_TYPES[cb.returns]} (*{cb.c_typedef})({params});\n")
    return "\n".join(out)


def upstream_typedefs(iface):
    """The callback types under the names MaRDI Open Interfaces 0.7 gave
    them in <oif_impl/NAME.h>, e.g. ivp's rhs_fn_t: aliases of ours, so that
    both spellings name one type."""
    out = []
    for cb in iface.callbacks.values():
        if cb.upstream_typedef:
            out.append(f"/* {cb.c_typedef} as MaRDI Open Interfaces 0.7 named it. */\n"
                       f"typedef {cb.c_typedef} {cb.upstream_typedef};\n")
    return "".join(out)


def user_signature(method):
    params = ["ImplHandle implh"]
    params += [c_param(a, C_USER_IN_TYPES) for a in method.ins]
    params += [c_param(a, C_TYPES) for a in method.outs]
    params += [c_param(a, C_USER_RETURN_TYPES) for a in method.rets]
    return f"int {method.c_user_name}({', '.join(params)})"


def spec_object_declaration(iface):
    """The interface's spec, defined in the dispatcher's spec table."""
    return f"OIF_API extern const OIFInterfaceSpec oif_interface_{iface.name};\n"


def user_header(iface):
    body = [
        generated_notice(iface.name),
        c_comment(f"Interface '{iface.name}' {iface.version[0]}.{iface.version[1]} for C users: {iface.doc} "
                  "Each function returns 0 on success, else non-zero with the reason in oif_last_error()."),
        f"#ifndef {guard(iface, 'INTERFACE')}\n#define {guard(iface, 'INTERFACE')}\n\n",
        "#include <oif/api.h>\n#include <oif/c_bindings.h>\n#include <oif/config_dict.h>\n"
        "#include <oif/export.h>\n#include <oif/interface_spec.h>\n\n",
        '#ifdef __cplusplus\nextern "C" {\n#endif\n\n',
        c_comment(f"The methods of '{iface.name}' with their argument types, as the dispatcher "
                  "checks calls against them (for oif_call_method())."),
        spec_object_declaration(iface),
    ]
    if iface.callbacks:
        body.append("\n" + callback_typedefs(iface))
    for m in iface.methods:
        body.append("\n" + c_comment(method_doc(iface, m)) + "OIF_API " + user_signature(m) + ";\n")
    body.append('\n#ifdef __cplusplus\n}\n#endif\n\n#endif\n')
    return "".join(body)


def impl_abi_declaration(iface):
    """The optional declaration of <oif/impl_abi.h>: the object's declaration,
    which gives it C linkage and exports it, and the macro that defines it."""
    symbol, (major, minor) = f"oif_impl_abi_{iface.name}", iface.version
    return (
        c_comment(f"Write `OIF_IMPL_ABI_{iface.name.upper()};` once at file scope to declare that the "
                  f"implementation is built for '{iface.name}' {major}.{minor} (see <oif/impl_abi.h>); "
                  "the C bridge checks it at load. Optional.")
        + f"OIF_API extern const OIFImplABI {symbol};\n"
        + f"#define OIF_IMPL_ABI_{iface.name.upper()} \\\n"
        + f"    const OIFImplABI {symbol} = {{sizeof(OIFImplABI), OIF_IMPL_ABI_VERSION, {major}, {minor}}}\n\n"
    )


def impl_prototype(method):
    """The method's prototype in <oif_impl/NAME.h>, without the semicolon."""
    params = ["Self *self"] + [c_param(a, C_TYPES) for a in method.ins + method.outs]
    params += [c_param(a, C_IMPL_RETURN_TYPES) for a in method.rets]
    return f"int {method.name}({', '.join(params)})"


def impl_prototypes(ifaces):
    """openinterfaces._impl.interfaces._c_prototypes: what <oif_impl/NAME.h>
    declares, as data, for `python3 -m openinterfaces new --lang c`, which
    writes a skeleton whose definitions must match the installed headers
    exactly (the Python package has no C headers to read)."""
    table = {}
    for iface in ifaces:
        table[iface.name] = {
            "version": iface.version,
            "doc": " ".join(iface.doc.split()),
            "methods": [
                {
                    "name": m.name,
                    "since_minor": m.since_minor,
                    "prototype": impl_prototype(m),
                    "args": [(a.name, a.type) for a in m.ins + m.outs + m.rets],
                    "doc": " ".join(m.doc.split()),
                }
                for m in iface.methods
            ],
        }
    return (
        '"""Generated from interfaces/*.toml by interfaces/generate.py; do not edit.\n\n'
        'The C prototypes of each interface\'s <oif_impl/NAME.h>, for the scaffold of\n'
        '`python3 -m openinterfaces new --lang c`.\n"""\n\n'
        f"INTERFACES = {pprint.pformat(table, width=110, sort_dicts=False)}\n"
    )


def impl_header(iface):
    body = [
        generated_notice(iface.name),
        c_comment(f"What a C implementation of interface '{iface.name}' defines: {iface.doc} "
                  "Each method returns 0 on success; on failure it calls oif_set_error() and returns "
                  "non-zero. malloc_self() and free_self() are optional."),
        f"#ifndef {guard(iface, 'IMPL')}\n#define {guard(iface, 'IMPL')}\n\n",
        "#include <stdint.h>\n\n#include <oif/api.h>\n#include <oif/config_dict.h>\n"
        "#include <oif/error.h>\n#include <oif/export.h>\n#include <oif/impl_abi.h>\n#include <oif/util.h>\n\n",
        '#ifdef __cplusplus\nextern "C" {\n#endif\n\n',
        impl_abi_declaration(iface),
        "/* The implementation's state, defined by the implementation. */\n",
        "typedef struct self Self;\n\n",
        "/* Called once per loaded instance; NULL fails the load. */\nSelf *malloc_self(void);\n",
        "/* Called when the instance is unloaded. */\nvoid free_self(Self *self);\n\n",
        f"#ifndef {guard(iface, 'CALLBACKS')}\n#define {guard(iface, 'CALLBACKS')}\n",
        callback_typedefs(iface),
        "#endif\n",
        "\n" + upstream_typedefs(iface) if upstream_typedefs(iface) else "",
    ]
    for m in iface.methods:
        body.append("\n" + c_comment(method_doc(iface, m)) + impl_prototype(m) + ";\n")
    body.append('\n#ifdef __cplusplus\n}\n#endif\n\n#endif\n')
    return "".join(body)


def pack_args(var, args, value_of, spec_types):
    """C statements that build `OIFArgs var` from the wrapper's parameters.
    The types are the spec's own array, which spares the dispatcher from
    comparing them."""
    if not args:
        return f"    OIFArgs {var} = {{0, NULL, NULL}};\n"
    values = ", ".join(value_of(a) for a in args)
    return (
        f"    void *{var}_values[] = {{{values}}};\n"
        f"    OIFArgs {var} = {{{len(args)}, (OIFArgType *){spec_types}, {var}_values}};\n"
    )


def c_wrappers(iface):
    spec = f"oif_interface_{iface.name}"
    body = [
        generated_notice(iface.name),
        "#include <stdint.h>\n#include <stddef.h>\n\n",
        "#include <oif/config_dict.h>\n#include <oif/dispatch.h>\n#include <oif/interface_spec.h>\n"
        "#include <oif/util.h>\n",
        f"#include <oif/interfaces/{iface.name}.h>\n",
    ]
    for m in iface.methods:
        lines = [f"\n{user_signature(m)}\n{{\n"]
        # Callbacks and user data travel as tagged structs; C's own live on this stack
        # frame because bridges copy what they keep.
        for a in m.ins:
            if a.type == "CALLBACK":
                cb = a.callback
                cb_types = ", ".join(OIF_TYPE_CONSTANTS[x.type] for x in cb.args)
                lines.append(f"    OIFArgType {a.name}_arg_types[] = {{{cb_types}}};\n")
                lines.append(
                    f"    OIFCallback {a.name}_callback = {{.src = OIF_LANG_C, .fn_p_c = (void *){a.name}, "
                    f".nargs = {len(cb.args)}, .arg_types = {a.name}_arg_types, "
                    f".restype = {OIF_TYPE_CONSTANTS[cb.returns]}}};\n"
                )
            elif a.type == "USER_DATA":
                lines.append(f"    OIFUserData {a.name}_wrapped = {{.src = OIF_LANG_C, .c = {a.name}}};\n")
        for a in m.rets:
            lines.append(f"    {C_RETURNED[a.type][0]}{a.name}_returned = NULL;\n")

        def in_value(a):
            return {"CALLBACK": f"&{a.name}_callback", "USER_DATA": f"&{a.name}_wrapped"}.get(a.type, f"&{a.name}")

        method = f"{spec}.methods[{m.index}]"
        lines.append(pack_args("in_args", m.ins, in_value, f"{method}.in_types"))
        lines.append(pack_args("out_args", m.outs, lambda a: f"&{a.name}", f"{method}.out_types"))
        lines.append(pack_args("return_args", m.rets, lambda a: f"&{a.name}_returned", f"{method}.ret_types"))
        lines.append(
            f"    int call_status = oif_call_method(implh, &{spec}.methods[{m.index}], &in_args, &out_args, &return_args);\n"
        )
        for a in m.rets:
            if a.type == "INT":
                lines.append(
                    f"    if ({a.name}_returned != NULL) {{\n"
                    f"        if ({a.name} != NULL) {{\n            *{a.name} = (int)*{a.name}_returned;\n        }}\n"
                    f"        oif_util_free({a.name}_returned);\n    }}\n"
                )
            else:
                lines.append(
                    f"    if ({a.name} != NULL) {{\n        *{a.name} = {a.name}_returned;\n    }} else {{\n"
                    f"        {C_RETURNED[a.type][1]}({a.name}_returned);\n    }}\n"
                )
        lines.append("    return call_status;\n}\n")
        body.append("".join(lines))
    return "".join(body)


def string_array(name, strings):
    if not strings:
        return ""
    return f"static const char *const {name}[] = {{{', '.join(f'{chr(34)}{s}{chr(34)}' for s in strings)}}};\n"


def type_array(name, args):
    if not args:
        return ""
    return f"static const OIFArgType {name}[] = {{{', '.join(OIF_TYPE_CONSTANTS[a.type] for a in args)}}};\n"


def spec_table(ifaces):
    body = [
        "/* Generated from interfaces/<name>.toml by interfaces/generate.py; do not edit. */\n",
        "#include <stddef.h>\n\n#include <oif/export.h>\n#include <oif/interface_spec.h>\n\n",
    ]
    for iface in ifaces:
        var = f"oif_interface_{iface.name}"
        body.append(spec_object_declaration(iface))
        for cb in iface.callbacks.values():
            cb_var = f"{iface.name}_callback_{cb.name}"
            body.append(type_array(f"{cb_var}_types", cb.args))
            body.append(string_array(f"{cb_var}_names", [a.name for a in cb.args]))
            body.append(
                f'static const OIFCallbackSpec {cb_var} = {{"{cb.name}", {len(cb.args)}, {cb_var}_types, '
                f"{cb_var}_names, {OIF_TYPE_CONSTANTS[cb.returns]}, {'true' if cb.optional else 'false'}}};\n"
            )
        entries = []
        for m in iface.methods:
            prefix = f"{iface.name}_{m.name}"
            parts = []
            for kind, args in (("in", m.ins), ("out", m.outs), ("ret", m.rets)):
                body.append(type_array(f"{prefix}_{kind}_types", args))
                body.append(string_array(f"{prefix}_{kind}_names", [a.name for a in args]))
                parts.append((len(args), f"{prefix}_{kind}" if args else None))
            callbacks = "NULL"
            if any(a.callback for a in m.ins):
                callbacks = f"{prefix}_in_callbacks"
                listed = ", ".join(f"&{iface.name}_callback_{a.callback.name}" if a.callback else "NULL" for a in m.ins)
                body.append(f"static const OIFCallbackSpec *const {callbacks}[] = {{{listed}}};\n")
            counts = ", ".join(str(n) for n, _ in parts)
            types = ", ".join(f"{p}_types" if p else "NULL" for _, p in parts)
            names = ", ".join(f"{p}_names" if p else "NULL" for _, p in parts)
            entries.append(
                f'    {{"{m.name}", &{var}, {m.index}, {counts}, {types}, {names}, {callbacks}, {m.since_minor}}},\n'
            )
        body.append(f"static const OIFMethodSpec {iface.name}_methods[] = {{\n{''.join(entries)}}};\n")
        body.append(
            f'const OIFInterfaceSpec {var} = {{"{iface.name}", {iface.version[0]}, {iface.version[1]}, '
            f"{len(iface.methods)}, {iface.name}_methods}};\n\n"
        )
    listed = "".join(f"    &oif_interface_{i.name},\n" for i in sorted(ifaces, key=lambda i: i.name))
    body.append(f"const OIFInterfaceSpec *const oif_all_interfaces[] = {{\n{listed}    NULL,\n}};\n")
    return "".join(body)


# How each argument type reaches a Python implementation.
PYTHON_TYPES = {
    "INT": "int",
    "F64": "float",
    "ARRAY_F64": "np.ndarray",
    "STRING": "str",
    "CALLBACK": "Callable",
    "USER_DATA": "Any",
    "CONFIG_DICT": "dict",
}


def python_abc(iface):
    lines = [
        f'"""Generated from interfaces/{iface.name}.toml by interfaces/generate.py; do not edit.\n\n',
        f"{iface.python_abc}: what a Python implementation of interface '{iface.name}' defines.\n",
        '"""\n\n',
        "import abc\nfrom collections.abc import Callable\nfrom typing import Any\n\nimport numpy as np\n\n",
        "from openinterfaces._impl.interfaces import optional_method\n\n\n"
        if any(m.since_minor for m in iface.methods) else "\n",
        f"class {iface.python_abc}(abc.ABC):\n",
        f'    """{iface.doc}\n\n',
        "    Methods receive their in-arguments, then the arrays they write results into.\n",
        "    Arrays are float64 views of the caller's memory; errors are raised as exceptions.\n",
        '    """\n',
    ]
    for m in iface.methods:
        params = ["self"] + [f"{a.name}: {PYTHON_TYPES[a.type]}" for a in m.ins + m.outs]
        returns = "tuple" if len(m.rets) > 1 else PYTHON_TYPES[m.rets[0].type] if m.rets else "int | None"
        doc = textwrap.fill(" ".join(m.doc.split()), 80, initial_indent="        ", subsequent_indent="        ")
        if len(m.rets) > 1:
            doc += f"\n\n        Returns ({', '.join(a.name for a in m.rets)})."
        elif m.rets:
            doc += f"\n\n        Returns {m.rets[0].name} (alone, or as the tuple ({m.rets[0].name},))."
        if m.since_minor == 0:
            lines.append(f"\n    @abc.abstractmethod\n    def {m.name}({', '.join(params)}) -> {returns}:\n")
            lines.append(f'        """\n{doc}\n        """\n')
        else:
            # Not abstract, so that a class written for an earlier version
            # still instantiates; the bridge takes this placeholder for the
            # method's absence.
            optional = textwrap.fill(
                f"Added in '{iface.name}' {iface.version[0]}.{m.since_minor}: optional. A class that does not "
                "override it loads, and calling the method on it fails with an error saying so.",
                80, initial_indent="        ", subsequent_indent="        ")
            lines.append(f"\n    @optional_method\n    def {m.name}({', '.join(params)}) -> {returns}:\n")
            lines.append(f'        """\n{doc}\n\n{optional}\n        """\n')
            lines.append(f"        raise NotImplementedError('{iface.name}.{m.name}')\n")
    return "".join(lines)


def c_invokers(ifaces):
    """Calls through a function pointer cast to each method's exact type.

    The C bridge lays argument pointers out as libffi would; calling with
    the right type from the spec is what libffi would do, without
    classifying every argument again on every call.
    """
    body = [
        "/* Generated from interfaces/<name>.toml by interfaces/generate.py; do not edit. */\n",
        "#include <stddef.h>\n#include <stdint.h>\n#include <string.h>\n\n",
        "#include <oif/api.h>\n#include <oif/config_dict.h>\n\n#include \"c_invokers.h\"\n\n",
        "struct self;\n",
    ]
    for iface in ifaces:
        for cb in iface.callbacks.values():
            params = ", ".join(C_TYPES[a.type] for a in cb.args)
            body.append(f"typedef {C_TYPES[cb.returns]} (*{iface.name}_{cb.name}_fn)({params});\n")
    for iface in ifaces:
        names = []
        for m in iface.methods:
            def type_of(a, types):
                return f"{iface.name}_{a.callback.name}_fn" if a.type == "CALLBACK" else types[a.type].strip()

            types = ["struct self *"] + [type_of(a, C_TYPES) for a in m.ins + m.outs]
            types += [type_of(a, C_IMPL_RETURN_TYPES) for a in m.rets]
            values = ", ".join(f"*({t}{'*' if t.endswith('*') else ' *'})args[{i}]" for i, t in enumerate(types))
            name = f"invoke_{iface.name}_{m.name}"
            names.append(name)
            body.append(
                f"\nstatic int {name}(void (*fn)(void), void *const *args)\n{{\n"
                f"    return ((int (*)({', '.join(types)}))fn)({values});\n}}\n"
            )
        body.append(f"\nstatic const CInvoker {iface.name}_invokers[] = {{{', '.join(names)}}};\n")
    cases = "".join(
        f'    if (strcmp(interface, "{i.name}") == 0) {{\n        return {i.name}_invokers;\n    }}\n' for i in ifaces
    )
    body.append(f"\nconst CInvoker *c_invokers(const char *interface)\n{{\n{cases}    return NULL;\n}}\n")
    return "".join(body)


TRAMPOLINES_PER_SIGNATURE = 64


def callback_signatures(ifaces):
    """Each distinct callback signature once: (returns, arg types) -> name."""
    signatures = {}
    for iface in ifaces:
        for cb in iface.callbacks.values():
            signatures.setdefault((cb.returns, tuple(a.type for a in cb.args)), f"{iface.name}_{cb.name}")
    return signatures


def c_decl(c_type, name):
    return f"{c_type}{'' if c_type.endswith('*') else ' '}{name}"


def callback_glue(ifaces, part):
    """Typed crossings for every callback signature, so that no call pays
    libffi's per-call argument classification.  Part "trampolines" (for the
    user-side extension): per signature a pool of C entry points, each
    handing its arguments to the Python callable in its slot.  Part
    "invokers" (for the Python bridge): per signature a typed call of a C
    callback."""
    body = [
        "/* Generated from interfaces/<name>.toml by interfaces/generate.py; do not edit. */\n",
        "#include <stddef.h>\n\n#include <oif/api.h>\n\n#include \"callback_glue.h\"\n",
    ]
    entries = []
    for (returns, args), name in callback_signatures(ifaces).items():
        ret_c, field = C_TYPES[returns], "value" if returns == "F64" else "status"
        header = f"{OIF_TYPE_CONSTANTS[returns]}, {len(args)}, {name}_types"
        body.append(f"\nstatic const OIFArgType {name}_types[] = {{{', '.join(OIF_TYPE_CONSTANTS[t] for t in args)}}};\n")
        if part == "trampolines":
            params = ", ".join(c_decl(C_TYPES[t], f"a{i}") for i, t in enumerate(args))
            addresses = ", ".join(f"&a{i}" for i in range(len(args)))
            body.append(f"static void *{name}_slots[{TRAMPOLINES_PER_SIGNATURE}];\n")
            for k in range(TRAMPOLINES_PER_SIGNATURE):
                body.append(
                    f"static {ret_c} {name}_{k}({params})\n{{\n"
                    f"    void *args[] = {{{addresses}}};\n    CallbackResult result;\n"
                    f"    callback_glue_run({name}_slots[{k}], args, &result);\n    return result.{field};\n}}\n"
                )
            functions = ", ".join(f"(void (*)(void)){name}_{k}" for k in range(TRAMPOLINES_PER_SIGNATURE))
            body.append(f"static void (*const {name}_entries[])(void) = {{{functions}}};\n")
            entries.append(f"    {{{header}, {name}_slots, {name}_entries, {TRAMPOLINES_PER_SIGNATURE}}},\n")
        else:
            casts = ", ".join(f"*({c_decl(C_TYPES[t], '*')})args[{i}]" for i, t in enumerate(args))
            fn_type = f"{ret_c} (*)({', '.join(C_TYPES[t] for t in args)})"
            body.append(
                f"static void {name}_invoke(void (*fn)(void), void *const *args, CallbackResult *result)\n{{\n"
                f"    result->{field} = (({fn_type})fn)({casts});\n}}\n"
            )
            entries.append(f"    {{{header}, {name}_invoke}},\n")
    table = "TrampolinePool trampoline_pools" if part == "trampolines" else "CallbackInvoker callback_invokers"
    body.append(f"\nconst {table}[] = {{\n{''.join(entries)}    {{0}},\n}};\n")
    return "".join(body)


GENERATORS = {
    "python-abc": python_abc,
    "user-header": user_header,
    "c-wrappers": c_wrappers,
    "impl-header": impl_header,
}


def main(argv):
    if len(argv) < 4 or argv[1] not in [*GENERATORS, "spec-table", "impl-prototypes", "c-invokers", "callback-trampolines", "callback-invokers"]:
        sys.exit(__doc__)
    kind, output, spec_paths = argv[1], Path(argv[2]), argv[3:]
    try:
        ifaces = [load_spec(p) for p in spec_paths]
    except (SpecError, KeyError, tomllib.TOMLDecodeError) as e:
        sys.exit(f"generate.py: {e}")
    if kind == "spec-table":
        text = spec_table(ifaces)
    elif kind == "impl-prototypes":
        text = impl_prototypes(ifaces)
    elif kind == "c-invokers":
        text = c_invokers(ifaces)
    elif kind.startswith("callback-"):
        text = callback_glue(ifaces, kind.removeprefix("callback-"))
    elif len(ifaces) != 1:
        sys.exit(f"generate.py: {kind} takes exactly one spec")
    else:
        text = GENERATORS[kind](ifaces[0])
    output.write_text(text)


if __name__ == "__main__":
    main(sys.argv)
