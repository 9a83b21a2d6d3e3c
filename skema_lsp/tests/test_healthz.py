import pytest

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_broker(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert "broker" in body


def test_healthz_is_public_json_and_never_cached(client, settings):
    response = client.get("/healthz/")
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    body = response.json()
    expected_broker = "ok" if settings.CELERY_BROKER_URL else "eager"
    assert body == {"database": "ok", "broker": expected_broker, "status": "ok"}


def test_healthz_without_broker_reports_eager(client, settings):
    settings.CELERY_BROKER_URL = ""
    assert client.get("/healthz/").json() == {"database": "ok", "broker": "eager", "status": "ok"}


def test_healthz_with_broker_down_still_answers_degraded(client, settings, monkeypatch):
    from skema_lsp.celery import app

    # Celery lets the CELERY_BROKER_URL environment variable override the configured broker.
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    monkeypatch.setattr(app.conf, "broker_url", "redis://127.0.0.1:1/0")
    response = client.get("/healthz/")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["broker"].startswith("error")
    assert body["status"] == "degraded"
