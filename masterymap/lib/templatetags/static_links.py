"""Django's `static` tag library with `{% static %}` kept per path (`lib.urls.static_url`);
`{% get_static_prefix %}` and `{% get_media_prefix %}` are Django's own."""

from __future__ import annotations

from django import template
from django.template.base import Parser, Token
from django.templatetags import static as django_static

from masterymap.lib.urls import static_url

register = template.Library()
register.tags.update(django_static.register.tags)
register.filters.update(django_static.register.filters)


class KeptStaticNode(django_static.StaticNode):
    @classmethod
    def handle_simple(cls, path: str) -> str:
        return static_url(path)


@register.tag("static")
def do_static(parser: Parser, token: Token) -> KeptStaticNode:
    node: KeptStaticNode = KeptStaticNode.handle_token(parser, token)  # type: ignore[assignment]
    return node
