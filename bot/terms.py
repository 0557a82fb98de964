"""Words of a question: which carry its subject, and how specific they are.

Specificity comes from word frequency in general English (wordfreq): "rituximab" or "nephritis"
name a subject, "work" or "fast" do not. A word that names a health topic ("diabetes", "asthma",
"flu") is known from data: the words of MedQuAD's question foci (bot/data/topic_words.txt, made by
scripts/topic_words.py). The corpus's generic words and question words never name the subject.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Callable, Sequence

from rapidfuzz import process
from rapidfuzz.distance import OSA

from index.accents import fold

# Letters and digits together: "MECP2", "GM1", "CX3CR1", "p16INK4A" are names, and the lexical index keeps
# them whole; split at the digit they became "MECP", "GM", which no corpus has (SciFact, MedQuAD declines).
WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'\-]*[A-Za-z0-9]|[A-Za-z]")

# A typo is one slip (a swapped, missing, extra or wrong letter: optimal string alignment distance), two in
# a long word. Nearer-looking matches by share of letters took names for other words ("Revesz" -> "reviews",
# "Duane" -> "due"). A word this common in English is meant as written ("Bloom" syndrome is not "blood").
TYPO_MIN_LETTERS = 5
ENGLISH_ZIPF = 3.0
# A capitalised word mid-question that the corpus lacks is a name ("Proud syndrome", Zipf 4.8), unless it
# is among the commonest English words (Zipf >= 5: "Can", "Please"); 4.0 let "Proud" through off-topic.
NAME_ZIPF = 5.0

STOPWORDS = frozenset("""
a an the and or but if then so of to in on at by for with from into onto about as is are was were be been being
am do does did doing done have has had having can could will would shall should may might must it its it's this
that these those there here they them their theirs he she his her him we our us you your yours i me my mine
what which who whom whose when where why how whether not no yes any some all each every more most much many few
very too also just only than such own same other else up down out over under again further once both either
neither nor tell know want need like please thanks thank hi hello ok okay let lets let's get gets got getting
give gives given giving take takes taking took make makes made go goes going went come comes s t re ve ll d
really actually anything something everything thing things way ways kind sort lot lots while during after
before since because without within between through still even ever never always anyone someone one two
anybody somebody everybody everyone nobody
would could maybe perhaps whats what's afterwards afterward later still again anymore
""".split())

# How people ask about any health topic: these words never name what a question is about, in any
# corpus. What is generic to a particular corpus ("ivig", "immunoglobulin" in ours) is not listed here:
# it comes from the corpus's document frequencies, computed at index time (index/vocabulary.py).
ASKING = frozenset("""
treatment treatments treat treated treating therapy therapies drug drugs medicine medication medications
work works working worked use used uses using help helps helping patient patients people person doctor doctors
disease diseases condition conditions effect effects happen happens happening start starts started long fast
quickly quick soon time times often usually normally typically common commonly safe safety good bad better best well
outlook prognosis proportion percentage percent chance chances likelihood downside downsides drawback drawbacks
rx tx dx sx hx dx'd rx'd meds med
""".split())
# "rx" (prescription, treatment), "tx" (treatment), "dx" (diagnosis), "sx" (symptoms), "hx" (history), "meds":
# the shorthand of clinical notes that patients copy into their messages ("What is the best Rx for GERD?"); they
# ask what kind of answer, as "treatment" and "symptoms" do. Two letters give the model nothing to go on.
# "outlook": a question type of MedQuAD's (outlook, symptoms, causes...) that a corpus need not use as a
# word; its held-out questions were declined for it. "proportion", "downsides" (the unseen IVIG
# questions): how much and how bad are asked of any subject.

# Nouns of asking that may also be part of a topic's name, beside its other words: "Patient Rights", "Skin
# Conditions", "Kidney Diseases", "Child Safety" (MedQuAD's foci name topics with them: disease 277 foci, diseases
# 36, safety 13, patient 2, people 2, conditions 1...). The verbs and adverbs of asking ("How is ITP treated?",
# "What helps headaches?") never are, nor the nouns of what is asked about a topic ("fatigue medication", "ITP
# treatment"), nor its adjectives: "common reactions" asks which reactions are common, and the foci's "Common
# Cold" and "Bad Breath" are declined by their other words. See `asked_topic`.
NAME_NOUNS = frozenset("disease diseases condition conditions patient patients people person safety".split())

# Words of the question type, not its subject ("how fast", "what dose"): they are kept for retrieval
# but a follow-up made only of them needs the conversation's subject.
INTENT = frozenset("""
dose doses dosing dosage amount much many side risk risks mechanism evidence cost costs price expensive
last lasts duration onset work works signs symptoms benefit benefits proven study studies trial trials
given receive received getting often frequency how why dosed administered minutes hours days weeks months years
""".split())


# The words of MedQuAD's 15 question types, as its consumer questions word them ("What causes X?", "Is X
# inherited?", "How many people are affected by X?", "Do you have information about X", "what research (or
# clinical trials) is being done for X"; counted over ../shared/benchmarks/medquad/qa.jsonl): what is asked
# about a topic, never the topic. Only `asked_topic` reads them.
QUESTION_TYPES = frozenset("""
information symptoms treatments causes cause inherited affected genetic changes related diagnose risk research
clinical trials outlook stages prevent complications
""".split())


# The people a patient asks on behalf of ("Is IVIG safe for my mom?", "the autoimmune disease my mom has"): after
# a possessive they say who is asking, never what about, so when the corpus lacks the word it is read like a
# pronoun (`asked_for`), and a question about a pet or a thing ("my dog", "my house") still names its subject.
# A closed class, because the model cannot draw the line (MiniLM cosines, "my X" against "a family member" /
# "an animal"): mom 0.53 / 0.22 and sister 0.53 / 0.17 separate, but baby 0.28 / 0.25, friend 0.24 / 0.17 and
# patient 0.31 / 0.24 do not, and "my house" (0.34 / 0.21) looks more like a relative than "my friend" does.
PEOPLE = frozenset("""
mom mum mother mommy mama dad father daddy papa parent parents stepmother stepfather husband wife spouse partner
fiance fiancee boyfriend girlfriend son daughter stepson stepdaughter child children kid kids baby infant toddler
newborn teen teenager brother sister sibling siblings twin twins grandma grandmother granny nana grandpa
grandfather grandparent grandparents grandson granddaughter grandchild grandchildren grandkids aunt uncle niece
nephew cousin boy girl friend neighbor neighbour roommate relative relatives in-law in-laws
""".split())
_POSSESSIVE = frozenset("my our his her their your".split())
BEHALF_GAP = 4             # words that may stand between: "my 80 yr old father", "my wife's father"


def asked_for(text: str) -> set[str]:
    """The words of `text` (lower case) that name a person it asks on behalf of: a word of PEOPLE (or its
    plural, or "mother-in-law") within BEHALF_GAP words after a possessive in the same clause. "children" in
    "Is IVIG safe for children?" names a group, which a corpus may not cover; "my children" does not."""
    found = set()
    for clause in _CLAUSE.split(fold(text)):
        tokens = [w.lower().removesuffix("'s") for w in words(clause)]
        for i, word in enumerate(tokens):
            parts = word.split("-")
            if (word in PEOPLE or word.removesuffix("s") in PEOPLE or parts[0] in PEOPLE and "-".join(parts[1:]) in PEOPLE) \
                    and _POSSESSIVE & set(tokens[max(0, i - BEHALF_GAP - 1):i]):
                found.add(word)
    return found


def words(text: str) -> list[str]:
    """Words with at least one letter (a bare number never names a subject), folded as the corpus's word lists
    are (index/accents.py): "Guillain-Barré" is "Guillain-Barre", "IVIG’s" is "IVIG's"."""
    return [w for w in WORD.findall(fold(text)) if any(c.isalpha() for c in w)]


def content_words(text: str, is_generic: Callable[[str], bool] | None = None) -> list[str]:
    """Words that could name a subject: not stop words, not words of asking, not `is_generic(word)`
    (the corpus's own generic words, see vocabulary.Vocabulary)."""
    out = []
    for word in words(text):
        lower = word.lower().strip("'-")
        if lower.endswith("'s"):
            lower = lower[:-2]
        if len(lower) < 2 and not word.isupper():
            continue
        if lower in STOPWORDS or lower in ASKING or (is_generic is not None and is_generic(lower)):
            continue
        if typo_of(lower, _frame_by_initial()):           # "treatmnets", "oultook": still the question's frame
            continue
        out.append(word)
    return out


_CLAUSE = re.compile(r"[,;:.!?()\[\]\"/]|\s[-\u2013\u2014]\s")


def clauses(text: str) -> list[str]:
    return _CLAUSE.split(text)


_AUXILIARIES = frozenset("is are was were be been being can could will would shall should may might must do does did "
                         "has have had".split())


def named_phrases(text: str, inside: bool = False) -> list[list[str]]:
    """The run of two or more adjacent subject words that ends each clause: "Low Blood Pressure" in "What
    is (are) Low Blood Pressure?", "low blood pressure" in "Can IVIG cause low blood pressure?". A stop word
    or a word of asking ends a run; a corpus's generic word does not ("blood" is one in an IVIG corpus, and
    still part of the phrase). Runs inside a clause are left out: "staff reduce" in "How do staff reduce
    the risk?" is a subject and its verb, not a phrase. `inside`: a run inside a clause too when an auxiliary ends it
    ("tongue tie" in "Should a tongue tie be clipped?"), for a caller that checks it is all of the question's subject."""
    runs: list[list[str]] = []
    for clause in _CLAUSE.split(text):
        run: list[str] = []
        found = words(clause)
        for word in found:
            if content_words(word):
                run = run + [word]
                continue
            if inside and len(run) > 1 and word.lower() in _AUXILIARIES:     # the subject of "be clipped"
                runs.append(run)
            run = []
        run = _without_trailing_adverbs(run, found)
        if len(run) > 1:
            runs.append(run)
    return runs


ADVERB_BASE_ZIPF = 3.5       # "exact" (4.5) in "exactly"; "fami" in "family" is no word


def is_adverb(word: str, previous: str = "") -> bool:
    """An adverb of manner or degree by its form: an "-ly" word built on a common English word ("exactly",
    "specifically", "easily", "possibly"), not after a determiner ("the elderly"). Such a word says how something is
    asked, never what about: "What is atrial fibrillation exactly?" asks about atrial fibrillation."""
    lower = word.lower()
    if len(lower) < 6 or not lower.endswith("ly") or previous.lower() in DETERMINERS:
        return False
    # its base: "exact-ly", "eas-ily" (easy), "specific-ally", "possib-ly" (possible)
    bases = {lower[:-2], lower[:-3] + "y", lower[:-1] + "e", lower[:-4] if lower.endswith("ically") else ""}
    return any(len(base) >= 4 and zipf(base) >= ADVERB_BASE_ZIPF for base in bases)


DETERMINERS = frozenset("the a an my our your his her their its this that these those".split())


def _without_trailing_adverbs(run: list[str], clause_words: list[str]) -> list[str]:
    """`run` (the words that end a clause) without the adverbs that close it: adjectives come before their
    noun in English, so an "-ly" word after it ("atrial fibrillation exactly") is an adverb (`is_adverb`)."""
    while run and is_adverb(run[-1], clause_words[-len(run) - 1] if len(clause_words) > len(run) else ""):
        run = run[:-1]
    # nor its predicate adjective: "Is GERD dangerous?" asks about GERD
    return run[:-1] if run and is_complement(run[-1], clause_words, run) else run


# Endings of English adjectives ("dangerous", "contagious", "painful", "curable", "hereditary", "fatal")
_ADJECTIVE = re.compile(r"[a-z]{3,}(ous|ful|ive|able|ible|ary|al|ic|less|ent|ant)", re.I)
_OPENING_BE = frozenset("is are was were".split())


def is_complement(word: str, clause_words: Sequence[str], run: Sequence[str]) -> bool:
    """Whether `word`, the last of `run`, is the predicate adjective of a question opened by "be" whose subject
    is the run itself: "Is GERD dangerous?", "Are pinworms contagious?" (not "Is it celiac disease?", whose
    pronoun is the subject and whose name is the complement, nor a name's head word)."""
    found = [w.lower() for w in clause_words]
    return (len(run) > 1 and len(found) > len(run) and found[0] in _OPENING_BE and found[1] not in _SUBJECT_WORDS
            and found[-len(run):] == [w.lower() for w in run]
            and is_adjective(word))


def is_adjective(word: str) -> bool:
    """An English adjective by its ending ("dangerous", "different", "curable"), not a name's head word nor a
    disease's name by its ending ("syndrome", "arthritis")."""
    return bool(_ADJECTIVE.fullmatch(word)) and not is_name_head(word) and not named_by_suffix(word)


_SUBJECT_WORDS = frozenset("it this that these those they he she there i you we".split())


_QUANTITY = re.compile(r"\d+(?:\.\d+)?[a-z]{1,5}")        # "5mmol", "10mg", "3h", "2nd": a number and its unit
# Openings of a question (followup.focus reads them too); a sentence that neither opens so nor ends in "?"
# states something ("Tirasemtiv targets cardiac muscle."): see coverage.assess.
QUESTION_OPENER = re.compile(r"^\s*(what|how|why|when|where|which|who|whom|whose|is|are|am|was|were|do|does|did|"
                              r"can|could|will|would|should|shall|may|might|must|has|have|had|any|tell|explain|"
                              r"describe)\b", re.I)


def names_nothing(word: str) -> bool:
    """A word that cannot be an unknown subject: a single letter (the "V" of "Pol V", the "L" of "mmol/L", an
    initial) or a number with its unit ("5mmol")."""
    return len(word) == 1 or bool(_QUANTITY.fullmatch(word))


def is_question(text: str) -> bool:
    return "?" in text or bool(QUESTION_OPENER.match(text))


_BRACKETED = re.compile(r"\(([A-Za-z][A-Za-z0-9\-]{1,11})\)")


def spelt_out(text: str) -> dict[str, str]:
    """Abbreviations the text itself spells out, each with the words it stands for: "(OPMLs)" after "Oral
    Potentially Malignant Lesions", "(UCB)" after "umbilical cord blood". Their letters (capitals, a plural "s"
    dropped) are the initials, in order, of the words just before them (a compound word may give more than its
    initial). Such an abbreviation says nothing the words before it do not."""
    found = {}
    for match in _BRACKETED.finditer(text):
        letters = [c.lower() for c in match[1].removesuffix("s") if c.isupper()]
        if len(letters) < 2:
            continue
        before = words(text[:match.start()])
        initials = iter(w[0].lower() for w in before[-len(letters) - 1:])
        if all(letter in initials for letter in letters):          # a subsequence, in order
            found[match[1]] = " ".join(before[-len(letters) - 1:])
        elif named := next((before[-n:] for n in range(1, len(letters)) if _abbreviates(letters, before[-n:])), None):
            found[match[1]] = " ".join(named)
    return found


def _abbreviates(letters: list[str], named: list[str]) -> bool:
    """Whether `letters` abbreviate the words `named` when a word may give more than its initial, as a compound
    word does: "MMA" for "methylmalonic acidemia" (methyl-malonic). Every word gives its initial, in order."""
    i = 0
    for n, word in enumerate(named):
        if i >= len(letters) or word[0].lower() != letters[i]:
            return False
        i, inside, left = i + 1, word[1:].lower(), len(named) - n - 1
        while len(letters) - i > left and (at := inside.find(letters[i])) >= 0:      # more letters than words left
            i, inside = i + 1, inside[at + 1:]
    return i == len(letters)


INITIALISM_MIN = 3          # two letters match some pair of words in any long text ("MS", "ER", "OB")
_ACRONYM = re.compile(r"[A-Z]{%d,6}s?" % INITIALISM_MIN)


def initialism(word: str, titles: str) -> str:
    """The words of a title (`titles`: one a line) that an acronym the documents never write stands for: as many
    consecutive words of a line as it has letters, none a stop word, whose initials are its letters in order
    ("Benign Prostatic Hyperplasia" for "BPH", "Chronic Kidney Disease" for "CKD"); "" when none, or when `word`
    is no acronym of INITIALISM_MIN letters or more. Only titles: in running text three words match almost any
    three letters ("at least six" for "ALS", "series-level evidence" for "SLE")."""
    if not _ACRONYM.fullmatch(word):
        return ""
    letters = word.removesuffix("s")
    body = r"[ \t-]+".join(rf"({c}[A-Za-z]*)" for c in letters)
    for found in re.finditer(rf"(?<![A-Za-z]){body}(?![A-Za-z])", fold(titles), re.I):
        if not any(part.lower() in STOPWORDS for part in found.groups()):
            return found.group()
    return ""


_MIXED = re.compile(r"(?:[A-Z][a-z]*){2,4}")


def mixed_case(word: str) -> bool:
    """An abbreviation of capitals with small letters after them: "IgA", "HbA", not "Walgreens" nor "MS"."""
    return bool(_MIXED.fullmatch(word)) and not word.isupper()


def long_form(short: str, text: str) -> str:
    """The words of `text` that a mixed-case abbreviation stands for, by the Schwartz-Hearst rule made strict for
    running text: each capital starts a word, in order and adjacent, and the small letters after it lie inside
    that word ("IgA": "immunoglobulin A", "IgM": "immunoglobulin M"). A lone capital stands for itself, a letter
    that names a kind, written as a capital ("immunoglobulin assays" is no "IgA"). "" when none, or when `short`
    has no small letter
    (an all-capital one is `initialism`'s: two or three capitals match words of almost any text, "MS" in
    "meaningful symptom")."""
    if not mixed_case(short):
        return ""
    groups = re.findall(r"[A-Z][a-z]*", short)
    body = r"[ \t-]+".join("(" + "[a-z]*".join(g) + "[a-z]*)" for g in groups)
    for found in re.finditer(rf"(?<![A-Za-z]){body}(?![A-Za-z])", fold(text), re.I):
        if all(len(g) > 1 or part == g for g, part in zip(groups, found.groups())):
            return found.group()
    return ""


@lru_cache(maxsize=20000)
def zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word.lower(), "en")


