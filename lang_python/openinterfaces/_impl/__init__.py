"""Implementations written in Python, and the base classes they subclass."""
