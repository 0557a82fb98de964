"""Train the question-type model that picks the sentence an answer opens with (bot/qtype.py uses it).

    python -m bot.train_qtype                              # writes bot/data/qtype.npz, prints held-out accuracy
    python -m bot.train_qtype --limit 2000 --out /tmp/q.npz   # a quick run on a sample

Data: MedQuAD (Ben Abacha and Demner-Fushman, BMC Bioinformatics 2019; CC BY 4.0), the five
collections in ../shared/benchmarks/medquad/qa.jsonl: 13,721 consumer questions, each with one of 15
question types and the answer passage written for it. Two softmax regressions on the bundled
MiniLM sentence embeddings:

- questions -> type, with the question's focus (the disease) replaced by "this condition", so that
  the model learns what is asked, not about what;
- answer sentences -> the type of the question they answer (the first sentences of each answer that
  are not a restated question: where an answer says what kind of answer it is).

The split is by focus (odd crc32: held out, as in scripts/topic_words.py), so no disease is in both
halves; the held-out half is only measured.
numpy only: the weights (two 15 x 384 matrices) ship as a small .npz with the type names and the source.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import zlib
from pathlib import Path

import numpy as np

import settings

from index.embedding import SentenceTransformerEmbedder
from index.sentences import sentence_spans

DEFAULT_OUT = Path(__file__).with_name("data") / "qtype.npz"
SOURCE = ("MedQuAD (Ben Abacha & Demner-Fushman, BMC Bioinformatics 2019), collections 1_CancerGov, 2_GARD, "
          "3_GHR, 4_MPlus_Health_Topics, 5_NIDDK; CC BY 4.0")
SENTENCES_PER_ANSWER = 2
PER_TYPE = 250               # answer sentences per type and half: the rare types set the pace, and the
                             # encoder is the slow part (all 13,721 answers take half an hour on two cores)
RAW_QUESTIONS = 1500         # unmasked questions kept beside the masked ones: names in passing, as patients write
_BOILERPLATE = re.compile(r"^(key points|summary\s*:|on this page|the human phenotype ontology)", re.I)


def held_out(row: dict) -> bool:
    """The same halves as scripts/topic_words.py and the suite's off-topic figures: odd crc32 of the focus."""
    return zlib.crc32(row["focus"].lower().encode()) % 2 == 1


def masked_question(row: dict) -> str:
    """The question with its focus and the focus's other names replaced by "this condition"."""
    names = sorted({n for n in [row["focus"], *row.get("synonyms", [])] if n.strip()}, key=len, reverse=True)
    text = row["question"]
    if names:
        text = re.sub(r"(?<!\w)(" + "|".join(map(re.escape, names)) + r")(?!\w)", "this condition", text, flags=re.I)
    return " ".join(text.replace(" ?", "?").split())


def answer_sentences(answer: str, limit: int = SENTENCES_PER_ANSWER) -> list[str]:
    """The first sentences of an answer that answer: no restated question, no page furniture."""
    out = []
    for start, end in sentence_spans(answer):
        sentence = " ".join(answer[start:end].split())
        if sentence.endswith("?") or _BOILERPLATE.match(sentence) or len(sentence.split()) < 5:
            continue
        out.append(sentence[:300])
        if len(out) == limit:
            break
    return out


def softmax(logits: np.ndarray) -> np.ndarray:
    logits = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(logits)
    return e / e.sum(axis=1, keepdims=True)


def fit(x: np.ndarray, y: np.ndarray, classes: int, *, l2: float = 1e-3, steps: int = 600,
        rate: float = 2.0) -> tuple[np.ndarray, np.ndarray]:
    """Softmax regression by full-batch gradient descent, classes weighted to balance (a rare type such
    as "complications" must still be predicted). Returns (weights classes x dim, bias)."""
    counts = np.bincount(y, minlength=classes).astype(np.float64)
    sample_weight = (len(y) / (classes * np.maximum(counts, 1)))[y]
    sample_weight /= sample_weight.sum()
    onehot = np.eye(classes)[y]
    w = np.zeros((classes, x.shape[1]))
    b = np.zeros(classes)
    for _ in range(steps):
        p = softmax(x @ w.T + b)
        g = (p - onehot) * sample_weight[:, None]
        w -= rate * (g.T @ x + l2 * w)
        b -= rate * g.sum(axis=0)
    return w.astype(np.float32), b.astype(np.float32)


