"""The GDELT 2.0 quality filter: events rated by their Mentions' Confidence (--min-confidence)."""

from __future__ import annotations

import datetime as dt
import json
import zipfile

import pytest

from dyadwatch.cli import main
from dyadwatch.cli.options import FLAGS
from dyadwatch.errors import DyadwatchError
from dyadwatch.ingest import DedupPolicy, ingest, mention_paths
from dyadwatch.sources.gdelt import MENTIONS_COLUMNS
from dyadwatch.sources.synthetic import gdelt2_mentions_rows, gdelt2_rows, write_tsv
from dyadwatch.store import open_store

DAY = dt.date(2016, 7, 28)


def _reconciles(s):
    assert s.read == s.accepted + s.quarantined + s.duplicates
    assert s.duplicates == sum(s.duplicates_by_rule.values())


def _max_confidence(mentions) -> dict[str, int]:
    best: dict[str, int] = {}
    for r in mentions.to_pylist():
        best[r["GLOBALEVENTID"]] = max(best.get(r["GLOBALEVENTID"], 0), int(r["Confidence"]))
    return best


def _stored_ids(store) -> set[str]:
    t = store.events()
    return set(
        store.arrow(t.filter(t.source == "gdelt2").select("event_id"))["event_id"].to_pylist()
    )


@pytest.fixture
def files(tmp_path):
    """60 GDELT 2.0 events; Mentions for all but three, split over two files."""
    events = gdelt2_rows(60, DAY, seed=21)
    ids = events.column("GLOBALEVENTID").to_pylist()
    given = {ids[0]: [30, 80], ids[1]: [40], ids[2]: [50], ids[3]: [], ids[4]: [], ids[5]: []}
    mentions = gdelt2_mentions_rows(events, given, seed=22)
    half = mentions.num_rows // 2
    events_path = write_tsv(events, tmp_path / "20160728151500.export.CSV")
    m1 = write_tsv(mentions.slice(0, half), tmp_path / "m" / "20160728151500.mentions.CSV")
    m2 = write_tsv(mentions.slice(half), tmp_path / "m" / "20160728153000.mentions.CSV")
    return events, mentions, events_path, [m1, m2]


def test_mentions_layout_is_the_published_one():
    assert len(MENTIONS_COLUMNS) == 16
    assert MENTIONS_COLUMNS[0] == "GLOBALEVENTID" and MENTIONS_COLUMNS[11] == "Confidence"
    events = gdelt2_rows(3, DAY, seed=1)
    table = gdelt2_mentions_rows(events, seed=2)
    assert table.column_names == list(MENTIONS_COLUMNS)
    assert {int(c) for c in table.column("Confidence").to_pylist()} <= set(range(10, 101, 10))


def test_min_confidence_drops_low_rated_and_unmentioned_events(files):
    events, mentions, events_path, mention_files = files
    best = _max_confidence(mentions)
    ids = events.column("GLOBALEVENTID").to_pylist()
    with open_store(":memory:") as store:
        s = ingest(
            "gdelt2",
            [events_path],
            store=store,
            policy=DedupPolicy(min_confidence=50),
            mentions=mention_files,
        )
        _reconciles(s)
        kept = {i for i in ids if best.get(i, 0) >= 50}
        low = {i for i in ids if i in best and best[i] < 50}
        assert ids[0] in kept and ids[2] in kept and ids[1] in low  # max, not first; >= N
        assert s.read == 60 and s.accepted == len(kept)
        assert s.duplicates_by_rule["min_confidence"] == len(low)
        assert s.duplicates_by_rule["no_mentions"] == 3  # ids[3..5] have no Mentions row
        assert _stored_ids(store) == kept
        assert s.mentions == {"files": 2, "rows": mentions.num_rows, "events": 57}
        assert s.policy["min_confidence"] == 50


def test_zipped_mentions_folder_and_bad_lines(tmp_path, files):
    events, mentions, events_path, mention_files = files
    ids = events.column("GLOBALEVENTID").to_pylist()
    # a malformed line for an unmentioned event rates nothing: it stays unmentioned
    bad = "\t".join([ids[3], "x", "x", "1", "s", "u", "1", "0", "0", "0", "1", "high"])
    with mention_files[0].open("a", encoding="utf-8") as f:
        f.write(bad + "\n")
    folder = tmp_path / "zipped"
    folder.mkdir()
    for path in mention_files:
        with zipfile.ZipFile(folder / (path.name + ".zip"), "w") as zf:
            zf.write(path, arcname=path.name)
    paths = mention_paths([folder])
    assert [p.name for p in paths] == [
        "20160728151500.mentions.CSV.zip",
        "20160728153000.mentions.CSV.zip",
    ]
    with open_store(":memory:") as store:
        s = ingest(
            "gdelt2",
            [events_path],
            store=store,
            policy=DedupPolicy(min_confidence=50),
            mentions=paths,
        )
        _reconciles(s)
        assert s.duplicates_by_rule["no_mentions"] == 3
        assert s.mentions["rows"] == mentions.num_rows  # the malformed line is not counted


