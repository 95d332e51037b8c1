"""The Textual app: draft, review, edit, regenerate, validate and export a blueprint.

``drafter.tui.app.create_app(...)`` builds the app (the CLI and the tests use
it).  Nothing here imports litellm: real model backends are built inside a
worker when the user starts a draft.
"""
