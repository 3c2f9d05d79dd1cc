"""Seeded generator of realistic raw GDELT 1.0 event rows, for tests and benchmarks.

The rows follow GDELT 1.0's published daily-file layout (58 tab-separated columns, no header;
Leetaru & Schrodt 2013, *GDELT Event Database Data Format Codebook V1.03*): actor codes built
from ISO3 country codes and CAMEO actor types, CAMEO event codes drawn with a skewed frequency
(verbal cooperation dominates, as in the real data), Goldstein scores and quad classes taken
from the shipped CAMEO table (GDELT scale), event dates mostly on the file's day with a tail of
older events, and mention, source and article counts with a long right tail.

Nothing here is real data: it exists so that the import and the benchmark can be run at any
size, reproducibly (the same seed gives the same bytes).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from dyadwatch.cameo import cameo_table
from dyadwatch.sources.gdelt import GDELT1_COLUMNS

__all__ = [
    "gdelt1_rows",
    "gdelt2_rows",
    "gdelt2_mentions_rows",
    "write_gdelt1_daily_files",
    "write_tsv",
    "POLECAT_HEADERS",
    "polecat_rows",
    "write_polecat_file",
]

# (ISO3, GDELT actor name, FIPS country code for the geo columns, weight)
_COUNTRIES = [
    ("USA", "UNITED STATES", "US", 20.0),
    ("RUS", "RUSSIA", "RS", 6.0),
    ("CHN", "CHINA", "CH", 5.0),
    ("GBR", "UNITED KINGDOM", "UK", 4.0),
    ("UKR", "UKRAINE", "UP", 3.0),
    ("FRA", "FRANCE", "FR", 3.0),
    ("DEU", "GERMANY", "GM", 3.0),
    ("IRN", "IRAN", "IR", 2.5),
    ("ISR", "ISRAEL", "IS", 2.5),
    ("IND", "INDIA", "IN", 2.5),
    ("PAK", "PAKISTAN", "PK", 2.0),
    ("SYR", "SYRIA", "SY", 2.0),
    ("TUR", "TURKEY", "TU", 2.0),
    ("JPN", "JAPAN", "JA", 1.5),
    ("PRK", "NORTH KOREA", "KN", 1.5),
    ("KOR", "SOUTH KOREA", "KS", 1.5),
    ("AFG", "AFGHANISTAN", "AF", 1.5),
    ("IRQ", "IRAQ", "IZ", 1.5),
    ("EGY", "EGYPT", "EG", 1.0),
    ("POL", "POLAND", "PL", 1.0),
    ("GEO", "GEORGIA", "GG", 0.7),
    ("BLR", "BELARUS", "BO", 0.5),
    ("NGA", "NIGERIA", "NI", 1.0),
    ("AUS", "AUSTRALIA", "AS", 1.0),
    ("CAN", "CANADA", "CA", 1.0),
]
_TYPES = ["", "GOV", "MIL", "BUS", "MED", "CVL", "OPP", "COP", "LEG", "JUD"]
_TYPE_WEIGHTS = [30, 30, 10, 6, 6, 6, 4, 4, 2, 2]
_TYPE_NAMES = {
    "GOV": "GOVERNMENT",
    "MIL": "MILITARY",
    "BUS": "BUSINESS",
    "MED": "MEDIA",
    "CVL": "CIVILIAN",
    "OPP": "OPPOSITION",
    "COP": "POLICE",
    "LEG": "LEGISLATURE",
    "JUD": "JUDGE",
}
# Relative frequency of CAMEO root codes 01..20, shaped like GDELT 1.0 (verbal cooperation
# dominates; material conflict is rarer).
_ROOT_WEIGHTS = [14, 4, 7, 20, 9, 3, 3, 2, 1, 2, 6, 2, 2, 1, 1, 1, 5, 2, 4, 0.3]
_PLACES = [
    ("Moscow, Moskva, Russia", "RS", "RS48", 55.7522, 37.6156, "-2960561"),
    ("Washington, District of Columbia, United States", "US", "USDC", 38.8951, -77.0364, "531871"),
    ("Beijing, Beijing, China", "CH", "CH22", 39.9289, 116.388, "-1898541"),
    ("Kiev, Kyyiv, Misto, Ukraine", "UP", "UP12", 50.4333, 30.5167, "-1044367"),
    ("London, London, City of, United Kingdom", "UK", "UKH9", 51.5, -0.116667, "-2601889"),
    ("United States", "US", "US", 38.0, -97.0, "US"),
    ("Russia", "RS", "RS", 60.0, 100.0, "RS"),
    ("Syria", "SY", "SY", 35.0, 38.0, "SY"),
]


def _cameo_codes() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    table = cameo_table()
    table = table[table["goldstein_gdelt"].notna()]
    table = table[table.index.str.len() >= 3]
    codes = np.array(table.index.tolist(), dtype=object)
    roots = np.array([int(r) for r in table["root"]])
    weights = np.array([_ROOT_WEIGHTS[r - 1] for r in roots], dtype=float)
    # spread each root's weight over its codes, with the root's generic code (e.g. 040) most common
    counts = np.bincount(roots, minlength=21)
    weights = weights / counts[roots]
    generic = np.array([len(c) == 3 and c.endswith("0") for c in codes])
    weights[generic] *= 4.0
    weights /= weights.sum()
    return codes, weights, table["goldstein_gdelt"].to_numpy(), table["quad_class"].to_numpy()


def _take(values: list | np.ndarray, idx: np.ndarray) -> pa.Array:
    dictionary = pa.array(list(values), type=pa.string())
    return pa.DictionaryArray.from_arrays(pa.array(idx.astype(np.int32)), dictionary).cast(
        pa.string()
    )


def _fmt_float(x: np.ndarray, decimals: int) -> pa.Array:
    return pc.cast(pa.array(np.round(x, decimals)), pa.string())


def gdelt1_rows(
    n: int, day: dt.date, *, seed: int = 0, first_id: int = 1, url: bool = True
) -> pa.Table:
    """``n`` raw GDELT 1.0 rows for the daily file of ``day``, as a table of text columns.

    Args:
        n: number of rows.
        day: the file's date (DATEADDED); most events happen that day, some earlier.
        seed: random seed; the same arguments give the same rows.
        first_id: GlobalEventID of the first row (ids are consecutive).
        url: include SOURCEURL (58 columns, daily layout) or not (57, historical layout).

    Returns:
        A table whose columns are :data:`~dyadwatch.sources.gdelt.GDELT1_COLUMNS` (57 or 58),
        every value text.
    """
    rng = np.random.default_rng(seed)
    cols: dict[str, pa.Array] = {}
    ids = np.arange(first_id, first_id + n, dtype=np.int64)
    cols["GLOBALEVENTID"] = pc.cast(pa.array(ids), pa.string())
    _date_columns(cols, day, n, rng)
    for side, p_country in (("Actor1", 0.62), ("Actor2", 0.5)):
        _actor_columns(cols, side, p_country, n, rng)
    _event_columns(cols, n, rng)
    for side in ("Actor1Geo", "Actor2Geo", "ActionGeo"):
        _geo_columns(cols, side, n, rng)
    cols["DATEADDED"] = pa.array([day.strftime("%Y%m%d")] * n, type=pa.string())
    if url:
        cols["SOURCEURL"] = pc.binary_join_element_wise(
            "https://news.example.org/story/", cols["GLOBALEVENTID"], ""
        )
    names_out = list(GDELT1_COLUMNS if url else GDELT1_COLUMNS[:57])
    return pa.table([cols[c] for c in names_out], names=names_out)


def _date_columns(cols: dict, day: dt.date, n: int, rng) -> None:
    """SQLDATE and its parts: most events on the file's day, 15 % up to a year earlier."""
    lag = np.where(rng.random(n) < 0.85, 0, rng.integers(1, 366, n))
    ordinal = day.toordinal() - lag
    base = np.datetime64("0001-01-01") + (ordinal - 1).astype("timedelta64[D]")
    years = base.astype("datetime64[Y]").astype(int) + 1970
    months = base.astype("datetime64[M]").astype(int) % 12 + 1
    days = (base - base.astype("datetime64[M]")).astype(int) + 1
    doy = (base - base.astype("datetime64[Y]")).astype(int) + 1
    cols["SQLDATE"] = pc.cast(pa.array(years * 10000 + months * 100 + days), pa.string())
    cols["MonthYear"] = pc.cast(pa.array(years * 100 + months), pa.string())
    cols["Year"] = pc.cast(pa.array(years), pa.string())
    cols["FractionDate"] = _fmt_float(years + doy / 365.0, 4)


