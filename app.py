"""The patients' chat page: ask the IVIG documents a question in a browser.

Examples:
  python app.py                                   # http://127.0.0.1:7860
  python app.py --host 0.0.0.0 --port 8080 --index /srv/ivig-index
  GRADIO_SERVER_PORT=8080 IVIG_INDEX=/srv/ivig-index python app.py
  IVIG_STAFF_PASSWORD=... python app.py              # and the staff's evaluation page at /staff
  python app.py --runs runs/2025-06-01              # /staff shows that run (env IVIG_EVAL_RUN)

While the page comes up, a background thread loads the model once, builds the index (with a progress
bar) if it is missing or older than the corpus, and loads the bot, shared by every visitor; `/status`
says whether it is ready. A build that fails (another build running, a broken corpus) leaves the chat
answering from the existing index. A build made later by `python -m index build` goes live within
IVIG_RELOAD_SECONDS (default 5), without a restart. At most IVIG_CONCURRENCY questions (default: one
per CPU core) are answered at once; IVIG_QUEUE_SIZE more (default 200) may wait, and beyond that a
request is refused at once as busy. A named endpoint `/ask`
(gradio_client: `Client(url).predict("How does IVIG work in ITP?", [], api_name="/ask")`) returns the
answer as a dict with the fields of a line of the eval results file. Votes and comments go to a JSONL
file (IVIG_FEEDBACK, default feedback/feedback.jsonl): the question as searched and the cited sources,
with names, numbers and dates redacted, the vote, the comment and the day (ui/feedback.py).
When the operator sets IVIG_STAFF_PASSWORD, staff log in at /staff (user name "staff") to see the
latest run of `python -m eval` (the folder runs/latest, or --runs / IVIG_EVAL_RUN): its figures, plots
and per-question table. The patients' page has no trace of it; with no password there is no /staff.
Thin on purpose: answering lives in bot/, HTML in ui/render.py, the feedback file in ui/feedback.py,
the staff's page in ui/staff.py; this file wires them to Gradio.
"""
from __future__ import annotations

import argparse
import inspect
import os
import socket
import sys
import threading
import time
import traceback
from dataclasses import replace
from pathlib import Path

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"   # no calls home from a patients' page, whatever was inherited
# One thread per question: questions are answered side by side (IVIG_CONCURRENCY, one per core), and a
# one-sentence query gains nothing from torch's thread pool, whose threads spin and wait for each other
# when the cores are busy (a question took 10 times longer under load with 2 threads than with 1).
os.environ.setdefault("OMP_NUM_THREADS", "1")
# Gradio rebuilds a pandas summary of up to 10,000 past requests after every request (4-9 ms of CPU
# each, for its /monitoring page, which this app does not use): every 1,000 requests is enough.
os.environ.setdefault("GRADIO_ANALYTICS_CACHE_FREQUENCY", "1000")

import settings

# gradio reads GRADIO_SERVER_PORT when it is imported: garbage there would be a bare int() traceback.
try:
    settings.port()
except ValueError as _bad_port:
    print(f"python app.py: error: {_bad_port}", file=sys.stderr)
    sys.exit(2)

import gradio as gr

from bot import DISCLAIMER, Bot, InvalidQuestion, validate
from bot.inputs import clean_text
from bot.readability import difficulty
from index.embedding import load_embedder
from index.errors import IvigError
from index.lifecycle import LiveIndex, ensure_current, live_version
from index.store import index_root
from settings import CORPUS_ENV
from ui import evaluation, feedback, render, staff

EXAMPLES = ("How does IVIG work in ITP?", "What are the side effects of IVIG?",
            "Can IVIG help myasthenia gravis?", "Is IVIG used for long COVID?")
PENDING = '<span class="ivig-meta">Looking in the documents…</span>'
MAX_SUGGESTIONS = 3             # follow-up questions offered under the chat

LIVE: LiveIndex[Bot] | None = None   # the bot of the live build, shared by all sessions; start_bot() sets it
STARTUP_ERROR = ""              # why the chat cannot answer (no model, no usable index), shown in the page
LOADED = threading.Event()      # set once the first bot is loaded or STARTUP_ERROR is final
LOAD_WAIT_SECONDS = 300
LAST_ASKED = 0.0                # time.monotonic() when a question last asked for the bot (ready_bot)
WARM_LULL_SECONDS = 1.0         # the examples warmed after start-up wait for this long without a question
QUEUE_STATUS_SECONDS = 2        # how often people waiting in the queue are told their place
EVAL_RUN: Path = evaluation.run_folder()     # the run the staff's page shows; main() sets it from --runs


