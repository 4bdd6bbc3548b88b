"""A sender's column mapping, kept in a small TOML file.

The file maps the sender's headers to canonical column names, one per line::

    # Headers in Hillside Academy's attendance export
    "Pupil Surname" = "surname"
    "DoB" = "date_of_birth"
    "Sess. Poss." = "sessions_possible"

Quote any header that is not a single word. A mapping may serve every kind a sender
sends, so a canonical name only has to exist in one template; headers that point at a
column the file's kind does not have are ignored for that file.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from imports.reading.errors import MappingInvalid
from workflow.templates import TEMPLATES

_CANONICAL = frozenset(c.name for t in TEMPLATES.values() for c in t.columns)


def load_mapping(path: Path) -> dict[str, str]:
    """Read a TOML mapping file into ``{"Sender's header": "canonical_name"}``.

    Args:
        path: the mapping file.

    Returns:
        The mapping, in file order.

    Raises:
        MappingInvalid: the file is missing, is not TOML, or maps a header to something
            that is not a string naming a canonical column; the detail names the line or
            key at fault.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError as exc:
        raise MappingInvalid(f"There is no mapping file at {path}.") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise MappingInvalid(f"The mapping file {path.name} cannot be read as text.") from exc
    except tomllib.TOMLDecodeError as exc:
        raise MappingInvalid(
            f"The mapping file {path.name} is not valid TOML ({exc}). Write one line per "
            'column, like: "Pupil Surname" = "surname"'
        ) from exc
    mapping: dict[str, str] = {}
    for header, canonical in data.items():
        if not isinstance(canonical, str):
            raise MappingInvalid(
                f"In the mapping file {path.name}, ‘{header}’ should be mapped to a column "
                'name in quotes, like "surname" (a table or number was found).'
            )
        if canonical not in _CANONICAL:
            raise MappingInvalid(
                f"In the mapping file {path.name}, ‘{header}’ is mapped to ‘{canonical}’, "
                f"which is not a column of any template. {_suggest(canonical)}"
            )
        mapping[header] = canonical
    return mapping


def _suggest(wrong: str) -> str:
    from difflib import get_close_matches

    close = get_close_matches(wrong.strip().lower(), sorted(_CANONICAL), n=3)
    if close:
        return "Did you mean " + " or ".join(f"‘{c}’" for c in close) + "?"
    return "Canonical column names look like date_of_birth or sessions_possible."
