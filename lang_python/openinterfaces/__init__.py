"""Open Interfaces: numerical solvers loaded by name at run time.

Pick an implementation of an interface by its name and swap it by changing
that string::

    from openinterfaces.interfaces.ivp import IVP
    solver = IVP("dopri5c")          # or "sundials_cvode", ...

Run ``python3 -m openinterfaces`` to list the interfaces and their
implementations.
"""

from openinterfaces.version import __version__
