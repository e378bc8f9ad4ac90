"""Stage 2: positioned trees → pydantic models that say exactly what an SOP is."""