_MEDICAL_SUFFIX = re.compile(r"(itis|osis|emia|aemia|pathy|mab|nib|vir|cillin|mycin|azole|statin|pril|sartan|"
                             r"olol|oma|syndrome|plasty|ectomy|algia|uria|philia|penia|cytosis)$", re.I)


def named_by_suffix(word: str) -> bool:
    """A drug's or a disease's name by its ending ("hepatitis", "rituximab"): the ending is what it means, and
    a stemmer cuts it off ("hepatitis" and "hepatic" share the stem "hepat")."""
    lower = word.lower()
    return len(lower) > 5 and bool(_MEDICAL_SUFFIX.search(lower))


# Words that join the parts of one topic's name: "Health Problems in Pregnancy", "Blood Transfusion and
# Donation", "Living with Kidney Failure", "Dysautonomia like disorder" (MedQuAD's foci).
_JOINERS = frozenset("and or in of with like".split())


def _topic_runs(text: str) -> list[list[str]]:
    """Like `named_phrases`, but a joining word between two subject words continues the run, and it is kept:
    ["Health", "Problems", "in", "Pregnancy"]."""
    runs: list[list[str]] = []
    for clause in _CLAUSE.split(text):
        run: list[str] = []
        found = words(clause)
        for word in found:
            if content_words(word):
                run.append(word)
            elif run and word.lower() in _JOINERS and run[-1].lower() not in _JOINERS:
                run.append(word)
            else:
                run = []
        run = _without_trailing_adverbs(run, found)
        if run and run[-1].lower() in _JOINERS:
            run = run[:-1]
        if run:
            runs.append(run)
    return runs


