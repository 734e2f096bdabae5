"""`lib.urls`: the same URLs as Django's `reverse`, for every URL of the app; static URLs kept."""

from __future__ import annotations

import pytest
from django.template import engines
from django.urls import (
    NoReverseMatch,
    URLPattern,
    URLResolver,
    get_resolver,
    resolve,
    reverse,
    set_script_prefix,
)

from masterymap.lib import urls
from masterymap.lib.urls import fast_reverse


def _named_patterns(resolver: URLResolver, namespace: str = "") -> list[tuple[str, URLPattern]]:
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found.extend(_named_patterns(entry, inner))
        elif entry.name:
            found.append((f"{namespace}{entry.name}", entry))
    return found


def _ids_for(pattern: URLPattern) -> dict[str, int] | None:
    """Made-up ids for each parameter of the pattern, or None if one is not an id."""
    converters = getattr(pattern.pattern, "converters", {})
    names = list(pattern.pattern.regex.groupindex)
    if any(type(converters.get(n)).__name__ not in ("IdConverter", "IntConverter") for n in names):
        return None
    return {name: 3 + 40 * i for i, name in enumerate(names)}


@pytest.fixture(autouse=True)
def _fresh():
    urls._shapes.clear()
    yield
    set_script_prefix("/")


def test_every_named_url_of_the_app_with_ids_is_what_reverse_gives() -> None:
    checked = 0
    for name, pattern in _named_patterns(get_resolver()):
        ids = _ids_for(pattern)
        if ids is None:
            continue
        expected = reverse(name, kwargs=ids)
        assert fast_reverse(name, kwargs=ids) == expected, name
        # The kept shape, with other ids (and the same ids again).
        other = {k: v * 7 + 1 for k, v in ids.items()}
        assert fast_reverse(name, kwargs=other) == reverse(name, kwargs=other), name
        assert fast_reverse(name, kwargs=ids) == expected, name
        checked += 1
    assert checked > 100  # the app's URLs, not an empty walk


def test_every_named_url_resolves_to_its_own_view_whatever_the_order_of_the_apps() -> None:
    """masterymap/urls.py puts the student's pages first: no earlier pattern may take
    another's URL."""
    checked = 0
    for name, pattern in _named_patterns(get_resolver()):
        ids = _ids_for(pattern)
        if ids is None:
            continue
        assert resolve(reverse(name, kwargs=ids)).view_name == name
        checked += 1
    assert checked > 100


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("home", []),
        ("mastery:grid", [12]),
        ("mastery:cell", [1, 22, 333]),
        ("mastery:cell", [0, 0, 0]),
        ("workflows:tracker", [5, 9_223_372_036]),
    ],
)
def test_positional_ids(name: str, args: list[int]) -> None:
    assert fast_reverse(name, args) == reverse(name, args=args)
    assert fast_reverse(name, args) == reverse(name, args=args)


def test_what_is_not_an_id_goes_to_reverse_itself() -> None:
    assert fast_reverse("mastery:grid", ["12"]) == reverse("mastery:grid", args=["12"])
    with pytest.raises(NoReverseMatch):
        fast_reverse("mastery:grid", ["not-a-number"])
    with pytest.raises(NoReverseMatch):
        fast_reverse("mastery:grid", [True])  # not an id, and reverse refuses it
    with pytest.raises(NoReverseMatch):
        fast_reverse("mastery:grid", [-1])


def test_names_and_arities_that_do_not_reverse_raise_as_reverse_does() -> None:
    for _ in range(2):  # the refusal is kept, and still raises
        with pytest.raises(NoReverseMatch):
            fast_reverse("no-such-page", [1])
        with pytest.raises(NoReverseMatch):
            fast_reverse("mastery:grid", [1, 2])


def test_the_script_prefix_is_part_of_the_shape() -> None:
    assert fast_reverse("mastery:grid", [4]) == "/classes/4/"
    set_script_prefix("/school/")
    assert fast_reverse("mastery:grid", [4]) == "/school/classes/4/"
    set_script_prefix("/")
    assert fast_reverse("mastery:grid", [4]) == "/classes/4/"


def test_url_tag_renders_as_djangos() -> None:
    """The builtin `url` tag is ours; what it writes is Django's (escaping, `as`, errors)."""
    source = (
        "{% url 'mastery:cell' c s t %}|{% url 'mastery:grid' classroom_id=c %}|"
        "{% url 'mastery:grid' c as there %}[{{ there }}]|{% url 'nowhere' as none %}[{{ none }}]"
    )
    ours = engines["django"].from_string(source)
    assert type(ours.template.nodelist[0]).__name__ == "FastURLNode"
    context = {"c": 1, "s": 2, "t": 3}
    expected = "/classes/1/students/2/standards/3/|/classes/1/|[/classes/1/]|[]"
    assert ours.render(context) == expected
    with pytest.raises(NoReverseMatch):
        engines["django"].from_string("{% url 'nowhere' %}").render({})


def test_static_urls_are_the_manifests_and_kept(tmp_path, settings) -> None:
    """Outside DEBUG the static storage keeps each URL once looked up (lib/storage.py)."""
    import json

    from masterymap.lib.storage import KeptURLStaticFilesStorage

    settings.DEBUG = False
    manifest = {"paths": {"css/app.css": "css/app.0123456789ab.css"}, "version": "1.1"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    storage = KeptURLStaticFilesStorage(location=str(tmp_path), base_url="/static/")
    url = storage.url("css/app.css")
    assert url == "/static/css/app.0123456789ab.css"  # the manifest's name
    assert storage.url("css/app.css") is url  # kept
    assert storage._kept_urls == {"css/app.css": url}
    assert storage.url("css/app.css", force=True) == url  # forced: looked up again
    with pytest.raises(ValueError):
        storage.url("css/not-there.css")  # as Django's: no manifest entry, an error
    assert "css/not-there.css" not in storage._kept_urls


def test_around_last_id_cuts_the_url_where_the_last_id_goes() -> None:
    from masterymap.lib.urls import around_last_id

    before, after = around_last_id("workflows:tracker", 3)
    for student in (0, 7, 123456):
        assert f"{before}{student}{after}" == reverse("workflows:tracker", args=[3, student])
    before, after = around_last_id("workflows:attempt")
    assert f"{before}42{after}" == reverse("workflows:attempt", args=[42])
