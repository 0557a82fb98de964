"""python -m index: build and inspect the search index.

Examples:
  python -m index build                          # corpus/ -> .index/, incremental
  python -m index build --full --corpus corpus --index /tmp/idx
  python -m index status                         # what the live index holds, is the corpus newer?
  python -m index verify                         # check the live index against its manifest
  python -m index diff                           # what changed between the previous and the live build
  python -m index rollback                       # make the previous build live again (or repair CURRENT)

Exit codes: 0 success; 1 failure (the previous index is untouched); 2 bad usage;
3 built, but some files were skipped (listed with reasons); 130 interrupted (Ctrl-C; the previous
index is untouched); 141 the reader of the output went away (| head).
"""
from __future__ import annotations

import argparse
import json
import sys

from .build import build_index
from .chunking import ChunkingParams
from .freshness import corpus_changes
from .errors import BuildUsageError
from .exits import run_command
from settings import CORPUS_ENV, INDEX_ENV, MILVUS_TOKEN_ENV, MODEL_ENV, STORE_ENV, corpus_path

from .vectorstore import open_store

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_PARTIAL = 0, 1, 2, 3


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m index", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p, corpus=False):
        p.add_argument("--index", default=None, help=f"index folder (env {INDEX_ENV}; default .index)")
        p.add_argument("--store", default=None,
                       help=f"where the index lives: faiss: (default, the --index folder), "
                            f"milvus-lite:///path/file.db or milvus://host:19530 (env {STORE_ENV}; token in {MILVUS_TOKEN_ENV})")
        if corpus:
            p.add_argument("--corpus", default=str(corpus_path()),
                           help=f"corpus folder (env {CORPUS_ENV}; default corpus/)")
        p.add_argument("--json", action="store_true", help="print the result as JSON")
        p.add_argument("--quiet", action="store_true", help="no progress bars: only errors, skipped files and the summary line")

    build = sub.add_parser("build", help="build or update the index",
                           description="Build the index from the corpus (incremental unless --full). The corpus "
                                       "folder holds the documents, an optional sources.yaml (metadata by document "
                                       "id) and an optional aliases.yaml (other names for terms the documents write: "
                                       "'IVIG: [Gamunex, Privigen]').\n\n"
                                       "Example: python -m index build --corpus corpus --index .index",
                           formatter_class=argparse.RawDescriptionHelpFormatter)
    common(build, corpus=True)
    build.add_argument("--full", action="store_true", help="re-chunk and re-embed everything")
    build.add_argument("--model", default=None,
                       help=f"sentence-transformers name or local path (env {MODEL_ENV}; default: the bundled all-MiniLM-L6-v2)")
    build.add_argument("--max-tokens", type=int, default=ChunkingParams.max_tokens, help="chunk size in model tokens")
    build.add_argument("--overlap", type=int, default=ChunkingParams.overlap, help="sentences shared by neighbouring chunks")
    status = sub.add_parser("status", help="what the live index holds and whether the corpus changed since",
                            description="Example: python -m index status --corpus corpus")
    common(status, corpus=True)
    verify = sub.add_parser("verify", help="check the live index against its manifest",
                            description="Example: python -m index verify --index .index")
    common(verify)
    diff = sub.add_parser("diff", help="documents and chunks changed between the previous and the live build",
                          description="Example: python -m index diff --index .index")
    common(diff)
    rollback = sub.add_parser("rollback", help="make the previous build live again (run twice to undo); a damaged "
                                               "CURRENT is pointed at the previous build, or the newest that loads",
                              description="Example: python -m index rollback --index .index")
    common(rollback)
    args = parser.parse_args(argv)
    command = {"build": _build, "status": _status, "verify": _verify, "diff": _diff, "rollback": _rollback}[args.command]

    def body() -> int:
        try:
            return command(args)
        except BuildUsageError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_USAGE

    # a failure leaves the previous index live: a build writes a new folder and only then moves CURRENT
    return run_command(body, "interrupted: the previous index is unchanged")


def _build(args) -> int:
    try:
        params = ChunkingParams(max_tokens=args.max_tokens, overlap=args.overlap)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    report = build_index(args.corpus, args.index, model=args.model, params=params, full=args.full,
                         progress=not args.quiet, store=args.store)
    if args.json:
        print(json.dumps(report.to_dict(), indent=2, default=str))
    else:
        _print_report(report, args.quiet)
    return EXIT_PARTIAL if report.partial else EXIT_OK


