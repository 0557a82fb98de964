"""HTML for the chat page: answers with [n] source badges, source cards with the cited sentences
marked, the emergency alert, the disclaimer and error banners, and the JSON the /ask endpoint returns.

Every piece of text that came from a person or a document goes through html.escape before any tag
is added, so a question like "<script>alert(1)</script>" shows as those characters, never runs. The
badges come from the Answer's structure (each quoted sentence's citation numbers), never from the
text, so a "[12]" inside a quotation or a question stays text. No gradio import here: these are plain
functions of a bot Answer, easy to test on their own.

Gradio's chat sanitiser keeps classes, ids, href, role, title and tabindex but drops aria-* and data-*
attributes, so what assistive technology needs is built from those: a badge is a link whose own
(visually hidden) words say "source 1: <title>"; a glossary term is a <details> disclosure.
"""
from __future__ import annotations

import hashlib
import re
from datetime import date
from html import escape

from bot.inputs import clean_text
import settings

BULLET = re.compile(r"\s+•\s+")
BLANK_LINES = re.compile(r"\n[ \t]*(\n[ \t]*)+")
USER_PREVIEW_CHARS = 400
EXCERPT_MIN_CHARS = 600       # passages longer than this show an excerpt around the cited sentences
EXCERPT_CONTEXT = 160         # characters of context either side of the cited sentences


def text(value) -> str:
    """Plain text as HTML (the chat is set to render HTML, not markdown, so escaping is all it takes)."""
    return escape(str(value), quote=True)


def user_message(question) -> str:
    """A person's message as the chat shows it: their words, cleaned like the bot cleans them (no
    control or invisible characters), as text, shortened if very long."""
    shown = clean_text(question[:USER_PREVIEW_CHARS * 4]) if isinstance(question, str) else ""
    shown = shown if len(shown) <= USER_PREVIEW_CHARS else shown[:USER_PREVIEW_CHARS] + " …"
    return text(shown)


def answer_key(answer) -> str:
    """A short id for an answer, so its badges point at its own source cards (the panel shows one answer
    at a time; an earlier answer's badge brings its cards back)."""
    seed = "\x1f".join([answer.question, answer.query] + [f"{c.doc_id}:{c.start}" for c in answer.citations])
    return hashlib.sha1(seed.encode()).hexdigest()[:8]


def card_id(key: str, n: int) -> str:
    return f"ivig-src-{key}-{int(n)}"


def badge(n: int, title: str = "", key: str = "") -> str:
    """A [n] link to source card n. Screen readers read its hidden words, "source 1: <title>"; the
    brackets are drawn by CSS, so they are not read."""
    n = int(n)
    named = f": {escape(title)}" if title else ""
    return (f'<a class="ivig-cite" href="#{card_id(key, n)}" title="Source {n}{named}">'
            f'<span class="ivig-said">source </span>{n}<span class="ivig-said">{named}</span></a>')


def _term_spans(sentence_text: str, terms) -> list[tuple[int, int, object]]:
    """Where glossary terms occur in a sentence: (start, end, definition), whole words, no overlaps,
    longer terms first."""
    found: list[tuple[int, int, object]] = []
    for d in sorted(terms, key=lambda d: -len(d.term)):
        if not d.term.strip():
            continue
        m = re.search(rf"(?<!\w){re.escape(d.term)}(?!\w)", sentence_text, re.IGNORECASE)
        if m and all(m.end() <= a or m.start() >= b for a, b, _ in found):
            found.append((m.start(), m.end(), d))
    return sorted(found, key=lambda t: t[0])


def term(shown: str, definition) -> str:
    """A glossary term in an answer: a disclosure (keyboard and screen readers open it like a button;
    a tap opens it; hovering shows the definition as the term's title)."""
    where = escape(definition.source)
    if definition.url:
        where = f'<a href="{escape(definition.url)}" target="_blank" rel="noopener">{where}</a>'
    hover = escape(f"{definition.definition} ({definition.source})")
    return (f'<details class="ivig-term"><summary title="{hover}">{escape(shown)}</summary>'
            f'<span class="ivig-def"><strong>{escape(definition.term)}:</strong> {escape(definition.definition)} '
            f'<span class="ivig-def-src">Source: {where}</span></span></details>')


