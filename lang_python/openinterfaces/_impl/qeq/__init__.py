"""The shipped Python implementations of the qeq interface, under
the module paths upstream's .conf files name (see _impl/_shipped.py)."""
