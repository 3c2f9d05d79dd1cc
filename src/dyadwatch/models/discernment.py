"""Discerning perceived from contrived threats, scored as signal detection.

The essay's recommendation is to "discern perceived threats from contrived threats". Treat it
as a detection task [GS1966; MC2005]: the *signal* is a threat the Kremlin genuinely holds
(by default the register's ``real`` or ``perceived`` assessments), the *noise* a contrived one.
An analyst who calls a claim ``real`` or ``perceived`` says "signal"; one who calls it
``contrived`` says "noise". Then

* hit: a genuinely held threat recognised as such;
* miss: a genuinely held threat dismissed as contrived -> **miscalculation** (the essay's
  danger: "they often dismiss as contrived things the Kremlin actually does perceive");
* false alarm: a contrived threat taken as genuine -> **needless concession**;
* correct rejection: a contrived threat seen through.

Sensitivity and bias under the equal-variance Gaussian model:

    d' = z(H) - z(F),    c = -(z(H) + z(F)) / 2,    beta = exp(d' c),

with ``z`` the standard normal quantile. Perfect rates (0 or 1) make ``z`` infinite; the
log-linear correction [Hautus1995] adds 0.5 to the hit and false-alarm counts and 1 to the
numbers of signal and noise trials, ``H = (hits + 0.5) / (n_signal + 1)``, and is applied to
every data set (not only extreme ones), as Hautus recommends because it biases d' least.
``correction="none"`` uses raw rates and refuses perfect ones.

Costs. With ``C_m`` the cost of a miscalculation and ``C_c`` the cost of a needless concession
(correct answers cost nothing), the empirical expected cost per claim is

    (misses * C_m + false_alarms * C_c) / n.

The model-based cost at sensitivity d' and criterion c with signal base rate p is
``p (1 - H) C_m + (1 - p) F C_c`` with ``H = Phi(d'/2 - c)`` and ``F = Phi(-d'/2 - c)``; it is
minimised by the likelihood-ratio criterion ``beta* = ((1 - p) / p) (C_c / C_m)``, i.e.
``c* = ln(beta*) / d'`` [GS1966, ch. 1]. :class:`Discernment` reports both the analyst's cost
and the cost at ``c*``, so the analyst sees how much of the cost is bias rather than
insensitivity.

Textbook check (tests): H = 0.8, F = 0.2 gives d' = 2 z(0.8) = 1.683 and c = 0 [MC2005].

References:
    [GS1966] Green, D. M. & Swets, J. A. (1966). Signal Detection Theory and Psychophysics.
        Wiley.
    [MC2005] Macmillan, N. A. & Creelman, C. D. (2005). Detection Theory: A User's Guide,
        2nd ed. Erlbaum.
    [Hautus1995] Hautus, M. J. (1995). Corrections for extreme proportions and their biasing
        effects on estimated values of d'. Behavior Research Methods, Instruments, &
        Computers 27(1), 46-51.
    [ST1999] Stanislaw, H. & Todorov, N. (1999). Calculation of signal detection theory
        measures. Behavior Research Methods, Instruments, & Computers 31(1), 137-149.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from scipy.stats import norm

from dyadwatch.errors import DyadwatchError

__all__ = [
    "Discernment",
    "criterion",
    "d_prime",
    "loglinear_rates",
    "read_classifications",
    "score_against_register",
]


def _z(p: float) -> float:
    if not 0.0 < p < 1.0:
        raise DyadwatchError(
            f"rate {p} is 0 or 1, so its z-score is infinite",
            fix="use the log-linear correction (correction='loglinear', the default)",
        )
    return float(norm.ppf(p))


def d_prime(hit_rate: float, fa_rate: float) -> float:
    """Sensitivity ``d' = z(H) - z(F)`` [MC2005]."""
    return _z(hit_rate) - _z(fa_rate)


def criterion(hit_rate: float, fa_rate: float) -> float:
    """Criterion ``c = -(z(H) + z(F)) / 2``; positive means slow to say "genuine" [MC2005]."""
    return -(_z(hit_rate) + _z(fa_rate)) / 2.0


