"""Bad input to the API: a 422 (or 400) in the project's shape naming the field, in plain
words, never more than a snippet of what was sent, and nothing written or left behind."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from api.app import create_app
from tests.support import signed_in
from workflow.batches import pending_uploads
from workflow.bootstrap import Container
from workflow.settings import Settings

SF = "supporting-families-2022"
CSV = b"person_ref,household_ref\nP1,H1\n"
BIGGEST = 2**63 - 1


@pytest.fixture
def client(settings: Settings, container: Container, migrated_engine) -> Iterator[TestClient]:
    app = create_app(settings)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        test_client.headers.update(signed_in(container, "S1", "data_officer", "senior_manager"))
        yield test_client


def refused(response: Any, field: str, status: int = 422) -> str:
    """The refusal's detail, once it is known to be in the project's shape."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"code", "detail", "field"} and body["field"] == field, body
    return str(body["detail"])


def nothing_recorded(container: Container, settings: Settings) -> bool:
    uploads = settings.data_dir / "uploads"
    left = list(uploads.iterdir()) if uploads.exists() else []
    return pending_uploads(uow=container.uow()) == [] and left == []


def count(container: Container, table: str) -> int:
    with container.engine.connect() as connection:
        return int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


# FastAPI's own checks, in the project's shape.


@pytest.mark.parametrize(
    ("method", "url", "kwargs", "field", "detail"),
    [
        (
            "post",
            "/matching/reviews/1/decision",
            {"json": {}},
            "decision",
            "‘decision’ is missing.",
        ),
        (
            "post",
            "/matching/reviews/1/decision",
            {"json": {"decision": "maybe"}},
            "decision",
            "‘decision’ must be 'accept' or 'reject'.",
        ),
        ("get", "/imports?limit=ten", {}, "limit", "‘limit’ must be a whole number."),
        ("get", "/imports/first", {}, "batch_id", "‘batch_id’ must be a whole number."),
        ("post", "/imports", {"data": {"kind": "people"}}, "file", "‘file’ is missing."),
    ],
)
def test_a_missing_or_mistyped_field_is_named_in_plain_words(
    client: TestClient, method: str, url: str, kwargs: dict[str, Any], field: str, detail: str
) -> None:
    response = client.request(method.upper(), url, **kwargs)
    assert refused(response, field) == detail
    assert response.json()["code"] == "invalid_request"


@pytest.mark.parametrize("content", [b"{not json", b"[1, 2]", b""])
def test_a_body_that_is_not_a_json_object_is_refused_as_such(
    client: TestClient, content: bytes
) -> None:
    response = client.post(
        "/matching/links/1/undo", content=content, headers={"content-type": "application/json"}
    )
    assert "not valid JSON" in refused(response, "body")


def test_a_broken_upload_form_is_refused_in_the_same_shape(client: TestClient) -> None:
    response = client.post(
        "/imports",
        content=b"garbage",
        headers={"content-type": "multipart/form-data; boundary=xyz"},
    )
    assert "could not be read" in refused(response, "body", status=400)


def test_a_huge_value_is_never_echoed_back(client: TestClient) -> None:
    response = client.post("/matching/reviews/1/decision", json={"decision": "x" * 100_000})
    refused(response, "decision")
    assert "xxxxx" not in response.text and len(response.text) < 300


# Ids in paths.

ID_ROUTES = [
    ("GET", "/imports/{}", None, "batch_id"),
    ("GET", "/imports/{}/report", None, "batch_id"),
    ("GET", "/screenings/{}", None, "run_id"),
    ("POST", "/matching/reviews/{}/decision", {"decision": "reject"}, "review_id"),
    ("POST", "/matching/links/{}/undo", {"reason": "different person"}, "link_id"),
]


@pytest.mark.parametrize(("method", "url", "body", "field"), ID_ROUTES)
@pytest.mark.parametrize("number", [2**63, 10**30, 0, -1])
def test_an_id_no_record_can_have_is_a_422_naming_it(
    client: TestClient, method: str, url: str, body: Any, field: str, number: int
) -> None:
    response = client.request(method, url.format(number), json=body)
    detail = refused(response, field)
    assert detail.startswith(f"‘{field}’ must be")


@pytest.mark.parametrize(("method", "url", "body", "field"), ID_ROUTES)
def test_the_largest_possible_id_is_simply_not_found(
    client: TestClient, method: str, url: str, body: Any, field: str
) -> None:
    response = client.request(method, url.format(BIGGEST), json=body)
    assert response.status_code == 404, response.text


# Dates.


