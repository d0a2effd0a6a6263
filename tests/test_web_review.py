"""The review pages: only a signed-in editor sees them and decides; a decision posted
there is recorded as the CLI records it and changes the public pages at once."""

from __future__ import annotations

from test_web_editor import sign_in, snapshot, soup

from kg.check import check, recorded
from kg.review import actions, set_publish_mode


def _path(settings, iri) -> str:
    return "/id/" + settings.minter.path_of(str(iri))


def test_the_review_page_needs_the_sign_in(client, store):
    assert client.get("/editor/review").status_code == 401
    before = snapshot(store)
    r = client.post("/editor/review", data={"action": "reject", "target": "x", "by": "Ed",
                                            "reason": "r"})
    assert r.status_code == 401 and snapshot(store) == before
    r = client.post("/editor/review/names", data={"action": "merge", "first": "Xiaomi",
                                                  "second": "Nettle Lab", "by": "Ed"})
    assert r.status_code == 401 and snapshot(store) == before


def test_an_editor_rejects_then_withdraws_and_the_public_page_follows(client, store, case,
                                                                     settings):
    sign_in(client)
    set_publish_mode(store, settings.minter, "all")  # what is not rejected is public
    page = soup(client.get("/editor/review"))
    assert len(page.select(".review-item")) == 2
    assert client.get(_path(settings, case.contradiction)).status_code == 200

    # a rejection without a reason is refused, and nothing is recorded
    r = client.post("/editor/review", data={"action": "reject", "by": "Dana Ruiz",
                                            "target": str(case.contradiction)})
    assert r.status_code == 400 and "needs a reason" in soup(r).select_one(".error").text
    assert actions(store, settings.minter) == []

    r = client.post("/editor/review", data={"action": "reject", "by": "Dana Ruiz",
                                            "target": str(case.contradiction),
                                            "reason": "the finding is about another app"})
    assert r.status_code == 303
    assert client.get(_path(settings, case.contradiction)).status_code == 404
    assert client.get(_path(settings, case.contradiction_obs)).status_code == 200
    page = soup(client.get("/editor/review?status=rejected"))
    [item] = page.select(".review-item")
    assert "Dana Ruiz" in item.select_one(".decision").text
    assert "another app" in item.select_one(".decision").text
    assert page.select_one('input[name="by"]')["value"] == "Dana Ruiz"  # remembered

    act = item.select_one('input[name="target"]')["value"]
    r = client.post("/editor/review", data={"action": "withdraw", "by": "Dana Ruiz",
                                            "target": act})
    assert r.status_code == 303
    assert client.get(_path(settings, case.contradiction)).status_code == 200
    assert [a.kind for a in actions(store, settings.minter)] == ["reject", "withdraw"]


def test_publishing_accepted_only_from_the_page(client, case, settings):
    sign_in(client)
    assert client.post("/editor/review/publish", data={"mode": "accepted"}).status_code == 303
    assert client.get(_path(settings, case.contradiction)).status_code == 404
    r = client.post("/editor/review", data={"action": "accept", "by": "Dana Ruiz",
                                            "target": str(case.contradiction)})
    assert r.status_code == 303
    assert client.get(_path(settings, case.contradiction)).status_code == 200
    assert client.get(_path(settings, case.contradiction_obs)).status_code == 404
    assert client.post("/editor/review/publish", data={"mode": "sometimes"}).status_code == 400


def test_a_cross_site_decision_is_refused_even_signed_in(client, store, case):
    sign_in(client)
    before = snapshot(store)
    r = client.post("/editor/review", data={"action": "accept", "by": "Ed",
                                            "target": str(case.contradiction)},
                    headers={"Sec-Fetch-Site": "cross-site"})
    assert r.status_code == 403 and snapshot(store) == before


def test_an_editor_removes_a_source_and_puts_it_back(client, store, case, settings):
    sign_in(client)
    source = "/sources/" + settings.minter.path_of(str(case.doc))
    assert client.get(source).status_code == 200
    r = client.post("/editor/review/remove", data={"source": "https://news.example/xiaomi",
                                                   "by": "Dana Ruiz"})
    assert r.status_code == 400 and "needs a reason" in soup(r).select_one(".error").text
    r = client.post("/editor/review/remove", data={"source": "https://news.example/xiaomi",
                                                   "by": "Dana Ruiz", "reason": "retracted"})
    assert r.status_code == 303
    assert client.get(source).status_code == 404
    assert client.get(_path(settings, case.contradiction)).status_code == 404
    page = soup(client.get("/editor/review"))
    [item] = page.select(".removed li")
    assert "retracted" in item.text and "Dana Ruiz" in item.text
    act = item.select_one('input[name="target"]')["value"]
    r = client.post("/editor/review", data={"action": "withdraw", "target": act,
                                            "by": "Dana Ruiz"})
    assert r.status_code == 303
    assert client.get(source).status_code == 200
    assert client.get("/editor/review").status_code == 200


