"""``dyadwatch serve``: clear errors for a port in use and an unreadable store."""

from __future__ import annotations

import os
import socket

import pytest

from dyadwatch.cli import main


def test_port_in_use(capsys, tmp_db):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        rc = main(["serve", "--port", str(port), "--db", str(tmp_db)])
    err = capsys.readouterr().err
    assert rc == 2 and f"port {port} on 127.0.0.1 is already in use" in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_store(capsys, tmp_path):
    db = tmp_path / "s.duckdb"
    db.write_bytes(b"x")
    db.chmod(0)
    rc = main(["serve", "--db", str(db), "--port", "1"])
    assert rc == 2 and "cannot read the store" in capsys.readouterr().err


def test_not_a_database(capsys, tmp_path):
    db = tmp_path / "s.duckdb"
    db.write_text("not a database")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    rc = main(["serve", "--db", str(db), "--port", str(port)])
    err = capsys.readouterr().err
    assert rc == 2 and "cannot open the store" in err and len(err.strip().splitlines()) == 1


def test_directory_as_store(capsys, tmp_path):
    rc = main(["serve", "--db", str(tmp_path), "--port", "1"])
    assert rc == 2 and "Is a directory" in capsys.readouterr().err


def test_store_under_a_file_is_a_clear_error(capsys, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    rc = main(["serve", "--db", str(blocker / "s.duckdb"), "--port", "1"])
    err = capsys.readouterr().err
    assert rc == 2 and "cannot create the store's folder" in err