def _plain(piece: str) -> str:
    return BULLET.sub("<br>• ", escape(piece))


def quoted(sentence, titles: dict | None = None, key: str = "", glossary=()) -> str:
    """A quoted sentence: its text escaped, bullets on their own lines, glossary terms marked, then its
    source badges (`titles` maps n to the document's title)."""
    body, cursor = [], 0
    for a, b, definition in _term_spans(sentence.text, glossary):
        body += [_plain(sentence.text[cursor:a]), term(sentence.text[a:b], definition)]
        cursor = b
    body.append(_plain(sentence.text[cursor:]))
    titles = titles or {}
    return "".join(body) + "".join(badge(n, titles.get(n, ""), key) for n in sentence.citations)


def source_date(value) -> date | None:
    """A metadata date ("2025-02-27", "2025-02", "2025") as the day it names (the first, when vague)."""
    m = re.fullmatch(r"\s*(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?(?:[T ].*)?\s*", str(value or ""))
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
    except ValueError:
        return None


def out_of_date(meta: dict, today: date | None = None, years: float | None = None) -> bool:
    """Whether a source's date is more than `years` (IVIG_STALE_YEARS, default 5) before today."""
    when = source_date(meta.get("date"))
    years = settings.stale_years() if years is None else years
    return when is not None and ((today or date.today()) - when).days > years * 365.25


def source_line(citation, today: date | None = None) -> str:
    """'Title — publisher, date', then the review status and an out-of-date mark where they apply."""
    meta = getattr(citation, "meta", None) or {}
    page = f", page {citation.page}" if getattr(citation, "page", None) else ""
    publisher = f"{meta['publisher']}, " if meta.get("publisher") else ""
    when = str(meta["date"]) if meta.get("date") else "date unknown"
    out = (escape(citation.title) + f' <span class="ivig-meta">— {escape(publisher)}'
           f'<span class="ivig-date">{escape(when)}</span>{escape(page)}</span>')
    if meta.get("review_status"):
        out += f' <span class="ivig-status">{escape(str(meta["review_status"]))}</span>'
    if out_of_date(meta, today):
        years = settings.stale_years()
        out += (f' <span class="ivig-stale">may be out of date (more than '
                f'{years:g} year{"" if years == 1 else "s"} old)</span>')
    return out


def answer_message(answer) -> str:
    """The chat bubble for an answer: alert first for emergencies, then the quoted sentences (or the
    decline), the note, and its sources. A message that asked several questions shows each part under
    its question, and one list of sources."""
    out = []
    if answer.emergency and answer.urgent_advice:
        out.append('<div class="ivig-alert" role="alert"><strong>⚠ Get help now</strong><br>'
                   f"{text(answer.urgent_advice)}</div>")
    titles, key = {c.n: c.title for c in answer.citations}, answer_key(answer)
    for part in answer.shown_parts or (answer,):
        if answer.shown_parts:
            out.append(f'<p class="ivig-asked"><strong>{text(part.question)}</strong></p>')
        out += _answer_body(part, titles, key)
    if answer.citations:
        out.append(source_list(answer.citations))
    return "".join(out)


def _answer_body(answer, titles: dict, key: str) -> list[str]:
    out = []
    if answer.sentences:
        lead = f"{text(answer.lead)} " if answer.lead else ""
        glossary = _first_uses(answer)
        body = " ".join(quoted(s, titles, key, glossary.get(i, ())) for i, s in enumerate(answer.sentences))
        # a <div>, not a <p>: the glossary's <details> may not sit inside a paragraph
        out.append(f'<div class="ivig-answer">{lead}{body}</div>')
    if answer.decline:
        out.append(f'<p class="ivig-decline">{text(answer.decline)}</p>')
    if answer.note:
        out.append(f'<div class="ivig-note">{text(answer.note)}</div>')
    return out


