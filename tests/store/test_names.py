import pytest

from citydip.store.names import content_key, norm_name, place_key


@pytest.mark.parametrize(
    "a, b",
    [
        ("Tokyo Metropolitan Government", "tokyo"),
        ("Tokyo Metropolis", "Tokyo"),
        ("서울특별시", "서울"),
        ("서울시", "서울"),
        ("Hokkaido Prefecture", "Hokkaido"),
        ("Shandong Province", "shandong"),
        ("Ho Chi Minh", "ho-chi-minh"),
    ],
)
def test_same_place_same_norm(a, b):
    assert norm_name(a) == norm_name(b)


@pytest.mark.parametrize(
    "a, b", [("Panama City", "Panama"), ("홋카이도", "홋카이"), ("Mexico City", "Mexico")]
)
def test_different_places_stay_apart(a, b):
    assert norm_name(a) != norm_name(b)


def test_keys():
    assert place_key("Tokyo", "JP", "city") == "tokyo-jp"
    assert place_key("Hokkaido", "JP", "region") == "hokkaido-jp-region"
    assert place_key("Mayors for Peace", None, "organization") == "mayors-for-peace-organization"
    assert content_key("a", ["x", "y"], None) == content_key("a", ["x", "y"], None)
    assert content_key("a", ["x", "y"]) != content_key("a", ["y", "x"])
    assert len(content_key("a")) == 16
