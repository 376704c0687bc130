"""String options (modes, formats, statuses) as Enums whose bad values list the valid ones."""

from enum import Enum

from wrsearch.errors import BadInput


class Choice(str, Enum):
    """A string option whose bad values are :class:`BadInput` listing the valid ones.

    ``__choice_error__`` may give the message in the users' language (``{name}``, ``{value}``
    and ``{valid}`` are filled in)."""

    @classmethod
    def parse(cls, value: "str | Choice"):
        try:
            return cls(value)
        except ValueError:
            template = getattr(cls, "__choice_error__", "unknown {name} '{value}'; valid: {valid}")
            raise BadInput(
                template.format(name=cls.__choice_name__, value=value, valid=", ".join(m.value for m in cls))
            ) from None
