"""`sopc diff` and change control: SOPs at two revisions, compared by meaning."""