def accuracy(w, b, x, y) -> tuple[float, float]:
    """(accuracy, mean per-type accuracy)."""
    predicted = (x @ w.T + b).argmax(axis=1)
    per_type = [float((predicted[y == t] == t).mean()) for t in np.unique(y)]
    return float((predicted == y).mean()), float(np.mean(per_type))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="example: python -m bot.train_qtype --limit 2000 --out /tmp/q.npz")
    parser.add_argument("--data", type=Path, default=settings.benchmarks_path() / "medquad" / "qa.jsonl",
                        help="MedQuAD qa.jsonl (default: the shared benchmarks folder, IVIG_BENCHMARKS)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the .npz to write")
    parser.add_argument("--limit", type=int, default=0, help="use only the first N pairs (a quick run)")
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"no MedQuAD file at {args.data}; pass --data", file=sys.stderr)
        return 2
    rows = [json.loads(line) for line in args.data.open(encoding="utf-8")]
    rows = rows[:args.limit] if args.limit else rows
    types = sorted({r["qtype"] for r in rows})
    index = {t: i for i, t in enumerate(types)}
    embedder = SentenceTransformerEmbedder()

    rng = np.random.default_rng(0)
    # MedQuAD's questions follow ~25 templates: each masked question once per type, plus a sample as written.
    pairs = {(masked_question(r), r["qtype"], held_out(r)) for r in rows}
    pairs |= {(rows[i]["question"], rows[i]["qtype"], held_out(rows[i]))
              for i in rng.choice(len(rows), min(RAW_QUESTIONS, len(rows)), replace=False)}
    pairs = sorted(pairs)
    q_x = embedder.encode([p[0] for p in pairs], progress=True).astype(np.float64)
    q_y = np.array([index[p[1]] for p in pairs])
    q_held = np.array([p[2] for p in pairs])

    picked = []
    for half in (False, True):
        for t in types:
            found = [(s, t, half) for i in rng.permutation(len(rows)) if rows[i]["qtype"] == t
                     and held_out(rows[i]) == half for s in answer_sentences(rows[i]["answer"])]
            picked += found[:PER_TYPE]
    s_x = embedder.encode([p[0] for p in picked], progress=True).astype(np.float64)
    s_y = np.array([index[p[1]] for p in picked])
    s_held = np.array([p[2] for p in picked])

    q_w, q_b = fit(q_x[~q_held], q_y[~q_held], len(types))
    s_w, s_b = fit(s_x[~s_held], s_y[~s_held], len(types))
    q_acc, q_macro = accuracy(q_w, q_b, q_x[q_held], q_y[q_held])
    s_acc, s_macro = accuracy(s_w, s_b, s_x[s_held], s_y[s_held])
    chance = float(np.bincount(q_y[q_held]).max() / q_held.sum())
    print(f"questions: {(~q_held).sum()} train, {q_held.sum()} held out; held-out accuracy {q_acc:.3f} "
          f"(per-type mean {q_macro:.3f}; majority type {chance:.3f})")
    print(f"answer sentences: {(~s_held).sum()} train, {s_held.sum()} held out; held-out accuracy {s_acc:.3f} "
          f"(per-type mean {s_macro:.3f})")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, types=np.array(types), question_w=q_w, question_b=q_b, sentence_w=s_w,
                        sentence_b=s_b, source=np.array(SOURCE), model=np.array(embedder.name),
                        held_out=np.array(json.dumps({"question_accuracy": round(q_acc, 4),
                                                      "question_per_type": round(q_macro, 4),
                                                      "sentence_accuracy": round(s_acc, 4),
                                                      "sentence_per_type": round(s_macro, 4),
                                                      "majority": round(chance, 4)})))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
