"""The API's URLs, included at the site root by cms/urls.py.

Both views are CSRF-exempt: this is an API for other servers and scripts, and the view itself
refuses mutations in any body a cross-site form could send (only application/json is accepted).
`/graphiql/` is always routed but answers 404 unless DEBUG is on (checked per request)."""

from django.urls import path, re_path
from django.views.decorators.csrf import csrf_exempt

from .content_view import content
from .events_http import events_view
from .view import TailorGraphQLView

urlpatterns = [
    path("graphql/", csrf_exempt(TailorGraphQLView.as_view()), name="graphql"),
    # Without the slash too: APPEND_SLASH would redirect and a POST would lose its body.
    path("graphql", csrf_exempt(TailorGraphQLView.as_view())),
    re_path(
        r"^content/(?P<page_id>[0-9]{1,12})/(?P<revision>[0-9A-Za-z-]{1,40})/(?P<code>[A-Za-z0-9_-]{1,4096})$",
        content,
        name="content",
    ),
    path("graphiql/", csrf_exempt(TailorGraphQLView.as_view(graphiql=True)), name="graphiql"),
    path("api/events/", events_view, name="api_events"),
]
