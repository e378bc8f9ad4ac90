"""`sopc diff` and `build --history`: SOPs read from git at two revisions, and their
changes (compared in `sopc.change`) told as reports and sentences."""
