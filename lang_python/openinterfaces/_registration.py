"""Implementations registered in this process without files, and those
Python packages announce through entry points.

``register_impl(interface, name, cls)`` hands the dispatcher an entry with
no .conf (``_core.register_impl_entry``) and keeps ``cls`` where the Python
bridge looks for it (``_bridge_support.registered_classes``): the name then
loads like any other, from Python and from C in the same process.

Packages announce implementations in the entry-point group
``openinterfaces.impls``, one entry point per implementation named
``<interface>.<name>`` with the value ``module:Class``.  They are registered
when first asked for: by ``list_impls(interface)``, and by an interface
class's constructor given a name found nowhere else.  None of this runs on
a per-call path.
"""

import importlib
import re
import threading
import warnings

from openinterfaces import _bridge_support, _core

ENTRY_POINT_GROUP = "openinterfaces.impls"

# The dispatcher's rule for names (<oif/dispatch.h>), checked here first to
# raise before anything else is looked at.
_NAME = re.compile(r"[A-Za-z0-9_]{1,128}")

# Held from the check that a name is free to the end of its registration,
# so that two threads registering one name cannot both pass the check.
_lock = threading.Lock()


def base_class(interface: str) -> type:
    """The abstract base class implementations of `interface` subclass
    (openinterfaces._impl.interfaces.ivp.IVPInterface, ...)."""
    module = importlib.import_module(f"openinterfaces._impl.interfaces.{interface}")
    # The generated module defines one class, named after the interface.
    bases = [
        value
        for value in vars(module).values()
        if isinstance(value, type) and value.__module__ == module.__name__ and value.__name__.endswith("Interface")
    ]
    if len(bases) != 1:
        raise RuntimeError(f"{module.__name__} defines {len(bases)} interface base classes, not one")
    return bases[0]


def _check_interface(interface) -> None:
    known = _core.interface_names()
    if not isinstance(interface, str) or interface not in known:
        raise ValueError(f"unknown interface {interface!r}; known interfaces: {', '.join(known)}")


def register_impl(interface: str, name: str, cls: type) -> None:
    """Registers the class `cls` as implementation `name` of `interface`
    for the rest of this process.

    Afterwards ``IVP(name)`` (for ``interface == "ivp"``), ``load_impl``
    and a C caller's ``oif_load_impl(interface, name, ...)`` in this process
    load new instances of it, and ``list_impls(interface)`` lists it.

    Raises ValueError for an unknown interface, a name that is not 1 to 128
    letters, digits or '_', or a name taken (registered already, or found on
    the search path); TypeError if `cls` is not a class subclassing the
    interface's base class (openinterfaces._impl.interfaces.<interface>) or
    leaves some of its abstract methods undefined.
    """
    _check_interface(interface)
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise ValueError(f"implementation name {name!r} is invalid: 1 to 128 letters, digits and '_' are allowed")
    base = base_class(interface)
    if not isinstance(cls, type):
        raise TypeError(f"an implementation of {interface!r} must be a class subclassing {base.__qualname__}, "
                        f"not {type(cls).__name__} {cls!r}")
    if not issubclass(cls, base):
        raise TypeError(f"class {cls.__qualname__} does not subclass {base.__module__}.{base.__qualname__}, "
                        f"the base class of implementations of {interface!r}")
    missing = sorted(getattr(cls, "__abstractmethods__", ()))
    if missing:
        raise TypeError(f"class {cls.__qualname__} does not define method{'s' if len(missing) > 1 else ''} "
                        f"{', '.join(missing)} of interface {interface!r}")
    key = (interface, name)
    with _lock:
        if key in _bridge_support.registered_classes:
            raise ValueError(f"cannot register implementation {name!r} of interface {interface!r}: the name is "
                             f"taken: it was registered already, as class "
                             f"{_bridge_support.registered_classes[key].__qualname__}")
        # The class first: a load from another thread may come as soon as
        # the dispatcher knows the name.
        _bridge_support.registered_classes[key] = cls
        try:
            _core.register_impl_entry(interface, name, "python", f"{cls.__module__} {cls.__qualname__}")
        except BaseException:
            del _bridge_support.registered_classes[key]
            raise


def _announced(interface: str) -> dict:
    """The entry points of the group announcing implementations of
    `interface`, by implementation name (the first one for a name announced
    twice)."""
    # Imported here: it costs `import openinterfaces` milliseconds, and
    # only listing or an unknown name needs it.
    import importlib.metadata

    found = {}
    for entry_point in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        prefix, dot, name = entry_point.name.partition(".")
        if dot and prefix == interface:
            found.setdefault(name, entry_point)
    return found


def _register_entry_point(interface: str, name: str, entry_point) -> None:
    """Registers what `entry_point` names; ValueError saying which package
    announced it if that fails."""
    package = entry_point.dist.name if entry_point.dist is not None else "an unknown package"
    try:
        register_impl(interface, name, entry_point.load())
    except Exception as e:
        raise ValueError(f"entry point {entry_point.name} = {entry_point.value!r} of {package} "
                         f"(group {ENTRY_POINT_GROUP}) cannot be registered: {type(e).__name__}: {e}") from e


def register_announced(interface: str, name: str) -> bool:
    """Registers implementation `name` of `interface` from its entry point,
    when one announces it and the name is found nowhere else.  True if it
    registered it now; False if there is nothing to register.  Raises
    ValueError if the announced class cannot be imported or registered."""
    if name in _core.list_impls(interface):
        return False  # found, and failed for another reason
    entry_point = _announced(interface).get(name)
    if entry_point is None:
        return False
    _register_entry_point(interface, name, entry_point)
    return True


def list_impls(interface: str) -> list:
    """Names of the implementations of `interface`: those registered in this
    process, announced by installed packages (registered now; one that
    cannot be is left out, with a warning saying why) and found on the
    search path, sorted.  Raises ValueError for an unknown interface."""
    names = _core.list_impls(interface)
    for name, entry_point in _announced(interface).items():
        if name in names:
            continue
        try:
            _register_entry_point(interface, name, entry_point)
        except ValueError as e:
            warnings.warn(str(e), RuntimeWarning, stacklevel=2)
    return _core.list_impls(interface)
