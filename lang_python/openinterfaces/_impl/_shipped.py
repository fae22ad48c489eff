"""The classes of the Python implementations shipped with openinterfaces,
for the module paths upstream's .conf files name them by
(``openinterfaces._impl.ivp.scipy_ode.scipy_ode ScipyODE``, ...).

Each such module is a thin one: its class is the one in the shipped
implementation's folder, loaded as the Python bridge loads it (the same
module object, so the same class), wherever the shipped implementations
live (the build tree, an install, a wheel).
"""

import os

from openinterfaces import _core
from openinterfaces._bridge_support import load_class


def shipped_impl_root() -> str:
    """The folder of the shipped implementations: the dispatcher's built-in
    default, which its search path ends with (after OIF_IMPL_PATH's)."""
    return _core.search_path().rsplit(":", 1)[-1]


def shipped_class(interface: str, impl: str) -> type:
    """The class of the shipped Python implementation `impl` of `interface`,
    found by its .conf in shipped_impl_root() whatever OIF_IMPL_PATH holds.
    Raises ImportError if it is not there or is not a Python one."""
    conf_dir = os.path.join(shipped_impl_root(), interface, impl)
    conf_path = os.path.join(conf_dir, f"{impl}.conf")
    try:
        with open(conf_path, encoding="utf-8") as conf:
            lines = [line.strip() for line in conf.read().splitlines()]
    except OSError as e:
        raise ImportError(
            f"the shipped implementation '{impl}' of interface '{interface}' is not installed here: {e}"
        ) from e
    if len(lines) < 2 or lines[0] != "python":
        raise ImportError(f"{conf_path} does not name a Python implementation")
    # The bridge's private module name for it: one module, however it is reached.
    return load_class(conf_dir, lines[1], f"_oif_impl_{interface}_{impl}")
