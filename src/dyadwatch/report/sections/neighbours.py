"""Report section: security demand, how Russia's neighbours align and whether neutrality lasts.

The numbers come from :mod:`dyadwatch.models.neighbours` run on the shipped, cited
neighbours tables; the figures from :mod:`dyadwatch.plots.neighbours`. The section does not
depend on the dyad.
"""

from __future__ import annotations

import pandas as pd

from dyadwatch.report.section import Figure, Section

__all__ = ["sections"]

SOURCE = (
    "Source: dyadwatch neighbours table (src/dyadwatch/data/neighbours/alignment_spells.csv), "
    "every spell cited; coding rule in the README beside it."
)
COERCION_SOURCE = "Source: src/dyadwatch/data/neighbours/coercive_acts.csv, every act cited."


def _pct(p: float) -> str:
    """A probability as a percentage a reader can compare: one decimal below 10%."""
    return f"{p:.1%}" if 0 < p < 0.1 else f"{p:.0%}"


def _summary(chain, military, survival, n_countries: int, last: int) -> str:
    pi = chain.stationary_.distribution or {}
    ends, median = survival.ends_, survival.median_
    m = chain.matrix_
    parts = [
        f"Of {len(survival.spells_)} neutral spells among {n_countries} neighbours, "
        f"{ends['aligned']} ended in alignment with Russia, {ends['opposed']} in opposition, and "
        f"{ends['censored']} were still neutral in {last}.",
        f"The Kaplan-Meier median duration of neutrality is {median:g} years."
        if median is not None
        else "Survival of neutrality never falls below one half.",
        "A neutral country-year was followed by another neutral year in "
        f"{_pct(m.loc['neutral', 'neutral'])} of cases; an opposed year by a change of status in "
        f"{_pct(1 - m.loc['opposed', 'opposed'])} and an aligned year in "
        f"{_pct(1 - m.loc['aligned', 'aligned'])}.",
    ]
    if pi:
        shares = ", ".join(f"{k} {_pct(v)}" for k, v in pi.items())
        parts.append(f"If these yearly rates held, the long-run shares would be {shares}.")
    parts.append(chain.stationary_.note)
    parts.append(
        "Under the military-only rule (EU ties not counted) a neutral year is followed by a "
        f"neutral year in {_pct(military.matrix_.loc['neutral', 'neutral'])} of cases."
    )
    return " ".join(parts)


def _spell_rows(spells: pd.DataFrame, names, last: int) -> pd.DataFrame:
    """Neutral spells as a reader sees them: country names, years, how each ended."""
    ended = [
        f"{nxt}" if done else f"still neutral in {last} (censored)"
        for done, nxt in zip(spells["ended"], spells["next_status"], strict=True)
    ]
    return pd.DataFrame(
        {
            "country": spells["country"].map(names).fillna(spells["country"]),
            "from": spells["start"],
            "to": spells["end"],
            "years": spells["duration"],
            "ended": ended,
        }
    )


def _figures(panel, chain, survival, names, statuses, first: int, last: int) -> list[Figure]:
    from dyadwatch.plots.neighbours import alignment_heatmap, survival_figure, transition_figure

    n_spells, censored = len(survival.spells_), survival.ends_["censored"]
    heat = alignment_heatmap(
        panel, names, statuses, title=f"Alignment of Russia's neighbours, {first}-{last}"
    )
    matrix = transition_figure(
        chain.matrix_, chain.counts_, title="Yearly transition probabilities (default coding rule)"
    )
    km = survival_figure(survival.table_, title="How long neutrality lasts", level=0.95)
    return [
        Figure(
            heat,
            f"Status of {len(names)} neighbours per calendar year, {first}–{last}, default "
            f"coding rule. {SOURCE} Red: aligned with Russia; grey: neutral; blue: opposed.",
        ),
        Figure(
            matrix,
            "Share of country-years in each status (rows: year t-1) followed by each status "
            f"(columns: year t), in percent, with the number of transitions; {first}–{last}. "
            f"{SOURCE} Method: empirical first-order Markov chain (maximum likelihood, "
            "P[i,j] = n_ij / n_i); stationary distribution pi = pi P (Norris 1997).",
        ),
        Figure(
            km,
            f"Share of neutral spells still neutral after a given number of years ({n_spells} "
            f"spells, {censored} still neutral in {last} and right-censored). {SOURCE} Method: "
            "Kaplan-Meier estimate; shaded: pointwise 95% interval (Greenwood variance, "
            f"log(-log) transform). Spells begun before {first} are counted from {first}.",
        ),
    ]


def sections(study=None) -> list[Section]:
    """Status heatmap by country and year, transition matrix, survival of neutrality.

    Args:
        study: the report's :class:`~dyadwatch.study.Study`; ignored (the neighbours table is
            not dyad-specific).

    Returns:
        One section.
    """
    from dyadwatch.api.neighbours import (
        COUNTRIES,
        FIRST_YEAR,
        LAST_YEAR,
        STATUSES,
        AlignmentChain,
        NeutralitySurvival,
        alignment_panel,
        load_coercive_acts,
    )

    panel = alignment_panel("default")
    chain = AlignmentChain().fit(panel)
    survival = NeutralitySurvival().fit(panel)
    military = AlignmentChain().fit(alignment_panel("military"))
    counts = chain.counts_.copy()
    counts.index = [f"from {s}" for s in counts.index]
    counts = counts.rename_axis("year t-1 \\ year t").reset_index()
    acts = load_coercive_acts()
    acts = acts.assign(country=acts["country"].map(COUNTRIES).fillna(acts["country"]))
    return [
        Section(
            title=(
                "Security demand: vassal or adversary? "
                f"Russia's neighbours {FIRST_YEAR}-{LAST_YEAR}"
            ),
            summary=_summary(chain, military, survival, len(COUNTRIES), LAST_YEAR),
            figures=_figures(panel, chain, survival, COUNTRIES, STATUSES, FIRST_YEAR, LAST_YEAR),
            tables=[
                (
                    "Transition counts (rows: status in year t-1; columns: year t). " + SOURCE,
                    counts,
                ),
                (
                    "Neutral spells and how they ended (years: length of the spell). " + SOURCE,
                    _spell_rows(survival.spells_, COUNTRIES, LAST_YEAR),
                ),
                (
                    "Russian coercive acts against the neighbours. " + COERCION_SOURCE,
                    acts[["date", "country", "kind", "description", "citation"]],
                ),
            ],
            order=75,
        )
    ]