def _actor_columns(cols: dict, side: str, p_country: float, n: int, rng) -> None:
    """One side's actor: a country (share ``p_country``), a type, both or neither."""
    iso = [c[0] for c in _COUNTRIES]
    names = [c[1] for c in _COUNTRIES]
    cw = np.array([c[3] for c in _COUNTRIES])
    cw /= cw.sum()
    empty = pa.array([""] * n, type=pa.string())
    has = rng.random(n) < p_country
    c = rng.choice(len(iso), n, p=cw)
    t = rng.choice(len(_TYPES), n, p=np.array(_TYPE_WEIGHTS) / sum(_TYPE_WEIGHTS))
    has_type_only = ~has & (rng.random(n) < 0.6)
    t = np.where(has_type_only & (t == 0), 1, t)
    country_txt = _take(iso + [""], np.where(has, c, len(iso)))
    type_txt = _take(_TYPES, np.where(has | has_type_only, t, 0))
    name_idx = np.where(has, c, len(iso) + np.where(has_type_only, t, 0))
    type_names = [""] + [_TYPE_NAMES[x] for x in _TYPES[1:]]
    cols[f"{side}Code"] = pc.binary_join_element_wise(country_txt, type_txt, "")
    cols[f"{side}Name"] = _take(names + type_names, name_idx)
    cols[f"{side}CountryCode"] = country_txt
    for extra in ("KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code"):
        cols[f"{side}{extra}"] = empty
    cols[f"{side}Type1Code"] = type_txt
    cols[f"{side}Type2Code"] = empty
    cols[f"{side}Type3Code"] = empty


