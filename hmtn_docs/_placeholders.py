"""``{name}`` placeholders in a few prose fields, filled from the plan's data.

This is deliberately not Jinja: data is never evaluated. Only the exact ``{name}`` or
``{name.attr}`` tokens a field allows are replaced; any other text, braces included, stays as
typed. A token that has the shape of a placeholder but is not allowed is reported by the checks.
"""

from __future__ import annotations

import re

TOKEN = re.compile(r"(?<!\{)\{([a-z_]+(?:\.[a-z_]+)?)\}(?!\})")

PROGRAMME_HEADING = ("year", "years", "edition")
# in the text of every kind of document: the plan's year, and the anniversary and edition of
# the programme the document is about (through its drive), where it has one
DOCUMENT = PROGRAMME_HEADING


def unknown_tokens(text: str, allowed: tuple[str, ...]) -> list[str]:
    """Placeholder-shaped tokens in ``text`` that the field does not provide.

    >>> unknown_tokens("ngày {drive.date} tại {drive.plac}", ("drive.date",))
    ['drive.plac']
    >>> unknown_tokens("{{ not a token }}, {{x}} and {x y}", ())
    []
    """
    return [m.group(1) for m in TOKEN.finditer(text) if m.group(1) not in allowed]


def fill(text: str, values: dict[str, str]) -> str:
    """Replace the known tokens; leave everything else literally.

    >>> fill("lần thứ {edition} năm {year} {{x}}", {"edition": "IX", "year": "2021"})
    'lần thứ IX năm 2021 {{x}}'
    """
    return TOKEN.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def texts(value, path: tuple):
    """(path, text) of every string in a field's value: a string, a list, or prose models
    (sections, items...) walked field by field, so a kind declares a field once whatever its
    shape.

    >>> list(texts(["a", "b"], ("letters", 0, "paragraphs")))
    [(('letters', 0, 'paragraphs', 0), 'a'), (('letters', 0, 'paragraphs', 1), 'b')]
    """
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from texts(item, path + (i,))
    elif hasattr(type(value), "model_fields"):  # a pydantic model
        for name in type(value).model_fields:
            yield from texts(getattr(value, name), path + (name,))