def asked_topic(question: str, is_generic: Callable[[str], bool]) -> list[str]:
    """The phrase a question asks about when it asks about a topic itself, as consumer questions do ("What
    causes cyclic vomiting syndrome?", "Do you have information about Heart Failure"): every subject word
    lies in the phrase that ends a clause (or there is one subject word), and no other word ties the topic to
    what the corpus is about (`is_generic`: "IVIG" in "Can IVIG cause kidney failure?"). Empty otherwise.
    The words of the question's type (INTENT, QUESTION_TYPES) are left out of it."""
    def frame(word: str) -> bool:          # a question type's word, or a slip of one ("casues")
        lower = word.lower()
        return lower in INTENT or lower in QUESTION_TYPES or bool(typo_of(lower, _types_by_initial()))

    said = words(question)
    adverbs = {w for before, w in zip(["", *said], said) if is_adverb(w, before)}
    adverbs |= {clause[-1] for clause in map(words, _CLAUSE.split(question))
                if clause and is_complement(clause[-1], clause, clause[1:])}
    subject = [w for w in content_words(question, is_generic) if not frame(w) and not names_nothing(w)
               and w not in adverbs]
    if not subject:
        return []
    runs = [[w for w in run if not frame(w)] for run in _topic_runs(question)]
    phrase = next((run for run in reversed(runs) if set(subject) <= set(run)), subject if len(subject) == 1 else [])
    while phrase and phrase[-1].lower() in _JOINERS:
        phrase = phrase[:-1]
    while phrase and phrase[0].lower() in _JOINERS:      # "of" left by "symptoms of", a question type's words
        phrase = phrase[1:]
    # a generic word after the topic's last own word is not part of its name: "myasthenia gravis alongside IVIG"
    while phrase and is_generic(phrase[-1]):
        phrase = phrase[:-1]
    # A generic word ties the topic to the corpus when it stands outside the phrase, or anywhere when it is a
    # specific one (an acronym or a rare word: "IVIG" in "How fast does IVIG raise platelets?"); an everyday
    # one may be part of the topic's name ("Autoimmune hepatitis", "High Blood Pressure").
    inside = set(phrase)
    ties = [w for w in content_words(question) if not frame(w) and is_generic(w)
            and (w not in inside or is_specific(w))]
    return [] if ties or not phrase else _named_as_written(question, phrase)


