"""Which kinds of housing object a unit has, and the one a new object starts as."""

from __future__ import annotations

import pytest

from treserva_desktop.domain.enums import BusinessArea
from treserva_desktop.domain.errors import ValidationError
from treserva_desktop.domain.housing_rules import HousingKind, check_object_kind, object_kinds


def test_a_korttidsboende_has_korttidsplatser_a_vardboende_lagenheter_first() -> None:
    assert object_kinds(BusinessArea.SHORT_TERM) == (HousingKind.SHORT_TERM_PLACE,)
    assert object_kinds(BusinessArea.NURSING_HOME)[0] is HousingKind.APARTMENT
    assert HousingKind.ROOM in object_kinds(BusinessArea.NURSING_HOME)
    assert object_kinds(BusinessArea.HOME_CARE) == ()
    assert object_kinds(None) == ()


@pytest.mark.parametrize("area", list(BusinessArea))
def test_the_check_accepts_exactly_the_kinds_offered(area: BusinessArea) -> None:
    for kind in HousingKind:
        if kind in object_kinds(area):
            check_object_kind(kind, area)
        else:
            with pytest.raises(ValidationError) as refused:
                check_object_kind(kind, area)
            assert refused.value.field == "kind"
