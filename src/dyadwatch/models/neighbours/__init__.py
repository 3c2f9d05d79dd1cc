"""Security demand: how Russia's neighbours align, and whether neutrality lasts.

The essay's first misjudgement: the Kremlin's security demands leave its neighbours two
choices, vassal or adversary. This package codes the alignment of sixteen neighbours and
near-abroad states for every year 1991-2025 and measures what happens to the neutral ones.

Data (shipped, cited, ``dyadwatch/data/neighbours/``; coding rules in the README there):

* ``alignment_spells.csv``: spells ``country, start_year, end_year, status, status_military,
  basis, citation``; :func:`expand_spells` turns them into one row per country-year.
  ``status`` follows the issue's rule: ``aligned`` (Collective Security Treaty/CSTO, Union
  State, Eurasian Customs Union/EAEU, Russian forces based by consent), ``opposed`` (NATO or
  EU membership or a formal application, a NATO membership commitment or MAP, or Russian
  military action against the state in that year), else ``neutral``. ``status_military`` is a
  sensitivity coding in which EU membership or application does not count.
* ``coercive_acts.csv``: cited Russian coercive acts against these states.

One idea a module:

* :mod:`.coding`: the code book (states, countries, years, citation format);
* :mod:`.files`: reading the shipped tables or a user's, with one-line errors;
* :mod:`.spells`: the spells table and its checks; :mod:`.panel`: the country-year panel under
  a coding rule; :mod:`.coercion`: the table of coercive acts;
* :mod:`.chain`: :class:`AlignmentChain`, the empirical yearly Markov chain, its classes and
  stationary distribution(s) (Norris 1997);
* :mod:`.survival`: :class:`NeutralitySurvival`, Kaplan-Meier survival of neutral spells and
  the Aalen-Johansen cumulative incidence of their ends (Kaplan & Meier 1958; Kalbfleisch &
  Prentice 2002).

Figures are in :mod:`dyadwatch.plots.neighbours`, the report section in
:mod:`dyadwatch.report.sections.neighbours`.
"""

from __future__ import annotations

from dyadwatch.models.neighbours.chain import (
    AlignmentChain,
    StationaryResult,
    chain_structure,
    stationary_distribution,
    transition_counts,
)
from dyadwatch.models.neighbours.coding import (
    CITATION_RE,
    COUNTRIES,
    FIRST_YEAR,
    ISO3_RE,
    LAST_YEAR,
    STATUSES,
)
from dyadwatch.models.neighbours.coercion import COERCION_COLUMNS, load_coercive_acts
from dyadwatch.models.neighbours.panel import RULES, alignment_panel, expand_spells
from dyadwatch.models.neighbours.spells import SPELL_COLUMNS, load_spells, validate_spells
from dyadwatch.models.neighbours.survival import (
    NeutralitySurvival,
    cumulative_incidence,
    kaplan_meier,
    neutral_spells,
)

__all__ = [
    "AlignmentChain",
    "CITATION_RE",
    "COERCION_COLUMNS",
    "COUNTRIES",
    "FIRST_YEAR",
    "ISO3_RE",
    "LAST_YEAR",
    "NeutralitySurvival",
    "RULES",
    "SPELL_COLUMNS",
    "STATUSES",
    "StationaryResult",
    "alignment_panel",
    "chain_structure",
    "cumulative_incidence",
    "expand_spells",
    "kaplan_meier",
    "load_coercive_acts",
    "load_spells",
    "neutral_spells",
    "stationary_distribution",
    "transition_counts",
    "validate_spells",
]