def _named_as_written(question: str, phrase: list[str]) -> list[str]:
    """The topic's name with the nouns of asking the question writes beside it (NAME_NOUNS):
    ["Patient", "Rights"] for "Do you have information about Patient Rights", where the words of asking left
    ["Rights"]. Only around everyday words: a rare word or an acronym names its subject by itself ("ITP
    patients" is about ITP)."""
    if any(is_specific(w) for w in phrase if content_words(w)):
        return phrase
    n = len(phrase)
    for clause in reversed(_CLAUSE.split(question)):
        tokens = words(clause)
        at = next((i for i in range(len(tokens) - n, -1, -1) if tokens[i:i + n] == phrase), None)
        if at is None:
            continue
        start, end = at, at + n
        while start and tokens[start - 1].lower() in NAME_NOUNS:
            start -= 1
        while end < len(tokens) and tokens[end].lower() in NAME_NOUNS:
            end += 1
        return tokens[start:end]
    return phrase


def is_name(word: str, *, sentence_start: bool = False) -> bool:
    """A word that names a drug or a disease: medical suffixes, or a capitalised rare word mid-sentence."""
    lower = word.lower()
    if named_by_suffix(word):
        return True
    # "Rx", "Dr": a short capitalised word is an abbreviation, not a name
    return (not sentence_start and len(word) > 3 and word[:1].isupper() and not word.isupper() and zipf(lower) < NAME_ZIPF)


