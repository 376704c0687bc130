"""String options (modes, formats) as Enums whose bad values list the valid ones."""

from enum import Enum

from wrsearch.errors import BadInput


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
