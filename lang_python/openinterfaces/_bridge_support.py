"""What the Python bridge (liboif_bridge_python) does more simply in Python
than in C: finding an implementation's class, describing an exception, and
telling a Python user's callbacks that can be passed as themselves.  None
of it runs on a per-call path."""

import hashlib
import importlib
import importlib.util
import inspect
import os
import sys
import threading
import traceback
import types
import weakref

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


def _new_module_lock():
    global _module_lock
    _module_lock = threading.RLock()


# A child of fork() has only the thread that forked: held by another thread
# then, the lock would never be released in the child.
os.register_at_fork(after_in_child=_new_module_lock)


# Modules executed from a file next to a .conf, by the file's resolved
# path: a file reached through two paths is one module, and a file of the
# same name in another folder another one.
_modules_by_file = {}


def load_class(conf_dir: str, details: str, private_name: str):
    """The implementation class a .conf's second line names: "<module> <Class>".

    The module is looked for next to the .conf first, as a file imported
    under a private name made of `private_name` and the file's path (so that
    a module called, say, numpy.py there cannot shadow the real package, nor
    an implementation of the same name elsewhere be taken for it), then as a
    dotted name on sys.path.  Each module is executed once, however many
    instances are loaded.
    """
    words = details.split()
    if len(words) != 2:
        raise ValueError(f"expected '<module> <Class>' on the second line of the .conf, got {details!r}")
    module_name, class_name = words
    with _module_lock:
        module = _module_next_to_conf(conf_dir, module_name, private_name)
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


# Classes registered by openinterfaces.register_impl, by (interface, name).
# Written under the GIL by the package (_registration.py), read here when
# the dispatcher loads an implementation registered without a .conf.
registered_classes = {}


def registered_class(interface: str, impl: str, details: str):
    """The class of an implementation registered without a .conf: the one
    registered under (interface, impl), else -- registered from C with
    oif_register_impl_entry() -- the class `details` ("<module> <Class>")
    names, imported from sys.path."""
    cls = registered_classes.get((interface, impl))
    if cls is not None:
        return cls
    words = details.split()
    if len(words) != 2:
        raise ValueError(f"expected '<module> <Class>' for {interface}/{impl}, got {details!r}")
    with _module_lock:
        module = importlib.import_module(words[0])
    cls = getattr(module, words[1], None)
    if not isinstance(cls, type):
        raise ImportError(f"module {words[0]!r} has no class {words[1]!r}")
    return cls


def _path_next_to_conf(conf_dir: str, module_name: str) -> str:
    # Not pathlib: it interns the parts of every path it makes, and doing
    # so on every load churns CPython's table of interned strings, which it
    # then reallocates (~1 MiB) now and again.
    return os.path.join(conf_dir, module_name.replace(".", "/") + ".py")


def _module_next_to_conf(conf_dir: str, module_name: str, private_name: str):
    """The module of the file next to the .conf, executed on its first
    load; or None if there is no such file."""
    path = _path_next_to_conf(conf_dir, module_name)
    if not os.path.isfile(path):
        return None
    path = os.path.realpath(path)
    module = _modules_by_file.get(path)
    if module is None:
        # The same name for the same file in every process, for pickle.
        name = f"{private_name}_{hashlib.sha256(os.fsencode(path)).hexdigest()[:16]}"
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        try:
            spec.loader.exec_module(module)
        except BaseException:
            del sys.modules[name]
            raise
        _modules_by_file[path] = module
    return module


def describe(exc: BaseException) -> str:
    """'<Type>: <message> (at <file>:<line> in <function>)', the innermost frame."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" (at {frames[-1].filename}:{frames[-1].lineno} in {frames[-1].name})" if frames else ""
    return f"{type(exc).__name__}: {exc}{where}"


def is_stop(exc: BaseException) -> bool:
    """Whether a Python implementation raised OIFStopped to return the
    status OIF_STOPPED.  _core is imported if OIFStopped was raised."""
    core = sys.modules.get("openinterfaces._core")
    return core is not None and isinstance(exc, core.OIFStopped)


# The Python users' functions a Python implementation was given, to know
# their frames by: a new one per implementation, kept weakly, as the
# implementation drops the functions it no longer uses.
new_function_set = weakref.WeakSet


def passes_as_itself(fn, nargs: int):
    """The function to know the frames of `fn` by, if `fn` is a Python
    function (or a method of one) that takes `nargs` positional arguments;
    else None.  Whatever such a function raises when called comes from a
    frame running its code; other callables (functools.partial, builtins,
    objects with __call__) may raise without one, as may a call with the
    wrong number of arguments."""
    func = fn.__func__ if isinstance(fn, types.MethodType) else fn
    if not isinstance(func, types.FunctionType):
        return None
    nargs += func is not fn  # self
    code = func.__code__
    required = code.co_argcount - len(func.__defaults__ or ())
    required_keywords = code.co_kwonlyargcount - len(func.__kwdefaults__ or {})
    fits = required <= nargs and (nargs <= code.co_argcount or code.co_flags & inspect.CO_VARARGS)
    return func if fits and required_keywords == 0 else None


def raised_in(exc: BaseException, functions) -> bool:
    """Whether the traceback of `exc` passes through a frame running the
    code of one of `functions`."""
    alive = list(functions)  # so that the ids of their code stay theirs
    codes = {id(f.__code__) for f in alive}
    tb = exc.__traceback__
    while tb is not None:
        if id(tb.tb_frame.f_code) in codes:
            return True
        tb = tb.tb_next
    return False
