"""Money is written one way everywhere (generator/words.py cents): "$", at least two decimals, thousands separated."""

from __future__ import annotations

from decimal import Decimal

import pytest

from generator.words import cents, dollars, money


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("2.5"), "$2.50"),
        (Decimal(10), "$10.00"),
        (Decimal("9.99"), "$9.99"),
        (Decimal("0.119"), "$0.119"),  # three significant digits are kept below a dollar
        (Decimal("1234.5"), "$1,234.50"),
        (2.5, "$2.50"),
        (0.5, "$0.50"),
    ],
)
def test_cents_has_two_decimals(value: Decimal | float, shown: str) -> None:
    assert cents(value) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("0.118881", "$0.119"),
        ("1.803195", "$1.80"),  # three significant digits, the zero kept
        ("2.5", "$2.50"),
        ("12.3456", "$12.35"),
        ("0.5", "$0.50"),
    ],
)
def test_money_three_digits_two_decimals(value: str, shown: str) -> None:
    assert money(Decimal(value)) == shown


def test_dollars_two_decimals() -> None:
    assert dollars(2.5) == "$2.50"
    assert dollars(1.803195) == "$1.80"
    assert dollars(0.0123) == "$0.0123"
    assert dollars(None) == "—"
