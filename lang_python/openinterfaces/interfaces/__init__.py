"""One class per interface: IVP, QEQ, Linsolve, Optim."""

from openinterfaces.interfaces.ivp import IVP
from openinterfaces.interfaces.linsolve import Linsolve
from openinterfaces.interfaces.optim import MinimizeResult, Optim
from openinterfaces.interfaces.qeq import QEQ

__all__ = ["IVP", "Linsolve", "MinimizeResult", "Optim", "QEQ"]
