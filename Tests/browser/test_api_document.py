"""The served API document is a valid OpenAPI 3.1 description, in JSON and YAML alike."""

from __future__ import annotations

import json
import urllib.request

from openapi_spec_validator import validate


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.status == 200
        return response.read()


def test_the_served_openapi_document_is_valid(base_url):
    document = json.loads(fetch(f"{base_url}/api/v1/openapi.json"))
    validate(document)
    assert document["openapi"].startswith("3.1")
    for path in ["/api/v1/auth/token", "/api/v1/children/search", "/api/v1/children/{childID}"]:
        assert path in document["paths"], path
    assert fetch(f"{base_url}/api/v1/openapi.yaml").startswith(b"openapi: 3.1.0")