def test_an_editor_merges_two_names_on_the_page_and_withdraws_it(client, store, settings):
    sign_in(client)
    before = snapshot(store)
    r = client.post("/editor/review/names", data={"action": "merge", "first": "Nobody Ltd",
                                                  "second": "Xiaomi", "by": "Dana Ruiz"})
    assert r.status_code == 400
    assert "no organisation of that name" in soup(r).select_one(".error").text
    assert snapshot(store) == before
    r = client.post("/editor/review/names", data={"action": "split", "first": "xiaomi",
                                                  "second": "Nettle Lab", "by": "Dana Ruiz"})
    assert r.status_code == 400 and "needs a reason" in soup(r).select_one(".error").text

    r = client.post("/editor/review/names", data={"action": "merge", "first": "xiaomi",
                                                  "second": "Nettle Lab", "by": "Dana Ruiz",
                                                  "reason": "a test of the form"})
    assert r.status_code == 303 and r.headers["Location"].endswith("done=merged")
    [merge] = actions(store, settings.minter)
    assert merge.kind == "merge" and merge.other == settings.minter.organisation("Nettle Lab")
    [item] = soup(client.get("/editor/review")).select(".company-names li")
    assert "Xiaomi and Nettle Lab: one company" in item.text
    r = client.post("/editor/review", data={"action": "withdraw", "by": "Dana Ruiz",
                                            "target": item.select_one('input[name="target"]')
                                            ["value"]})
    assert r.status_code == 303
    assert not soup(client.get("/editor/review")).select(".company-names li")


def test_an_editor_corrects_a_statement_on_the_page_and_the_public_page_follows(
        client, store, case, settings):
    sign_in(client)
    set_publish_mode(store, settings.minter, "all")
    check(store, settings.minter)   # what the rules find in the case, as a correction will
    [found] = recorded(store)
    public = _path(settings, found.iri)
    assert client.get(public).status_code == 200
    r = client.post("/editor/review/correct", data={
        "statement": str(case.claim), "field": "countries", "value": "XX1", "by": "Dana Ruiz",
        "reason": "typo"})
    assert r.status_code == 400 and "two-letter codes" in soup(r).select_one(".error").text
    r = client.post("/editor/review/correct", data={
        "statement": settings.minter.path_of(str(case.claim)), "field": "countries",
        "value": "SG", "by": "Dana Ruiz", "reason": "the statement names Singapore"})
    assert r.status_code == 303 and r.headers["Location"].endswith("done=corrected")
    assert client.get(public).status_code == 404        # claim and evidence now agree
    [item] = soup(client.get("/editor/review")).select(".corrections li")
    assert "countries → “SG”" in item.text and "Dana Ruiz" in item.text
    r = client.post("/editor/review", data={"action": "withdraw", "by": "Dana Ruiz",
                                            "target": item.select_one('input[name="target"]')
                                            ["value"]})
    assert r.status_code == 303
    assert client.get(public).status_code == 200


def test_the_review_list_comes_in_pages(client, monkeypatch):
    import web.review

    sign_in(client)
    monkeypatch.setattr(web.review, "REVIEW_PER_PAGE", 1)
    first = soup(client.get("/editor/review"))
    assert len(first.select(".review-item")) == 1
    assert "page 1 of 2" in first.select_one(".pager").get_text()
    second = soup(client.get(first.select_one('.pager a[rel="next"]')["href"]))
    assert len(second.select(".review-item")) == 1
    targets = {p.select_one('.review-item input[name="target"]')["value"] for p in (first, second)}
    assert len(targets) == 2


def test_a_control_character_in_a_form_is_one_line_and_records_nothing(client, store, case,
                                                                       settings):
    sign_in(client)
    before = snapshot(store)
    for path, data in (
            ("/editor/review", {"action": "reject", "target": str(case.contradiction),
                                "by": "Ed", "reason": "bad\x02"}),
            ("/editor/review/correct", {"statement": str(case.claim), "field": "speaker",
                                        "value": "Mara\x01", "by": "Ed", "reason": "typo"}),
            ("/editor/review/names", {"action": "merge", "first": "Xiaomi\x01",
                                      "second": "Nettle Lab", "by": "Ed"})):
        r = client.post(path, data=data)
        assert r.status_code == 400, path
        assert "control characters are not allowed" in soup(r).select_one(".error").text
    assert snapshot(store) == before