def _first_uses(answer) -> dict[int, list]:
    """Each glossary definition goes to the first sentence that uses its term (marked once per answer)."""
    where: dict[int, list] = {}
    for d in answer.glossary:
        for i, sentence in enumerate(answer.sentences):
            if _term_spans(sentence.text, (d,)):
                where.setdefault(i, []).append(d)
                break
    return where


def announcement(answer) -> str:
    """What the live region says when an answer arrives: urgent advice first, then the answer in words
    (the badges' numbers left out), or the decline; each question's part in turn."""
    parts = []
    if answer.emergency and answer.urgent_advice:
        parts.append(f"Get help now. {answer.urgent_advice}")
    for part in answer.shown_parts or (answer,):
        if answer.shown_parts:
            parts.append(part.question)
        if part.sentences:
            parts.append(" ".join(filter(None, [part.lead] + [s.text for s in part.sentences])))
        parts += [p for p in (part.decline, part.note) if p]
    if answer.citations:
        parts.append(f"{len({c.doc_id for c in answer.citations})} source(s) listed.")
    return " ".join(parts)


def live_region(message: str = "") -> str:
    """The hidden live region's content (the element itself stays, so each change is announced)."""
    return f"<p>{text(message)}</p>" if message else ""


def source_list(citations) -> str:
    """The short list under an answer: one line per document, with the [n] markers that cite it."""
    by_doc: dict[str, list] = {}
    for c in citations:
        by_doc.setdefault(c.doc_id, []).append(c)
    items = "".join(f'<li><span class="ivig-num">{"".join(f"[{c.n}]" for c in group)}</span> '
                    f"{source_line(group[0])}</li>" for group in by_doc.values())
    where = ('<span class="ivig-meta ivig-wide">(the quoted passages are in the Sources panel)</span>'
             '<span class="ivig-meta ivig-narrow">(the quoted passages are below the chat)</span>')
    return f'<div class="ivig-srclist"><strong>Sources</strong> {where}<ul>{items}</ul></div>'


def highlight_spans(citation) -> list[tuple[int, int]]:
    """The cited sentences as sorted, merged (start, end) offsets into the passage itself."""
    passage, start = citation.passage, citation.start
    spans = sorted((max(h0 - start, 0), min(h1 - start, len(passage)))
                   for h0, h1 in (getattr(citation, "highlights", None) or ()))
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if b <= a:
            continue
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def _marked(passage: str, spans, lo: int, hi: int) -> str:
    """passage[lo:hi], escaped, with the spans (clipped to it) in <mark>; blank lines collapsed."""
    pieces, cursor = [], lo
    for a, b in spans:
        a, b = max(a, lo), min(b, hi)
        if b <= a:
            continue
        pieces.append(escape(passage[cursor:a]))
        pieces.append(f"<mark>{escape(passage[a:b])}</mark>")
        cursor = b
    pieces.append(escape(passage[cursor:hi]))
    return BLANK_LINES.sub("\n", "".join(pieces).strip())


def highlighted_passage(citation, context: int = EXCERPT_CONTEXT) -> str:
    """The cited passage, escaped, with the cited sentences in <mark>.

    A long passage shows the marked sentences with a little text either side, and the whole passage
    behind a "Show the whole passage" toggle."""
    passage = citation.passage
    spans = highlight_spans(citation)
    whole = _marked(passage, spans, 0, len(passage))
    if not spans or len(passage) <= EXCERPT_MIN_CHARS:
        return whole
    lo, hi = max(spans[0][0] - context, 0), min(spans[-1][1] + context, len(passage))
    if lo > 0:
        lo = _word_boundary(passage, lo, forward=True)
    if hi < len(passage):
        hi = _word_boundary(passage, hi, forward=False)
    if lo == 0 and hi == len(passage):
        return whole
    excerpt = ("… " if lo > 0 else "") + _marked(passage, spans, lo, hi) + (" …" if hi < len(passage) else "")
    return (f'{excerpt}<details class="ivig-more"><summary>Show the whole passage</summary>'
            f'<div class="ivig-whole">{whole}</div></details>')


