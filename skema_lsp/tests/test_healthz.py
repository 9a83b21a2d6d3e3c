import pytest


@pytest.mark.django_db
def test_healthz_reports_database_and_broker(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert "broker" in body
