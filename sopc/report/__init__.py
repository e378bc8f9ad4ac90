"""Stage 4 for `check`: findings → text for people, JSON for scripts."""
