"""One class per interface: IVP, QEQ, Linsolve, Optim."""
