"""Errors that the CLI and HTTP layers turn into exit codes and status codes.

- :class:`BadInput`: the user asked for something invalid → exit 2 / HTTP 4xx.
- :class:`WrsearchError`: anything else the tool expected could go wrong → exit 1 / HTTP 503.
"""

from enum import Enum


class WrsearchError(Exception):
    """A failure with a one-line message meant for the user."""


class BadInput(WrsearchError, ValueError):
    """Invalid input: a bad query, file, option or id."""


class NotFound(BadInput):
    """An id that is not in the index."""


class IndexUnavailable(WrsearchError):
    """The index is missing, unreadable, locked or was built with another embedder."""


class Choice(str, Enum):
    """A string option whose bad values are :class:`BadInput` listing the valid ones."""

    @classmethod
    def parse(cls, value: "str | Choice"):
        try:
            return cls(value)
        except ValueError:
            raise BadInput(
                f"unknown {cls.__choice_name__} '{value}'; valid: {', '.join(m.value for m in cls)}"
            ) from None
