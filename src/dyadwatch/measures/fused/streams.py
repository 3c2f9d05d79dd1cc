"""Observation streams of the fused relations measure, built from canonical event frames.

A :class:`Stream` is one source of evidence about the monthly relations state, reduced to what
the state-space model needs (see :mod:`dyadwatch.measures.fused.model`):

* ``kind="events"``: a sparse stream of events, each a noisy reading of the state. Per month the
  weighted mean score ``value``, the effective number of events ``n`` (Kish's
  ``(sum w)^2 / sum w^2``, the number of events for unit weights) and the weighted within-month
  sum of squared deviations ``ss``. For Gaussian readings with a common variance ``sigma^2`` the
  monthly mean (variance ``sigma^2 / n``) and ``ss`` are sufficient [CB2002, sec. 6.2], so the
  model is fitted on months, not events, with exactly the events' likelihood; a month with one
  event carries little weight, a month with none is missing. No decay is made by hand.
* ``kind="series"``: a dense monthly series (a machine-coded source's mean Goldstein score), with
  a known sampling variance per month (``var``: the weighted variance of the month's scores over
  its effective number of events) to which the model adds the source's own noise.
* ``kind="yearly"``: one value a calendar year (UNGA vote alignment), an observation of the mean
  state over the year's twelve months (see the model).

Builders (pure functions over frames; none opens a store):

* :func:`split_events` sorts canonical events into the dyad's own, each member's events with
  third parties, and the rest (counted, never dropped silently);
* :func:`event_stream` (the curated chronology: the reference stream of the measure),
  :func:`third_party_streams`, :func:`source_streams` (machine-coded sources) and
  :func:`unga_stream`.

The value of an event is its Goldstein (1992) score [Gol1992]. For a machine-coded source the
monthly *mean Goldstein* score is used rather than net cooperation, quad shares or volume: it is
on the same scale as the chronology (so its loading reads as a rescaling), net cooperation and
the quad shares are coarser summaries of the same events (entering both would count the events
twice with correlated errors, which the model's independent noises cannot represent), and volume
measures attention, not direction: both summits and wars raise it [Sch2012].

References:
    [Gol1992] Goldstein, J. S. (1992). A conflict-cooperation scale for WEIS events data.
    Journal of Conflict Resolution 36(2), 369–385.
    [CB2002] Casella, G., Berger, R. L. (2002). Statistical Inference, 2nd ed. Duxbury.
    [Sch2012] Schrodt, P. A. (2012). Precedents, progress, and prospects in political event
    data. International Interactions 38(4), 546–569.
    [Kis1965] Kish, L. (1965). Survey Sampling. Wiley (effective sample size).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from dyadwatch.errors import DyadwatchError

__all__ = [
    "Stream",
    "SplitEvents",
    "DEFAULT_ALLIES",
    "split_events",
    "event_stream",
    "third_party_streams",
    "source_streams",
    "unga_stream",
    "monthly_summary",
]

KINDS = ("events", "series", "yearly")
#: Organisations whose acts count as a member's acts with third parties: NATO's strikes on
#: Serbia (1999) and its enlargements are read as US-led alliance acts [Essay].
DEFAULT_ALLIES: Mapping[str, tuple[str, ...]] = {"USA": ("NATO",)}
#: Machine-coded sources (each becomes its own stream).
MACHINE_SOURCES = ("gdelt1", "gdelt2", "icews", "polecat")


@dataclass(frozen=True)
class Stream:
    """One observation stream of the fused measure.

    Attributes:
        name: label in the output (``"chronology"``, ``"RUS-third"``, ``"icews"``, ``"unga"``).
        kind: ``"events"``, ``"series"`` or ``"yearly"`` (see the module docstring).
        frame: per month (``events``/``series``: a monthly PeriodIndex) or per year (``yearly``:
            a yearly PeriodIndex): ``value``, and ``n``, ``ss`` (events) or ``var`` (series).
            Only periods with an observation are rows.
        reference: the stream that fixes the scale (intercept 0, loading 1).
        n_events: events (or years) behind the stream.
        notes: how the stream was built.
    """

    name: str
    kind: str
    frame: pd.DataFrame
    reference: bool = False
    n_events: int = 0
    notes: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, got {self.kind!r}")
        if not isinstance(self.frame.index, pd.PeriodIndex):
            raise TypeError("a stream's frame needs a PeriodIndex")

    @property
    def periods(self) -> pd.PeriodIndex:
        return self.frame.index


@dataclass
class SplitEvents:
    """Events sorted by their relation to a dyad; the parts add up to the rows given.

    Attributes:
        direct: events between the two members (both directions unless directed).
        allied: events between one member's ally and the other member (NATO and Russia).
        third_party: per member, its own or its allies' events with an actor outside the dyad.
        other: the rest (neither side involved, a member acting on itself, the other direction
            of a directed dyad), kept and counted.
    """

    direct: pd.DataFrame
    allied: pd.DataFrame
    third_party: dict[str, pd.DataFrame]
    other: pd.DataFrame

    def counts(self) -> dict[str, int]:
        """Rows per part."""
        out = {"direct": len(self.direct), "allied": len(self.allied)}
        out.update({f"{m}-third": len(f) for m, f in self.third_party.items()})
        out["other"] = len(self.other)
        return out


def split_events(
    events: pd.DataFrame,
    pair: Sequence[str],
    *,
    allies: Mapping[str, Sequence[str]] | None = None,
    directed: bool = False,
) -> SplitEvents:
    """Sort canonical events into the dyad's own, allied, each member's third-party, and others.

    Args:
        events: canonical rows with ``actor1``, ``actor2`` (and whatever else).
        pair: the two members, e.g. ``("USA", "RUS")``.
        allies: organisations acting for a member (default :data:`DEFAULT_ALLIES`; ``{}`` for
            none).
        directed: only ``pair[0] -> pair[1]`` is direct (the other direction goes to ``other``).

    Raises:
        DyadwatchError: ``pair`` is not two different actors, or a column is missing.
    """
    members = [str(x).upper() for x in pair]
    if len(members) != 2 or members[0] == members[1]:
        raise DyadwatchError(
            f"a dyad needs two different actors, got {pair!r}", where="{dyad}", fix="e.g. USA-RUS"
        )
    _require(events, ("actor1", "actor2"))
    a, b = members
    allies = DEFAULT_ALLIES if allies is None else allies
    sides = {m: {m, *(str(s).upper() for s in allies.get(m, ()))} for m in members}
    x1, x2 = events["actor1"].astype(str).str.upper(), events["actor2"].astype(str).str.upper()
    forward, backward = (x1 == a) & (x2 == b), (x1 == b) & (x2 == a)
    direct = forward if directed else forward | backward
    in_a = (x1.isin(sides[a]), x2.isin(sides[a]))
    in_b = (x1.isin(sides[b]), x2.isin(sides[b]))
    outside = (~in_a[0] & ~in_b[0], ~in_a[1] & ~in_b[1])
    allied = ((in_a[0] & in_b[1]) | (in_b[0] & in_a[1])) & ~forward & ~backward
    third = {
        m: (side[0] & outside[1]) | (side[1] & outside[0]) for m, side in ((a, in_a), (b, in_b))
    }
    taken = direct | allied | third[a] | third[b]
    return SplitEvents(
        direct=events.loc[direct],
        allied=events.loc[allied],
        third_party={m: events.loc[mask] for m, mask in third.items()},
        other=events.loc[~taken],
    )


def monthly_summary(
    events: pd.DataFrame, *, value: str = "goldstein", weight: str = "weight"
) -> pd.DataFrame:
    """Per month: weighted mean ``value``, effective count ``n``, within-month ``ss``, ``var``.

    ``var`` is the month's sampling variance of the mean (weighted variance over ``n``; NaN for
    a month with one event). Months without events are not rows.
    """
    if events.empty:
        return pd.DataFrame(
            columns=["value", "n", "ss", "var", "events"],
            index=pd.PeriodIndex([], freq="M"),
            dtype=float,
        )
    ev = events.loc[events[value].notna()]
    month = pd.PeriodIndex(pd.to_datetime(ev["date"]), freq="M")
    w = ev[weight].fillna(1.0).to_numpy(float) if weight in ev.columns else np.ones(len(ev))
    x = ev[value].to_numpy(float)
    g = pd.DataFrame({"m": month, "w": w, "wx": w * x, "wxx": w * x * x, "w2": w * w, "k": 1})
    s = g.groupby("m").sum()
    mean = s["wx"] / s["w"]
    n_eff = s["w"] ** 2 / s["w2"]
    # within-month sum of squares in units of one unit-weight event: sum w (x - mean)^2, scaled
    # so that sum of weights equals the effective count
    ss = (s["wxx"] - s["w"] * mean**2).clip(lower=0.0) * (n_eff / s["w"])
    with np.errstate(divide="ignore", invalid="ignore"):
        var = np.where(n_eff > 1, ss / (n_eff - 1) / n_eff, np.nan)
    out = pd.DataFrame(
        {"value": mean, "n": n_eff, "ss": ss, "var": var, "events": s["k"]}, index=s.index
    )
    out.index = pd.PeriodIndex(out.index, freq="M")
    return out.sort_index()


def _require(events: pd.DataFrame, columns: Sequence[str]) -> None:
    missing = [c for c in columns if c not in events.columns]
    if missing:
        raise DyadwatchError(
            f"events lack column(s) {', '.join(missing)}",
            where="{data}",
            fix="pass canonical events (date, actor1, actor2, goldstein, quad_class, weight, "
            "source)",
        )


def event_stream(
    events: pd.DataFrame, *, name: str = "chronology", reference: bool = True
) -> Stream:
    """A sparse event stream (by default the reference: the curated, human-coded chronology).

    The human-coded chronology fixes the scale and sign of the measure, as human-coded data
    anchor the latent scale in Terechshenko (2020) [Ter2020].

    References:
        [Ter2020] Terechshenko, Z. (2020). Hot under the collar: A latent measure of interstate
        hostility. Journal of Peace Research 57(6), 764–776.
    """
    _require(events, ("date", "goldstein"))
    summary = monthly_summary(events)
    return Stream(
        name=name,
        kind="events",
        frame=summary[["value", "n", "ss", "events"]],
        reference=reference,
        n_events=int(summary["events"].sum()) if len(summary) else 0,
        notes=(
            f"{name}: {int(summary['events'].sum()) if len(summary) else 0} events in "
            f"{len(summary)} months; each event a reading of the state",
        ),
    )


def third_party_streams(split: SplitEvents, *, min_events: int = 10) -> list[Stream]:
    """The context of the dyad as streams of their own, each with an estimated loading.

    One stream per member for its (and its allies') events with third parties
    (``"RUS-third"``: Russia's wars in Georgia and Ukraine; ``"USA-third"``: NATO's strikes on
    Serbia) and one for the allies' events with the other member (``"allied"``: NATO and
    Russia). Their loadings are estimated, so a stream that says nothing about the dyad gets a
    loading near zero instead of being recoded to the pair.

    Args:
        split: from :func:`split_events`.
        min_events: a part with fewer events gets no stream (too few to estimate a loading and
            a noise); the stream notes say so.
    """
    parts = {"allied": split.allied, **{f"{m}-third": f for m, f in split.third_party.items()}}
    out = []
    for name, frame in parts.items():
        if len(frame) < min_events:
            continue
        out.append(event_stream(frame, name=name, reference=False))
    return out


def source_streams(
    events: pd.DataFrame,
    *,
    sources: Sequence[str] = MACHINE_SOURCES,
    min_months: int = 24,
) -> list[Stream]:
    """One dense monthly stream per machine-coded source present: mean Goldstein score.

    Args:
        events: canonical dyad events of any sources (``source`` column); the chronology's rows
            are ignored here (it is the event stream).
        sources: which sources become streams.
        min_months: a source with fewer months of data gets no stream.
    """
    _require(events, ("date", "goldstein", "source"))
    out = []
    for source in sources:
        sub = events.loc[events["source"] == source]
        if sub.empty:
            continue
        summary = monthly_summary(sub)
        if len(summary) < min_months:
            continue
        var = summary["var"].fillna(summary["var"].median())
        frame = pd.DataFrame({"value": summary["value"], "var": var.fillna(0.0)})
        out.append(
            Stream(
                name=source,
                kind="series",
                frame=frame,
                n_events=int(summary["events"].sum()),
                notes=(
                    f"{source}: monthly weighted mean Goldstein of {int(summary['events'].sum())} "
                    f"events in {len(summary)} months",
                ),
            )
        )
    return out


def unga_stream(frame: pd.DataFrame, *, column: str = "kappa", name: str = "unga") -> Stream:
    """UN General Assembly vote alignment, one value a year.

    ``kappa`` (default) discounts the agreement two countries would show by chance given how
    often each votes yes, no and abstain; raw agreement moves with the share of consensual
    resolutions in a session [Häg2011].

    Args:
        frame: ``year`` and ``column`` (e.g. :func:`dyadwatch.measures.unga.unga_alignment`).
        column: ``kappa`` or ``agreement``.

    References:
        [Häg2011] Häge, F. M. (2011). Choice or circumstance? Adjusting measures of foreign
        policy similarity for chance agreement. Political Analysis 19(3), 287–305.
    """
    if "year" not in frame.columns or column not in frame.columns:
        raise DyadwatchError(
            f"the UNGA frame needs columns year and {column}",
            where="{data}",
            fix="pass dyadwatch.measures.unga.unga_alignment(...)",
        )
    sub = frame.loc[frame[column].notna(), ["year", column]]
    index = pd.PeriodIndex([pd.Period(str(int(y)), freq="Y") for y in sub["year"]], freq="Y")
    values = pd.DataFrame({"value": sub[column].to_numpy(float)}, index=index).sort_index()
    return Stream(
        name=name,
        kind="yearly",
        frame=values,
        n_events=len(values),
        notes=(f"{name}: yearly {column}, {len(values)} years",),
    )
