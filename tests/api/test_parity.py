"""Both stores give the same answers, byte for byte after JSON decoding."""

from __future__ import annotations

import httpx
import pytest

URLS = [
    "/timeline?limit=500",
    "/timeline?limit=7",
    "/timeline?actor=lloyd-austin",
    "/timeline?actor=xi-jinping&actor=joe-biden&match=all",
    "/timeline?actor=xi-jinping&actor=lloyd-austin&match=any",
    "/timeline?from=2022-11-20&to=2023",
    "/timeline?actor=joe-biden&from=2023-11-15&to=2024-04-02",
    "/timeline?actor=china&actor=united-states&match=any&from=2023&limit=3",
    "/timeline?from=2024-04",
    "/timeline?to=2022",
    "/timeline?channel=us-china-military-communication",
    "/timeline?topic=us-china-relations&status=occurred",
    "/timeline?kind=statement&kind=agreement",
    "/timeline?format=timelinejs&limit=500",
    "/actors",
    "/actors?kind=office",
    "/channels",
    "/channels/us-china-military-communication/history?at=2022-11-15",
    "/channels/mmca-talks/history",
    "/paths?from=pelosi-taiwan-visit&to=brown-liu-talks-2023-12&mode=chronological&k=10",
    "/paths?from=pelosi-taiwan-visit&to=brown-liu-talks-2023-12&k=10&max_hops=7",
    "/paths?from=balloon-discovery&to=blinken-calls-off-trip&mode=causal",
    "/paths?from=lloyd-austin&to=dong-jun&k=5",
    "/paths?from=wei-fenghe-china-minister-of-national-defence&to=taiwan&k=4",
    "/conflicts",
    # As known on a day: the article was published on 2024-04-03.
    "/timeline?limit=500&known_at=2024-04-03",
    "/timeline?limit=500&known_at=2024-04-02",
    "/events/austin-wei-meeting-2022-11?known_at=2024-04-03",
    "/actors/lloyd-austin?known_at=2024-04-03",
    "/actors?known_at=2024-04-03",
    "/channels/us-china-military-communication/history?known_at=2024-04-03",
    "/paths?from=lloyd-austin&to=dong-jun&k=5&known_at=2024-04-03",
    "/conflicts?known_at=2024-04-03",
]


def _ids(client: httpx.Client, url: str) -> list[str]:
    return [i["id"] for i in client.get(url).json()]


@pytest.mark.neo4j
@pytest.mark.parametrize("plan", ["neo4j_url", "neo4j_by_date_url"])
def test_both_stores_answer_alike(embedded_url: str, plan: str, request: pytest.FixtureRequest) -> None:
    with (
        httpx.Client(base_url=embedded_url, timeout=60) as embedded,
        httpx.Client(base_url=request.getfixturevalue(plan), timeout=60) as db,
    ):
        urls = list(URLS)
        # Every event, actor and channel in detail too.
        urls += [f"/events/{i}" for i in [e["id"] for e in embedded.get("/timeline?limit=500").json()["items"]]]
        urls += [f"/actors/{i}" for i in _ids(embedded, "/actors")]
        urls += [f"/channels/{i}/history?at=2023-06-01" for i in _ids(embedded, "/channels")]
        differ = []
        for url in urls:
            a, b = embedded.get(url), db.get(url)
            assert a.status_code == 200, (url, a.text)
            if (a.status_code, a.json()) != (b.status_code, b.json()):
                differ.append(url)
        # Follow every page of a paged timeline too: the cursor must lead through the same events on both.
        url = "/timeline?limit=4"
        while url:
            a, b = embedded.get(url).json(), db.get(url).json()
            if a != b:
                differ.append(url)
                break
            cursor = a["page"]["next_cursor"]
            url = f"/timeline?limit=4&cursor={cursor}" if cursor else ""
        assert not differ, f"the stores disagree on {differ}"
        assert len(urls) > 80