def _print_report(report, quiet: bool) -> None:
    if report.up_to_date:
        print(f"up to date: {report.index} already holds the {report.documents} documents of the corpus "
              f"({report.chunks} chunks); nothing rebuilt in {report.seconds:.1f} s")
        for skipped in report.skipped:
            print(f"  skipped {skipped.source}: {skipped.reason}")
        return
    kind = f"full build ({report.full_reason})" if report.full else "incremental build"
    rate = report.encoded / report.encode_seconds if report.encode_seconds > 0 else 0.0
    if not quiet:
        print(f"Index {report.index} — {kind}")
        print(f"  documents: {report.documents} ({len(report.added)} added, {len(report.changed)} changed, "
              f"{len(report.removed)} removed, {report.unchanged} unchanged, {len(report.skipped)} skipped)")
        for label, ids in (("added", report.added), ("changed", report.changed), ("removed", report.removed)):
            if ids:
                shown = ", ".join(ids[:10]) + (f" … (+{len(ids) - 10})" if len(ids) > 10 else "")
                print(f"    {label}: {shown}")
        if report.aliases or report.aliases_changed:
            print(f"  {_aliases_line(report)}")
        print(f"  chunks: {report.chunks} ({report.encoded} embedded, {report.reused} reused"
              + (f", {report.repeated_chunks} exact repeats indexed once" if report.repeated_chunks else "") + ")")
        for near in report.near_duplicates:
            print(f"  near-duplicate: {near['document']} repeats {near['repeats']} "
                  f"({near['share']:.0%} of its passages)")
        for skipped in report.skipped:
            print(f"  skipped {skipped.source}: {skipped.reason}")
        print(f"  time: {report.seconds:.1f} s (embedding {report.encode_seconds:.1f} s, {rate:.0f} chunks/s)")
    else:                # exit 3 says files were left out: even a quiet build says which and why
        for skipped in report.skipped:
            print(f"  skipped {skipped.source}: {skipped.reason}", file=sys.stderr)
    state = "built with skipped files" if report.partial else "built"
    print(f"{state}: {report.documents} documents, {report.chunks} chunks in {report.seconds:.1f} s")


def _aliases_line(report) -> str:
    """What the build took from the corpus's aliases.yaml: "aliases: 19 other names for IVIG (aliases.yaml)"."""
    names = sum(len(n) for n in report.aliases.values())
    terms = ", ".join(report.aliases)
    said = f"{names} other name{'s' * (names != 1)} for {terms}" if names else "none"
    return f"aliases: {said} (aliases.yaml{', changed' if report.aliases_changed else ''})"


def _status(args) -> int:
    store = open_store(args.store, args.index)
    manifest = store.manifest()
    where = f"{store.location} (build {store.live_version()})"
    indexed = manifest.get("documents", {})
    changes = corpus_changes(args.corpus, manifest)
    up_to_date = not any(changes.values())
    info = {"index": where, "created": manifest.get("created"), "model": manifest["model"]["name"],
            "documents": len(indexed), "chunks": manifest.get("chunk_count"), "corpus": args.corpus,
            "up_to_date": up_to_date, **changes}
    if args.json:
        print(json.dumps(info, indent=2))
    else:
        print(f"Index {where}\n  built {info['created']} with {info['model']}\n"
              f"  {info['documents']} documents, {info['chunks']} chunks")
        if up_to_date:
            print(f"  up to date with {args.corpus}")
        else:
            for label, ids in changes.items():
                if ids:
                    label = "aliases changed" if label == "aliases" else label
                    print(f"  {label} since the build: {', '.join(ids[:10])}" + (" …" if len(ids) > 10 else ""))
            print("  run: python -m index build")
    return EXIT_OK


def _verify(args) -> int:
    store = open_store(args.store, args.index)
    stored = store.load()
    folder = f"{store.location} (build {stored.version})"
    manifest = stored.manifest
    problems = store.verify(stored)
    if stored.warning:
        problems.append(stored.warning)
    if len(stored.chunks) != manifest.get("chunk_count"):
        problems.append(f"{len(stored.chunks)} chunks, manifest says {manifest.get('chunk_count')}")
    if set(stored.documents) != set(manifest.get("documents", {})):
        problems.append("documents differ from the manifest")
    for chunk in stored.chunks:
        doc = stored.documents[chunk.doc_id]
        if not (0 <= chunk.start < chunk.end <= len(doc.text)):
            problems.append(f"chunk {chunk.id} has offsets outside its document")
            break
    if args.json:
        print(json.dumps({"index": str(folder), "ok": not problems, "problems": problems}, indent=2))
    elif problems:
        print(f"Index {folder} FAILED verification:\n  " + "\n  ".join(problems))
    else:
        print(f"Index {folder} OK: {len(stored.documents)} documents, {len(stored.chunks)} chunks, "
              f"{stored.count()} vectors")
    return EXIT_FAILED if problems else EXIT_OK


def _diff(args) -> int:
    from .history import diff_builds

    changes = diff_builds(open_store(args.store, args.index))
    if args.json:
        print(json.dumps(changes, indent=2))
        return EXIT_OK
    print(f"From {changes['previous']} to {changes['live']}:")
    for key in ("documents_added", "documents_removed", "documents_changed"):
        ids = changes[key]
        print(f"  {key.replace('_', ' ')}: {len(ids)}" + (f" ({', '.join(ids[:10])}{' …' if len(ids) > 10 else ''})" if ids else ""))
    print(f"  chunks added: {len(changes['chunks_added'])}, removed: {len(changes['chunks_removed'])}, "
          f"unchanged: {changes['chunks_unchanged']}")
    return EXIT_OK


def _rollback(args) -> int:
    from .history import rollback

    done = rollback(open_store(args.store, args.index))
    was, now = done
    if getattr(done, "repaired", ""):         # a damaged CURRENT: there was no live build to swap with
        print(f"repaired: {done.repaired}")
    else:
        print(f"rolled back: {now} is live again (was {was}); run rollback again to undo")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