def loglinear_rates(
    hits: int, misses: int, false_alarms: int, correct_rejections: int
) -> tuple[float, float]:
    """Hit and false-alarm rates with the log-linear correction [Hautus1995].

    ``H = (hits + 0.5) / (hits + misses + 1)``, ``F = (fa + 0.5) / (fa + cr + 1)``.
    """
    for name, v in (
        ("hits", hits),
        ("misses", misses),
        ("false_alarms", false_alarms),
        ("correct_rejections", correct_rejections),
    ):
        if v < 0:
            raise DyadwatchError(f"{name} must be >= 0, got {v}")
    return (hits + 0.5) / (hits + misses + 1.0), (false_alarms + 0.5) / (
        false_alarms + correct_rejections + 1.0
    )


class Discernment:
    """Score an analyst's perceived-versus-contrived calls by signal detection theory.

    Args:
        signal: labels that count as a genuinely held threat (default real, perceived).
        noise: labels that count as contrived (default contrived).
        correction: ``"loglinear"`` (default, [Hautus1995]) or ``"none"``.
        cost_miscalculation: cost of a miss (treating a genuinely held threat as contrived).
        cost_concession: cost of a false alarm (treating a contrived threat as genuine).

    Attributes:
        counts_: ``hits, misses, false_alarms, correct_rejections``.
        hit_rate_, fa_rate_: the (corrected) rates used for d' and c.
        d_prime_, criterion_, beta_: sensitivity, bias and likelihood ratio at the criterion.
        expected_cost_: empirical cost per claim of the analyst's errors.
        base_rate_: share of claims that are signal (genuinely held threats).
        model_cost_: model-based cost per claim at (d', c).
        optimal_criterion_: c* minimising the model cost (None when d' <= 0).
        optimal_cost_: model cost per claim at c* (or of the best constant answer).
    """

    def __init__(
        self,
        *,
        signal: Sequence[str] = ("real", "perceived"),
        noise: Sequence[str] = ("contrived",),
        correction: Literal["loglinear", "none"] = "loglinear",
        cost_miscalculation: float = 1.0,
        cost_concession: float = 1.0,
    ) -> None:
        self.signal = signal
        self.noise = noise
        self.correction = correction
        self.cost_miscalculation = cost_miscalculation
        self.cost_concession = cost_concession

    def _check(self) -> tuple[set[str], set[str]]:
        """The signal and noise label sets, after checking every parameter."""
        if self.correction not in ("loglinear", "none"):
            raise DyadwatchError(
                f"unknown correction {self.correction!r}", fix="use 'loglinear' or 'none'"
            )
        for name, cost in (
            ("cost_miscalculation", self.cost_miscalculation),
            ("cost_concession", self.cost_concession),
        ):
            if not (math.isfinite(cost) and cost >= 0):
                raise DyadwatchError(f"{name} must be a finite number >= 0, got {cost}")
        signal, noise = set(self.signal), set(self.noise)
        if signal & noise:
            raise DyadwatchError(f"labels {sorted(signal & noise)} are both signal and noise")
        return signal, noise

    @staticmethod
    def _count(
        truth: Sequence[str], judged: Sequence[str], signal: set[str], noise: set[str]
    ) -> dict[str, int]:
        """Hits, misses, false alarms and correct rejections."""

        def is_signal(label: str, what: str) -> bool:
            if label in signal:
                return True
            if label in noise:
                return False
            raise DyadwatchError(
                f"{what} label '{label}' is neither signal ({', '.join(sorted(signal))}) "
                f"nor noise ({', '.join(sorted(noise))})"
            )

        kind = {
            (True, True): "hits",
            (True, False): "misses",
            (False, True): "false_alarms",
            (False, False): "correct_rejections",
        }
        counts = dict.fromkeys(kind.values(), 0)
        for t, j in zip(truth, judged, strict=True):
            counts[kind[is_signal(t, "true"), is_signal(j, "judged")]] += 1
        return counts

    def fit(self, truth: Sequence[str], judged: Sequence[str]) -> Discernment:
        """Score judgements against the truth (both sequences of hypothesis labels).

        Returns:
            self, with the attributes listed in the class docstring set.

        Raises:
            DyadwatchError: unequal lengths, a label in neither class, no signal or no noise
                trials, negative costs, or perfect rates with ``correction="none"``.
        """
        if len(truth) != len(judged):
            raise DyadwatchError(
                f"{len(truth)} true labels but {len(judged)} judgements",
                fix="give one judgement per claim",
            )
        counts = self._count(truth, judged, *self._check())
        hits, misses = counts["hits"], counts["misses"]
        fas, crs = counts["false_alarms"], counts["correct_rejections"]
        n_signal, n_noise = hits + misses, fas + crs
        if n_signal == 0 or n_noise == 0:
            raise DyadwatchError(
                f"need both signal and noise trials, got {n_signal} signal and {n_noise} noise",
                fix="score the analyst on claims of both kinds",
            )
        if self.correction == "loglinear":
            h, f = loglinear_rates(hits, misses, fas, crs)
        else:
            h, f = hits / n_signal, fas / n_noise
        self.counts_ = counts
        self.hit_rate_, self.fa_rate_ = h, f
        self.d_prime_ = d_prime(h, f)
        self.criterion_ = criterion(h, f)
        self.beta_ = math.exp(self.d_prime_ * self.criterion_)
        n = n_signal + n_noise
        cm, cc = self.cost_miscalculation, self.cost_concession
        self.expected_cost_ = (misses * cm + fas * cc) / n
        p = n_signal / n
        self.base_rate_ = p
        self.model_cost_ = self._model_cost(self.d_prime_, self.criterion_, p)
        if self.d_prime_ > 0 and cm > 0 and cc > 0:
            beta_star = ((1 - p) / p) * (cc / cm)
            self.optimal_criterion_: float | None = math.log(beta_star) / self.d_prime_
            self.optimal_cost_ = self._model_cost(self.d_prime_, self.optimal_criterion_, p)
        else:
            # No sensitivity (or a free error): the best policy is a constant answer.
            self.optimal_criterion_ = None
            self.optimal_cost_ = min(p * cm, (1 - p) * cc)
        return self

    def _model_cost(self, dp: float, c: float, p: float) -> float:
        h = float(norm.cdf(dp / 2 - c))
        f = float(norm.cdf(-dp / 2 - c))
        return p * (1 - h) * self.cost_miscalculation + (1 - p) * f * self.cost_concession

    def result(self) -> dict[str, Any]:
        """All measures as plain data."""
        return {
            **self.counts_,
            "n": sum(self.counts_.values()),
            "hit_rate": self.hit_rate_,
            "false_alarm_rate": self.fa_rate_,
            "correction": self.correction,
            "d_prime": self.d_prime_,
            "criterion_c": self.criterion_,
            "beta": self.beta_,
            "cost_miscalculation": self.cost_miscalculation,
            "cost_concession": self.cost_concession,
            "expected_cost_per_claim": self.expected_cost_,
            "model_cost_per_claim": self.model_cost_,
            "optimal_criterion_c": self.optimal_criterion_,
            "optimal_cost_per_claim": self.optimal_cost_,
        }


