"""Quality gates for CI: `--fail-under METRIC=VALUE` for figures where higher is better and
`--fail-over METRIC=VALUE` for figures where lower is better (counts of failures, latency).

A gate naming an unknown figure, or one that goes the wrong way for its flag, is a usage error listing
the valid names; a figure the test set could not measure (None) fails its gate.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from . import figures

UNDER, OVER = "--fail-under", "--fail-over"


class GateUsageError(ValueError):
    """A gate that names no figure, goes the wrong way, or has no number."""


@dataclass(frozen=True)
class Gate:
    flag: str           # UNDER or OVER
    metric: str
    bound: float

    def failure(self, summary: dict) -> str | None:
        """Why the run falls short of this gate, or None when it meets it."""
        value = summary.get(self.metric)
        if value is None:
            return f"{self.metric} was not measured (no question in the test set measures it); {self.flag} needs it"
        if self.flag == UNDER and value < self.bound:
            return f"{self.metric} is {figures.show(value)}, under the required {self.bound:g} " \
                   f"by {round(self.bound - value, 4):g}"
        if self.flag == OVER and value > self.bound:
            return f"{self.metric} is {figures.show(value)}, over the allowed {self.bound:g} " \
                   f"by {round(value - self.bound, 4):g}"
        return None


def valid_names(flag: str) -> list[str]:
    return figures.names(figures.HIGHER if flag == UNDER else figures.LOWER)


def parse(flag: str, specs: list[str]) -> list[Gate]:
    gates = []
    for spec in specs or []:
        metric, sep, value = spec.partition("=")
        metric = metric.strip()
        if not sep:
            raise GateUsageError(f"{flag} {spec!r}: write METRIC=VALUE, e.g. {flag} "
                                 f"{'hit@1=0.9' if flag == UNDER else 'latency_p95_ms=2000'}")
        if metric not in valid_names(flag):
            other = OVER if flag == UNDER else UNDER
            if metric in valid_names(other):
                raise GateUsageError(f"{flag} {metric}: lower is better for {metric}, use {other} {metric}=VALUE"
                                     if other == OVER else
                                     f"{flag} {metric}: higher is better for {metric}, use {other} {metric}=VALUE")
            raise GateUsageError(f"{flag}: unknown metric {metric!r}. Valid names for {UNDER} (higher is better): "
                                 f"{', '.join(valid_names(UNDER))}; for {OVER} (lower is better): "
                                 f"{', '.join(valid_names(OVER))}")
        try:
            bound = float(value)
        except ValueError:
            raise GateUsageError(f"{flag} {spec!r}: {value!r} is not a number") from None
        if not math.isfinite(bound):        # NaN compares false with every figure: the gate could never fail
            raise GateUsageError(f"{flag} {spec!r}: {value!r} is not a finite number")
        gates.append(Gate(flag, metric, bound))
    return gates


def check(summary: dict, gates: list[Gate]) -> list[str]:
    return [why for gate in gates if (why := gate.failure(summary))]