def test_rules_apply_in_order_root_first(files):
    events, mentions, events_path, mention_files = files
    best = _max_confidence(mentions)
    rows = events.to_pylist()
    with open_store(":memory:") as store:
        s = ingest(
            "gdelt2",
            [events_path],
            store=store,
            policy=DedupPolicy(root_only=True, min_confidence=50),
            mentions=mention_files,
        )
    _reconciles(s)
    root = [r for r in rows if r["IsRootEvent"] == "1"]
    assert s.duplicates_by_rule["not_root"] == len(rows) - len(root)
    assert s.accepted == sum(best.get(r["GLOBALEVENTID"], 0) >= 50 for r in root)
    assert s.duplicates_by_rule["no_mentions"] == sum(r["GLOBALEVENTID"] not in best for r in root)


def test_import_again_adds_nothing(tmp_path, files):
    _, _, events_path, mention_files = files
    policy = DedupPolicy(min_confidence=60)
    with open_store(tmp_path / "s.duckdb") as store:
        first = ingest("gdelt2", [events_path], store=store, policy=policy, mentions=mention_files)
        again = ingest("gdelt2", [events_path], store=store, policy=policy, mentions=mention_files)
        _reconciles(again)
        assert again.accepted == 0
        assert again.duplicates_by_rule["event_id"] == first.accepted
        assert store.count("gdelt2") == first.accepted


@pytest.mark.parametrize(
    "source, policy, with_mentions, message",
    [
        ("gdelt2", DedupPolicy(min_confidence=50), False, "needs the GDELT 2.0 Mentions"),
        ("gdelt2", DedupPolicy(), True, "only read to filter by confidence"),
        ("gdelt1", DedupPolicy(min_confidence=50), True, "GDELT 2.0"),
        ("gdelt2", DedupPolicy(min_confidence=101), True, "1 to 100"),
    ],
)
def test_option_errors(files, source, policy, with_mentions, message):
    _, _, events_path, mention_files = files
    with open_store(":memory:") as store, pytest.raises(DyadwatchError, match=message):
        ingest(
            source,
            [events_path],
            store=store,
            policy=policy,
            mentions=mention_files if with_mentions else None,
        )


def test_mentions_file_among_event_files_is_refused(files):
    _, _, events_path, mention_files = files
    with open_store(":memory:") as store:
        with pytest.raises(DyadwatchError, match="Mentions file") as info:
            ingest("gdelt2", [events_path, mention_files[1]], store=store)
        assert "with mentions (" in info.value.line()  # the Python parameter's name
        assert "with --mentions (" in info.value.line(FLAGS)  # the command line's flag
        assert store.count("gdelt2") == 0


def test_unreadable_mentions_file_is_refused(tmp_path, files):
    _, _, events_path, mention_files = files
    broken = tmp_path / "x.mentions.CSV.zip"
    broken.write_bytes(b"PK\x03\x04 truncated")
    with open_store(":memory:") as store:
        with pytest.raises(DyadwatchError, match="Mentions file"):
            ingest(
                "gdelt2",
                [events_path],
                store=store,
                policy=DedupPolicy(min_confidence=50),
                mentions=[*mention_files, broken],
            )
        s = ingest(
            "gdelt2",
            [events_path],
            store=store,
            policy=DedupPolicy(min_confidence=50),
            mentions=[*mention_files, broken],
            skip_bad_files=True,
        )
        assert len(s.files_refused) == 1 and s.mentions["files"] == 2


def test_cli_min_confidence(tmp_path, capsys, files):
    _, mentions, events_path, mention_files = files
    db = tmp_path / "cli.duckdb"
    folder = str(mention_files[0].parent)
    rc = main(
        [
            "ingest",
            "gdelt2",
            str(events_path),
            "--mentions",
            folder,
            "--min-confidence",
            "50",
            "--db",
            str(db),
            "--format",
            "json",
        ]
    )
    assert rc == 0
    captured = capsys.readouterr()
    out = json.loads(captured.out)
    assert out["read"] == out["accepted"] + out["quarantined"] + out["duplicates"] == 60
    assert out["duplicates_by_rule"]["no_mentions"] == 3
    assert out["mentions"]["rows"] == mentions.num_rows
    assert "no row in the Mentions files" in captured.err
    rc = main(["ingest", "gdelt2", str(events_path), "--min-confidence", "50", "--db", str(db)])
    assert rc == 2
    assert "needs the GDELT 2.0 Mentions" in capsys.readouterr().err