def is_specific(word: str) -> bool:
    """A word that names something particular: a drug, a disease, an acronym, a rare term."""
    lower = word.lower()
    if len(word) >= 2 and word.isupper():              # acronyms: MS, CIDP, POTS
        return True
    if named_by_suffix(word):
        return True
    return zipf(lower) < 3.0


TOPIC_WORDS = Path(__file__).resolve().parent / "data" / "topic_words.txt"


@lru_cache(maxsize=2)
def _listed(path: Path) -> frozenset:
    """The entries of one of bot/data's lists, one a line ("#" starts a comment line); none when it is missing."""
    if not path.is_file():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def is_topic(word: str) -> bool:
    """A word that names a health topic in consumer-health data (MedQuAD's foci): "diabetes", "flu"."""
    lower = word.lower().strip("'-")
    listed = _listed(TOPIC_WORDS)
    return lower in listed or (lower.endswith("s") and lower[:-1] in listed)


TOPIC_PAIRS = Path(__file__).resolve().parent / "data" / "topic_pairs.txt"


def is_topic_pair(first: str, second: str) -> bool:
    """Two words that together name a health topic in consumer-health data (MedQuAD's foci: "heart block", "kidney
    stones"), whatever each names alone."""
    return f"{first.lower()} {second.lower().removesuffix('s')}" in _listed(TOPIC_PAIRS)


