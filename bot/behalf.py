"""The people a patient asks on behalf of ("my mom", "my 80 yr old father"): who asks, never what about."""
from __future__ import annotations

from index.accents import fold

from .terms import clauses, words


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
    for clause in clauses(fold(text)):
        tokens = [w.lower().removesuffix("'s") for w in words(clause)]
        for i, word in enumerate(tokens):
            parts = word.split("-")
            if (word in PEOPLE or word.removesuffix("s") in PEOPLE or parts[0] in PEOPLE and "-".join(parts[1:]) in PEOPLE) \
                    and _POSSESSIVE & set(tokens[max(0, i - BEHALF_GAP - 1):i]):
                found.add(word)
    return found
