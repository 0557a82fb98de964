"""The noun phrase a question names, told from the verb that asks about it, by the question's grammar.

"Can it fix asthma?" is about asthma: "fix" is its verb. Word lists cannot say so (a patient's verb is
any verb, and most are also nouns: "fix", "stop", "cure"), and the corpus never uses most of them, so
the rule reads the question's frame instead. English puts the main verb right after its subject in a
question opened by an auxiliary ("Does IVIG | prevent strokes", "Will it | stop hair loss"), after a
subject pronoun ("it fixes", "I stop") and after a modal ("IVIG can | reduce fatigue"). A subject is
a pronoun, or the treatment's own name (`is_name`: the corpus's generic, specific words, "IVIG"),
optionally after a determiner ("the treatment", "my IVIG"). A subject the rule cannot recognise
("Can asthma be cured?") marks nothing.

Left out: an infinitive ("is it used to fix asthma?"): "to" also leads an object ("given to dogs").
"""
from __future__ import annotations

import re
from typing import Callable, Sequence

from .specificity import is_name_head, is_specific, zipf
from .subject_runs import DETERMINERS, is_adjective, is_adverb
from .terms import ASKING, INTENT, QUESTION_TYPES, STOPWORDS, WORD
from .typos import ENGLISH_ZIPF

_DO = frozenset("do does did".split())
_BE = frozenset("is are was were am".split())
_MODALS = frozenset("can could will would shall should may might must".split())
_PRONOUNS = frozenset("it they i we you he she".split())
_DEMONSTRATIVES = frozenset("this that these those".split())       # subjects, or determiners of one
_NEGATION = frozenset("not n't never really actually also still ever".split())
_LEADS = DETERMINERS | frozenset("for in with of about on from after during like".split())
_OPENERS = frozenset("what how why when where which who".split())
COMMON_ZIPF = 5.0          # a word at least this common in English (wordfreq's Zipf scale) may end a do-question as its verb
# What a patient calls the treatment without naming it ("Does the treatment lower cholesterol?")
_TREATMENT = frozenset("treatment treatments therapy therapies drug drugs medicine medication medications "
                       "infusion infusions".split())


def treatment_name(is_generic: Callable[[str], bool] | None) -> Callable[[str], bool]:
    """Whether a word is the corpus's name for its treatment ("IVIG"): a generic word that is also a
    specific one (`is_generic`: the corpus's generic vocabulary; None: no word is)."""
    return (lambda w: is_generic(w) and is_specific(w)) if is_generic else (lambda w: False)


def tokens(text: str) -> list[tuple[str, int, int]]:
    """(word, start, end) for each word of `text`."""
    return [(m.group(), m.start(), m.end()) for m in WORD.finditer(text)]       # the words `terms.words` reads