@lru_cache(maxsize=1)
def _types_by_initial() -> dict[str, list[str]]:
    return by_initial(INTENT | QUESTION_TYPES)


@lru_cache(maxsize=1)
def _frame_by_initial() -> dict[str, list[str]]:
    return by_initial(STOPWORDS | ASKING | INTENT)


def by_initial(words) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    # in order: `typo_of` takes the first of equally near words, and a set's order changes with each process's
    # hash seed ("IFIT1" was "ifit" in one run and "ifih1" in the next, moving SciFact's nDCG@10 by 0.0001)
    for word in sorted(words):
        out.setdefault(word[:1], []).append(word)
    return out


def typo_of(word: str, words_by_initial: dict[str, list[str]], english: str | None = None) -> str | None:
    """The word of `words_by_initial` (see `by_initial`) that `word` is a slip of the keyboard for (same
    first letter), if any. `english`: the word as typed, when `word` is its stem (a common English word
    is never a typo)."""
    if len(word) < TYPO_MIN_LETTERS or zipf(english or word) >= ENGLISH_ZIPF:
        return None
    edits = 1 if len(word) < 9 else 2
    found = process.extractOne(word, words_by_initial.get(word[:1], ()), scorer=OSA.distance, score_cutoff=edits)
    return found[0] if found else None


