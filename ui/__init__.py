"""Helpers for the patients' chat page (app.py): HTML rendering (render.py) and the feedback file (feedback.py)."""
