"""Issue 9: suggestions do not offer a heading that writes the head of a compound the question asked, alone: after
"What are the side effects of IVIG in ITP?" the bot offered "What is known about duration of effect in ITP?", which
reads as how long the side effects last (the composer's compound reading rejects "effect" for "side effects")."""
from __future__ import annotations

import re


def test_a_heading_with_the_head_alone_is_told_from_the_compound(bot):
    reading = bot.composer.compounds
    asked = reading.in_question("What are the side effects of IVIG in ITP?")
    assert asked
    assert reading.head_alone("What is known about duration of effect in ITP?", asked)
    assert not reading.head_alone("What side effects does IVIG have in children?", asked)
    assert not reading.head_alone("What is known about secondary mechanisms in ITP?", asked)


def test_suggestions_after_side_effects_never_offer_the_effect_alone(bot):
    offered = bot.ask("What are the side effects of IVIG in ITP?", suggestions=True).suggestions
    assert offered
    assert not [q for q in offered if re.search(r"\beffects?\b", q, re.I) and not re.search(r"side effect", q, re.I)]
