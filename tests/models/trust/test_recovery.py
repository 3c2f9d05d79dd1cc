"""The recovery table: years of compliance to restore trust, by asymmetry."""

from __future__ import annotations

import pytest

from dyadwatch.models.trust import (
    recovery_table,
)


def test_recovery_table_on_synthetic_ledger(synthetic):
    ledger = synthetic([(2000, "violation", "USA")] * 2)
    table = recovery_table(ledger, target=0.5, asymmetries=[1.0, 0.5])
    assert list(table["years_needed"]) == [2, 4]
    assert list(table["reached_in"]) == [2002, 2004]
    never = recovery_table(ledger, target=0.8, asymmetries=[1.0], forgetting=0.5)
    assert never["years_needed"].isna().all()
    assert never["long_run_mean"].iloc[0] == pytest.approx(0.75)


def test_recovery_table_on_shipped_ledger_is_monotone_in_asymmetry():
    table = recovery_table(target=0.5, forgetting=0.9, asymmetries=[1.0, 0.75, 0.5, 0.25, 0.1])
    years = table["years_needed"].fillna(10**9).astype(int).tolist()
    assert years == sorted(years)
    assert (table["mean_now"].diff().dropna() <= 0).all()
