"""Country labels → ISO codes: the irregular forms of lists scraped from Wikipedia."""

from __future__ import annotations

from importlib import resources

import pycountry
import pytest
import yaml

from citydip.gazetteer.countries import (
    CountryLabel,
    admin1_code,
    country_code,
    country_of_label,
    fold,
)


@pytest.mark.parametrize(
    ("label", "code", "admin"),
    [
        ("England, United Kingdom", "GB", "England"),
        ("England", "GB", "England"),
        ("Scotland", "GB", "Scotland"),
        ("Wales, United Kingdom", "GB", "Wales"),
        ("Northern Ireland, United Kingdom", "GB", "Northern Ireland"),
        ("Brandenburg, Germany", "DE", "Brandenburg"),
        ("Georgia (country)", "GE", None),
        ("Georgia", "GE", None),
        ("Georgia, United States", "US", "Georgia"),
        ("Georgia (U.S. state)", "US", "Georgia"),
        ("New York, United States", "US", "New York"),
        ("Bosnia and Hercegovina", "BA", None),
        ("Bosnia and Herzegovina", "BA", None),
        ("Czech Republic", "CZ", None),
        ("Turkey", "TR", None),
        ("Ivory Coast", "CI", None),
        ("Republic of Ireland", "IE", None),
        ("Grece", "GR", None),
        ("Island", "IS", None),
        ("Kazakhstah", "KZ", None),
        ("Madagaskar", "MG", None),
        ("Moldavia", "MD", None),
        ("in Italy", "IT", None),
        ("Northern Cyprus", "CY", "Northern Cyprus"),
        ("West Bank", "PS", None),
        ("Kosovo", "XK", None),
        ("Rauma, Norway", "NO", "Rauma"),
        ("  South   Korea ", "KR", None),
        ("são tomé and príncipe", "ST", None),
    ],
)
def test_labels(label: str, code: str, admin: str | None) -> None:
    got = country_of_label(label)
    assert (got.code, got.admin) == (code, admin)


def test_overseas_territories_keep_their_own_code_and_look_in_the_parent_next() -> None:
    assert country_of_label("Réunion, France") == CountryLabel("RE", None, ("FR",))
    assert country_of_label("Åland Islands, Finland") == CountryLabel("AX", None, ("FI",))
    assert country_of_label("Kosovo").also == ("RS",)


def test_admin1_codes_of_named_divisions() -> None:
    assert country_of_label("Ohio, United States").admin1 == "OH"
    assert country_of_label("England").admin1 == "ENG"
    assert country_of_label("Lower Saxony, Germany").admin1 == "06"
    assert admin1_code("CA", "Ontario") == "08"
    assert admin1_code("US", "Narnia") is None
    assert admin1_code(None, "Ohio") is None


@pytest.mark.parametrize("label", ["", "   ", ",", "Narnia", "Austria-Hungary", "Atlantis, Ocean"])
def test_unknown_labels_have_no_code(label: str) -> None:
    assert country_of_label(label).code is None


def test_a_misspelt_country_after_a_comma() -> None:
    assert country_of_label("Varna, Bulgaia") == CountryLabel("BG", "Varna")


def test_every_pycountry_name_reads_back_to_its_code() -> None:
    wrong = [
        (c.alpha_2, c.name)
        for c in pycountry.countries
        if country_of_label(c.name).code != c.alpha_2
    ]
    assert wrong == []


def test_curated_codes_are_iso_codes_or_kosovo() -> None:
    text = resources.files("citydip.gazetteer").joinpath("country_labels.yaml").read_text()
    data = yaml.safe_load(text)
    codes = {c.alpha_2 for c in pycountry.countries} | {"XK"}
    used = set(data["names"].values()) | {v[0] for v in data["parts"].values()}
    used |= set(data["also"]) | {c for v in data["also"].values() for c in v}
    assert used - codes == set()


def test_country_code_of_a_name_alone() -> None:
    assert country_code("Czechia") == "CZ"
    assert country_code("England") is None  # a part, not a country
    assert country_code("Springfield") is None


def test_fold() -> None:
    assert fold("Côte d’Ivoire") == "cote d ivoire"
    assert fold("Straße-Ørsted  (X)") == "strasse orsted x"