def _event_columns(cols: dict, n: int, rng) -> None:
    """The CAMEO code (drawn by GDELT's frequencies), its scores, the counts and the tone."""
    codes, weights, goldstein, quad = _cameo_codes()
    k = rng.choice(len(codes), n, p=weights)
    code_txt = _take(codes, k)
    cols["IsRootEvent"] = pc.cast(pa.array((rng.random(n) < 0.6).astype(np.int8)), pa.string())
    cols["EventCode"] = code_txt
    cols["EventBaseCode"] = pc.utf8_slice_codeunits(code_txt, 0, 3)
    cols["EventRootCode"] = pc.utf8_slice_codeunits(code_txt, 0, 2)
    cols["QuadClass"] = pc.cast(pa.array(quad[k].astype(np.int64)), pa.string())
    cols["GoldsteinScale"] = pc.cast(pa.array(goldstein[k]), pa.string())
    mentions = 1 + rng.geometric(0.25, n) - 1 + rng.integers(0, 3, n)
    mentions = np.maximum(mentions, 1)
    sources = np.minimum(mentions, 1 + rng.geometric(0.6, n) - 1)
    articles = np.minimum(mentions, np.maximum(sources, mentions - rng.integers(0, 2, n)))
    cols["NumMentions"] = pc.cast(pa.array(mentions), pa.string())
    cols["NumSources"] = pc.cast(pa.array(sources), pa.string())
    cols["NumArticles"] = pc.cast(pa.array(articles), pa.string())
    cols["AvgTone"] = _fmt_float(rng.normal(-2.0, 4.0, n), 6)


def _geo_columns(cols: dict, side: str, n: int, rng) -> None:
    """One geography block: a known place for 80 % of rows, empty otherwise."""
    has = rng.random(n) < 0.8
    p = rng.integers(0, len(_PLACES), n)
    idx = np.where(has, p, len(_PLACES))
    pick = _PLACES + [("", "", "", None, None, "")]
    cols[f"{side}_Type"] = _take(
        [("1" if "," not in x[0] else "4") if x[1] else "0" for x in pick], idx
    )
    cols[f"{side}_FullName"] = _take([x[0] for x in pick], idx)
    cols[f"{side}_CountryCode"] = _take([x[1] for x in pick], idx)
    cols[f"{side}_ADM1Code"] = _take([x[2] for x in pick], idx)
    cols[f"{side}_Lat"] = _take(["" if x[3] is None else str(x[3]) for x in pick], idx)
    cols[f"{side}_Long"] = _take(["" if x[4] is None else str(x[4]) for x in pick], idx)
    cols[f"{side}_FeatureID"] = _take([x[5] for x in pick], idx)