def _word_boundary(passage: str, at: int, forward: bool) -> int:
    """Move `at` to the nearest whitespace so an excerpt does not start or end mid-word."""
    step = 1 if forward else -1
    i = at
    while 0 < i < len(passage) and not passage[i].isspace() and abs(i - at) < 40:
        i += step
    return i if 0 < i < len(passage) and passage[i].isspace() else at


def sources_panel(answer=None) -> str:
    """The panel beside the chat: one card per citation of the chosen answer."""
    head = '<div class="ivig-sources"><h2>Sources</h2>'
    if answer is None or not answer.citations:
        hint = ("The documents don't cover this question, so there are no passages to show."
                if answer is not None and answer.abstained else
                "This reply has no sources to show." if answer is not None else
                "Ask a question: the passages each answer is taken from appear here, "
                "with the sentences it quotes highlighted.")
        return f'{head}<p class="ivig-meta">{escape(hint)}</p></div>'
    asked = f'<p class="ivig-meta">For: “{escape(answer.question)}”</p>'
    cards, key = [], answer_key(answer)
    for c in answer.citations:
        heading = (f'<div class="ivig-meta">Section: {escape(c.heading)}</div>'
                   if c.heading and c.heading != c.title else "")
        # tabindex -1: a badge's link moves the keyboard focus here, so reading goes on from the source
        cards.append(f'<div class="ivig-card" id="{card_id(key, c.n)}" tabindex="-1">'
                     f'<div class="ivig-card-title"><span class="ivig-num">[{c.n}]</span> {source_line(c)}</div>'
                     f'{heading}<div class="ivig-passage">{highlighted_passage(c)}</div></div>')
    return head + asked + "".join(cards) + "</div>"


def header(disclaimer: str) -> str:
    """Title, one line on what the page does, and the always-visible not-medical-advice note."""
    return ('<h1 class="ivig-title">Questions about IVIG</h1><p class="ivig-intro">Ask about intravenous '
            "immunoglobulin (IVIG). Answers quote the documents listed under <b>Sources</b>; each [n] points "
            "to one of them.</p>" + banner(f"{disclaimer} In an emergency, call your local emergency number."))


def banner(message: str, kind: str = "info") -> str:
    """A notice across the top of the page (kind: info, wait, error)."""
    return f'<div class="ivig-banner ivig-banner-{escape(kind)}" role="status">{escape(message)}</div>'


def api_result(answer, latency_ms: float, history=()) -> dict:
    """What /ask returns: a line of the eval results file (Answer.to_record) plus the history it used."""
    return answer.to_record(latency_ms) | {"history": list(history)}


# Scroll the chat so the question just asked is at the top: answers are long, and gradio's autoscroll
# (to the bottom) would show a patient the end of the answer first. Repeated while the layout settles.
SCROLL_TO_QUESTION = """() => { for (const wait of [120, 400, 900]) setTimeout(() => {
  const wrap = document.querySelector('#ivig-chat .bubble-wrap');
  const rows = wrap ? wrap.querySelectorAll('.user-row') : [];
  if (!rows.length) return;
  const last = rows[rows.length - 1];
  wrap.scrollTop += last.getBoundingClientRect().top - wrap.getBoundingClientRect().top - 8;
}, wait); }"""

# Gradio's HTML component runs this once when mounted, on its own element (Gradio replaces what is inside).
# The element stays while its content changes, which is what makes screen readers announce each answer.
LIVE_REGION_JS = ("element.setAttribute('role', 'status'); element.setAttribute('aria-live', 'polite'); "
                  "element.setAttribute('aria-atomic', 'true');")

