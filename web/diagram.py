"""The data-location picture: where a company said data stays, and where the evidence
saw it go (hosts, their operators and countries), drawn as SVG by us on the server.

No script, no external asset, no third-party library: the markup is written here and
every piece of text in it (host names and operators come from captures and articles)
goes through `escape`, so the result is safe to put into a page as it is.

>>> said = Said(countries=["IN"], operators=["Amazon Web Services"])
>>> svg = location_svg("Xiaomi", said, [Destination("a.example", "Alibaba Cloud", ["SG"])])
>>> "Singapore" in svg and "<script" not in svg
True
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from markupsafe import Markup

__all__ = ["Said", "Destination", "location_svg", "from_contradictions", "country_name"]

WIDTH = 760
ROW = 46          # height of one row (two lines of text and a gap)
TOP = 56          # room for the column headings
LEFT_X, LEFT_W = 10, 250
MID_X, MID_W = 300, 150
RIGHT_X, RIGHT_W = 490, 260
SAID_COLOUR, WENT_COLOUR, ELSEWHERE_COLOUR = "#2f6f3e", "#1f5f99", "#b3261e"


@dataclass
class Said:
    """What the company said about where data stays."""

    countries: list[str] = field(default_factory=list)
    operators: list[str] = field(default_factory=list)
    hosts: list[str] = field(default_factory=list)


@dataclass
class Destination:
    """One place the evidence saw data go: a host (when a capture saw it), who runs
    it, in which countries; `reported` when only an article says so."""

    host: str | None
    operator: str | None
    countries: list[str] = field(default_factory=list)
    reported: bool = False


def country_name(code: str) -> str:
    """`SG` → `Singapore`; unknown codes and groups (`EU`) as they are."""
    try:
        import pycountry
    except ImportError:  # pragma: no cover - pycountry comes with the scrapers
        return code
    country = pycountry.countries.get(alpha_2=code.upper()) if len(code) == 2 else None
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


def _cut(text: str, n: int = 34) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _text(x: float, y: float, body: str, *, size: int = 13, weight: str = "normal",
          fill: str = "#1b1b1b", anchor: str = "start", cut: int = 40) -> str:
    return (f'<text x="{x:.0f}" y="{y:.0f}" font-size="{size}" font-weight="{weight}" '
            f'fill="{fill}" text-anchor="{anchor}">{escape(_cut(body, cut))}</text>')


def location_svg(company: str, said: Said, went: list[Destination],
                 context: str = "") -> Markup:
    """The picture as inline SVG markup, twice: side by side for wide screens and one
    column for phones (the page's CSS shows one; at 390 px the side-by-side picture
    would shrink its text to 5 px). Text is escaped."""
    return Markup('<div class="location-picture">'
                  f'<div class="wide">{_wide_svg(company, said, went, context)}</div>'
                  f'<div class="tall">{_tall_svg(company, said, went, context)}</div></div>')


TALL_W = 360      # the one-column picture: a phone's width, text at its own size
TALL_BOX = 340


def _rows(said: Said) -> list[tuple[str, str]]:
    rows = [(country_name(c), c) for c in said.countries]
    rows += [(f"servers of {o}", "") for o in said.operators]
    rows += [(h, "host") for h in said.hosts]
    return rows or [("(no place named)", "")]


def _tall_svg(company: str, said: Said, went: list[Destination], context: str) -> str:
    """One column: what was said, the data, where the evidence saw it go."""
    who = company or "The company"
    promised = {c.upper() for c in said.countries}
    out: list[str] = []
    y = 20
    out.append(_text(10, y, f"What {who} said", weight="bold", fill=SAID_COLOUR, cut=44))
    out.append(_text(10, y + 18, "data stays in", size=12, fill="#555"))
    y += 28
    for label, code in _rows(said):
        out.append(f'<rect x="10" y="{y}" width="{TALL_BOX}" height="34" rx="4" '
                   f'fill="#eef7f0" stroke="{SAID_COLOUR}"/>')
        out.append(_text(18, y + 22, label + (f" ({code})" if len(code) == 2 else ""),
                         cut=44))
        y += 42
    out.append(f'<line x1="{TALL_W / 2:.0f}" y1="{y - 8}" x2="{TALL_W / 2:.0f}" y2="{y + 8}" '
               f'stroke="{SAID_COLOUR}" stroke-dasharray="5 4"/>')
    y += 8
    out.append(f'<rect x="{TALL_W / 2 - 80:.0f}" y="{y}" width="160" height="44" rx="22" '
               f'fill="#fff8d6" stroke="#b38f00"/>')
    out.append(_text(TALL_W / 2, y + (20 if context else 27), "user data", weight="bold",
                     anchor="middle"))
    if context:
        out.append(_text(TALL_W / 2, y + 36, context, size=11, fill="#555", anchor="middle"))
    y += 44
    elsewhere_any = any(d.countries and not {c.upper() for c in d.countries} <= promised
                        for d in went)
    out.append(f'<line x1="{TALL_W / 2:.0f}" y1="{y}" x2="{TALL_W / 2:.0f}" y2="{y + 16}" '
               f'stroke="{ELSEWHERE_COLOUR if elsewhere_any else WENT_COLOUR}" '
               f'stroke-width="2"/>')
    y += 36
    out.append(_text(10, y, "What the evidence shows", weight="bold", fill=WENT_COLOUR))
    out.append(_text(10, y + 18, "data was sent to", size=12, fill="#555"))
    y += 28
    for d in went:
        elsewhere = bool(d.countries) and not {c.upper() for c in d.countries} <= promised
        colour = ELSEWHERE_COLOUR if elsewhere else WENT_COLOUR
        where = ", ".join(f"{country_name(c)} ({c})" for c in d.countries) or "country unknown"
        dash = ' stroke-dasharray="2 3"' if d.reported else ""
        out.append(f'<rect x="10" y="{y}" width="{TALL_BOX}" height="54" rx="4" fill="#fff" '
                   f'stroke="{colour}" stroke-width="{2 if elsewhere else 1}"{dash}/>')
        head = d.host or ("reported by an article" if d.reported else "a destination")
        out.append(_text(18, y + 18, head, weight="bold", size=12, cut=46))
        if d.operator:
            out.append(_text(18, y + 33, d.operator, size=12, fill=colour, cut=46))
        out.append(_text(18, y + 48 if d.operator else y + 33, where, size=12, fill=colour,
                         cut=46))
        y += 62
    if not went:
        out.append(_text(10, y + 14, "(no destination recorded)", fill="#555"))
        y += 24
    out.append(_text(10, y + 8, "- - - said · ── observed · ··· reported", size=11,
                     fill="#555", cut=80))
    out.append(_text(10, y + 24, "red: outside what was said", size=11, fill="#555"))
    height = y + 32
    title, desc = _title_desc(who, said, went)
    return "\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" class="diagram-tall" role="img" '
        f'viewBox="0 0 {TALL_W} {height}" width="100%" style="max-width:{TALL_W * 1.2:.0f}px" '
        f'aria-labelledby="dlt-title dlt-desc" font-family="system-ui, sans-serif">',
        f'<title id="dlt-title">{escape(title)}</title>',
        f'<desc id="dlt-desc">{escape(desc)}</desc>', *out, "</svg>"])


def _title_desc(who: str, said: Said, went: list[Destination]) -> tuple[str, str]:
    title = f"Where {who} said data stays, and where it was seen going"
    places = ", ".join(country_name(c) for c in said.countries) or "no country"
    seen = sorted({country_name(c) for d in went for c in d.countries}) or ["no country"]
    return title, (f"{who} said data stays in {places}. The evidence shows data going to "
                   f"{len(went)} place(s): {', '.join(seen)}.")


def _wide_svg(company: str, said: Said, went: list[Destination], context: str) -> str:
    """Side by side: what was said on the left, the evidence on the right."""
    said_rows = _rows(said)
    promised = {c.upper() for c in said.countries}
    n = max(len(said_rows), len(went), 1)
    height = TOP + n * ROW + 30
    mid_y = TOP + (n * ROW) / 2 - 4
    who = company or "The company"
    title, desc = _title_desc(who, said, went)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="diagram" role="img" '
           f'viewBox="0 0 {WIDTH} {height}" width="100%" '
           f'aria-labelledby="dl-title dl-desc" font-family="system-ui, sans-serif">',
           f'<title id="dl-title">{escape(title)}</title>',
           f'<desc id="dl-desc">{escape(desc)}</desc>',
           _text(LEFT_X, 20, f"What {who} said", weight="bold", fill=SAID_COLOUR),
           _text(LEFT_X, 38, "data stays in", size=12, fill="#555"),
           _text(RIGHT_X, 20, "What the evidence shows", weight="bold", fill=WENT_COLOUR),
           _text(RIGHT_X, 38, "data was sent to", size=12, fill="#555")]
    # the data in the middle, with one line to each side's boxes
    out.append(f'<rect x="{MID_X}" y="{mid_y - 22:.0f}" width="{MID_W}" height="44" rx="22" '
               f'fill="#fff8d6" stroke="#b38f00"/>')
    out.append(_text(MID_X + MID_W / 2, mid_y - 2 if context else mid_y + 5, "user data",
                     weight="bold", anchor="middle"))
    if context:
        out.append(_text(MID_X + MID_W / 2, mid_y + 14, context, size=11, fill="#555",
                         anchor="middle"))
    for i, (label, code) in enumerate(said_rows):
        y = TOP + i * ROW
        out.append(f'<line x1="{MID_X}" y1="{mid_y:.0f}" x2="{LEFT_X + LEFT_W}" '
                   f'y2="{y + 18}" stroke="{SAID_COLOUR}" stroke-dasharray="5 4"/>')
        out.append(f'<rect x="{LEFT_X}" y="{y}" width="{LEFT_W}" height="36" rx="4" '
                   f'fill="#eef7f0" stroke="{SAID_COLOUR}"/>')
        out.append(_text(LEFT_X + 8, y + 23, label + (f" ({code})" if len(code) == 2 else "")))
    for i, d in enumerate(went):
        y = TOP + i * ROW
        elsewhere = bool(d.countries) and not {c.upper() for c in d.countries} <= promised
        colour = ELSEWHERE_COLOUR if elsewhere else WENT_COLOUR
        where = ", ".join(f"{country_name(c)} ({c})" for c in d.countries) or "country unknown"
        line2 = " · ".join(x for x in (d.operator, where) if x)
        dash = ' stroke-dasharray="2 3"' if d.reported else ""
        out.append(f'<line x1="{MID_X + MID_W}" y1="{mid_y:.0f}" x2="{RIGHT_X}" y2="{y + 18}" '
                   f'stroke="{colour}" stroke-width="2"{dash}/>')
        out.append(f'<rect x="{RIGHT_X}" y="{y}" width="{RIGHT_W}" height="40" rx="4" '
                   f'fill="#fff" stroke="{colour}" stroke-width="{2 if elsewhere else 1}"/>')
        head = d.host or ("reported by an article" if d.reported else "a destination")
        out.append(_text(RIGHT_X + 8, y + 16, head, weight="bold", size=12))
        out.append(_text(RIGHT_X + 8, y + 33, line2, size=12, fill=colour))
    if not went:
        out.append(_text(RIGHT_X, TOP + 20, "(no destination recorded)", fill="#555"))
    legend_y = height - 10
    out.append(_text(LEFT_X, legend_y, "- - - said · ── observed · ··· reported by an "
                     "article · red: outside what was said", size=11, fill="#555", cut=200))
    out.append("</svg>")
    return "\n".join(out)


def _add(items: list[str], values: Iterable[str] | None) -> None:
    for v in values or []:
        if v and v not in items:
            items.append(v)


def from_contradictions(items: Iterable[dict]) -> tuple[Said, list[Destination]]:
    """What the claims of data-location contradictions said, and every place their
    evidence saw data go (one destination per host, or per finding's places)."""
    said = Said()
    went: dict[tuple, Destination] = {}
    for c in items:
        if c.get("aspect") != "data_location":
            continue
        values = c["claim"].get("values") or {}
        _add(said.countries, values.get("countries"))
        _add(said.operators, values.get("operators"))
        _add(said.hosts, values.get("hosts"))
        ev = c["evidence"]
        if ev.get("kind") == "observation":
            key: tuple = ("host", ev.get("host"))
            dest = Destination(ev.get("host"), ev.get("operator"), list(ev.get("countries") or []))
        else:
            ev_values = ev.get("values") or {}
            operators = ev_values.get("operators") or []
            countries = list(ev_values.get("countries") or [])
            hosts = ev_values.get("hosts") or []
            key = ("finding", tuple(hosts), tuple(operators), tuple(countries))
            dest = Destination(", ".join(hosts) or None, ", ".join(operators) or None,
                               countries, reported=True)
        if key not in went:
            went[key] = dest
        else:
            _add(went[key].countries, dest.countries)
    return said, list(went.values())
