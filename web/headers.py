"""The security headers every answer carries, pages and endpoint alike.

Set by the app's after_request hook (web.create_app) and by web.fast_sparql, which
answers plain queries before Flask; here rather than in web/__init__.py so that
web.fast_sparql does not import the package that imports it.
"""

from __future__ import annotations

__all__ = ["CSP", "SECURITY_HEADERS"]

# Scraped text is only ever autoescaped; the policy is the second fence: no script
# runs (the ClaimReview JSON-LD block is data, not script), nothing loads from elsewhere.
CSP = ("default-src 'self'; style-src 'self'; img-src 'self' data:; script-src 'none'; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
                    "Referrer-Policy": "no-referrer"}