# A [n] badge is a link to its card in the Sources panel. The panel shows one answer at a time, so the
# card may appear only once the click has brought that answer's sources back (the chat's select
# event): wait for it, then move the focus there, keyboard and screen-reader users included.
SOURCE_LINKS_JS = """if (!window.ivigSourceLinks) {
  window.ivigSourceLinks = true;
  document.addEventListener('click', (event) => {
    const link = event.target.closest ? event.target.closest('a.ivig-cite') : null;
    if (!link) return;
    event.preventDefault();
    const id = (link.getAttribute('href') || '').slice(1);
    const still = matchMedia('(prefers-reduced-motion: reduce)').matches;
    let tries = 0;
    const open = () => {
      const card = document.getElementById(id);
      if (!card) { if (tries++ < 60) setTimeout(open, 100); return; }
      card.scrollIntoView({block: 'nearest', behavior: still ? 'auto' : 'smooth'});
      card.focus({preventScroll: true});
    };
    open();
  });
}"""

CSS = """
.ivig-title { margin: 0 0 4px; font-size: 1.6rem; }
.ivig-intro { margin: 0 0 6px; color: #333; }
.ivig-banner { padding: 10px 14px; border-radius: 8px; margin: 4px 0; font-size: 0.95rem; }
.ivig-banner-info { background: #fff8e1; border: 1px solid #f0c36d; color: #4a3b00; }
.ivig-banner-wait { background: #eff6ff; border: 1px solid #93c5fd; color: #1e3a8a; }
.ivig-banner-error { background: #fdecea; border: 1px solid #e57373; color: #7f1d1d; }
.ivig-alert { background: #b91c1c; color: #fff; padding: 12px 14px; border-radius: 8px; margin: 0 0 10px;
              font-size: 1.02rem; line-height: 1.45; border: 2px solid #7f1d1d; }
.ivig-alert strong { font-size: 1.1rem; }
#ivig-chat .ivig-answer { margin: 0 0 8px; }
#ivig-chat .ivig-decline { margin: 0 0 8px; background: #f1f5f9; border-left: 4px solid #64748b;
                           padding: 8px 12px; border-radius: 4px; }
.ivig-note { background: #fff8e1; border-left: 4px solid #f0c36d; padding: 8px 12px; border-radius: 4px;
             margin-top: 8px; }
.ivig-cite { color: #1d4ed8; font-weight: 600; margin-left: 1px; font-size: 0.8em; vertical-align: super;
             line-height: 1; text-decoration: none; padding: 0 1px; border-radius: 3px; white-space: nowrap; }
.ivig-cite:hover { text-decoration: underline; }
.ivig-cite::before { content: "[" / ""; }     /* drawn, not read: the link says "source 1: <title>" */
.ivig-cite::after { content: "]" / ""; }
.ivig-cite:focus-visible, .ivig-term summary:focus-visible, .ivig-card:focus {
  outline: 3px solid #1d4ed8; outline-offset: 2px; }
/* inline, so a badge's name reads "source 1: title" with no pause put in; zero-size, so only heard */
.ivig-said { font-size: 0; line-height: 0; }
#ivig-live { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
.ivig-term { display: inline-block; }   /* one box in the line: no break after the term */
.ivig-term summary { display: inline; cursor: help; list-style: none; text-decoration: underline dotted #1d4ed8;
                     text-underline-offset: 3px; text-decoration-thickness: 2px; }
.ivig-term summary::-webkit-details-marker { display: none; }
.ivig-term[open] summary { background: #dbeafe; border-radius: 3px; }
.ivig-def { display: block; margin: 4px 0 6px; padding: 6px 10px; background: #eff6ff; border: 1px solid #93c5fd;
            border-radius: 6px; font-size: 0.92em; color: #1e293b; }
.ivig-def-src { display: block; color: #444; font-size: 0.92em; }
.ivig-status, .ivig-stale { display: inline-block; font-size: 0.8em; font-weight: 600; padding: 0 6px;
                            border-radius: 4px; margin-left: 2px; }
.ivig-status { background: #fff8e1; color: #5c4300; border: 1px solid #c79a2b; }
.ivig-stale { background: #fdecea; color: #7f1d1d; border: 1px solid #c2410c; }
.ivig-suggestion { white-space: normal !important; text-align: left !important; height: auto !important; }
#ivig-suggestions { gap: 4px; }
#ivig-suggestion-buttons { flex-wrap: wrap; gap: 6px; }
@media (max-width: 640px) { #ivig-suggestion-buttons > .ivig-suggestion { flex: 1 1 100% !important; min-width: 100% !important; } }
.ivig-num { color: #1d4ed8; font-weight: 700; }
.ivig-meta { color: #555; font-size: 0.88em; }
.ivig-small-print { margin: 0; }
#ivig-actions { flex-wrap: nowrap; align-items: center; gap: 8px; }
#ivig-actions > * { min-width: 0 !important; }
#ivig-clear { flex: 0 0 auto !important; width: auto !important; padding: 4px 14px; }
.ivig-srclist { margin-top: 10px; padding-top: 6px; border-top: 1px solid #ddd; font-size: 0.9em; }
.ivig-srclist ul { margin: 4px 0 0; padding-left: 0; list-style: none; }
.ivig-srclist li { margin: 2px 0; }
.ivig-sources h2 { margin: 0 0 6px; font-size: 1.15rem; }
.ivig-card { border: 1px solid #d9dee5; border-radius: 8px; padding: 10px 12px; margin: 0 0 10px;
             background: #fff; }
.ivig-card-title { font-weight: 600; margin-bottom: 4px; overflow-wrap: anywhere; }
#ivig-sources-panel .ivig-passage { margin: 6px 0 0; padding: 6px 10px; border-left: 3px solid #cbd5e1;
  white-space: pre-line; font-size: 0.92em; line-height: 1.5; color: #222; overflow-wrap: anywhere; }
.ivig-more { margin-top: 6px; white-space: normal; }
.ivig-more summary { cursor: pointer; color: #1d4ed8; font-size: 0.95em; }
.ivig-whole { white-space: pre-line; margin-top: 4px; }
.ivig-narrow { display: none; }
.ivig-passage mark { background: #fde68a; color: inherit; padding: 0 1px; }
#ivig-sources-panel { max-height: 640px; overflow-y: auto; }
#ivig-chat .top-panel { display: none; }   /* the chat's own clear icon: the "Clear chat" button does it */
@media (prefers-reduced-motion: reduce) {
  *, *::before, *::after { animation-duration: 0.01ms !important; animation-iteration-count: 1 !important;
                           transition-duration: 0.01ms !important; scroll-behavior: auto !important; }
}
@media (max-width: 700px) {
  #ivig-sources-panel { max-height: none; }
  .ivig-wide { display: none; }
  .ivig-narrow { display: inline; }
  .ivig-title { font-size: 1.3rem; }
  .ivig-intro { font-size: 0.9rem; }
  #ivig-chat { height: 52vh !important; }
  #ivig-chat .message-row { margin-left: 6px; margin-right: 6px; max-width: calc(100% - 12px); }
  .ivig-alert { font-size: 1rem; }
}
"""

# Gradio scopes CSS passed to launch(css=...) inside its content area, so the page's own side padding
# (too wide for a phone) is set from a <style> in the page head instead.
HEAD = """<style>
@media (max-width: 700px) {
  .gradio-container .main.fillable { padding-left: 8px !important; padding-right: 8px !important; }
}
footer .show-api, footer a, footer button { color: #4b5563 !important; }   /* AA contrast (was 2.4:1) */
</style>
<script>""" + """
// Two of Gradio's own accessibility faults, mended as its elements appear (an axe audit finds them):
// a chat message carries its raw HTML as aria-label, so a screen reader would read the tags aloud;
// the example questions are buttons inside role="list", which allows only list items.
new MutationObserver(() => {
  document.querySelectorAll('[data-testid=bot][aria-label], [data-testid=user][aria-label]')
    .forEach((el) => el.removeAttribute('aria-label'));
  document.querySelectorAll('.examples[role=list]').forEach((el) => {
    el.setAttribute('role', 'group'); el.setAttribute('aria-label', 'Example questions'); });
}).observe(document.documentElement, {subtree: true, childList: true, attributes: true,
                                      attributeFilter: ['aria-label', 'role']});
</script>"""
