"""The quality gate: the committed test set must keep meeting the team's targets.

This runs `python -m eval` exactly as staff would, with the thresholds the team commits to, so a
change that makes answers worse cannot land. The figures are the targets of the core-engine issue.
"""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GATES = ["--fail-under", "hit@1=0.95", "fact_recall=0.85", "citation_validity=1.0", "emergency_recall=1.0",
         "abstention_recall=1.0",
         "--fail-over", "answerable_abstained=1", "emergency_false_alarms=0", "invalid_citations=0"]


def test_committed_testset_meets_the_targets(corpus_index, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "eval", "--testset", str(ROOT / "eval" / "testset.jsonl"), "--index", str(corpus_index),
         "--out", str(tmp_path / "run"), "--quiet", *GATES],
        cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert (tmp_path / "run" / "report.html").is_file()
