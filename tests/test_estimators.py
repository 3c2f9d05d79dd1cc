"""One contract over every estimator (every class of dyadwatch with a ``fit`` method):

* ``__init__`` stores each parameter unchanged under its own name;
* ``fit`` returns ``self``;
* what ``fit`` learns is stored in public attributes ending in ``_`` (private ones are free);
* a ``seed`` parameter makes ``fit`` reproducible: the same seed gives the same result.

Each estimator needs an example below (how to build and fit it on small data); a new estimator
without one fails :func:`test_every_estimator_has_an_example`, so none escapes the contract.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pytest

import dyadwatch

#: Abstract bases and protocols: they define ``fit`` but are not estimators themselves.
NOT_ESTIMATORS = {
    "dyadwatch.cycle.base.BaseCost",
    "dyadwatch.cycle.base.BaseDetector",
    # a statsmodels state-space model: statsmodels' own API (fit returns a results object);
    # FusedMeasure is the estimator built on it
    "dyadwatch.measures.fused.model.FusedStateSpace",
    # a typing.Protocol: the interface stage models meet, not a model
    "dyadwatch.cycle.forecast.stage.StageModel",
}


def _series(n: int = 120, seed: int = 0) -> pd.Series:
    """A monthly series with a level shift and a decline, plus noise."""
    rng = np.random.default_rng(seed)
    level = np.r_[np.full(40, 3.0), np.linspace(3.0, -1.0, 40), np.full(n - 80, -4.0)]
    return pd.Series(
        level + rng.normal(0, 0.5, n), index=pd.period_range("2000-01", periods=n, freq="M")
    )


def _spells() -> pd.DataFrame:
    from dyadwatch.cycle.detect import StageDetector
    from dyadwatch.cycle.transitions import spells

    return spells(StageDetector(seed=0).fit(_series()).segments_)


def _stage_features() -> np.ndarray:
    from dyadwatch.cycle.hsmm import features

    return features(_series()).to_numpy()


def _cost_signal() -> np.ndarray:
    return _series().to_numpy()


def _grouped() -> np.ndarray:
    rng = np.random.default_rng(1)
    w = rng.integers(1, 4, 60).astype(float)
    x = rng.normal(0, 1, 60) * w
    return np.c_[w, x, x * x / w + w]


@dataclass
class Example:
    """How to make and fit one estimator on small data."""

    params: dict
    fit: Callable[[object], object]
    extra: dict = field(default_factory=dict)


def _trust_ledger():
    from dyadwatch.models.trust import load_ledger

    return load_ledger()


def _panel():
    from dyadwatch.models.neighbours import alignment_panel

    return alignment_panel()


def _claim():
    from dyadwatch.models.threats import load_register

    return load_register().claims[0]


def _rollcalls():
    from dyadwatch.measures.idealpoints.simulate import simulate_rollcalls

    return simulate_rollcalls(n_countries=15, n_sessions=4, items_per_session=10, seed=0)[0]


def _streams():
    from dyadwatch.measures.fused.simulate import simulate_streams

    sim = simulate_streams(60, seed=7)
    return [sim.streams["chronology"], sim.streams["late"]]


EXAMPLES: dict[str, Example] = {
    "DynamicIRT": Example({"evolution_sd": 0.2, "seed": 0}, lambda m: m.fit(_rollcalls())),
    "FusedMeasure": Example({}, lambda m: m.fit(_streams())),
    "ACH": Example({}, lambda m: m.fit(_claim())),
    "EscalationModel": Example({"p_win": 0.4, "seed": 1}, lambda m: m.fit()),
    "SecuritySpiral": Example({"perception": 0.5, "seed": 2}, lambda m: m.fit()),
    "StageDetector": Example(
        {"penalty": "hq", "min_size": 6, "seed": 0}, lambda m: m.fit(_series())
    ),
    "HMMStages": Example({"seed": 0}, lambda m: m.fit(_series())),
    "ChangePointStages": Example({"min_size": 6}, lambda m: m.fit(_series())),
    "SemiMarkovStages": Example(
        {"kind": "full", "n_states": 3, "max_dur": 40, "n_iter": 5, "starts": (1.0,)},
        lambda m: m.fit(_stage_features()),
    ),
    "StageLabeller": Example({}, lambda m: m.fit(_series().to_numpy(), [40, 80, 120])),
    "ChangePoints": Example({"min_size": 3}, lambda m: m.fit(_cost_signal())),
    "CostL2": Example({}, lambda m: m.fit(_cost_signal())),
    "CostGroupedL2": Example({}, lambda m: m.fit(_grouped())),
    "TransitionModel": Example({"alpha": 1.0}, lambda m: m.fit(_spells())),
    "NormTrust": Example({"forgetting": 0.5}, lambda m: m.fit(_trust_ledger())),
    "AlignmentChain": Example({}, lambda m: m.fit(_panel())),
    "NeutralitySurvival": Example({}, lambda m: m.fit(_panel())),
    "Discernment": Example(
        {},
        lambda m: m.fit(
            ["real", "contrived", "real", "perceived"], ["real", "real", "real", "perceived"]
        ),
    ),
}


def _estimators() -> dict[str, type]:
    found: dict[str, type] = {}
    for info in pkgutil.walk_packages(dyadwatch.__path__, "dyadwatch."):
        if info.name.startswith(("dyadwatch.web", "dyadwatch.cli", "dyadwatch.__main__")):
            continue
        module = importlib.import_module(info.name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            qual = f"{cls.__module__}.{cls.__qualname__}"
            if cls.__module__ != info.name or qual in NOT_ESTIMATORS:
                continue
            if callable(getattr(cls, "fit", None)):
                found[name] = cls
    return found


ESTIMATORS = _estimators()


def test_every_estimator_has_an_example():
    missing = sorted(set(ESTIMATORS) - set(EXAMPLES))
    assert not missing, f"estimators without an example in {__file__}: {missing}"
    assert len(ESTIMATORS) >= 10


def _same(a, b) -> bool:
    if isinstance(a, pd.DataFrame | pd.Series):
        return a.equals(b)
    if isinstance(a, np.random.Generator) and isinstance(b, np.random.Generator):
        return a.bit_generator.state == b.bit_generator.state
    if isinstance(a, np.ndarray):
        return np.array_equal(a, b, equal_nan=a.dtype.kind == "f")
    if isinstance(a, float) and isinstance(b, float) and np.isnan(a) and np.isnan(b):
        return True
    if isinstance(a, list | tuple) and isinstance(b, list | tuple) and len(a) == len(b):
        return all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict) and a.keys() == b.keys():
        return all(_same(a[k], b[k]) for k in a)
    plain = type(a).__eq__ is object.__eq__ or dataclasses.is_dataclass(a)
    if hasattr(a, "__dict__") and type(a) is type(b) and plain:
        return _same(vars(a), vars(b))  # a fitted object inside: compare its state
    try:
        return bool(a == b)
    except Exception:
        return repr(a) == repr(b)


@pytest.mark.parametrize("name", sorted(set(ESTIMATORS) & set(EXAMPLES)))
def test_the_estimator_contract(name):
    cls, example = ESTIMATORS[name], EXAMPLES[name]
    model = cls(**example.params)
    for param in inspect.signature(cls.__init__).parameters:
        if param in ("self", "args", "kwargs"):
            continue
        assert hasattr(model, param), f"{name}.__init__ does not store {param!r}"
    for param, value in example.params.items():
        assert getattr(model, param) is value, f"{name}.__init__ changed {param!r}"
    before = set(vars(model))
    assert example.fit(model) is model, f"{name}.fit does not return self"
    learned = {a for a in set(vars(model)) - before if not a.startswith("_")}
    assert learned, f"{name}.fit learned nothing visible"
    assert all(a.endswith("_") for a in learned), f"{name}: learned {sorted(learned)}"
    if "seed" in inspect.signature(cls.__init__).parameters:
        again = example.fit(cls(**example.params))
        for attr in sorted(learned):
            assert _same(getattr(model, attr), getattr(again, attr)), f"{name}.{attr} differs"
