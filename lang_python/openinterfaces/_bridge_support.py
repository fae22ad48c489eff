"""What the Python bridge (liboif_bridge_python) does more simply in Python
than in C: finding an implementation's class, and describing an exception.
None of it runs on a per-call path."""

import importlib
import importlib.util
import pathlib
import sys
import threading
import traceback

# Held while an implementation's module is executed, for two reasons.
# Another thread loading the same implementation meanwhile (the GIL changes
# hands during an import) must wait for the whole module rather than take
# the half-executed one from sys.modules, which lacks its class yet.  And
# two implementations' modules must not run their imports at the same time:
# importing, say, scipy.integrate and scipy.optimize from two threads at once
# fails now and again in SciPy 1.10 ("cannot import name 'LinearOperator'
# from partially initialized module"), as CPython's per-module import locks
# hand one thread the other's half-imported module when their import orders
# cross.  Re-entrant: a module may load an implementation as it runs.
_module_lock = threading.RLock()


def load_class(conf_dir: str, details: str, private_name: str):
    """The implementation class a .conf's second line names: "<module> <Class>".

    The module is looked for next to the .conf first, as a file imported under
    `private_name` (so that a module called, say, numpy.py there cannot
    shadow the real package), then as a dotted name on sys.path.  Each
    module is executed once, however many instances are loaded.
    """
    words = details.split()
    if len(words) != 2:
        raise ValueError(f"expected '<module> <Class>' on the second line of the .conf, got {details!r}")
    module_name, class_name = words
    with _module_lock:
        module = sys.modules.get(private_name)  # loaded before: instances share one module
        if module is None:
            module = _execute_next_to_conf(conf_dir, module_name, private_name)
        if module is None:
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as e:
                path = _path_next_to_conf(conf_dir, module_name)
                raise ImportError(f"no module {module_name!r}: neither {path} nor on sys.path ({e})") from e
    cls = getattr(module, class_name, None)
    if not isinstance(cls, type):
        raise ImportError(f"module {module_name!r} has no class {class_name!r}")
    return cls


def _path_next_to_conf(conf_dir: str, module_name: str) -> pathlib.Path:
    return pathlib.Path(conf_dir) / (module_name.replace(".", "/") + ".py")


def _execute_next_to_conf(conf_dir: str, module_name: str, private_name: str):
    """The module file next to the .conf, executed as `private_name`; or
    None if there is no such file.  Only on an implementation's first load:
    pathlib interns the parts of every path it makes, and doing so on every
    load churns CPython's table of interned strings, which it then
    reallocates (~1 MiB) now and again."""
    path = _path_next_to_conf(conf_dir, module_name)
    if not path.is_file():
        return None
    spec = importlib.util.spec_from_file_location(private_name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[private_name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[private_name]
        raise
    return module


def describe(exc: BaseException) -> str:
    """'<Type>: <message> (at <file>:<line> in <function>)', the innermost frame."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" (at {frames[-1].filename}:{frames[-1].lineno} in {frames[-1].name})" if frames else ""
    return f"{type(exc).__name__}: {exc}{where}"


def raised_in(exc: BaseException, codes) -> bool:
    """Whether the traceback of `exc` passes through a frame running one of `codes`."""
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code in codes:
            return True
        tb = tb.tb_next
    return False


def code_of(fn):
    """The code object a callable runs, to recognise its frames; or None."""
    fn = getattr(fn, "__func__", fn)
    code = getattr(fn, "__code__", None)
    if code is None:
        code = getattr(getattr(type(fn), "__call__", None), "__code__", None)
    return code
