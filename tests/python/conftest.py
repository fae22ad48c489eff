"""Shared by the pytest suite: the implementations every test runs against."""

import pytest

IVP_C_IMPLS = ["dopri5c", "sundials_cvode"]
OPTIM_C_IMPLS = ["nlopt"]


@pytest.fixture(params=IVP_C_IMPLS)
def ivp_impl(request):
    return request.param


@pytest.fixture(params=OPTIM_C_IMPLS)
def optim_impl(request):
    return request.param
