"""Extraction layer: numbers, lexicon matches, places, actors, triggers, events → records."""
