"""Rule files built to crash or stall the checker are refused quickly, with a plain reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from eligibility import RulesInvalid, check_file, load_catalogue


def refused(path: Path) -> RulesInvalid:
    with pytest.raises(RulesInvalid) as caught:
        check_file(path, load_catalogue())
    return caught.value


def test_fifty_thousand_nested_brackets_are_refused_not_a_recursion_error(tmp_path: Path) -> None:
    path = tmp_path / "deep.toml"
    path.write_text("x = " + "[" * 50_000 + "]" * 50_000 + "\n")
    error = refused(path)
    assert [p.message for p in error.problems] == [
        "nests lists or tables 50000 deep: a rule file goes at most 16"
    ]
    assert error.problems[0].line == 1


def test_brackets_inside_strings_and_comments_do_not_count(tmp_path: Path) -> None:
    path = tmp_path / "strings.toml"
    path.write_text(
        'id = "[[[[[[[[[[[[[[[[[[[[[["  # [[[[[[[[[[[[[[[[[[[[[[[[\n'
        "text = '''{{{{{{{{{{{{{{{{{{{{{{{{{{'''\n"
    )
    error = refused(path)
    assert not any("nests" in p.message for p in error.problems)


def test_sixty_thousand_keys_are_refused_at_once(tmp_path: Path) -> None:
    path = tmp_path / "wide.toml"
    path.write_text("".join(f"key{n} = {n}\n" for n in range(60_000)))
    assert [p.message for p in refused(path).problems] == [
        "is 997,780 bytes: a rule file is at most 256 KB"
    ]
    path.write_text("".join(f"k{n}=1\n" for n in range(20_000)))  # small enough to read
    assert [p.message for p in refused(path).problems] == [
        "has 20,000 settings: a rule file has at most 5,000"
    ]


def test_a_file_over_256_kb_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    path.write_text("# " + "x" * 300_000 + "\n")
    assert [p.message for p in refused(path).problems] == [
        "is 300,003 bytes: a rule file is at most 256 KB"
    ]


def test_thousands_of_mistakes_list_fifty_and_count_the_rest(tmp_path: Path) -> None:
    lines = ['id = "tf-x"', "version = 1", "[parameters]"]
    lines += [f'p{n} = {{ value = 1, description = "d", kind = "nope" }}' for n in range(1_000)]
    path = tmp_path / "mistakes.toml"
    path.write_text("\n".join(lines) + "\n")
    error = refused(path)
    assert len(error.problems) == RulesInvalid.SHOWN + 1
    assert error.problems[-1].message.startswith("and ") and "more problems" in error.detail


def test_the_api_refuses_hostile_rule_files_with_problems_not_server_errors(
    tmp_path: Path,
) -> None:
    from fastapi.testclient import TestClient

    from api.app import create_app
    from tests.support import signed_in
    from workflow.bootstrap import build
    from workflow.db.migrate import upgrade
    from workflow.settings import Settings

    settings = Settings(data_dir=tmp_path / "data", database_url=f"sqlite:///{tmp_path}/t.db")
    container = build(settings)
    upgrade(container.engine)
    auth = signed_in(container, "S1", "data_officer")
    container.close()
    deep = b"x = " + b"[" * 50_000 + b"]" * 50_000 + b"\n"
    wide = b"".join(f"k{n}=1\n".encode() for n in range(20_000))
    with TestClient(create_app(settings)) as client:
        client.headers.update(auth)
        for content, message in (
            (deep, "nests lists or tables 50000 deep"),
            (wide, "has 20,000 settings"),
        ):
            answer = client.post("/rulesets/check", files={"file": ("x.toml", content)})
            assert answer.status_code == 422
            assert message in answer.json()["problems"][0]["message"]
        big = client.post("/rulesets/check", files={"file": ("x.toml", b"#" * 300_000)})
        assert (big.status_code, big.json()["code"]) == (413, "too_large")
