"""The model documents itself: every field of every model has help text."""

from __future__ import annotations

import inspect

from pydantic import BaseModel

from generator import model


def test_every_field_has_a_description() -> None:
    missing = [
        f"{cls.__name__}.{name}"
        for cls in vars(model).values()
        if inspect.isclass(cls) and issubclass(cls, BaseModel) and cls.__module__ == model.__name__
        for name, field in cls.model_fields.items()
        if not field.description
    ]
    assert missing == []


def test_every_model_has_a_docstring() -> None:
    undocumented = [
        cls.__name__
        for cls in vars(model).values()
        if inspect.isclass(cls) and issubclass(cls, BaseModel) and cls.__module__ == model.__name__ and not cls.__doc__
    ]
    assert undocumented == []