def _read_text(path: Path) -> str:
    """The file's text, or one line saying why it cannot be read as a CSV."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DyadwatchError(
            f"no such file: {path}", where="{file}", fix="check the path"
        ) from None
    except OSError as exc:
        raise DyadwatchError(
            f"cannot read {path}: {exc.strerror or exc}", where="{file}", fix="check the path"
        ) from None
    if not raw.strip():
        raise DyadwatchError(
            f"{path} is empty",
            where="{file}",
            fix="start the file with the header: claim_id,classification",
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DyadwatchError(
            f"{path} is not UTF-8 text (byte {exc.start} is 0x{raw[exc.start]:02x})",
            where="{file}",
            fix="save it as a UTF-8 CSV file",
        ) from None
    if "\x00" in text:
        raise DyadwatchError(
            f"{path} holds NUL bytes: not a CSV text file",
            where="{file}",
            fix="save it as a UTF-8 CSV file",
        )
    return text


def read_classifications(path: str | Path) -> list[tuple[str, str, int]]:
    """Read ``claim_id,classification`` rows; returns ``(claim_id, classification, line)``.

    Raises:
        DyadwatchError: a missing, unreadable, binary or empty file, missing columns, empty
            cells, duplicate claim ids.
    """
    path = Path(path)
    rows: list[tuple[str, str, int]] = []
    seen: dict[str, int] = {}
    reader = csv.DictReader(io.StringIO(_read_text(path), newline=""))
    try:
        fields = [f.strip() for f in (reader.fieldnames or [])]
        if "claim_id" not in fields or "classification" not in fields:
            raise DyadwatchError(
                f"expected columns claim_id,classification, found {','.join(fields) or 'none'}",
                where=f"{path}, line 1",
                fix="start the file with the header: claim_id,classification",
            )
        for row in reader:
            line = reader.line_num
            row = {(k or "").strip(): (v or "").strip() for k, v in row.items() if k}
            cid, label = row.get("claim_id", ""), row.get("classification", "").lower()
            if not cid and not label:
                continue
            if not cid or not label:
                raise DyadwatchError(
                    "empty claim_id or classification",
                    where=f"{path}, line {line}",
                    fix="fill both columns or delete the row",
                )
            if cid in seen:
                raise DyadwatchError(
                    f"claim '{cid}' classified twice (first on line {seen[cid]})",
                    where=f"{path}, line {line}",
                    fix="keep one classification per claim",
                )
            seen[cid] = line
            rows.append((cid, label, line))
    except csv.Error as exc:
        raise DyadwatchError(
            f"malformed CSV: {exc}",
            where=f"{path}, line {reader.line_num}",
            fix="quote fields that hold commas or quotes (RFC 4180)",
        ) from None
    if not rows:
        raise DyadwatchError(
            "no classifications in the file",
            where=str(path),
            fix="add rows like: 1999-03-24-kosovo-nato-use-of-force,perceived",
        )
    return rows


def score_against_register(
    path: str | Path,
    *,
    cost_miscalculation: float = 1.0,
    cost_concession: float = 1.0,
    correction: Literal["loglinear", "none"] = "loglinear",
) -> dict[str, Any]:
    """Score a classifications CSV against the register's ACH assessments.

    Claims the register leaves undecided (a tie at the top) have no true label and are left
    out; the result says how many.

    Raises:
        DyadwatchError: bad file, unknown claim id or label (with the line).
    """
    from dyadwatch.models.threats import DEFAULT_HYPOTHESES, assess_register

    rows = read_classifications(path)
    frame = assess_register()
    labels = dict(zip(frame["id"], frame["label"], strict=True))
    truth, judged, skipped = [], [], []
    for cid, label, line in rows:
        if cid not in labels:
            raise DyadwatchError(
                f"unknown claim id '{cid}'",
                where=f"{path}, line {line}",
                fix="use an id from the threat register (the 'threats list' command lists them)",
            )
        if label not in DEFAULT_HYPOTHESES:
            raise DyadwatchError(
                f"unknown classification '{label}'",
                where=f"{path}, line {line}",
                fix=f"use one of {', '.join(DEFAULT_HYPOTHESES)}",
            )
        if not labels[cid]:
            skipped.append(cid)
            continue
        truth.append(labels[cid])
        judged.append(label)
    model = Discernment(
        correction=correction,
        cost_miscalculation=cost_miscalculation,
        cost_concession=cost_concession,
    ).fit(truth, judged)
    out = model.result()
    out["scored_claims"] = len(truth)
    out["skipped_undecided"] = skipped
    return out
