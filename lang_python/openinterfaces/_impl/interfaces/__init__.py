"""Abstract base classes of Python implementations, one per interface."""
