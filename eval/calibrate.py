"""Calibrating the abstention threshold: false-abstain and false-answer rates across thresholds.

The threshold only gates the coverage score (the best chunk's cosine similarity, bot/coverage.py). The
bot also abstains for reasons the threshold does not touch: the question names something the documents
never mention, or no passage answers it. The results of an ordinary run cannot tell those apart from a
threshold abstention, so each question is asked once
more with the threshold switched off. At threshold t a question is then abstained when it was abstained
without a threshold, or when its coverage score is below t. Emergencies are left out (the bot never
abstains on them), and so is any question the bot treats as urgent.

Left out: weighting a false answer above a false abstention; both rates count the same.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass

from .runner import Case

STEP = 0.01


@dataclass(frozen=True)
class Observation:
    """One question asked without a threshold."""
    id: str
    answerable: bool
    coverage: float
    abstained_anyway: bool     # abstained with the threshold off: term coverage or no answering passage
    urgent: bool = False       # triaged as an emergency: never abstains, whatever the threshold
    reason: str = ""

    def abstains_at(self, threshold: float) -> bool:
        return not self.urgent and (self.abstained_anyway or self.coverage < threshold)


@dataclass(frozen=True)
class Point:
    threshold: float
    false_abstain: int         # answerable questions abstained
    answerable: int
    false_answer: int          # unanswerable questions answered
    unanswerable: int

    @property
    def false_abstain_rate(self) -> float:
        return self.false_abstain / self.answerable if self.answerable else 0.0

    @property
    def false_answer_rate(self) -> float:
        return self.false_answer / self.unanswerable if self.unanswerable else 0.0

    @property
    def cost(self) -> float:
        return self.false_abstain_rate + self.false_answer_rate

    def to_dict(self) -> dict:
        return {**asdict(self), "false_abstain_rate": round(self.false_abstain_rate, 4),
                "false_answer_rate": round(self.false_answer_rate, 4)}


@dataclass(frozen=True)
class Calibration:
    current: Point
    points: list[Point]         # the sweep, every STEP
    best: list[Point]           # every swept point as good as the best
    recommended: Point
    observations: list[Observation]

    def to_dict(self) -> dict:
        return {"current": self.current.to_dict(), "recommended": self.recommended.to_dict(),
                "best_range": [self.best[0].threshold, self.best[-1].threshold],
                "points": [p.to_dict() for p in self.points], "observations": [asdict(o) for o in self.observations]}


def observe(bot, cases: list[Case], *, progress: bool = False) -> list[Observation]:
    """Ask every non-emergency case with the bot's threshold switched off (restored afterwards)."""
    plain = [c for c in cases if not c.emergency]
    if progress:
        from tqdm import tqdm
        plain = tqdm(plain, desc="Calibrating", unit="question")
    saved, bot.threshold = bot.threshold, -math.inf
    try:
        observed = []
        for case in plain:
            answer = bot.ask(case.question, list(case.history))
            observed.append(Observation(case.id, case.answerable, answer.coverage, answer.abstained,
                                        answer.emergency, answer.abstain_reason))
        return observed
    finally:
        bot.threshold = saved


def point(observations: list[Observation], threshold: float) -> Point:
    answerable = [o for o in observations if o.answerable]
    unanswerable = [o for o in observations if not o.answerable]
    return Point(round(threshold, 4), sum(o.abstains_at(threshold) for o in answerable), len(answerable),
                 sum(not o.abstains_at(threshold) for o in unanswerable), len(unanswerable))


def sweep(observations: list[Observation], current: float, step: float = STEP) -> Calibration:
    """Every threshold from 0 (or the lowest score) to just past the highest score, and the best of them."""
    scores = [o.coverage for o in observations] or [0.0]
    low = math.floor(min(0.0, min(scores)) / step)
    high = math.ceil(max(scores) / step) + 1
    points = [point(observations, i * step) for i in range(low, high + 1)]
    least = min(p.cost for p in points)
    best = [p for p in points if p.cost <= least + 1e-12]
    now = point(observations, current)
    return Calibration(now, points, best, now if now.cost <= least + 1e-12 else _middle(points, best), observations)


def _middle(points: list[Point], best: list[Point]) -> Point:
    """The middle of the longest run of best points: the widest margin on either side."""
    chosen = {id(p) for p in best}
    runs, run = [], []
    for p in points:
        if id(p) in chosen:
            run.append(p)
        elif run:
            runs.append(run)
            run = []
    if run:
        runs.append(run)
    longest = max(runs, key=len)
    return longest[(len(longest) - 1) // 2]


def report(cal: Calibration, *, every: float = 0.05) -> str:
    """The sweep as a text table (every `every`, plus the current and the recommended point)."""
    obs = cal.observations
    anyway_a = sum(o.abstained_anyway and not o.urgent for o in obs if o.answerable)
    anyway_u = sum(o.abstained_anyway and not o.urgent for o in obs if not o.answerable)
    n_a, n_u = cal.current.answerable, cal.current.unanswerable
    lines = [f"Abstention threshold sweep over {len(obs)} questions ({n_a} answerable, {n_u} unanswerable; "
             f"emergencies left out).",
             f"Whatever the threshold: {anyway_a}/{n_a} answerable questions are abstained and {anyway_u}/{n_u} "
             f"unanswerable ones too (term coverage or no answering passage); only the rest depend on it.", "",
             f"{'threshold':>9}  {'false-abstain':>18}  {'false-answer':>16}"]
    marks = {cal.current.threshold: "current", cal.recommended.threshold: "best"}
    if cal.current.threshold == cal.recommended.threshold:
        marks[cal.current.threshold] = "current, best"
    shown = [p for p in cal.points if abs(p.threshold / every - round(p.threshold / every)) < 1e-6]
    shown = sorted({p.threshold: p for p in shown + [cal.current, cal.recommended]}.values(), key=lambda p: p.threshold)
    for p in shown:
        mark = f"<- {marks[p.threshold]}" if p.threshold in marks else ""
        lines.append(f"{p.threshold:>9.2f}  {_rate(p.false_abstain, p.answerable):>18}  "
                     f"{_rate(p.false_answer, p.unanswerable):>16}  {mark}".rstrip())
    best, rec = cal.best, cal.recommended
    lines += ["", f"best threshold: {rec.threshold:.2f} (false-abstain {_rate(rec.false_abstain, n_a)}, "
                  f"false-answer {_rate(rec.false_answer, n_u)})"]
    if len(best) > 1:
        gaps = len(best) != round((best[-1].threshold - best[0].threshold) / STEP) + 1
        lines.append(f"{'Some' if gaps else 'Every'} threshold from {best[0].threshold:.2f} to {best[-1].threshold:.2f} "
                     f"does as well on this test set{' (not those in the gaps)' if gaps else ''}.")
    if rec is cal.current:
        lines.append(f"The current threshold {cal.current.threshold:.2f} is already among the best: nothing to change.")
    else:
        lines.append(f"To use it: Bot(index, threshold={rec.threshold:.2f}), or set settings.DEFAULT_THRESHOLD = {rec.threshold:.2f} "
                     f"in bot/coverage.py (now {cal.current.threshold:.2f}). Check it with: "
                     f"python -m eval --threshold {rec.threshold:.2f}")
    if n_u and anyway_u == n_u:
        lines.append("Note: every unanswerable question is abstained whatever the threshold, so this test set cannot "
                     "tell how low the threshold may safely go; add unanswerable questions worded like the documents.")
    return "\n".join(lines)


def _rate(count: int, total: int) -> str:
    return f"{count}/{total} = {count / total:.1%}" if total else "-"