# Words a disease's name ends with: the word before one is part of the name ("Coats disease", "Down syndrome").
NAME_RUN = 4               # words after a capitalised one that may still be part of its name, up to the head
_NAME_HEAD = re.compile(r"(syndrome|disease|deficiency|disorder|fever|palsy)s?", re.I)


def is_name_head(word: str) -> bool:
    """Whether `word` ends a disease's name ("syndrome", "disease", "fever"...)."""
    return bool(_NAME_HEAD.fullmatch(word))


def literal_phrases(text: str, letters: bool = True) -> list[tuple[str, ...]]:
    """Parts of a question that only their exact wording names, so the documents must hold one of each
    part's wordings as written (see `occurs`): the lexical analyser drops single letters and stop words and
    stems the rest, and a name spelt like an everyday word is read as that word ("Paine" as "pain", "Coats"
    as "coat").
    - a capital letter standing alone, with the word before it ("Hepatitis C", "factor X", "Pol V") or the
      word after it ("C syndrome", "T cells", "H. pylori"); not "I" (unless a word and a head word follow:
      "I cell disease"), nor one beside a number ("1 g/kg",
      "x 5": units and signs), nor one inside a name ("H2A.Z", "DExD/H"); only when `letters`;
    - a capitalised word after the first that comes right before a disease's head word: a name ("Down
      syndrome", "Paget disease", "Lowe syndrome"), or a few lower-case words before it ("Coats plus
      syndrome"); an acronym right before the head must occur as itself ("SHORT syndrome")."""
    found: list[tuple[str, ...]] = []
    for sentence in re.split(r"(?<=[^A-Z\s][.!?])\s+", fold(text)):
        tokens = sentence.split()
        bare = [t.strip("()[]\"',;:.!?") for t in tokens]
        for i, word in enumerate(bare):
            # a neighbour counts when no clause mark stands between ("H." before a lower-case word is an initial)
            ends = tokens[i][len(tokens[i].rstrip(",;:.!?)]\"")):]
            before = bare[i - 1] if i and not re.search(r"[,;:.!?)\]]$", tokens[i - 1]) and not tokens[i].startswith("(") else ""
            after = bare[i + 1] if i + 1 < len(bare) and (not ends or (ends == "." and bare[i + 1][:1].islower())) else ""
            if i == 0 or not word:
                continue
            if len(word) == 1 and word.isupper():
                # "I" is the speaker, unless a name's head word follows the word after it ("I cell disease")
                named_i = (word == "I" and after.isalpha() and after.lower() not in STOPWORDS
                           and _NAME_HEAD.fullmatch(bare[i + 2] if i + 2 < len(bare) else ""))
                if not letters or (word == "I" and not named_i) or any(c.isdigit() for c in before + after):
                    continue
                choices = []
                if len(before) > 1 and before.lower() not in STOPWORDS and before.isalpha():     # "Immunoglobulin A deficiency"
                    choices.append(f"{before} {word}" + (f" {after}" if _NAME_HEAD.fullmatch(after) else ""))
                if len(after) > 1 and after.lower() not in STOPWORDS and after.isalpha():
                    choices.append(f"{word} {after}")
                    if ends == ".":                         # a genus's initial: "E. coli" is "Escherichia coli"
                        choices.append(after)
                if choices:
                    found.append(tuple(choices))
            elif len(word) > 1 and word[:1].isupper() and not _NAME_HEAD.fullmatch(word):
                if _NAME_HEAD.fullmatch(after):
                    # a name in capitals head and all ("GUILLAIN-BARRE SYNDROME") is shouted: its case says no acronym
                    shouted = word.isupper() and after.isupper()
                    found.append((f"{word} {after}".lower() if shouted else word if word.isupper() else f"{word} {after}",))
                    continue
                # a capitalised name's lower-case run up to its head word: "Coats plus syndrome", "Muscle eye
                # brain disease", "Hemolytic uremic syndrome" (an acronym in it names itself: "Long COVID syndrome")
                run = [word]
                for j in range(i + 1, min(i + 1 + NAME_RUN, len(bare))):
                    nxt = bare[j]
                    if re.search(r"[,;:.!?)\]]$", tokens[j - 1]) or not nxt.isalpha() or not nxt.islower() or nxt in STOPWORDS or nxt in ASKING - {"disease"}:
                        break
                    run.append(nxt)
                    if _NAME_HEAD.fullmatch(nxt):
                        found.append((" ".join(run),))
                        break
    return list(dict.fromkeys(found))


