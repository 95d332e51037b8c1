"""One module per CLI sub-command; each exposes ``run(**options) -> int``."""
