"""The report's plots, drawn with matplotlib (Agg, no display) and saved as PNG files.

Only this module imports matplotlib. Each function draws one figure from plain rows and figures and
returns the path it wrote.
"""
from __future__ import annotations

from pathlib import Path

from . import figures
from .metrics import percentile

# Columns of the by-category heat map: the figures that are shares between 0 and 1.
HEATMAP = ["hit@1", "hit@5", "mrr", "ndcg@10", "fact_recall", "citation_validity", "abstention_recall",
           "emergency_recall", "pass_rate"]
ANSWERABLE, UNANSWERABLE, MARK = "#2b7bba", "#d95f02", "#b2182b"


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"font.size": 10, "axes.spines.top": False, "axes.spines.right": False})
    return plt


def _save(fig, path: Path) -> Path:
    fig.savefig(path, dpi=110, bbox_inches="tight", facecolor="white")
    fig.clear()
    import matplotlib.pyplot as plt

    plt.close(fig)
    return path


def metrics_by_category(by_category: dict[str, dict], path: Path) -> Path:
    """A heat map: one row per category, one column per figure, each cell labelled with its value."""
    plt = _pyplot()
    import numpy as np

    names = list(by_category)
    values = np.array([[by_category[n][m] if by_category[n][m] is not None else np.nan for m in HEATMAP]
                       for n in names], dtype=float)
    fig, ax = plt.subplots(figsize=(1.0 * len(HEATMAP) + 2.5, 0.42 * len(names) + 1.6))
    cmap = plt.get_cmap("RdYlGn").with_extremes(bad="#eeeeee")
    ax.imshow(np.ma.masked_invalid(values), cmap=cmap, vmin=0, vmax=1, aspect="auto")
    for i in range(len(names)):
        for j in range(len(HEATMAP)):
            value = values[i, j]
            ax.text(j, i, "-" if np.isnan(value) else f"{value:.2f}", ha="center", va="center", fontsize=9,
                    color="#666666" if np.isnan(value) else "black")
    ax.set_xticks(range(len(HEATMAP)), [figures.label(m) for m in HEATMAP], rotation=30, ha="right")
    ax.set_yticks(range(len(names)), [f"{n} ({by_category[n]['questions']})" for n in names])
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    ax.set_title("Figures by category (questions in brackets; '-' = nothing to measure)", loc="left")
    return _save(fig, path)


def latency(rows: list[dict], path: Path) -> Path:
    """A histogram of the time each question took, with p50 and p95 marked."""
    plt = _pyplot()
    times = [r["latency_ms"] for r in rows]
    fig, ax = plt.subplots(figsize=(7.5, 3.6))
    ax.hist(times, bins=min(30, max(5, len(times) // 3)), color=ANSWERABLE, edgecolor="white")
    for q, style in ((50, "--"), (95, ":")):
        value = percentile(times, q)
        ax.axvline(value, color=MARK, linestyle=style, linewidth=1.5, label=f"p{q} = {value:,.0f} ms")
    ax.set_xlabel("latency per question (ms)")
    ax.set_ylabel("questions")
    ax.set_title(f"Latency ({len(times)} questions)", loc="left")
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1))
    return _save(fig, path)


def reading_grades(rows: list[dict], path: Path) -> Path:
    """A histogram of the answers' reading grades, median and p90 marked, with NIH's and the AMA's ceilings
    for patient material (grade 8 and 6) for reference."""
    plt = _pyplot()
    grades = [r["reading_grade"] for r in rows if r.get("reading_grade") is not None]
    fig, ax = plt.subplots(figsize=(7.5, 3.6))
    if grades:
        ax.hist(grades, bins=range(int(min(0, min(grades))), int(max(grades)) + 2), color=ANSWERABLE, edgecolor="white")
        for q, style in ((50, "--"), (90, ":")):
            value = percentile(grades, q)
            ax.axvline(value, color=MARK, linestyle=style, linewidth=1.5, label=f"{'median' if q == 50 else 'p90'} = {value:.1f}")
    for grade, name, style in ((8, "NIH: at most 8", "-"), (6, "AMA: at most 6", "-.")):
        ax.axvline(grade, color="#555555", linestyle=style, linewidth=1.0, alpha=0.7, label=name)
    ax.set_xlabel("Flesch-Kincaid grade of the quoted answer (bullet items count as sentences)")
    ax.set_ylabel("answers")
    ax.set_title(f"Reading grade ({len(grades)} answers with quoted sentences)", loc="left")
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1))
    return _save(fig, path)


def abstention_scores(rows: list[dict], threshold: float, path: Path) -> Path:
    """Coverage scores of answerable and unanswerable questions (emergencies left out), threshold marked."""
    plt = _pyplot()
    import numpy as np

    plain = [r for r in rows if not r.get("expected_emergency")]
    groups = [("answerable", ANSWERABLE, [r["coverage"] for r in plain if r.get("answerable", True)]),
              ("unanswerable", UNANSWERABLE, [r["coverage"] for r in plain if not r.get("answerable", True)])]
    scores = [s for _, _, values in groups for s in values] + [threshold]
    low, high = min(0.0, min(scores)), max(1.0, max(scores))
    bins = np.arange(np.floor(low * 20) / 20, high + 0.05, 0.025)
    fig, ax = plt.subplots(figsize=(7.5, 3.8))
    for name, colour, values in groups:
        if values:
            ax.hist(values, bins=bins, color=colour, alpha=0.6, edgecolor="white", label=f"{name} ({len(values)})")
            ax.plot(values, [-0.3 - 0.35 * (colour == UNANSWERABLE)] * len(values), "|", color=colour, markersize=8)
    ax.axvline(threshold, color=MARK, linestyle="--", linewidth=1.8, label=f"threshold = {threshold:.2f}")
    ax.set_xlabel("coverage score (cosine similarity of the best chunk); below the threshold the bot abstains")
    ax.set_ylabel("questions")
    ax.set_ylim(bottom=-0.9)
    ax.set_title("Abstention score: answerable vs unanswerable questions (ticks: each question)", loc="left")
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1))
    return _save(fig, path)


def calibration(points: list[dict], current: float, recommended: float, path: Path) -> Path:
    """False-abstain and false-answer rates against the threshold, current and recommended marked."""
    plt = _pyplot()
    xs = [p["threshold"] for p in points]
    fig, ax = plt.subplots(figsize=(7.5, 3.8))
    ax.plot(xs, [p["false_abstain_rate"] for p in points], color=ANSWERABLE, drawstyle="steps-post",
            label="false-abstain rate (answerable)")
    ax.plot(xs, [p["false_answer_rate"] for p in points], color=UNANSWERABLE, drawstyle="steps-post",
            label="false-answer rate (unanswerable)")
    if abs(current - recommended) < 1e-9:
        ax.axvline(current, color=MARK, linestyle="--", linewidth=1.5, label=f"current = best = {current:.2f}")
    else:
        ax.axvline(current, color="#555555", linestyle=":", linewidth=1.5, label=f"current = {current:.2f}")
        ax.axvline(recommended, color=MARK, linestyle="--", linewidth=1.5, label=f"best = {recommended:.2f}")
    ax.set_xlabel("abstention threshold (coverage score)")
    ax.set_ylabel("rate")
    ax.set_ylim(-0.03, 1.03)
    ax.set_title("Abstention threshold sweep", loc="left")
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1))
    return _save(fig, path)
