from pathlib import Path

import pytest

from citydip.errors import UnknownCodeError
from citydip.taxonomy import Area, EngagementType, load_taxonomy, parse_taxonomy

SHARED_TAXONOMY = Path(__file__).resolve().parents[2] / "shared" / "spec" / "taxonomy.yaml"


def test_shipped_taxonomy_is_the_spec():
    if not SHARED_TAXONOMY.is_file():
        pytest.skip("shared/spec not beside the repository")
    shipped = Path(__file__).resolve().parents[1] / "src" / "citydip" / "taxonomy.yaml"
    assert shipped.read_text(encoding="utf-8") == SHARED_TAXONOMY.read_text(encoding="utf-8")


def test_codes_and_enums():
    tax = load_taxonomy()
    assert "sister" in tax.codes("relationship_types")
    assert Area("safety") == "safety"
    assert "policy_sharing" in {e.value for e in EngagementType}
    assert load_taxonomy() is tax  # loaded once


def test_unknown_code_is_rejected_with_the_choices():
    with pytest.raises(UnknownCodeError, match="unknown cooperation area code 'space'.*safety"):
        load_taxonomy().check("cooperation_areas", "space")


def test_dimensions_may_only_name_known_areas():
    text = SHARED_TAXONOMY.read_text(encoding="utf-8") if SHARED_TAXONOMY.is_file() else None
    if text is None:
        pytest.skip("shared/spec not beside the repository")
    broken = text.replace(
        "security:       {areas: [peace, safety]}", "security:       {areas: [peace, space]}"
    )
    with pytest.raises(UnknownCodeError):
        parse_taxonomy(broken)