def verb_positions(text: str, is_name: Callable[[str], bool] = lambda w: False) -> set[int]:
    """Indexes (into `tokens(text)`) of the words that are verbs by the question's frame (module doc). In a
    question opened by a form of "be" the word marked is the complement ("safe" in "Is it safe for dogs?"):
    not a verb, but not the subject either."""
    written = [w for w, _, _ in tokens(text)]
    lower = [w.lower() for w in written]
    verbs: set[int] = set()

    def subject_end(i: int) -> int:
        """The index after a subject starting at i, or i when none starts there."""
        j = i
        if j < len(lower) and lower[j] in _PRONOUNS | _DEMONSTRATIVES:
            if lower[j] in _PRONOUNS or j + 1 >= len(lower) or not names(j + 1):
                return j + 1
        while j < len(lower) and lower[j] in DETERMINERS:
            j += 1
        k = j
        while k < len(lower) and names(k):
            k += 1
        return k if k > j else i

    def names(k: int) -> bool:
        return is_name(lower[k]) or lower[k] in _TREATMENT

    def mark(k: int) -> None:
        while k < len(lower) and lower[k] in _NEGATION:
            k += 1
        if k < len(lower) and lower[k] not in STOPWORDS:
            verbs.add(k)

    # an auxiliary opening the question, or after a question word and at most one more ("how long will")
    first = next((i for i in range(min(3, len(lower))) if lower[i] in _DO | _MODALS | _BE
                  and all(w in _OPENERS or (n == 1 and lower[0] in _OPENERS) for n, w in enumerate(lower[:i]))), None)
    if first is not None:
        end = subject_end(first + 1)
        if end > first + 1:
            mark(end)
        elif (lower[first] in _DO and first and len(lower) > first + 2 and lower[-1] not in STOPWORDS
              and lower[-2] not in _LEADS | {"to"} and zipf(lower[-1]) >= COMMON_ZIPF):
            # do-support after a question word puts the bare verb after any subject, and a question may end
            # there: "What does Guillain-Barre syndrome | mean?", "How long does the rash | last?". A last word
            # led in ("do to | pregnancy") is an object, and so is a rarer word ("do MG patients need |
            # infusions"): the verbs that end such questions are English's commonest (mean, last, work, cost).
            verbs.add(len(lower) - 1)
    for i, word in enumerate(lower):
        # a passive's participle after a form of "be" inside a sentence: "My nephew was | diagnosed with ...",
        # "he was just | told"; not an opening auxiliary's ("Is ITP | inherited?" is marked above, or not at all)
        if word in _BE | _PASSIVE_BE and i != first:
            j = i + 1
            while j < len(lower) and lower[j] in _NEGATION | _PASSIVE_SKIP:
                j += 1
            if j < len(lower) and _participle(lower[j]) and not written[j][:1].isupper():   # "Pendred" names
                verbs.add(j)
            continue
        # "I" before a word and a name's head word is a name's letter ("I cell disease"), no speaker
        named_i = word == "i" and i + 2 < len(lower) and is_name_head(lower[i + 2])
        if word in _PRONOUNS and (first is None or i != first + 1) and not named_i:   # "it fixes", "I stop" (inverted: above)
            j = i + 1
            if j < len(lower) and lower[j] in _MODALS | _DO:
                j += 1
            mark(j)
        elif word in _MODALS and i != first:                  # "IVIG can reduce", "anything that can fix"
            if subject_end(i + 1) == i + 1:
                mark(i + 1)
        elif word == "to" and i + 1 < len(lower) and lower[i + 1] not in STOPWORDS and not is_name(lower[i + 1]) \
                and gerund(lower[i + 1], VERB_ZIPF_GAP):
            verbs.add(i + 1)          # an infinitive: "IVIG to prevent problems", not "to school" (gerund's gap)
    return verbs


_PASSIVE_BE = frozenset("be been being get got".split())
_PASSIVE_SKIP = frozenset("just recently first newly finally already".split())
# Participles that do not end in "-ed": the commonest in patients' histories
_IRREGULAR = frozenset("told given born seen found shown taken put sent kept left made done known".split())


def _participle(word: str) -> bool:
    """A past participle by its form: "diagnosed", "treated", "told"."""
    return word in _IRREGULAR or (len(word) >= 5 and word.endswith("ed") and word not in STOPWORDS)


def without_verb(question: str, phrase: Sequence[str], is_name: Callable[[str], bool] = lambda w: False) -> list[str]:
    """`phrase` (words of `question`, in order) without its leading words up to its last verb, when words
    are left after it: "fix asthma" in "can it fix asthma?" -> ["asthma"]; "IVIG prevent strokes" ->
    ["strokes"]; a verb ending it goes too ("CIDP mean" -> ["CIDP"]). The phrase unchanged when it holds no
    verb."""
    phrase = list(phrase)
    found = tokens(question)
    verbs = {found[i][0].lower() for i in verb_positions(question, is_name)}
    cut = max((i + 1 for i, w in enumerate(phrase[:-1]) if w.lower() in verbs), default=0)
    rest = phrase[cut:]
    # nor its verb at the end ("Guillain-Barre syndrome mean" in "What does Guillain-Barre syndrome mean?")
    return rest[:-1] if len(rest) > 1 and rest[-1].lower() in verbs else rest