@pytest.mark.parametrize("as_of", ["31/12/9999", "9999-12-31", "01/01/1899", "01/01/0999"])
@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("GET", f"/rulesets/{SF}/compare/{SF}?as_of={{}}"),
        ("POST", "/screenings"),
        ("GET", "/households/H1/explanation?as_of={}"),
    ],
)
def test_a_date_outside_1900_to_2100_is_refused(
    client: TestClient, container: Container, method: str, url: str, as_of: str
) -> None:
    body = {"ruleset": SF, "as_of": as_of} if method == "POST" else None
    response = client.request(method, url.format(as_of), json=body)
    assert refused(response, "as_of") == "‘as_of’ must be a date from 01/01/1900 to 31/12/2100."
    assert count(container, "screening_runs") == 0


def test_a_date_before_the_rule_set_began_names_the_field_with_a_four_digit_year(
    client: TestClient,
) -> None:
    response = client.get(f"/rulesets/{SF}/compare/{SF}?as_of=01/01/1900")
    assert "01/01/1900 is before" in refused(response, "as_of")


def test_an_unreadable_date_is_echoed_only_in_part(client: TestClient) -> None:
    detail = refused(client.post("/screenings", json={"as_of": "y" * 10_000}), "as_of")
    assert len(detail) < 150


def test_a_screening_cannot_be_dated_after_today(client: TestClient, container: Container) -> None:
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    response = client.post("/screenings", json={"as_of": f"{tomorrow:%d/%m/%Y}"})
    detail = refused(response, "as_of")
    assert f"after today ({dt.date.today():%d/%m/%Y})" in detail and "compare" in detail
    assert count(container, "screening_runs") == 0
    assert (
        client.post("/screenings", json={"as_of": f"{dt.date.today():%d/%m/%Y}"}).status_code == 201
    )


# Rule sets named in a request.


def test_an_unknown_rule_set_in_the_body_or_query_names_the_field(
    client: TestClient, container: Container
) -> None:
    detail = refused(client.post("/screenings", json={"ruleset": "tf-2099"}), "ruleset")
    assert "There is no rule set called ‘tf-2099’" in detail
    refused(client.get("/households/H1/explanation?ruleset=tf-2099"), "ruleset")
    refused(client.post("/screenings", json={"ruleset": "r" * 5_000}), "ruleset")
    assert count(container, "screening_runs") == 0
    # In the path, an unknown rule set is a page that does not exist.
    assert client.get("/rulesets/tf-2099").status_code == 404
    assert client.get(f"/rulesets/tf-2099/compare/{SF}").status_code == 404


# Who is asking.


def test_a_staff_ref_header_is_not_a_sign_in(
    settings: Settings, container: Container, migrated_engine
) -> None:
    with TestClient(create_app(settings)) as bare:
        response = bare.post(
            "/imports",
            data={"kind": "people"},
            files={"file": ("people.csv", CSV)},
            headers={"X-Staff-Ref": "ADM001"},
        )
    assert response.status_code == 401
    assert response.json()["code"] == "not_signed_in"
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="tfe"'
    assert nothing_recorded(container, settings)


