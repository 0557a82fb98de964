"""python -m bot: ask the IVIG documents a question.

Examples:
  python -m bot ask "How does IVIG work in ITP?"
  python -m bot ask "how fast does it work?" --history "How does IVIG work in ITP?"
  python -m bot ask "What are the side effects?" --json --index /tmp/idx

Exit codes: 0 answered (or declined because the documents don't cover it); 1 no usable index or
model; 2 bad usage (an empty or over-long question, more than 20 --history messages or one over-long);
130 interrupted; 141 the reader of the output went away (| head).
"""
from __future__ import annotations

import argparse
import json
import sys
import textwrap
from dataclasses import replace

from index.exits import run_command
from settings import INDEX_ENV, MODEL_ENV, STORE_ENV

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def main(argv=None, make_bot=None) -> int:
    """`make_bot(index, model=, store=)` builds the bot (default: Bot); tests pass one that reuses a loaded bot."""
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    ask = sub.add_parser("ask", help="answer one question with its sources",
                         description='Example: python -m bot ask "How does IVIG work in ITP?" --json')
    ask.add_argument("question", help="the question, in quotes")
    ask.add_argument("--history", nargs="*", default=[], metavar="MESSAGE",
                     help="earlier user messages of the conversation, oldest first")
    ask.add_argument("--index", default=None, help=f"index folder (env {INDEX_ENV}; default .index)")
    ask.add_argument("--store", default=None,
                     help=f"faiss: (default, the --index folder), milvus-lite:///path/file.db or milvus://host:19530 "
                          f"(env {STORE_ENV})")
    ask.add_argument("--model", default=None, help=f"embedding model the index was built with (env {MODEL_ENV})")
    ask.add_argument("--json", action="store_true", help="print the answer as JSON")
    ask.add_argument("--no-suggestions", action="store_true",
                     help="skip the follow-up questions (each is checked with a retrieval, after the answer)")
    args = parser.parse_args(argv)

    from .inputs import InvalidQuestion, validate
    import time

    try:
        question, history = validate(args.question, args.history)    # before the model is loaded: fast
    except InvalidQuestion as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    def answer_it() -> int:
        factory = make_bot
        if factory is None:
            from .engine import Bot as factory
        bot = factory(args.index, model=args.model, store=args.store)
        started = time.perf_counter()
        answer = bot.ask(question, history)
        latency = (time.perf_counter() - started) * 1000       # the answer's own; suggestions come after
        if not args.no_suggestions:
            answer = replace(answer, suggestions=bot.suggestions_for(answer, history))
        if args.json:
            print(json.dumps(answer.to_record(latency), indent=2, ensure_ascii=False))
        else:
            print(render_text(answer))
        return EXIT_OK

    return run_command(answer_it)


def render_text(answer) -> str:
    """The answer for a terminal: each part of it as its own paragraph, wrapped at 100 columns; then the
    medical terms it uses with their definitions and sources, and the follow-up questions."""
    lines = []
    if answer.query != answer.question:
        lines.append(f"(searched as: {answer.query})\n")
    if answer.urgent_advice:
        lines += [textwrap.fill(answer.urgent_advice, 100), ""]
    for part in answer.shown_parts or (answer,):
        if answer.shown_parts:
            lines += ([""] if lines else []) + [f"> {part.question}"]
        if part.sentences:
            quoted = " ".join(s.marked for s in part.sentences)
            lines.append(textwrap.fill(f"{part.lead} {quoted}" if part.lead else quoted, 100))
        if part.decline:
            lines.append(textwrap.fill(part.decline, 100))
        if part.note:
            lines += ["", textwrap.fill(part.note, 100)]
    if answer.citations:
        lines.append("\nSources:")
        for c in answer.citations:
            extra = ", ".join(str(c.meta[k]) for k in ("publisher", "date") if c.meta.get(k))
            page = f", page {c.page}" if c.page else ""
            lines.append(f"  [{c.n}] {c.title}{' (' + extra + ')' if extra else ''}{page} — {c.doc_id}, "
                         f"characters {c.start}-{c.end}")
    if answer.glossary and answer.sentences:       # a "What does X mean?" answer says it in its note
        lines.append("\nTerms used:")
        for d in answer.glossary:
            source = f"{d.source}, {d.url}" if d.url else d.source
            lines.append(textwrap.fill(f"{d.term}: {d.definition} (source: {source})", 100,
                                       initial_indent="  ", subsequent_indent="    "))
    if answer.suggestions:
        lines.append("\nYou could also ask:")
        lines += [f"  - {q}" for q in answer.suggestions]
    lines.append(f"\n{answer.disclaimer}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
