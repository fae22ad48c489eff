"""What a monitor callback's return value asks for."""

import numbers

import numpy as np


def monitor_request(answer) -> int:
    """The monitor's answer as an int: 0 (or None, False) to go on, else a
    request to stop, by the rule for a callback's int status."""
    if answer is None:
        return 0
    if isinstance(answer, (numbers.Integral, np.bool_)):
        return int(answer)
    raise TypeError(f"the monitor must return an int or None, got {type(answer).__name__}")