@pytest.mark.parametrize("token", ["t" * 101, "<script>", "tfe_not-a-real-token", "a\tb"])
def test_an_unknown_or_odd_token_is_refused_before_anything_is_stored(
    client: TestClient, container: Container, settings: Settings, token: str
) -> None:
    response = client.post(
        "/imports",
        data={"kind": "people"},
        files={"file": ("people.csv", CSV)},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert (response.status_code, response.json()["code"]) == (401, "token_refused")
    assert nothing_recorded(container, settings)


def test_the_signed_in_account_is_recorded(client: TestClient, container: Container) -> None:
    response = client.post(
        "/imports",
        data={"kind": "people"},
        files={"file": ("people.csv", CSV)},
        headers=signed_in(container, "mary.o'brien-smith@council.gov.uk", "data_officer"),
    )
    assert response.status_code == 202, response.text
    [upload] = pending_uploads(uow=container.uow())
    assert upload.submitted_by == "mary.o'brien-smith@council.gov.uk"


# Uploads.


@pytest.mark.parametrize(
    ("data", "name", "field"),
    [
        ({"kind": "people", "source": "s" * 101}, "people.csv", "source"),
        ({"kind": "people", "source": "Police\x00"}, "people.csv", "source"),
        ({"kind": "k" * 100_000}, "people.csv", "kind"),
        ({"kind": "people\x00"}, "people.csv", "kind"),
        ({"kind": "people"}, "p" * 300 + ".csv", "file"),
    ],
)
def test_a_form_field_too_long_or_holding_control_characters_is_refused(
    client: TestClient,
    container: Container,
    settings: Settings,
    data: dict[str, str],
    name: str,
    field: str,
) -> None:
    response = client.post("/imports", data=data, files={"file": (name, CSV)})
    assert len(refused(response, field)) < 200
    assert nothing_recorded(container, settings)


def test_a_nul_in_the_file_name_is_refused(
    client: TestClient, container: Container, settings: Settings
) -> None:
    body = (
        b"--xyz\r\n"
        b'Content-Disposition: form-data; name="kind"\r\n\r\npeople\r\n'
        b"--xyz\r\n"
        b'Content-Disposition: form-data; name="file"; filename="peo\x00ple.csv"\r\n'
        b"Content-Type: text/csv\r\n\r\n" + CSV + b"\r\n--xyz--\r\n"
    )
    response = client.post(
        "/imports", content=body, headers={"content-type": "multipart/form-data; boundary=xyz"}
    )
    refused(response, "file")
    assert nothing_recorded(container, settings)


def test_a_file_name_is_kept_in_the_batch_but_the_file_is_stored_as_upload(
    client: TestClient, container: Container
) -> None:
    name = "Police incidents " + "x" * 230 + ".CSV"
    response = client.post("/imports", data={"kind": "people"}, files={"file": (name, CSV)})
    assert response.status_code == 202, response.text
    [upload] = pending_uploads(uow=container.uow())
    stored = Path(upload.stored_path)
    assert stored.read_bytes() == CSV and stored.name == "upload.csv"
    status = client.get(f"/imports/{upload.batch_id}").json()
    assert status["file_name"] == name


def test_text_named_xlsx_is_refused_as_not_a_workbook(
    client: TestClient, container: Container, settings: Settings
) -> None:
    response = client.post(
        "/imports", data={"kind": "people"}, files={"file": ("people.xlsx", CSV)}
    )
    assert "‘people.xlsx’ is not an Excel workbook" in refused(response, "file")
    assert nothing_recorded(container, settings)


def test_two_files_in_one_upload_are_refused(
    client: TestClient, container: Container, settings: Settings
) -> None:
    response = client.post(
        "/imports",
        data={"kind": "people"},
        files=[("file", ("a.csv", CSV)), ("file", ("b.csv", CSV))],
    )
    assert refused(response, "file") == "Upload one file at a time."
    assert nothing_recorded(container, settings)


def test_an_upload_that_cannot_be_recorded_leaves_no_file_behind(
    client: TestClient, container: Container, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(**_kwargs: Any) -> int:
        raise RuntimeError("the database went away")

    monkeypatch.setattr("api.routers.imports.record_upload", fail)
    response = client.post("/imports", data={"kind": "people"}, files={"file": ("p.csv", CSV)})
    assert response.status_code == 500
    assert nothing_recorded(container, settings)


# Household references, lists and reasons.


@pytest.mark.parametrize("ref", ["H%001", "H" * 41, "H%0A1"])
@pytest.mark.parametrize("route", ["links", "explanation"])
def test_a_household_ref_too_long_or_holding_control_characters_is_refused(
    client: TestClient, ref: str, route: str
) -> None:
    refused(client.get(f"/households/{ref}/{route}"), "household_ref")


@pytest.mark.parametrize("url", ["/imports", "/matching/reviews"])
@pytest.mark.parametrize("limit", ["-5", "0", "501", str(10**20)])
def test_a_limit_outside_1_to_500_is_refused(client: TestClient, url: str, limit: str) -> None:
    assert refused(client.get(f"{url}?limit={limit}"), "limit").startswith("‘limit’ must be")


def test_the_review_queue_is_listed_up_to_its_limit(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[int | None] = []

    def queue(*, uow: object, actor: object, limit: int | None = None) -> list[Any]:
        asked.append(limit)
        return []

    monkeypatch.setattr("api.routers.matching.review_queue_of", queue)
    assert client.get("/matching/reviews").status_code == 200
    assert client.get("/matching/reviews?limit=500").status_code == 200
    assert asked == [100, 500]


@pytest.mark.parametrize(
    ("url", "body"),
    [
        ("/matching/links/1/undo", {"reason": "     "}),
        ("/matching/links/1/undo", {"reason": " a "}),
        ("/matching/links/1/undo", {"reason": "wrong\x00person"}),
        ("/matching/reviews/1/decision", {"decision": "accept", "reason": "same\x00dob"}),
    ],
)
def test_a_blank_reason_or_one_holding_control_characters_is_refused(
    client: TestClient, url: str, body: dict[str, str]
) -> None:
    refused(client.post(url, json=body), "reason")