def name_runs(text: str) -> list[list[str]]:
    """Runs of words that end in a disease's head word, as far back as NAME_RUN words, a stop word, a word of
    asking or a clause mark: ["cyclic", "vomiting", "syndrome"] in "What is cyclic vomiting syndrome?"."""
    runs: list[list[str]] = []
    for clause in _CLAUSE.split(text):
        tokens = words(clause)
        for i, word in enumerate(tokens):
            if not _NAME_HEAD.fullmatch(word):
                continue
            run = [word]
            for before in reversed(tokens[max(0, i - NAME_RUN):i]):
                if before.lower() in STOPWORDS or before.lower() in ASKING or _NAME_HEAD.fullmatch(before):
                    break
                run.insert(0, before)
            if len(run) > 1:
                runs.append(run)
    return runs


def _folded(text: str) -> str:
    """Accents and hyphens dropped: "Guillain-Barré" reads as "Guillain Barre"."""
    return re.sub(r"[-\u2010-\u2014_/]", " ", re.sub(r"\b([A-Z])\.(?=\s)", r"\1", fold(text)))


def occurs(phrase: str, text: str) -> bool:
    """Whether `phrase` is in `text` as written, word by word: any case for a phrase ("down syndrome"), the
    same case for an acronym ("SHORT" is not "short"); a possessive or a plural may follow a word ("Paget's
    disease", "T cells"), and a word of TYPO_MIN_LETTERS or more may be one slip off, as `typo_of` allows
    ("Penrded syndrome" for "Pendred syndrome"), by a word as long ("Paine" is not "pain", "Coats" not "coat")."""
    acronym = phrase.isupper() and len(phrase) > 1
    parts = [p.removesuffix("'s") for p in _folded(phrase).split()]      # "Crohn's Disease"
    if not parts:
        return True
    loose = [len(p) >= TYPO_MIN_LETTERS and not acronym for p in parts]
    body = r"\s+".join(r"([A-Za-z]+)(?:'s)?" if fuzzy else re.escape(p.removesuffix("s") if len(p) > 3 else p) + r"(?:'?s|es)?"
                       for p, fuzzy in zip(parts, loose))
    # in a lookahead, so that matches may overlap ("in Crohn's" must not hide "Crohn's disease")
    pattern = re.compile(rf"(?<![A-Za-z0-9])(?={body}(?![A-Za-z0-9]))", 0 if acronym else re.I)
    wanted = [p.lower() for p, fuzzy in zip(parts, loose) if fuzzy]
    for match in pattern.finditer(_folded(text)):
        if all(w.rstrip("s") == g.lower().rstrip("s")
               or len(g) >= TYPO_MIN_LETTERS and OSA.distance(w, g.lower()) <= (1 if len(w) < 9 else 2)
               for w, g in zip(wanted, match.groups())):
            return True
    return False