def start_bot(index: str | None, corpus: Path, build: bool = True) -> None:
    """Load the model once, bring the index up to date, load the bot, then watch for newer builds.

    Run in a thread by main(): the page is served meanwhile, and a question asked waits for the bot.
    A build that fails (another build holds the lock, a broken corpus, a model error) leaves the
    previous build live, and the chat answers from it; the console gets one line saying why."""
    try:
        _start_bot(index, corpus, build)
    except Exception as exc:      # noqa: BLE001 - a dead start-up thread left every question waiting minutes
        traceback.print_exc()
        if not LOADED.is_set():
            _cannot_answer(f"the start-up failed ({type(exc).__name__}: {exc}); see the server's log")


def _start_bot(index: str | None, corpus: Path, build: bool) -> None:
    global LIVE
    try:
        embedder = load_embedder()
    except IvigError as exc:
        _cannot_answer(str(exc))
        return
    root = index_root(index)

    def announce(reason: str) -> None:
        print(f"Building the index at {root} from {corpus}: {reason}", flush=True)

    ensured = ensure_current(corpus, root, embedder, build=build, progress=True, before_build=announce)
    if ensured.action == "built":
        report = ensured.report
        print(f"Index built: {report.documents} documents, {report.chunks} chunks in {report.seconds:.1f} s", flush=True)
    elif ensured.action == "skipped":
        print(f"note: the index needs a build ({ensured.reason}); --no-build serves it as it is", flush=True)
    elif ensured.failed and live_version(root) is not None:
        print(f"warning: the index could not be brought up to date ({ensured.error}); "
              f"answering from the existing build {live_version(root)}", file=sys.stderr, flush=True)
    # The first build is served once one example is answered (that loads the dictionaries and the encoder's
    # first run, a few seconds' work); a later build goes live with every example warm, nobody waits for it.
    live = LiveIndex(root, lambda folder: _warm(Bot(str(folder), embedder=embedder),
                                                EXAMPLES if LOADED.is_set() else EXAMPLES[:1]),
                     interval=settings.reload_seconds(), on_load=_loaded, on_error=_load_failed)
    LIVE = live
    live.refresh()
    if live.current is None and not STARTUP_ERROR:
        _cannot_answer(ensured.error or f"no index at {root}. Build one with: python -m index build --index {root}")
    LOADED.set()
    live.start()              # later builds (python -m index build, from anywhere) go live here too
    first = live.current
    try:
        for step in [*EXAMPLES[1:], None] if first is not None else ():
            while time.monotonic() - LAST_ASKED < WARM_LULL_SECONDS:     # people's questions go first
                time.sleep(0.1)
            if step is None:      # the reading-grade dictionary (a second's load), for the plainer-sentence choice
                difficulty("Warm the reading-grade dictionary.")
            else:
                _warm(first, [step])              # the other likely first clicks, while the chat already answers
    except Exception as exc:                      # noqa: BLE001 - it only costs those questions speed
        print(f"warning: warming up failed: {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)


def _warm(bot: Bot, questions=EXAMPLES) -> Bot:
    """Ask example questions: first calls load lazy parts (the reading-grade dictionary, the encoder's first
    run; a first question took seconds, the next ones 10-20 ms), and each example's passages get their
    sentence vectors. The examples are the likeliest first clicks."""
    for question in questions:
        bot.ask(question)
    return bot


def _loaded(bot: Bot, version: str) -> None:
    global STARTUP_ERROR
    first = not LOADED.is_set()
    STARTUP_ERROR = ""
    print(f"{'Ready' if first else f'New index build {version} is live'}: {len(bot.stored.documents)} documents, "
          f"{len(bot.stored.chunks)} passages" + (f" (build {version})" if first else ""), flush=True)


def _load_failed(version: str, exc: Exception) -> None:
    message = str(exc) if isinstance(exc, IvigError) else f"{type(exc).__name__}: {exc}"
    if LIVE is not None and LIVE.current is not None:
        print(f"warning: the new index build {version} could not be loaded ({message}); still answering from "
              f"{LIVE.version}", file=sys.stderr, flush=True)
    else:
        _cannot_answer(message)


def _cannot_answer(message: str) -> None:
    global STARTUP_ERROR
    STARTUP_ERROR = message
    print(f"error: the chat cannot answer questions: {message}", file=sys.stderr, flush=True)
    LOADED.set()


def ready_bot() -> Bot | None:
    """The bot of the live build (waiting for the first one to load); a caller keeps it for one answer."""
    global LAST_ASKED
    LAST_ASKED = time.monotonic()
    LOADED.wait(LOAD_WAIT_SECONDS)
    return LIVE.current if LIVE is not None else None


def status() -> dict:
    """Whether the chat can answer: ready, loading, error (a message for people), documents, build."""
    loading = not LOADED.is_set()
    bot = LIVE.current if LIVE is not None else None
    return {"ready": bot is not None, "loading": loading, "error": "" if loading else STARTUP_ERROR,
            "documents": len(bot.stored.documents) if bot is not None else 0,
            "build": LIVE.version if bot is not None else None}


def status_banner():
    """The notice at the top of each page: "getting ready" while the bot loads, then its error if any."""
    if not LOADED.is_set():
        yield gr.update(visible=True, value=render.banner(
            "Getting the documents ready: this takes a few seconds after a restart. "
            "You can already type your question.", "wait"))
        ready_bot()
    error = render.banner(f"The chat cannot answer questions right now: {STARTUP_ERROR}", "error")
    yield gr.update(visible=bool(STARTUP_ERROR), value=error if STARTUP_ERROR else "")


def ask(question: str, history: list[str] | None = None) -> dict:
    """Answer one question; `history` lists the earlier user messages, oldest first.

    Returns answer, abstained, emergency, citations, retrieved, latency_ms, query, sentences (and a few
    notes), with the follow-up suggestions (latency_ms is the answer's alone). Bad input (the wrong types, empty, too long) is refused with a message, even while loading."""
    try:
        question, history = validate(question, history)
    except InvalidQuestion as exc:
        raise gr.Error(f"Sorry, I can't take that question: {exc}.", print_exception=False) from None
    bot = ready_bot()
    if bot is None:
        raise gr.Error(f"The chat is not available: {STARTUP_ERROR or 'still loading'}", print_exception=False)
    started = time.perf_counter()
    answer = bot.ask(question, history)
    latency = (time.perf_counter() - started) * 1000
    answer = replace(answer, suggestions=bot.suggestions_for(answer, history))
    return render.api_result(answer, latency, history)


def answer_turn(message: str, turns: list[dict]) -> tuple[str, dict]:
    """The reply bubble and the turn record ({question, history, ok, answer, panel, reply}) for a message."""
    earlier = [t["question"] for t in turns if t.get("ok") and isinstance(t.get("question"), str)]
    history = earlier[-settings.MAX_HISTORY_ITEMS:]
    turn = {"question": message, "history": history, "ok": False, "answer": None, "panel": None, "reply": ""}
    try:
        question, _ = validate(message, history)
        turn["question"] = question
        bot = ready_bot()
        if bot is None:
            turn["reply"] = f"Sorry, the chat is not available right now: {STARTUP_ERROR or 'it is still loading'}"
            return render.banner(turn["reply"], "error"), turn
        result = bot.ask(question, history)
    except InvalidQuestion as exc:
        turn["question"] = clean_text(message[:1000]) if isinstance(message, str) else ""
        turn["reply"] = f"Sorry, I can't take that message: {exc}."
        return render.text(turn["reply"]), turn
    except Exception:          # a bug must not show a traceback to a patient; the console gets it
        traceback.print_exc()
        turn["reply"] = "Sorry, something went wrong while answering. Please try again."
        return render.text(turn["reply"]), turn
    turn.update(ok=True, answer=render.api_result(result, 0.0, history), panel=render.sources_panel(result),
                said=render.announcement(result), result=result)
    return render.answer_message(result), turn


def respond(message: str, chat: list, turns: list):
    if not isinstance(message, str) or not message.strip():
        yield gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
        return
    chat = list(chat or []) + [{"role": "user", "content": render.user_message(message)},
                               {"role": "assistant", "content": PENDING}]
    yield "", chat, gr.skip(), gr.skip(), gr.update(visible=False)
    reply, turn = answer_turn(message, list(turns or []))
    turn["at"] = len(chat) - 1
    chat[-1] = {"role": "assistant", "content": reply}
    panel = turn["panel"] or render.sources_panel(None)
    yield "", chat, list(turns or []) + [turn], panel, gr.skip()


def after_answer(turns: list):
    """Once an answer is in: say it in the live region (screen readers announce it, urgent advice first)
    and offer the follow-up questions its record holds (none until offer_suggestions works them out)."""
    turn = (turns or [None])[-1]
    if not turn:
        return (render.live_region(""),) + _suggestion_buttons([])
    offered = list((turn.get("answer") or {}).get("suggestions") or [])
    return (render.live_region(turn.get("said") or turn.get("reply") or ""),) + _suggestion_buttons(offered)


def offer_suggestions(turns: list):
    """The follow-up questions for the last answer, worked out once it is shown (each is checked with a
    retrieval, so they stay off the answer's path). A failure only means no suggestions."""
    turn = (turns or [None])[-1]
    bot = LIVE.current if LIVE is not None else None
    offered = []
    if turn and turn.get("ok") and turn.get("result") is not None and bot is not None:
        try:
            offered = list(bot.suggestions_for(turn["result"], turn.get("history") or []))
        except Exception:
            traceback.print_exc()
    return _suggestion_buttons(offered)


def _suggestion_buttons(offered: list[str]) -> tuple:
    """Updates for the suggestions row and its buttons: one button per question offered, the rest hidden."""
    offered = offered[:MAX_SUGGESTIONS]
    return (gr.update(visible=bool(offered)),) + tuple(
        gr.update(value=offered[i], visible=True) if i < len(offered) else gr.update(visible=False)
        for i in range(MAX_SUGGESTIONS))


def pick_example(example: gr.SelectData) -> str:
    return example.value["text"] if isinstance(example.value, dict) else str(example.value)


def _turn_at(turns: list, index) -> dict | None:
    index = index[0] if isinstance(index, (list, tuple)) else index
    return next((t for t in turns or [] if t.get("at") == index), None)


def show_sources(turns: list, selected: gr.SelectData):
    turn = _turn_at(turns, selected.index)
    return turn["panel"] if turn and turn["panel"] else gr.skip()


def on_vote(turns: list, like: gr.LikeData):
    turn = _turn_at(turns, like.index)
    if turn is None:
        return gr.skip(), gr.skip(), gr.skip()
    vote = {True: "up", False: "down", None: "withdrawn"}.get(like.liked, str(like.liked))
    record = feedback.record(turn, vote)
    try:
        feedback.save(record)
    except OSError as exc:
        print(f"error: could not save feedback: {exc}", file=sys.stderr)
        return gr.skip(), gr.skip(), gr.skip()
    if vote == "withdrawn":
        return None, gr.update(visible=False), ""
    label = "Thanks! What was helpful?" if vote == "up" else "Thanks. What was wrong or missing?"
    return record, gr.update(visible=True), gr.update(
        value="", label=f"{label} (optional; please leave out names and personal details)")


def on_comment(pending: dict | None, comment: str):
    if pending and (comment or "").strip():
        try:
            feedback.save(feedback.with_comment(pending, comment))
            gr.Info("Thank you for your feedback.")
        except OSError as exc:
            print(f"error: could not save feedback: {exc}", file=sys.stderr)
    return None, gr.update(visible=False), ""


def clear():
    return ([], [], render.sources_panel(None), None, gr.update(visible=False), "", render.live_region("Chat cleared."),
            gr.update(visible=False))


class Page(gr.Blocks):
    """gr.Blocks that takes a plain HTTP call of an API endpoint leaving out its optional trailing arguments
    (`{"data": ["How does IVIG work?"]}` to /ask), as gradio_client does by filling in the defaults /info
    lists; gradio refused it with a traceback in the log and `"error": null` for the caller."""

    def validate_inputs(self, block_fn, inputs: list) -> None:
        try:
            parameters = list(inspect.signature(block_fn.fn).parameters.values())
        except (TypeError, ValueError):        # no function, or one without a signature
            parameters = []
        left_out = parameters[len(inputs):len(block_fn.inputs)]
        if left_out and all(p.default is not p.empty for p in left_out):
            inputs.extend(p.default for p in left_out)       # the list gradio goes on to read
        elif left_out:
            names = ", ".join(p.name for p in parameters[:len(block_fn.inputs)])
            raise gr.Error(f"This call sent {len(inputs)} of the values the endpoint takes ({names}); send them "
                           f'as {{"data": [...]}}, in that order.', print_exception=False)
        super().validate_inputs(block_fn, inputs)


def build_demo(concurrency: int = 2) -> gr.Blocks:
    """The page; `concurrency` questions are answered at the same time (chat and /ask together)."""
    with Page(title="IVIG questions", analytics_enabled=False) as demo:
        gr.HTML(render.header(DISCLAIMER))
        alert = gr.HTML("", elem_id="ivig-status", visible=False)
        turns = gr.State([])
        pending = gr.State(None)
        with gr.Row(equal_height=False):
            with gr.Column(scale=3, min_width=340):
                # render_markdown=False: messages are HTML built by ui/render.py from escaped text;
                # latex_delimiters=[]: "$$x$$" in a question or a document is text, not a formula.
                chat = gr.Chatbot(label="Chat", show_label=False, elem_id="ivig-chat", height="62vh",
                                  min_height=300, render_markdown=False, sanitize_html=True,
                                  latex_delimiters=[], buttons=["copy"],
                                  placeholder="Ask a question, or pick one of these to start:",
                                  examples=[{"text": q} for q in EXAMPLES], layout="bubble",
                                  autoscroll=False)
                msg = gr.Textbox(placeholder="Type your question about IVIG…", show_label=False, lines=1,
                                 max_lines=6, submit_btn="Ask", elem_id="ivig-question", autofocus=True)
                with gr.Group(visible=False) as comment_box:
                    comment = gr.Textbox(lines=2, max_lines=6, label="Anything to add? (optional)")
                    gr.HTML(f'<p class="ivig-meta ivig-small-print">{render.text(feedback.NOTICE)}</p>',
                            elem_id="ivig-feedback-notice")
                    with gr.Row():
                        send = gr.Button("Send comment", size="sm", variant="primary")
                        skip = gr.Button("No thanks", size="sm")
                # The label sits above the buttons, not beside them: in a row it took a share of the width
                # and was squeezed to one word per line on a phone.
                with gr.Column(visible=False, elem_id="ivig-suggestions") as suggest_row:
                    gr.HTML('<p class="ivig-meta ivig-small-print">You could also ask:</p>', js_on_load=None)
                    with gr.Row(elem_id="ivig-suggestion-buttons"):
                        suggest = [gr.Button("", size="sm", visible=False, elem_classes=["ivig-suggestion"])
                                   for _ in range(MAX_SUGGESTIONS)]
                with gr.Row(elem_id="ivig-actions"):
                    gr.HTML(f'<p class="ivig-meta ivig-small-print">{render.text(DISCLAIMER)}</p>')
                    clear_btn = gr.Button("Clear chat", size="sm", variant="secondary",
                                          elem_id="ivig-clear")
            with gr.Column(scale=2, min_width=300):
                panel = gr.HTML(render.sources_panel(None), elem_id="ivig-sources-panel",
                                js_on_load=render.SOURCE_LINKS_JS)
        live = gr.HTML(render.live_region(), elem_id="ivig-live", js_on_load=render.LIVE_REGION_JS)
        chatting = dict(concurrency_id="bot", concurrency_limit=concurrency, api_visibility="private")
        answered = dict(fn=after_answer, inputs=[turns], outputs=[live, suggest_row, *suggest],
                        api_visibility="private", show_progress="hidden")
        # The suggestions come after the answer and its announcement, as a separate step.
        suggested = dict(fn=offer_suggestions, inputs=[turns], outputs=[suggest_row, *suggest],
                         api_visibility="private", show_progress="hidden", concurrency_id="bot")
        msg.submit(None, js=render.SCROLL_TO_QUESTION)
        msg.submit(respond, [msg, chat, turns], [msg, chat, turns, panel, comment_box], **chatting).then(
            **answered).then(None, js=render.SCROLL_TO_QUESTION).then(**suggested)
        chat.example_select(pick_example, None, msg, api_visibility="private").then(
            respond, [msg, chat, turns], [msg, chat, turns, panel, comment_box], **chatting).then(
            **answered).then(None, js=render.SCROLL_TO_QUESTION).then(**suggested)
        for button in suggest:            # a suggested question is asked like a typed one
            button.click(lambda question: question, button, msg, api_visibility="private").then(
                respond, [msg, chat, turns], [msg, chat, turns, panel, comment_box], **chatting).then(
                **answered).then(None, js=render.SCROLL_TO_QUESTION).then(**suggested)
        chat.select(show_sources, [turns], panel, api_visibility="private")
        chat.like(on_vote, [turns], [pending, comment_box, comment], api_visibility="private")
        send.click(on_comment, [pending, comment], [pending, comment_box, comment], api_visibility="private")
        skip.click(lambda: (None, gr.update(visible=False), ""), None, [pending, comment_box, comment],
                   api_visibility="private")
        resets = [chat, turns, panel, pending, comment_box, msg, live, suggest_row]
        clear_btn.click(clear, None, resets, api_visibility="private")
        chat.clear(clear, None, resets, api_visibility="private")
        gr.api(ask, api_name="ask", concurrency_id="bot", concurrency_limit=concurrency)
        gr.api(status, api_name="status", concurrency_limit=None)
        demo.load(status_banner, None, alert, concurrency_limit=None, show_progress="hidden",
                  api_visibility="private")
    return demo


def main(argv=None) -> int:
    global EVAL_RUN
    parser = argparse.ArgumentParser(prog="python app.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default=settings.host(),
                        help="address to listen on (env GRADIO_SERVER_NAME; default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=None,
                        help="port (env GRADIO_SERVER_PORT; default 7860)")
    parser.add_argument("--index", default=None, help="index folder (env IVIG_INDEX; default .index)")
    parser.add_argument("--corpus", default=str(settings.corpus_path()),
                        help=f"corpus to build from if the index is missing or stale (env {CORPUS_ENV})")
    parser.add_argument("--store", default=None,
                        help=f"faiss: (default, the --index folder), milvus-lite:///path/file.db or "
                             f"milvus://host:19530 (env {settings.STORE_ENV})")
    parser.add_argument("--no-build", action="store_true", help="never build: serve the index as it is")
    parser.add_argument("--runs", default=None, metavar="DIR",
                        help=f"the evaluation run the staff's page at /staff shows (env {evaluation.RUN_ENV}; "
                             f"default runs/latest, where python -m eval writes; the page exists only when "
                             f"{settings.STAFF_PASSWORD_ENV} is set)")
    args = parser.parse_args(argv)
    if args.store:
        os.environ[settings.STORE_ENV] = args.store     # the Bot, the build and the live-build check read it
    try:
        port = settings.port(args.port)
        concurrency, queue_size = settings.concurrency(), settings.queue_size()
        settings.stale_years()
        settings.reload_seconds()
        settings.encoder_cache()          # before the page is up, not as a banner once the model fails to load
        settings.index_path(args.index)
    except ValueError as exc:
        parser.error(str(exc))
    EVAL_RUN = evaluation.run_folder(args.runs)
    if not _can_serve(args.host, port):      # before the loading thread starts: its native threads abort an early exit
        return _cannot_serve(args.host, port)
    threading.Thread(target=start_bot, args=(args.index, Path(args.corpus), not args.no_build),
                     name="start-bot", daemon=True).start()
    demo = build_demo(concurrency)
    # Bounded: a flood is told at once that the app is busy (503; the page says "try again") instead
    # of waiting without end. Queue positions are sent every few seconds: the default sends every
    # waiting request an update each time one starts, work that grows with the square of the queue.
    demo.queue(default_concurrency_limit=concurrency, max_size=queue_size, status_update_rate=QUEUE_STATUS_SECONDS)
    # System fonts: the default theme fetches Google fonts, which an offline or private network lacks.
    theme = gr.themes.Soft(primary_hue="blue", font=["system-ui", "-apple-system", "Segoe UI", "Roboto",
                                                     "sans-serif"], font_mono=["ui-monospace", "monospace"])
    # The staff's page is mounted at /staff by app_kwargs (its route and start-up), behind its own login.
    staff_page = staff.mount(settings.staff_password(), EVAL_RUN, theme=theme, css=staff.CSS, head=render.HEAD)
    print(f"Staff page: {settings.STAFF_PATH} (user {settings.STAFF_USER})" if staff_page else
          f"No staff page: {settings.STAFF_PASSWORD_ENV} is not set.", flush=True)
    try:
        demo.launch(server_name=args.host, server_port=port, theme=theme, css=render.CSS,
                    head=render.HEAD, footer_links=["api"], ssr_mode=False, app_kwargs=staff_page)
    except OSError:            # gradio's own message names only the port, with a traceback
        return _cannot_serve(args.host, port)
    return 0


def _can_serve(host: str, port: int | None) -> bool:
    """Whether `host`:`port` can be bound now (as uvicorn binds it, reusing an address in TIME_WAIT); no port: gradio
    picks a free one."""
    if not port:
        return True
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError:
        return False
    return True


def _cannot_serve(host: str, port: int | None) -> int:
    print(f"python app.py: error: cannot serve on {host}:{port}: the port is taken or the address is not "
          f"this machine's; choose another with --port / GRADIO_SERVER_PORT or --host / GRADIO_SERVER_NAME",
          file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
