"""Abstract base classes of Python implementations, one per interface."""


def optional_method(method):
    """Marks a base class's placeholder for a method added in a minor
    version of its interface.  The placeholder is not abstract, so that a
    class written for an earlier version still instantiates; the Python
    bridge takes a method that still carries the mark for one the class does
    not define, and calling it through the library is then an error saying
    the implementation does not support it."""
    method.__oif_optional_placeholder__ = True
    return method
