"""The solver package's face: a few steps in the order a solve takes them, and its API.

``planner/model/__init__.py`` names the steps and the call order once; what the rest of the
library uses is in its ``__all__`` and loads on first use.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import planner.model

MODEL = Path(planner.model.__file__).parent
PLANNER = MODEL.parent


def entries() -> list[str]:
    return sorted(p.name for p in MODEL.iterdir() if p.name != "__pycache__")


def test_the_package_holds_a_few_steps_each_named_in_its_docstring():
    found = entries()
    assert len(found) <= 8, found
    doc = planner.model.__doc__ or ""
    for name in found:
        if name != "__init__.py":
            assert f"``{name.removesuffix('.py')}/``" in doc, name


def test_no_module_of_the_model_shares_its_file_name_with_another_of_planner():
    model_names = {p.name for p in MODEL.rglob("*.py") if p.name != "__init__.py"}
    others = [
        p
        for p in PLANNER.rglob("*.py")
        if p.name in model_names and MODEL not in p.parents and p.name != "__init__.py"
    ]
    assert others == []
    within = [p.name for p in MODEL.rglob("*.py") if p.name != "__init__.py"]
    assert len(within) == len(set(within))


def test_every_public_name_loads_and_says_what_it_is():
    for name in planner.model.__all__:
        value = getattr(planner.model, name)
        assert value is not None, name
        if callable(value):
            assert (value.__doc__ or "").strip(), f"{name} has no docstring"


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no_such_name"):
        planner.model.no_such_name  # noqa: B018


def test_importing_the_package_loads_no_solver():
    code = (
        "import sys, planner.model\n"
        "from planner.model import BookingState, CandidateBuilder, SolveOptions\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'ortools', 'scipy'})\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == ""
