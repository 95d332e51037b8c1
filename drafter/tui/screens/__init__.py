"""Screens and dialogs of the drafter TUI."""