def write_gdelt1_daily_files(
    folder: str | Path,
    n_rows: int,
    *,
    start: dt.date = dt.date(2016, 1, 1),
    days: int = 30,
    seed: int = 0,
    zipped: bool = False,
) -> list[Path]:
    """Write ``n_rows`` generated rows spread evenly over ``days`` daily files.

    Files are named like GDELT's own (``20160101.export.CSV`` or ``.CSV.zip``), one per day.

    Returns:
        The paths written, in date order.
    """
    import zipfile

    import pyarrow.csv as pacsv

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    per_day = np.full(days, n_rows // days)
    per_day[: n_rows % days] += 1
    paths = []
    first_id = 1
    for i in range(days):
        day = start + dt.timedelta(days=i)
        table = gdelt1_rows(int(per_day[i]), day, seed=seed * 100003 + i, first_id=first_id)
        first_id += int(per_day[i])
        name = f"{day:%Y%m%d}.export.CSV"
        path = folder / name
        options = pacsv.WriteOptions(include_header=False, delimiter="\t", quoting_style="none")
        pacsv.write_csv(table, path, write_options=options)
        if zipped:
            zpath = folder / (name + ".zip")
            with zipfile.ZipFile(zpath, "w", compression=zipfile.ZIP_DEFLATED) as zf:
                zf.write(path, arcname=name)
            path.unlink()
            path = zpath
        paths.append(path)
    return paths


def gdelt2_rows(n: int, day: dt.date, *, seed: int = 0, first_id: int = 1) -> pa.Table:
    """``n`` raw GDELT 2.0 event rows (61 columns) built from the 1.0 generator.

    GDELT 2.0 adds an ADM2Code after each ADM1Code and a 14-digit DATEADDED
    (``YYYYMMDDHHMMSS``); everything else keeps the 1.0 meaning.
    """
    from dyadwatch.sources.gdelt import GDELT2_COLUMNS

    base = gdelt1_rows(n, day, seed=seed, first_id=first_id)
    cols = {}
    for name in GDELT2_COLUMNS:
        if name.endswith("_ADM2Code"):
            adm1 = base.column(name.replace("ADM2Code", "ADM1Code"))
            cols[name] = pc.if_else(
                pc.equal(adm1, ""), adm1, pc.binary_join_element_wise(adm1, "001", "")
            )
        elif name == "DATEADDED":
            cols[name] = pa.array([day.strftime("%Y%m%d") + "151500"] * n, type=pa.string())
        else:
            cols[name] = base.column(name)
    return pa.table([cols[c] for c in GDELT2_COLUMNS], names=list(GDELT2_COLUMNS))


def gdelt2_mentions_rows(
    events: pa.Table,
    confidences: dict[str, list[int]] | None = None,
    *,
    seed: int = 0,
) -> pa.Table:
    """GDELT 2.0 Mentions rows (16 columns, :data:`~dyadwatch.sources.gdelt.MENTIONS_COLUMNS`)
    for the events of a :func:`gdelt2_rows` table.

    The layout follows the GDELT 2.0 *Event Codebook V2.0* (2015), Mentions table: one row per
    article mentioning an event, with the event's and the mention's 14-digit timestamps, the
    mention type (1 = web), source name and URL, sentence and character offsets, InRawText,
    the coder's Confidence (10 to 100 in steps of 10), the document length and tone, and two
    empty fields (translation info, extras).

    Args:
        events: GDELT 2.0 event rows (``GLOBALEVENTID`` and ``DATEADDED`` are used).
        confidences: event id -> the Confidence of each of its mentions (an empty list: no
            mention row); events not named get one to four mentions with random confidence.
        seed: random seed for everything not given.
    """
    from dyadwatch.sources.gdelt import MENTIONS_COLUMNS

    rng = np.random.default_rng(seed)
    confidences = confidences or {}
    rows: list[list[str]] = []
    ids = events.column("GLOBALEVENTID").to_pylist()
    added = events.column("DATEADDED").to_pylist()
    for eid, stamp in zip(ids, added, strict=True):
        given = confidences.get(eid)
        if given is None:
            given = (rng.integers(1, 11, size=int(rng.integers(1, 5))) * 10).tolist()
        for k, conf in enumerate(given):
            offset = int(rng.integers(0, 3000))
            rows.append(
                [
                    eid,
                    stamp,
                    stamp,
                    "1",
                    f"news{k}.example.org",
                    f"https://news{k}.example.org/story/{eid}",
                    str(int(rng.integers(1, 12))),
                    str(offset),
                    str(offset + 40),
                    str(offset + 20),
                    str(int(rng.integers(0, 2))),
                    str(int(conf)),
                    str(int(rng.integers(800, 9000))),
                    f"{rng.normal(-1.5, 3.0):.6f}",
                    "",
                    "",
                ]
            )
    return pa.table(
        {
            name: pa.array([r[i] for r in rows], pa.string())
            for i, name in enumerate(MENTIONS_COLUMNS)
        }
    )


def write_tsv(table: pa.Table, path: str | Path, *, header: bool = False) -> Path:
    """Write a table of text columns as tab-separated text, no quoting (GDELT/ICEWS style)."""
    import pyarrow.csv as pacsv

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    options = pacsv.WriteOptions(include_header=header, delimiter="\t", quoting_style="none")
    pacsv.write_csv(table, path, write_options=options)
    return path


#: POLECAT column names in two releases' spellings (Title Case with spaces, and snake case).
POLECAT_HEADERS = {
    "title": [
        "Event ID",
        "Event Date",
        "Event Type",
        "Event Mode",
        "Intensity",
        "Quad Code",
        "Contexts",
        "Actor Name",
        "Actor Country",
        "Actor COW",
        "Recipient Name",
        "Recipient Country",
        "Recipient COW",
        "Publisher",
        "Story ID",
        "Language",
    ],
    "snake": [
        "event_id",
        "event_date",
        "event_type",
        "event_mode",
        "intensity",
        "quad_code",
        "contexts",
        "actor_name",
        "actor_country",
        "actor_cow",
        "recipient_name",
        "recipient_country",
        "recipient_cow",
        "publisher",
        "story_id",
        "language",
    ],
}


def polecat_rows(n: int, *, seed: int = 0, start: dt.date = dt.date(2023, 1, 1)) -> list[list[str]]:
    """``n`` POLECAT-like rows in the order of :data:`POLECAT_HEADERS` (PLOVER event types)."""
    from dyadwatch.sources.polecat import PLOVER_TO_CAMEO

    rng = np.random.default_rng(seed)
    types = list(PLOVER_TO_CAMEO)
    countries = [c[0] for c in _COUNTRIES]
    rows = []
    for i in range(n):
        day = start + dt.timedelta(days=int(rng.integers(0, 60)))
        a, b = rng.choice(len(countries), 2, replace=False)
        etype = types[int(rng.integers(0, len(types)))]
        rows.append(
            [
                f"pc-{seed}-{i:06d}",
                day.isoformat(),
                etype,
                "",
                f"{rng.integers(-10, 10)}",
                "1",
                "",
                f"Government ({countries[a]})",
                countries[a],
                "",
                f"Military ({countries[b]})",
                countries[b],
                "",
                "Example Wire",
                str(100000 + i),
                "en",
            ]
        )
    return rows


def write_polecat_file(
    path: str | Path, rows: list[list[str]], *, header: str = "title", headline_quirk: bool = False
) -> Path:
    """Write POLECAT rows with one of the known headers (optionally with a stray Headline)."""
    names = list(POLECAT_HEADERS[header])
    if headline_quirk:
        names.insert(7, "Headline")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "\t".join(names) + "\n" + "".join("\t".join(r) + "\n" for r in rows)
    path.write_text(text, encoding="utf-8")
    return path
