"""Errors that the CLI and HTTP layers turn into exit codes and status codes.

- :class:`BadInput`: the user asked for something invalid → exit 2 / HTTP 4xx
  (:class:`NotFound` 404, :class:`Duplicate` 409, the rest 422 or 415).
- :class:`WrsearchError`: anything else the tool expected could go wrong → exit 1 / HTTP 503.
"""


class WrsearchError(Exception):
    """A failure with a one-line message meant for the user."""


class BadInput(WrsearchError, ValueError):
    """Invalid input: a bad query, file, option or id."""


class NotFound(BadInput):
    """An id that is not in the index."""


class Duplicate(BadInput):
    """A report whose items equal those of a report already indexed under another id."""


class IndexUnavailable(WrsearchError):
    """The index is missing, unreadable, locked or was built with another embedder."""


class ParseError(BadInput):
    """A report could not be parsed; the message names the file and the reason."""


class ConfigError(WrsearchError):
    """A setting (an environment variable such as ``WRSEARCH_MAX_UPLOAD_MB``) has an unusable value."""
