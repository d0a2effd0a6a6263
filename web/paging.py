"""Pages of a long list: `?page=N` of a list page, with links to the pages around it
(the exports of a list are never cut: they hold every row)."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import abort, request

PAGE_SIZE = 200  # rows (or claims, on the contradictions page) a page shows


def page_of(items: list, size: int | None = None) -> tuple[list, dict]:
    """(the items of the page the request asks for, the pager for the template)."""
    size = size or PAGE_SIZE
    pages = max(1, -(-len(items) // size))
    try:
        page = min(max(1, int(request.args.get("page", "1"))), pages)
    except ValueError:
        abort(400, "page: give a number")

    def link(n: int) -> str | None:
        if not 1 <= n <= pages or n == page:
            return None
        args = {k: v for k, v in request.args.items() if k != "page"}
        return request.path + "?" + urlencode({**args, "page": n})

    pager = {"page": page, "pages": pages, "previous": link(page - 1), "next": link(page + 1)}
    return items[(page - 1) * size:page * size], pager
