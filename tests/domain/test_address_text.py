"""The one-line address of lists and search results: missing parts leave no stray commas or
spaces."""

from __future__ import annotations

import pytest

from treserva_desktop.domain.views.persons import AddressView, address_text


@pytest.mark.parametrize(
    ("street", "postal_code", "city", "expected"),
    [
        ("Storgatan 1", "123 45", "Stad", "Storgatan 1, 123 45 Stad"),
        ("Storgatan 1", "", "Stad", "Storgatan 1, Stad"),
        ("Storgatan 1", "123 45", "", "Storgatan 1, 123 45"),
        ("Storgatan 1", "", "", "Storgatan 1"),
        ("", "123 45", "Stad", "123 45 Stad"),
        ("", "", "Stad", "Stad"),
        ("", "123 45", "", "123 45"),
        ("", "", "", ""),
    ],
)
def test_address_text_joins_only_the_parts_given(
    street: str, postal_code: str, city: str, expected: str
) -> None:
    assert address_text(street, postal_code, city) == expected
    assert AddressView(street, postal_code, city).text == expected
