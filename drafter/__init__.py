"""drafter: draft, validate and export role blueprints."""

__version__ = "0.1.0"
