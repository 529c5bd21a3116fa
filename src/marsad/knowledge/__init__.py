"""Knowledge layer: curated data (lexicons, actors, places) loaded once per process."""