def phrase_around(text: str, named: Sequence[str], is_name: Callable[[str], bool] = lambda w: False) -> tuple[int, int]:
    """The span of the whole noun phrase of `text` that holds the first of the `named` words: the words next
    to it up to a stop word, punctuation, a verb, a word of the question's type ("dose", "inherited") or the
    treatment's name, and at most one word of asking before them ("long" in "long COVID"; such words also
    ask: "how long"). One after them is left out: it is the head the subject words modify ("ITP patients": a
    follow-up about MG keeps "patients").
    (start, end) character offsets; (0, 0) when no named word is in the text."""
    found = tokens(text)
    wanted = {w.lower() for w in named}
    at = next((i for i, (w, _, _) in enumerate(found) if w.lower() in wanted), None)
    if at is None:
        return 0, 0
    verbs = verb_positions(text, is_name)

    def joined(i: int) -> bool:                  # words i and i + 1 are next to each other in one clause
        return bool(re.fullmatch(r"\s+", text[found[i][2]:found[i + 1][1]]))

    def part(i: int, asking: bool) -> bool:
        word = found[i][0].lower()
        if word in wanted:
            return True
        if word in STOPWORDS or i in verbs or is_name(word) or word in INTENT or word in QUESTION_TYPES:
            return False
        # a word of asking leads a noun phrase after a preposition or a determiner ("for long COVID"), not
        # after "to" ("used to treat cancer")
        return (word in ASKING) == asking and (not asking or i == 0 or found[i - 1][0].lower() in _LEADS)

    def predicate(i: int) -> bool:
        # adjectives come before their noun, so one after the phrase, led by a form of "be" and leading a
        # preposition, is said of it: "Gamunex different" in "How is Gamunex different from regular IVIG?". Not
        # one that ends the question: names end so ("What is (are) Osteopetrosis autosomal recessive 7 ?").
        leads = i + 1 < len(found) and joined(i) and found[i + 1][0].lower() in STOPWORDS
        return leads and is_adjective(found[i][0]) and any(w.lower() in _BE for w, _, _ in found[:at])

    start = end = at
    for asking in (False, True):
        while start > 0 and joined(start - 1) and part(start - 1, asking):
            start -= 1
            if asking:
                break
        while not asking and end + 1 < len(found) and joined(end) and part(end + 1, asking) \
                and not predicate(end + 1):
            end += 1
    return found[start][1], found[end][2]


def opening_subject(text: str, is_name: Callable[[str], bool] = lambda w: False) -> list[str]:
    """The subject of a question opened by "do" or a modal when the frame cannot recognise it (neither a pronoun nor
    the treatment, `verb_positions`): the words between the auxiliary (and its determiners) and the verb. English puts
    the verb right after the subject, so of a run of words up to a stop word, an adverb or a clause mark the last is
    the verb: "insurance" in "Does insurance pay for IVIG?" and "Does insurance usually pay?", "health insurance" in
    "Will health insurance cover IVIG?". What such a question asks about is its subject; none otherwise."""
    found = tokens(text)
    lower = [w.lower() for w, _, _ in found]
    first = next((i for i in range(min(3, len(lower))) if lower[i] in _DO | _MODALS
                  and all(w in _OPENERS or (n == 1 and lower[0] in _OPENERS) for n, w in enumerate(lower[:i]))), None)
    if first is None:
        return []
    k = first + 1
    if k < len(lower) and lower[k] in _PRONOUNS | _DEMONSTRATIVES:
        return []
    while k < len(lower) and lower[k] in DETERMINERS:
        k += 1
    run: list[str] = []
    while k < len(lower) and lower[k] not in STOPWORDS and not is_name(lower[k]) and lower[k] not in _TREATMENT \
            and not is_adverb(found[k][0], lower[k - 1]):
        run.append(found[k][0])
        if k + 1 < len(found) and not re.fullmatch(r"\s+", text[found[k][2]:found[k + 1][1]]):
            break                              # a clause mark ends it
        k += 1
    if not run or (not run[:-1] and k >= len(lower) - 1):
        return []                              # no verb after it: "Does asthma?"
    if k < len(lower) and lower[k] == "of":
        return []                              # "a course of IVIG", "the cost of it": what follows "of" is the subject
    # a common verb the stop words hold ends the subject whole: "Do side effects | go away?", "Can dogs | get IVIG?"
    return run if len(run) == 1 or (k < len(lower) and lower[k] in _STOP_VERBS) else run[:-1]


_STOP_VERBS = frozenset("get gets got give gives take takes make makes go goes come comes have has need needs want "
                        "wants like likes".split())


def verb_words(text: str, is_name: Callable[[str], bool] = lambda w: False) -> list[str]:
    """The words of `text` that are verbs by its frame (`verb_positions`), as written."""
    found = tokens(text)
    return [found[i][0] for i in sorted(verb_positions(text, is_name))]


