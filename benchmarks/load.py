"""Load on a running chat: N concurrent users asking questions and follow-ups through the /ask API.

The app is warmed up first (`--warmup` questions, one at a time). Each user is one gradio_client
Client, created before the clock starts (the Client's own set-up is timed apart), and asks `--questions` questions from the test set in turn, the follow-ups with their
history, one after the other as a person would. Reported: latency p50/p95/max, requests per second,
errors by kind ("busy" is the app's bounded queue saying no), the bot's own time per answer (the
`latency_ms` the app returns), and the CPU seconds used by this client process and by the app, so that
time spent in the client is not blamed on the server.

Examples:
  python benchmarks/load.py                                   # starts the app on a free loopback port
  python benchmarks/load.py --users 100 --questions 5 --index /tmp/idx
  python benchmarks/load.py --url http://127.0.0.1:7860 --users 20 --questions 10 --json

A user asks its next question only once its client has seen the server close the event stream of the
previous one (a millisecond or two, not timed): the server closes a session's stream after its last
answer, and gradio_client 2.7 hands a request made in that instant to the closing stream, which then
cancels it (about one request in a thousand with 100 users; a client race, not the app refusing).

Only loopback addresses are accepted: this is a test of one machine, never of someone else's server.
Exit codes: 0 every request answered; 1 some requests failed (or the app did not start); 2 bad usage.
"""
from __future__ import annotations

import argparse
import ipaddress
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eval.metrics import percentile  # noqa: E402
from eval.runner import load_testset  # noqa: E402

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
START_SECONDS = 300


