"""What a user's callback returned, read as its int status by the rule the
C implementations read it by (to_oif_status in lang_python/convert_to_oif.c),
so that swapping implementations does not change what a return value means."""

import operator

import numpy as np


def callback_status(value, what: str) -> int:
    """None is 0; an int, a NumPy integer or bool, or anything with
    __index__ is that int; anything else is a TypeError naming `what`."""
    if value is None:
        return 0
    if isinstance(value, np.bool_):
        return int(value)
    try:
        return operator.index(value)
    except TypeError:
        raise TypeError(f"the {what} must return an int status or None, got {type(value).__name__}") from None
