"""Scale fixtures: four short articles of two stories, and the batch pipeline on the session's
models."""

from __future__ import annotations

import pytest

ROWS = [
    {
        "id": "tr-1",
        "published": "2023-02-06",
        "title": "Earthquake kills hundreds in Turkey and Syria",
        "text": "A magnitude 7.8 earthquake struck southern Turkey near Gaziantep on Monday, "
        "killing more than 1,300 people in Turkey and Syria. Erdogan called it the worst disaster "
        "since 1939; buildings collapsed in Kahramanmaras and Hatay.",
    },
    {
        "id": "tr-2",
        "published": "2023-02-07",
        "title": "Turkey quake toll climbs in Gaziantep",
        "text": "Rescuers in Turkey dug through the rubble in Kahramanmaras and Hatay on Tuesday "
        "after the 7.8 magnitude quake near Gaziantep. Erdogan declared seven days of mourning.",
    },
    {
        "id": "ma-1",
        "published": "2023-09-09",
        "title": "Morocco earthquake kills more than 2,000",
        "text": "A magnitude 6.8 earthquake struck the High Atlas mountains of Morocco on Friday, "
        "killing more than 2,000 people in villages south of Marrakesh. King Mohammed VI "
        "declared three days of mourning for the Al Haouz province.",
    },
    {
        "id": "ma-2",
        "published": "2023-09-10",
        "title": "Morocco quake: rescuers reach Al Haouz",
        "text": "Rescuers reached villages of the Al Haouz province in the High Atlas on Saturday "
        "after the 6.8 magnitude quake near Marrakesh. King Mohammed VI sent the army to help "
        "Morocco's mountain villages.",
    },
]


@pytest.fixture
def session_models(monkeypatch, service_with):
    """The batch pipeline in this process on the session's models: ``ArticleBatch.service`` (a
    Service built from the batch's settings, once per batch function) becomes one on the
    session's models. ``run_batch`` and ``ArticleBatch`` take settings, not a Service, so there
    is no other way in. A Ray run's workers are processes of their own and load their own."""
    from rashomon.scale import ArticleBatch

    made: dict[ArticleBatch, object] = {}

    def service(batch: ArticleBatch):
        if batch not in made:
            made[batch] = service_with(batch.settings)
        return made[batch]

    monkeypatch.setattr(ArticleBatch, "service", property(service))
