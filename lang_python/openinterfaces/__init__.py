"""Open Interfaces: numerical solvers loaded by name at run time.

Pick an implementation of an interface by its name and swap it by changing
that string::

    from openinterfaces.interfaces import IVP
    solver = IVP("dopri5c")          # or "sundials_cvode", ...

``list_impls("ivp")`` lists an interface's implementations, and
``python3 -m openinterfaces`` all of them.  ``register_impl("ivp", "mine",
Mine)`` makes a class an implementation for this process, and installed
packages announce theirs in the entry-point group ``openinterfaces.impls``
(docs/implementation-authors.md).  A failure inside an
implementation raises OIFError (a RuntimeError), whichever it is; a method
name or option it refuses, OIFOptionError (also a ValueError); a run that
a monitor callback stopped, OIFStopped (also an OIFError).
"""

from openinterfaces._core import OIFError, OIFOptionError, OIFStopped
from openinterfaces._registration import list_impls, register_impl
from openinterfaces.version import __version__

__all__ = ["OIFError", "OIFOptionError", "OIFStopped", "__version__", "list_impls", "register_impl"]
