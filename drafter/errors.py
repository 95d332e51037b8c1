"""One error hierarchy.  Every error a user can cause or meet is a DrafterError
with a one-line message; the CLI prints it and exits with ``exit_code``."""

from __future__ import annotations


class DrafterError(Exception):
    """Base of every expected error.  ``str(err)`` is the one-line message."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


class UsageError(DrafterError):
    """Bad command-line arguments or option values."""

    exit_code = 2


class ConfigError(DrafterError):
    """A configuration value (env var, config file) is invalid."""

    exit_code = 2


class InputError(DrafterError):
    """A document could not be read or is not a supported document."""

    exit_code = 2

    def __init__(self, path: str, message: str, *, hint: str | None = None):
        super().__init__(f"{path}: {message}", hint=hint)
        self.path = path
        self.reason = message


class ExportError(DrafterError):
    """A blueprint could not be rendered or written."""


class GenerationError(DrafterError):
    """Drafting failed."""


class ProviderError(GenerationError):
    """The model provider failed (auth, unreachable, retries exhausted)."""

    def __init__(self, message: str, *, status: int | None = None, retryable: bool = False, hint: str | None = None):
        super().__init__(message, hint=hint)
        self.status = status
        self.retryable = retryable


class OutputTruncated(GenerationError):
    """The model stopped at max_tokens (finish_reason 'length'): the answer is cut off."""

    def __init__(self, section: str, max_tokens: int):
        super().__init__(
            f"section {section!r}: the model's answer was cut off at max_tokens={max_tokens}",
            hint="use a smaller --depth or a model with a longer output limit",
        )
        self.section = section
        self.max_tokens = max_tokens


class SectionFailed(GenerationError):
    """A section could not be drafted after all retries."""

    def __init__(self, section: str, reason: str):
        super().__init__(f"section {section!r} failed: {reason}")
        self.section = section
        self.reason = reason


class Cancelled(GenerationError):
    """Drafting was cancelled by the user."""


class PromptError(GenerationError):
    """The prompt templates or their data are missing or broken."""
