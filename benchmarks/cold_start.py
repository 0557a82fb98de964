"""Cold starts on a built index: `python -m bot ask` wall time, and `python app.py` until the page is served
and until the first answer comes back. Each start is a fresh process, as a person would run it.

Examples:
  python -m index build --index /tmp/idx && python benchmarks/cold_start.py --index /tmp/idx
  python benchmarks/cold_start.py --index /tmp/idx --runs 5 --runtimes onnx torch --no-app

Each run uses the encoder the index was built with (its manifest names it; IVIG_MODEL is set to it). The
`@onnx-...` variants, the default among them, always run on ONNX Runtime, so `--runtimes torch` needs an
index built fp32 (IVIG_MODEL=sentence-transformers/all-MiniLM-L6-v2) and is refused on any other.
Runtimes are interleaved run by run (load on the shared machine falls on each alike); the ratio to
torch is printed when both ran. CPU seconds (user + system of the child) are printed beside the wall
time, and the app's own CPU seconds at the page and at the first answer: on a loaded machine the wall
time says more about the neighbours than about the code. The question asked is app.py's first example,
which the app answers once before it goes live (its first click is the likeliest).
Targets (issue 12): ask <= 3 s, page <= 5 s, first answer <= 2 s after the page.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index.embedding import split_variant  # noqa: E402
from index.errors import IvigError  # noqa: E402
from index.store import read_manifest  # noqa: E402

QUESTION = "How does IVIG work in ITP?"
OUT = ROOT / "benchmarks" / "out" / "cold_start.json"


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def encoder_env(index: str, runtime: str) -> dict:
    """The environment for one cold start: the runtime asked for and the model that built the index."""
    return {**os.environ, "IVIG_ENCODER_RUNTIME": runtime, "IVIG_MODEL": index_model(index)}


def index_model(index: str) -> str:
    folder = Path(index)
    return read_manifest(folder / "builds" / (folder / "CURRENT").read_text().strip())["model"]["name"]


def time_ask(index: str, runtime: str) -> dict:
    env = encoder_env(index, runtime)
    cpu, started = children_cpu(), time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "bot", "ask", QUESTION, "--index", index], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"error: python -m bot ask failed ({runtime}):\n{done.stderr}")
    return {"wall": wall, "cpu": children_cpu() - cpu}


def process_cpu(pid: int) -> float | None:
    """CPU seconds (user + system, all threads) a running process has used so far; None off Linux."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def time_app(index: str, runtime: str, timeout: float = 300) -> dict:
    """Seconds from launch until GET / answers 200, then until the first /ask comes back answered, and the
    app's CPU seconds at both points (what the wall time would be on idle cores, near enough)."""
    from gradio_client import Client

    port = free_port()
    env = {**encoder_env(index, runtime), "GRADIO_SERVER_PORT": str(port),
           "GRADIO_ANALYTICS_ENABLED": "False"}
    url = f"http://127.0.0.1:{port}/"
    started = time.perf_counter()
    app = subprocess.Popen([sys.executable, "app.py", "--index", index, "--no-build"], cwd=ROOT, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            if app.poll() is not None:
                raise SystemExit(f"error: app.py exited with {app.returncode} ({runtime})")
            if time.perf_counter() - started > timeout:
                raise SystemExit(f"error: the page was not served within {timeout:.0f} s")
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.05)
        page, page_cpu = time.perf_counter() - started, process_cpu(app.pid)
        answer = Client(url, verbose=False).predict(QUESTION, [], api_name="/ask")
        first, first_cpu = time.perf_counter() - started - page, process_cpu(app.pid)
        if not answer.get("citations"):
            raise SystemExit(f"error: the first answer has no citations: {json.dumps(answer)[:300]}")
        cpu = {"page_cpu": page_cpu, "first_answer_cpu_after_page": first_cpu - page_cpu} if page_cpu is not None else {}
        return {"page": page, "first_answer_after_page": first, **cpu}
    finally:
        app.terminate()
        app.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__[__doc__.index("Examples:"):],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", required=True, help="a built index folder (python -m index build --index ...)")
    parser.add_argument("--runs", type=int, default=3, help="cold starts per runtime (after one unmeasured)")
    parser.add_argument("--runtimes", nargs="+", choices=["onnx", "torch"],
                        help="default: onnx and torch for an fp32 index, onnx for an @onnx-... one")
    parser.add_argument("--no-app", action="store_true", help="time python -m bot ask only")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    try:
        model = index_model(args.index)
    except (OSError, IvigError, KeyError) as exc:
        parser.error(f"{args.index} is not a built index ({exc})")
    fixed_onnx = split_variant(model)[1].startswith("onnx")
    args.runtimes = args.runtimes or (["onnx"] if fixed_onnx else ["onnx", "torch"])
    if fixed_onnx and "torch" in args.runtimes:
        parser.error(f"the index was built by {model}, which always runs on ONNX Runtime; time torch on an "
                     "index built with IVIG_MODEL=sentence-transformers/all-MiniLM-L6-v2")
    print(f"index encoder: {model}")
    for runtime in args.runtimes:
        time_ask(args.index, runtime)             # unmeasured: the ONNX export on a fresh machine, disk caches
    asks: dict[str, list[dict]] = {r: [] for r in args.runtimes}
    apps: dict[str, list[dict]] = {r: [] for r in args.runtimes}
    for _ in range(args.runs):
        for runtime in args.runtimes:
            asks[runtime].append(time_ask(args.index, runtime))
            if not args.no_app:
                apps[runtime].append(time_app(args.index, runtime))
    result = {"load_average": os.getloadavg(), "runs": args.runs, "runtimes": {}}
    print(f"{args.runs} cold starts per runtime; load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    for runtime in args.runtimes:
        figures = {"ask_wall": statistics.median(r["wall"] for r in asks[runtime]),
                   "ask_cpu": statistics.median(r["cpu"] for r in asks[runtime])}
        for key in ("page", "first_answer_after_page", "page_cpu", "first_answer_cpu_after_page"):
            if apps[runtime] and key in apps[runtime][0]:
                figures[key] = statistics.median(r[key] for r in apps[runtime])
        result["runtimes"][runtime] = {k: round(v, 2) for k, v in figures.items()}
        print(f"{runtime:>6}: " + ", ".join(f"{k} {v:.2f} s" for k, v in figures.items()) + " (medians)")
    if {"onnx", "torch"} <= set(result["runtimes"]):
        onnx, torch = result["runtimes"]["onnx"], result["runtimes"]["torch"]
        print("onnx / torch: " + ", ".join(f"{k} {onnx[k] / torch[k]:.2f}" for k in onnx if torch.get(k)))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