def is_loopback(url: str) -> bool:
    host = urllib.parse.urlsplit(url).hostname or ""
    try:
        return all(ipaddress.ip_address(info[4][0]).is_loopback
                   for info in socket.getaddrinfo(host, None))
    except (socket.gaierror, ValueError):
        return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_app(index: str | None, corpus: str | None, log: Path, extra_env: dict) -> tuple[subprocess.Popen, str]:
    """`python app.py` on a free loopback port; returns once /status says the bot is ready."""
    from gradio_client import Client

    port = free_port()
    args = [sys.executable, str(ROOT / "app.py"), "--host", "127.0.0.1", "--port", str(port)]
    args += ["--index", index] if index else []
    args += ["--corpus", corpus] if corpus else []
    with open(log, "w") as handle:
        process = subprocess.Popen(args, cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT,
                                   env={**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", **extra_env})
    url = f"http://127.0.0.1:{port}/"
    deadline = time.time() + START_SECONDS
    try:
        while time.time() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"the app exited with {process.returncode}; see {log}")
            try:
                urllib.request.urlopen(url + "config", timeout=5).close()
                state = Client(url, verbose=False).predict(api_name="/status")
                if state["ready"]:
                    return process, url
                if not state["loading"]:
                    raise RuntimeError(f"the app cannot answer: {state['error']}")
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"the app was not ready within {START_SECONDS} s; see {log}")
    except BaseException:
        process.terminate()
        process.wait(timeout=30)
        raise


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process and its waited-for children (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def user_scripts(testset: str, users: int, questions: int) -> list[list[tuple[str, list[str]]]]:
    """Per user, the (question, history) pairs to ask: test-set questions in turn, follow-ups with history."""
    cases = load_testset(testset)
    return [[(cases[(u * questions + i) % len(cases)].question, list(cases[(u * questions + i) % len(cases)].history))
             for i in range(questions)] for u in range(users)]


def settle(client, limit: float = 1.0) -> None:
    """Wait until the client's event stream of the last request is closed (see the module docstring)."""
    deadline = time.monotonic() + limit
    while getattr(client, "stream_open", False) and time.monotonic() < deadline:
        time.sleep(0.001)


def run_load(url: str, users: int, questions: int, testset: str, verify: bool = False, warmup: int = 10) -> dict:
    from gradio_client import Client
    from gradio_client.exceptions import AppError
    from gradio_client.utils import QueueError

    scripts = user_scripts(testset, users, questions)
    warm = Client(url, verbose=False, ssl_verify=verify)
    for question, history in user_scripts(testset, 1, warmup)[0] if warmup else []:
        warm.predict(question, history, api_name="/ask")      # first calls load lazy parts: not timed
    warm.close()
    started = time.perf_counter()
    # ssl_verify=False: gradio_client opens a new httpx client for every request, and with verification on
    # each one loads the CA bundle (about 30 ms of CPU), although a loopback http URL has no TLS at all.
    clients = [Client(url, verbose=False, ssl_verify=verify) for _ in range(users)]
    setup_seconds = time.perf_counter() - started
    latencies: list[float] = []
    bot_ms: list[float] = []
    errors: dict[str, int] = {}
    lock = threading.Lock()
    gate = threading.Barrier(users + 1)

    def user(client, script):
        gate.wait()
        for question, history in script:
            t0 = time.perf_counter()
            try:
                result = client.predict(question, history, api_name="/ask")
            except QueueError:            # the app's bounded queue is full: "busy, try again"
                kind = "busy"
            except AppError:
                kind = "app error"
            except Exception as exc:      # a benchmark counts every failure, whatever raised it
                kind = type(exc).__name__
            else:
                kind = None
            elapsed = time.perf_counter() - t0
            settle(client)
            with lock:
                if kind is None:
                    latencies.append(elapsed)
                    bot_ms.append(float(result.get("latency_ms", 0.0)))
                else:
                    errors[kind] = errors.get(kind, 0) + 1

    threads = [threading.Thread(target=user, args=(c, s), daemon=True) for c, s in zip(clients, scripts)]
    for thread in threads:
        thread.start()
    client_cpu = time.process_time()
    gate.wait()
    t0 = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - t0
    client_cpu = time.process_time() - client_cpu
    for client in clients:
        client.close()
    done = len(latencies)
    return {
        "users": users, "questions_per_user": questions, "requests": users * questions, "answered": done,
        "errors": sum(errors.values()), "errors_by_kind": errors,
        "p50_s": round(percentile(latencies, 50), 3), "p95_s": round(percentile(latencies, 95), 3),
        "max_s": round(max(latencies, default=0.0), 3), "mean_s": round(statistics.fmean(latencies), 3) if done else 0.0,
        "requests_per_s": round(done / wall, 1) if wall else 0.0, "wall_s": round(wall, 2),
        "bot_p50_ms": round(percentile(bot_ms, 50), 1), "bot_p95_ms": round(percentile(bot_ms, 95), 1),
        "client_setup_s": round(setup_seconds, 2), "client_cpu_s": round(client_cpu, 2),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python benchmarks/load.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default=None, help="a running app (loopback only); default: start one")
    parser.add_argument("--users", type=int, default=20, help="concurrent users (default 20)")
    parser.add_argument("--questions", type=int, default=10, help="questions per user (default 10)")
    parser.add_argument("--testset", default=str(ROOT / "eval" / "testset.jsonl"), help="questions to ask")
    parser.add_argument("--index", default=None, help="index folder for the app it starts (default: the app's)")
    parser.add_argument("--corpus", default=None, help="corpus for the app it starts (default: the app's)")
    parser.add_argument("--warmup", type=int, default=10,
                        help="questions asked before the clock starts, one at a time (default 10)")
    parser.add_argument("--client-tls", action="store_true",
                        help="gradio_client's default (ssl_verify=True): a CA bundle loaded per request, to "
                             "measure what that costs the client")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON only")
    args = parser.parse_args(argv)
    if args.users < 1 or args.questions < 1:
        parser.error("--users and --questions must be at least 1")
    if args.url and not is_loopback(args.url):
        parser.error(f"{args.url} is not a loopback address; this benchmark only loads this machine")

    process, url, log = None, args.url, None
    try:
        if url is None:
            log = Path(tempfile.mkstemp(prefix="load-app-", suffix=".log")[1])
            process, url = start_app(args.index, args.corpus, log, {})
        server_cpu = cpu_seconds(process.pid) if process else None
        figures = run_load(url, args.users, args.questions, args.testset, verify=args.client_tls,
                           warmup=args.warmup)
        if process:
            figures["server_cpu_s"] = round(cpu_seconds(process.pid) - server_cpu, 2)
    except RuntimeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERRORS
    finally:
        if process:
            process.terminate()
            process.wait(timeout=30)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        f = figures
        print(f"{f['users']} users x {f['questions_per_user']} questions on {url}: {f['answered']}/{f['requests']} "
              f"answered, {f['errors']} errors {f['errors_by_kind'] or ''}")
        print(f"  latency p50 {f['p50_s']:.3f} s, p95 {f['p95_s']:.3f} s, max {f['max_s']:.3f} s; "
              f"{f['requests_per_s']} requests/s over {f['wall_s']} s")
        print(f"  bot's own time p50 {f['bot_p50_ms']} ms, p95 {f['bot_p95_ms']} ms; CPU: client "
              f"{f['client_cpu_s']} s" + (f", app {f['server_cpu_s']} s" if "server_cpu_s" in f else "")
              + f"; clients set up in {f['client_setup_s']} s; load average {f['load_average']}")
    return EXIT_OK if figures["errors"] == 0 else EXIT_ERRORS


if __name__ == "__main__":
    sys.exit(main())
