"""Report section: cynicism, Moscow's belief that the West keeps to norms (norm trust).

The numbers come from :mod:`dyadwatch.models.trust` run on the shipped, cited norm ledger;
the figure from :mod:`dyadwatch.plots.trust`. The section does not depend on the dyad.
"""

from __future__ import annotations

import pandas as pd

from dyadwatch.report.section import Figure, Section

__all__ = ["sections"]

#: (label, forgetting lambda, asymmetry a) of the observers drawn in the figure
SCENARIOS = (
    ("neutral observer (lambda=1, a=1)", 1.0, 1.0),
    ("forgetful observer (lambda=0.9, a=1)", 0.9, 1.0),
    ("cynic (lambda=0.9, a=0.5)", 0.9, 0.5),
)
LEDGER_SOURCE = (
    "Source: dyadwatch norm ledger (src/dyadwatch/data/norms/ledger.csv), every event cited."
)
METHOD = (
    "Method: Beta-Bernoulli reputation with forgetting factor lambda (Jøsang & Ismail 2002) "
    "and a cynic's discount a on compliance (after Kydd 2005); prior Beta(1,1); violation "
    "weight 1, evasion and withdrawal 0.5."
)


def _pct(p: float) -> str:
    return f"{p:.0%}"


def _recovery_rows(table: pd.DataFrame) -> pd.DataFrame:
    """The recovery table as a reader sees it: percentages, whole years, 'never'."""

    def years(v) -> str:
        return "never" if pd.isna(v) else str(int(v))

    return pd.DataFrame(
        {
            "asymmetry a": [f"{a:g}" for a in table["asymmetry"]],
            "belief now": [_pct(v) for v in table["mean_now"]],
            "years needed": [years(v) for v in table["years_needed"]],
            "reached in": [years(v) for v in table["reached_in"]],
            "long-run belief": [_pct(v) for v in table["long_run_mean"]],
        }
    )


def _counts(ledger: pd.DataFrame, acts) -> pd.DataFrame:
    counts = (
        ledger.groupby(["side", "act"]).size().unstack(fill_value=0).reindex(columns=list(acts))
    )
    counts = counts.fillna(0).astype(int).reset_index()
    counts["side"] = counts["side"].map({"west": "West", "russia": "Russia"})
    return counts


def _summary(ledger, fits, table, negative_acts) -> str:
    west = ledger[ledger["side"] == "west"]
    neutral = fits[SCENARIOS[0][0]].posterior_
    cynic = fits[SCENARIOS[-1][0]].posterior_
    low_year = int(cynic.loc[cynic["mean"].idxmin(), "year"])
    never = table[table["years_needed"].isna()]["asymmetry"].tolist()
    a_half = table[table["asymmetry"] == 0.5].iloc[0]
    first, last = int(ledger["year"].min()), int(ledger["year"].max())
    recovery = (
        f"needs {int(a_half['years_needed'])} years to believe again that the West keeps to "
        "norms more often than not (belief of 50% or more)"
        if not pd.isna(a_half["years_needed"])
        else "never gets back to 50%"
    )
    ceiling = (
        f"; for a <= {max(never):g} the target lies above the long-run limit and is never reached."
        if never
        else "."
    )
    return (
        f"The ledger holds {len(ledger)} cited events dated {first}–{last}, {len(west)} of them "
        f"Western acts ({int((west['act'] == 'compliance').sum())} compliance, "
        f"{int(west['act'].isin(negative_acts).sum())} violations, evasions or withdrawals). "
        f"A neutral observer who forgets nothing ends {int(neutral['year'].iloc[-1])} with a "
        f"posterior belief of {_pct(neutral['mean'].iloc[-1])} that the West keeps to norms; "
        "a cynic who forgets (lambda=0.9) and halves the weight of compliance ends at "
        f"{_pct(cynic['mean'].iloc[-1])} (90% band {_pct(cynic['lower'].iloc[-1])} to "
        f"{_pct(cynic['upper'].iloc[-1])}), its lowest point being {low_year}. "
        "With one compliance event a year and no violations, the cynic (a=0.5) "
        + recovery
        + ceiling
    )


def sections(study=None) -> list[Section]:
    """The norm-trust posterior by year, the recovery table and the ledger's counts.

    Args:
        study: the report's :class:`~dyadwatch.study.Study`; ignored (the ledger is not
            dyad-specific).

    Returns:
        One section.
    """
    from dyadwatch.api.trust import (
        ACTS,
        LEDGER_FIRST_YEAR,
        LEDGER_LAST_YEAR,
        NEGATIVE_ACTS,
        NormTrust,
        load_ledger,
        recovery_table,
    )
    from dyadwatch.plots.trust import belief_figure

    ledger = load_ledger()
    first, last = LEDGER_FIRST_YEAR, LEDGER_LAST_YEAR
    fits = {
        label: NormTrust(forgetting=lam, asymmetry=a, start=first, end=last).fit(ledger)
        for label, lam, a in SCENARIOS
    }
    mirror = NormTrust(forgetting=0.9, observed="russia", start=first, end=last).fit(ledger)
    fig = belief_figure(
        {label: model.posterior_ for label, model in fits.items()},
        band=SCENARIOS[-1][0],
        mirrors={"lambda=0.9, a=1": mirror.posterior_},
        credible=0.9,
    )
    caption = (
        f"Posterior mean belief, in percent, that the observed side keeps to international "
        f"norms, per calendar year {first}–{last}. {LEDGER_SOURCE} {METHOD} Shaded: the "
        "cynic's equal-tailed 90% credible interval (scipy.stats.beta). Dotted: the mirror "
        "belief of a Western observer about Russia."
    )
    table = recovery_table(ledger, target=0.5, forgetting=0.9)
    return [
        Section(
            title="Cynicism: Moscow's belief that the West keeps to norms",
            summary=_summary(ledger, fits, table, NEGATIVE_ACTS),
            figures=[Figure(figure=fig, caption=caption)],
            tables=[
                (
                    "Years of consistent compliance (one event a year, no violations) needed to "
                    "bring the posterior belief back to 50%, by asymmetry a (lambda=0.9); "
                    "'belief now' is the posterior mean at the end of "
                    f"{last}, 'long-run belief' its limit under unending compliance. "
                    + LEDGER_SOURCE,
                    _recovery_rows(table),
                ),
                ("Ledger events by side and act. " + LEDGER_SOURCE, _counts(ledger, ACTS)),
            ],
            order=70,
        )
    ]
