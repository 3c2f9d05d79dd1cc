"""The Study's results on structure versus personality: the structure test, the test on
structural measures, the Park (2010) comparison, UN vote alignment and ideal points.

:class:`StructureResults` is one of the classes :class:`~dyadwatch.study.Study` is built from;
it uses the Study's dyad, series, stages and seed.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

import pandas as pd

from dyadwatch.errors import DyadwatchError

__all__ = ["StructureResults"]


class StructureResults:
    """Structure versus personality, UN votes and ideal points of a :class:`Study`."""

    @cached_property
    def structure(self):
        """Structure versus personality on this study's series (leaders' terms as transitions)."""
        return self.structure_test()

    def structure_test(
        self,
        *,
        transitions_file: str | Path | None = None,
        capabilities_file: str | Path | None = None,
        window: int = 3,
    ):
        """The structure test with other transitions, capabilities or window."""
        from dyadwatch.claims.structure import analyse_structure
        from dyadwatch.sources.capabilities import read_capabilities
        from dyadwatch.sources.structural_events import structural_events
        from dyadwatch.sources.transitions import read_transitions_csv

        transitions = read_transitions_csv(transitions_file) if transitions_file else None
        capabilities = read_capabilities(capabilities_file) if capabilities_file else None
        return analyse_structure(
            self.series,
            [p.asfreq("M", "start") for p in self.stages.turning_points()],
            name=self.name,
            context_events=self._context_events(),
            transitions=transitions,
            capabilities=capabilities,
            window=window,
            structural_events=structural_events(),
            pair=(self.pair.a, self.pair.b),
        )

    # --- structure on structure (issue 17) ---
    def structure_measures(
        self,
        *,
        measures: tuple[str, ...] = ("index", "idealpoint", "kappa", "capability"),
        ideal_distance: pd.DataFrame | None = None,
        capabilities: pd.DataFrame | None = None,
        window: int = 3,
        start: str = "1992",
        n_perm: int = 999,
    ) -> dict:
        """The well-posed structure test on each measure at its own frequency, and one table.

        Args:
            measures: any of ``index`` (this study's series), ``idealpoint`` (US–Russia UNGA
                ideal-point distance, yearly), ``kappa`` (UNGA Cohen's kappa, yearly),
                ``capability`` (US/Russia COW CINC ratio, yearly; needs ``capabilities``).
            ideal_distance: a ``year, distance`` frame (default: :attr:`ideal_distance`, the
                shipped fit: seconds, no refit).
            capabilities: a COW NMC table (``ccode, year, cinc``).
            window: coincidence window in months.
            start: first period (the Russian Federation's first full year by default).
            n_perm: block permutations.

        Returns:
            ``{"tests": {name: MeasureTest}, "table": DataFrame, "notes": [...],
            "register": DataFrame}``.
        """
        from dyadwatch.claims.structure import robustness_table, test_measure
        from dyadwatch.sources.structural_events import structural_events

        register = structural_events()
        notes: list[str] = []
        series = {}
        for m in measures:
            got = self._structure_series(m, ideal_distance, capabilities, notes)
            if got is not None:
                series[m] = got[got.index >= pd.Period(start, freq=got.index.freq)]
        transitions, first = self._leaders(notes)
        tests = {}
        for m, y in series.items():
            tests[m] = test_measure(
                y,
                self._structure_breaks(m, y),
                name=m,
                transitions=transitions,
                us_transitions=first,
                structural_events=list(register["date"]),
                window_months=window,
                n_perm=n_perm,
                seed=self.seed,
            )
        return {
            "tests": tests,
            "table": robustness_table(tests),
            "notes": notes,
            "register": register,
        }

    def _structure_series(self, m, ideal_distance, capabilities, notes) -> pd.Series | None:
        """One measure as a series at its own frequency (None, with a note, when unavailable)."""
        if m == "index":
            return self.series
        if m == "kappa":
            t = self.unga
            return pd.Series(t["kappa"].to_numpy(float), index=pd.PeriodIndex(t["year"], freq="Y"))
        if m == "idealpoint":
            d = self.ideal_distance if ideal_distance is None else ideal_distance
            return pd.Series(
                d["distance"].to_numpy(float), index=pd.PeriodIndex(d["year"], freq="Y")
            )
        if m == "capability":
            if capabilities is None:
                notes.append("capability: no COW NMC table given (--capabilities FILE).")
                return None
            from dyadwatch.sources.capabilities import dyad_capabilities

            a, b = self.pair.actors
            r = dyad_capabilities(capabilities, f"{a}-{b}").set_index("year")["ratio"]
            notes.append(
                f"capability: {a}/{b} CINC ratio, {int(r.index.min())}–{int(r.index.max())}."
            )
            return pd.Series(r.to_numpy(float), index=pd.PeriodIndex(r.index.astype(int), freq="Y"))
        raise DyadwatchError(
            f"unknown measure {m!r}",
            where="{measure}",
            fix="use index, idealpoint, kappa or capability",
        )

    def _structure_breaks(self, m: str, y: pd.Series) -> list:
        """Turning points of a measure: the stages' for the index, the same detector otherwise."""
        from dyadwatch.cycle.stages import detect_stages

        if m == "index":
            return [p.asfreq("M", "start") for p in self.stages.turning_points()]
        res = detect_stages(y, penalty=self.penalty, compare_hmm=False, seed=self.seed)
        return list(res.turning_points())

    # --- end structure on structure ---

    # --- Park (2010) comparison and the structure summary (helper D, issue 17 4b) ---
    def structure_inputs(self) -> dict:
        """Yearly structural inputs of the study's pair: its ideal-point distance (shipped fit)
        and the COW NMC table read by default (None when there is none)."""
        from dyadwatch.sources.capabilities import default_capabilities_path, read_capabilities

        path = default_capabilities_path()
        return {
            "ideal_distance": self.ideal_distance,
            "capabilities": read_capabilities(path) if path else None,
            "capabilities_file": str(path) if path else None,
        }

    def _leaders(self, notes: list[str] | None = None) -> tuple[list, list]:
        """Leader transitions of the pair's members the leaders register covers, and those of
        the first of them (the US president's for USA–RUS: the honeymoon the essay predicts)."""
        from dyadwatch.claims.structure import leader_transitions
        from dyadwatch.leaders import leaders

        known = set(leaders()["country"])
        members = tuple(c for c in self.pair.actors if c in known)
        if not members:
            raise DyadwatchError(
                f"the leaders register has no leaders of {self.pair}",
                where="{dyad}",
                fix=f"it covers {', '.join(sorted(known))}; give {{transitions}} FILE",
            )
        if notes is not None and len(members) < 2:
            missing = [c for c in self.pair.actors if c not in known]
            notes.append(f"leaders: transitions of {members[0]} only ({missing[0]} not covered).")
        return leader_transitions(members), leader_transitions(members[:1])

    def park_comparison(self, *, inputs: dict | None = None, start: str = "1992"):
        """Leader fixed effects against structural covariates and breaks (Park 2010)."""
        from dyadwatch.claims.structure.park import park_comparison, park_covariates
        from dyadwatch.sources.structural_events import structural_events

        inputs = inputs or self.structure_inputs()
        y = self.series[self.series.index >= pd.Period(start, freq=self.series.index.freq)]
        transitions, first = self._leaders()
        a, b = self.pair.actors
        return park_comparison(
            y,
            park_covariates(inputs["capabilities"], inputs["ideal_distance"], dyad=f"{a}-{b}"),
            transitions=transitions,
            us_transitions=first,
            structural_events=list(structural_events()["date"]),
        )

    @cached_property
    def structure_summary(self) -> dict:
        """The per-measure verdicts (index, kappa, ideal-point distance, capability ratio) and
        the Park comparison, on the default inputs: ``{"measures": ..., "park": ...}``."""
        inputs = self.structure_inputs()
        names = ("index", "kappa", "idealpoint", "capability")
        if not self.from_data:
            names = ("index",)
        measures = self.structure_measures(
            measures=names if inputs["capabilities"] is not None else names[:3],
            ideal_distance=inputs["ideal_distance"],
            capabilities=inputs["capabilities"],
        )
        park = self.park_comparison(inputs=inputs) if self.from_data else None
        return {"measures": measures, "park": park, "inputs": inputs}

    # --- end Park comparison ---

    def _context_events(self) -> pd.DataFrame:
        """Events whose tags mark structural change: the dyad's chronology, else the whole one."""
        from dyadwatch.sources.chronology import chronology

        if self.pair.actors in (("USA", "RUS"), ("RUS", "USA")):
            return chronology()
        own = self.events_or_none
        return own if own is not None else chronology()

    @cached_property
    def unga(self) -> pd.DataFrame:
        """UN General Assembly vote alignment of the pair, per year."""
        from dyadwatch.measures.unga import unga_alignment

        return unga_alignment(f"{self.pair.a}-{self.pair.b}")

    @cached_property
    def unga_freshness(self) -> str:
        """One sentence: the range of the UN votes in use and the age of the newest roll call."""
        from dyadwatch.sources.unga import read_unvotes

        return read_unvotes().freshness(self.today)

    # --- ideal points (issue 17) ---
    @cached_property
    def ideal_points(self) -> pd.DataFrame:
        """Every UN member's dynamic ideal point per session (the shipped fit, or a cached
        refit when newer sessions were downloaded): see :func:`dyadwatch.api.ideal_points`."""
        from dyadwatch.measures.idealpoints.fits import ideal_points

        return ideal_points()

    @cached_property
    def ideal_distance(self) -> pd.DataFrame:
        """Yearly ideal-point distance of the pair: ``year, distance, lo, hi`` (95 %), with
        ``pair, position_a, position_b, sd`` beside them."""
        from dyadwatch.measures.idealpoints.unga import idealpoint_distance

        return idealpoint_distance(self.ideal_points, f"{self.pair.a}-{self.pair.b}")

    # --- end ideal points ---
