"""openinterfaces._impl.ivp.scipy_ode: see scipy_ode.py."""
