"""Extractive answers: the sentences of the retrieved passages that answer the question, with citations.

`composer.ExtractiveComposer` (the bot's default Composer) puts together its parts, each a module with one job:
`units` (the candidates: a chunk's sentences), `scoring` (their words and hand rules), `fit` (what the embedding
model says of them), `framing` (what a question asks, apart from its subject and story), `subjects` (which
passages name the subject), `yes_no` (yes/no questions) and `selection` (which are quoted, in what order).
"""
from .composer import ExtractiveComposer

__all__ = ["ExtractiveComposer"]