def noun_phrases(text: str, named: Sequence[str], is_name: Callable[[str], bool] = lambda w: False) -> list[str]:
    """The noun phrases of `text` holding the `named` words, each once, in the order named: "multiple
    sclerosis" for "sclerosis", "brain fog" for "fog". A named word that is the question's verb or a word of
    its type is left out when another is left ("fix" in "can it fix asthma?", "inherited" in "Is X
    inherited?"); a word not found stands for itself."""
    asking = {w.lower() for w in verb_words(text, is_name)} | INTENT | QUESTION_TYPES
    named = [w for w in named if w.lower() not in asking] or list(named)
    out: list[str] = []
    for word in named:
        start, end = phrase_around(text, [word], is_name)
        phrase = as_action(text, text[start:end], is_name) if end else word
        if not any(phrase.lower() in p.lower() for p in out):
            out = [p for p in out if p.lower() not in phrase.lower()] + [phrase]
    return out


_OBJECT_PRONOUNS = frozenset("me him her them us".split())
# How much rarer (Zipf) a verb's -ing form may be than the word, where only "to" or an object pronoun says it is one:
# measured with wordfreq, verbs 0-1.35 ("stop" 1.23, "shower" 1.35), nouns after "to" 1.5-5.8 ("milk" 1.47,
# "school" 1.98, "dogs", "pregnancy": no -ing form); "house" (0.94) is led by a determiner ("to the house")
VERB_ZIPF_GAP = 1.4
# A determiner of the asker's own is the reader's in a reply: "skipping your infusion"
_YOURS = {"my": "your", "our": "your", "i": "you", "me": "you", "mine": "yours"}
_OBJECT_LEADS = frozenset("a an the my our your his her their this that these those".split())


def gerund(verb: str, gap: float | None = None) -> str:
    """The -ing form of a bare verb, as English spells it most often (wordfreq): "missing", "skipping", "driving",
    "flying"; "" when no form is a common English word (it is no verb: "headaches"), or with `gap`, none within
    `gap` of the word's own Zipf frequency ("school")."""
    lower = verb.lower()
    forms = {lower + "ing", lower + lower[-1:] + "ing"}
    if lower.endswith("e") and not lower.endswith(("ee", "ye", "oe")):
        forms.add(lower[:-1] + "ing")
    if lower.endswith("ie"):
        forms.add(lower[:-2] + "ying")
    best = max(sorted(forms), key=zipf)
    # `gap`: where the grammar does not say it is a verb, a noun's -ing form is rare beside it ("schooling" 3.7,
    # "school" 5.7), a verb's is not ("flying" 4.7, "fly" 4.6)
    return best if zipf(best) >= max(ENGLISH_ZIPF, zipf(lower) - gap if gap is not None else 0) else ""


def as_action(text: str, phrase: str, is_name: Callable[[str], bool] = lambda w: False) -> str:
    """`phrase` (a span of `text`) said as an action when it starts with a verb of the question: its -ing form and,
    when the verb stands alone, its object ("missing an IVIG infusion" for "miss" in "What happens if I miss an
    IVIG infusion?", "gaining weight" for "make me gain weight"). The verb is one by the question's frame
    (`verb_positions`), or a bare verb after an object pronoun ("let him | play") or "to" ("ok to | fly"), whose
    -ing form English uses nearly as often (`gerund`: "to school" is no verb). `phrase` unchanged otherwise."""
    found = tokens(text)
    at = next((i for i, (_, a, _) in enumerate(found) if text[a:].startswith(phrase)), None)
    if at is None or not phrase:
        return phrase
    verb = found[at][0]
    verbs = verb_positions(text, is_name)
    # a verb by the frame, a bare verb after an object pronoun ("let him | play") or an infinitive ("ok to | fly")
    framed = at in verbs
    slot = framed or (at and found[at - 1][0].lower() in _OBJECT_PRONOUNS | {"to"})
    ing = gerund(verb, None if framed else VERB_ZIPF_GAP) if slot and verb.lower() not in STOPWORDS else ""
    if not ing:
        return phrase
    rest = phrase[len(verb):]
    if not rest.strip():
        # its object: determiners, then the words of one noun phrase, up to a stop word or a clause mark
        words, i = [], at + 1
        while i < len(found) and re.fullmatch(r"\s+", text[found[i - 1][2]:found[i][1]]):
            word = found[i][0]
            lower = word.lower()
            if lower in _OBJECT_LEADS and not any(w.lower() not in _OBJECT_LEADS for w in words):
                words.append(_YOURS.get(lower, word))
            elif lower not in STOPWORDS and i not in verbs:
                words.append(word)
            else:
                break
            i += 1
        while words and words[-1].lower() in _OBJECT_LEADS | set(_YOURS.values()):
            words.pop()
        rest = " " + " ".join(words) if words else ""
    return ing + rest
