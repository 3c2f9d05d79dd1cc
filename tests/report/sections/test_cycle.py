"""The cycle's report sections: the ordered model, the comparison and its verdict as computed by
the model, the change points as the second method with the kappa of the two."""

from __future__ import annotations

import numpy as np
import pytest

from dyadwatch.cycle.simulate import simulate_cycle
from dyadwatch.report.sections.cycle import sections
from dyadwatch.stagenames import STAGES
from dyadwatch.study import Study


@pytest.fixture(scope="module")
def study():
    return Study.from_series(simulate_cycle(96, seed=4).level, name="simulated cycle")


@pytest.fixture(scope="module")
def built(study):
    return {s.title: s for s in sections(study)}


def _one(built, start: str):
    (section,) = [s for t, s in built.items() if t.startswith(start)]
    return section


@pytest.mark.slow
def test_comparison_table_and_verdict_are_the_models(study, built):
    section = _one(built, "The test of the claim")
    expected = study.model_comparison
    ((caption, table),) = section.tables
    assert list(table["model"]) == list(expected.table.index)
    np.testing.assert_allclose(table["cv_loglik"], expected.table["cv_loglik"])
    np.testing.assert_allclose(table["bic"], expected.table["bic"])
    assert f"Verdict: {expected.supported}." in section.summary
    assert expected.verdict[1:] in section.summary
    assert f"lowest AIC is {expected.table['aic'].idxmin()}'s" in section.summary
    assert f"longest stage {expected.settings['max_dur']} months" in section.summary


@pytest.mark.slow
def test_ordered_section_shows_band_path_probabilities_and_kappa(study, built):
    section = _one(built, "The cycle: the ordered five-stage model")
    model = study.ordered_stages
    measure, probs, paths = section.figures
    assert len(probs.figure.data) == 5
    np.testing.assert_allclose(
        np.sum([np.asarray(t.y, dtype=float) for t in probs.figure.data], axis=0), 1.0
    )
    assert len(measure.figure.layout.shapes) == len(model.segments())
    assert f"Cohen's kappa {study.method_agreement:.2f}" in section.summary
    seen = [s for s in STAGES if s in set(model.path())]
    assert f"Stages that appear: {', '.join(seen)};" in section.summary
    assert list(section.tables[0][1]["stage"]) == list(model.segments()["stage"])
    assert list(paths.figure.layout.yaxis.ticktext) == ["ordered model", "change points"]


@pytest.mark.slow
def test_landmarks_per_method_and_the_change_points_after(study, built):
    assert _one(built, "The second method").order > _one(built, "The cycle:").order
    lm = _one(built, "The essay's landmarks")
    per_method = lm.tables[0][1]
    assert set(per_method["method"]) == {"ordered", "changepoint"}
    found = per_method.groupby("method")["found"].sum()
    assert f"the ordered model finds {found['ordered']} of" in lm.summary


@pytest.mark.slow
def test_stage_now_names_its_method_and_the_ordered_models_stage(study, built):
    now = _one(built, "The stage now")
    last = study.ordered_stages.segments().iloc[-1]
    assert now.summary.count("By the change-point method") == 1
    assert f"in {last['stage']} (probability " in now.summary
    assert f"since {last['start']}." in now.summary
