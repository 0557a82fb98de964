"""Which words of a question are verbs, by the question's grammar: the verb that asks about a noun phrase.

"Can it fix asthma?" is about asthma: "fix" is its verb. Word lists cannot say so (a patient's verb is
any verb, and most are also nouns: "fix", "stop", "cure"), and the corpus never uses most of them, so
the rule reads the question's frame instead. English puts the main verb right after its subject in a
question opened by an auxiliary ("Does IVIG | prevent strokes", "Will it | stop hair loss"), after a
subject pronoun ("it fixes", "I stop") and after a modal ("IVIG can | reduce fatigue"). A subject is
a pronoun, or the treatment's own name (`is_name`: the corpus's generic, specific words, "IVIG"),
optionally after a determiner ("the treatment", "my IVIG"). A subject the rule cannot recognise
("Can asthma be cured?") marks nothing.

Left out: an infinitive ("is it used to fix asthma?"): "to" also leads an object ("given to dogs").

How the noun phrase itself is read is in `noun_phrases`; the subject of a question the frame cannot recognise
in `opening_subject`.
"""
from __future__ import annotations

from typing import Callable, Sequence

from .specificity import is_name_head, is_specific, zipf
from .subject_runs import DETERMINERS
from .terms import STOPWORDS, WORD
from .typos import ENGLISH_ZIPF

DO = frozenset("do does did".split())
BE = frozenset("is are was were am".split())
MODALS = frozenset("can could will would shall should may might must".split())
PRONOUNS = frozenset("it they i we you he she".split())
DEMONSTRATIVES = frozenset("this that these those".split())       # subjects, or determiners of one
NEGATION = frozenset("not n't never really actually also still ever".split())
LEADS = DETERMINERS | frozenset("for in with of about on from after during like".split())
OPENERS = frozenset("what how why when where which who".split())
COMMON_ZIPF = 5.0          # a word at least this common in English (wordfreq's Zipf scale) may end a do-question as its verb
# What a patient calls the treatment without naming it ("Does the treatment lower cholesterol?")
TREATMENT = frozenset("treatment treatments therapy therapies drug drugs medicine medication medications "
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
        if j < len(lower) and lower[j] in PRONOUNS | DEMONSTRATIVES:
            if lower[j] in PRONOUNS or j + 1 >= len(lower) or not names(j + 1):
                return j + 1
        while j < len(lower) and lower[j] in DETERMINERS:
            j += 1
        k = j
        while k < len(lower) and names(k):
            k += 1
        return k if k > j else i

    def names(k: int) -> bool:
        return is_name(lower[k]) or lower[k] in TREATMENT

    def mark(k: int) -> None:
        while k < len(lower) and lower[k] in NEGATION:
            k += 1
        if k < len(lower) and lower[k] not in STOPWORDS:
            verbs.add(k)

    # an auxiliary opening the question, or after a question word and at most one more ("how long will")
    first = next((i for i in range(min(3, len(lower))) if lower[i] in DO | MODALS | BE
                  and all(w in OPENERS or (n == 1 and lower[0] in OPENERS) for n, w in enumerate(lower[:i]))), None)
    if first is not None:
        end = subject_end(first + 1)
        if end > first + 1:
            mark(end)
        elif (lower[first] in DO and first and len(lower) > first + 2 and lower[-1] not in STOPWORDS
              and lower[-2] not in LEADS | {"to"} and zipf(lower[-1]) >= COMMON_ZIPF):
            # do-support after a question word puts the bare verb after any subject, and a question may end
            # there: "What does Guillain-Barre syndrome | mean?", "How long does the rash | last?". A last word
            # led in ("do to | pregnancy") is an object, and so is a rarer word ("do MG patients need |
            # infusions"): the verbs that end such questions are English's commonest (mean, last, work, cost).
            verbs.add(len(lower) - 1)
    for i, word in enumerate(lower):
        # a passive's participle after a form of "be" inside a sentence: "My nephew was | diagnosed with ...",
        # "he was just | told"; not an opening auxiliary's ("Is ITP | inherited?" is marked above, or not at all)
        if word in BE | _PASSIVE_BE and i != first:
            j = i + 1
            while j < len(lower) and lower[j] in NEGATION | _PASSIVE_SKIP:
                j += 1
            if j < len(lower) and _participle(lower[j]) and not written[j][:1].isupper():   # "Pendred" names
                verbs.add(j)
            continue
        # "I" before a word and a name's head word is a name's letter ("I cell disease"), no speaker
        named_i = word == "i" and i + 2 < len(lower) and is_name_head(lower[i + 2])
        if word in PRONOUNS and (first is None or i != first + 1) and not named_i:   # "it fixes", "I stop" (inverted: above)
            j = i + 1
            if j < len(lower) and lower[j] in MODALS | DO:
                j += 1
            mark(j)
        elif word in MODALS and i != first:                  # "IVIG can reduce", "anything that can fix"
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


def verb_words(text: str, is_name: Callable[[str], bool] = lambda w: False) -> list[str]:
    """The words of `text` that are verbs by its frame (`verb_positions`), as written."""
    found = tokens(text)
    return [found[i][0] for i in sorted(verb_positions(text, is_name))]


# How much rarer (Zipf) a verb's -ing form may be than the word, where only "to" or an object pronoun says it is one:
# measured with wordfreq, verbs 0-1.35 ("stop" 1.23, "shower" 1.35), nouns after "to" 1.5-5.8 ("milk" 1.47,
# "school" 1.98, "dogs", "pregnancy": no -ing form); "house" (0.94) is led by a determiner ("to the house")
VERB_ZIPF_GAP = 1.4


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
