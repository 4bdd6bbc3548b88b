"""Domain facts the importer and screening rely on."""

from __future__ import annotations

import pandas as pd

from tests.generator.helpers import Generated


def _by_header(borough: Generated, kind: str, *spellings: str) -> pd.Series:
    sheet = borough.sheet(kind).iloc[borough.header_row(kind) :].dropna(how="all")
    headers = borough.headers(kind)
    index = next(i for i, h in enumerate(headers) if h in spellings)
    truth = borough.truth(f"rows_{kind}").set_index(truth_index := "row")
    del truth_index
    values = sheet[index]
    values.index = [i + 1 for i in sheet.index]
    return values.loc[truth.index.astype(int)]


def test_victim_and_perpetrator_of_one_incident_are_different_people(borough: Generated) -> None:
    truth = borough.truth("rows_domestic_abuse")
    role = _by_header(borough, "domestic_abuse", "role", "Role").astype(str).str.strip().str.lower()
    truth = truth.assign(role=role.to_numpy())
    incidents = 0
    for _, rows in truth.groupby("event_ref"):
        victims = set(rows.loc[rows["role"] == "victim", "person_ref"])
        abusers = set(rows.loc[rows["role"] == "perpetrator", "person_ref"])
        assert len(victims) == 1 and len(abusers) == 1
        assert victims.isdisjoint(abusers)
        incidents += 1
    assert incidents > 10
    assert (role == "child_in_household").any()


def test_police_incidents_keep_roles_apart(borough: Generated) -> None:
    truth = borough.truth("rows_police_incidents")
    role = (
        _by_header(borough, "police_incidents", "role", "Role", "Involvement")
        .astype(str)
        .str.strip()
        .str.lower()
    )
    assert {"perpetrator", "victim", "witness"} <= set(role)
    truth = truth.assign(role=role.to_numpy())
    for _, rows in truth[truth["role"] != "suspect"].groupby("event_ref"):
        people = rows["person_ref"].tolist()
        assert len(people) == len(set(people)) or "not in register" in people


def test_attendance_covers_three_school_years_for_every_pupil(borough: Generated) -> None:
    year = _by_header(
        borough, "school_attendance", "academic_year", "Academic Year", "Year", "School Year"
    )
    term = (
        _by_header(borough, "school_attendance", "term", "Term").astype(str).str.strip().str.lower()
    )
    assert set(year) == {"2023/24", "2024/25", "2025/26"}
    assert set(term) == {"autumn", "spring", "summer"}
    truth = borough.truth("rows_school_attendance").assign(
        year=year.to_numpy(), term=term.to_numpy()
    )
    people = borough.truth("people").set_index("person_ref")
    dob = pd.to_datetime(people["date_of_birth"])
    age_2023 = (pd.Timestamp("2023-08-31") - dob).dt.days // 365.25
    always = age_2023[(age_2023 >= 5) & (age_2023 <= 12)].index
    valid = truth[truth["deliberately_invalid"] == "N"]  # (invalid rows are spoiled copies)
    terms_each = valid.groupby("person_ref").size()
    assert (terms_each.reindex(always) == 9).all()


def test_sessions_possible_follow_the_english_terms(borough: Generated) -> None:
    possible = _by_header(
        borough, "school_attendance", "sessions_possible", "Sessions Possible", "Possible Sessions"
    ).astype(float)
    term = (
        _by_header(borough, "school_attendance", "term", "Term").astype(str).str.strip().str.lower()
    )
    typical = possible.groupby(term.to_numpy()).median()
    assert 134 <= typical["autumn"] <= 146
    assert 114 <= typical["spring"] <= 126
    assert 124 <= typical["summer"] <= 136


def test_some_pupils_are_persistently_absent(borough: Generated) -> None:
    possible = _by_header(
        borough, "school_attendance", "sessions_possible", "Sessions Possible", "Possible Sessions"
    ).astype(float)
    headers = borough.headers("school_attendance")
    auth = next(
        h
        for h in headers
        if h
        in (
            "sessions_authorised_absence",
            "Authorised Absence",
            "Auth Absence",
            "Sessions Authorised Absence",
        )
    )
    unauth = next(
        h
        for h in headers
        if h
        in (
            "sessions_unauthorised_absence",
            "Unauthorised Absence",
            "Unauth Absence",
            "Sessions Unauthorised Absence",
        )
    )
    absent = _by_header(borough, "school_attendance", auth).astype(float) + _by_header(
        borough, "school_attendance", unauth
    ).astype(float)
    rate = absent / possible
    truth = borough.truth("rows_school_attendance")
    problems = borough.truth("household_problems")
    pupils = set(problems.loc[problems["problem"] == "education", "person_ref"])
    flagged = truth["person_ref"].isin(pupils).to_numpy()
    valid = (truth["deliberately_invalid"] == "N").to_numpy()
    assert (rate[~flagged & valid] < 0.1).all()
    assert (rate[flagged] >= 0.1).mean() > 0.4


def test_every_multi_problem_household_has_a_story(borough: Generated) -> None:
    households = borough.truth("households")
    multi = households[households["multi_problem"] == "Y"]
    assert (multi["story"] != "").all()
    improving = multi[multi["story"] != "no_change"]
    assert (improving["turning_point"] != "").all()
    relapsing = multi[multi["story"] == "improves_then_relapses"]
    assert (relapsing["relapse_date"] > relapsing["turning_point"]).all()


def test_work_with_a_family_begins_two_to_eight_months_before_it_turns(
    borough: Generated,
) -> None:
    households = borough.truth("households")
    multi = households[households["multi_problem"] == "Y"]
    assert (multi["work_began"] != "").all()
    assert (households.loc[households["multi_problem"] == "N", "work_began"] == "").all()
    improving = multi[multi["story"] != "no_change"]
    lead = pd.to_datetime(improving["turning_point"]) - pd.to_datetime(improving["work_began"])
    assert lead.dt.days.between(60, 240).all()


def test_crime_stops_after_the_turning_point_for_families_that_improve(borough: Generated) -> None:
    households = borough.truth("households").set_index("household_ref")
    problems = borough.truth("household_problems")
    crime = problems[
        (problems["problem"] == "crime_asb") & (problems["story"] == "improves_and_sustains")
    ]
    truth = borough.truth("rows_police_incidents")
    date = _by_header(
        borough, "police_incidents", "incident_date", "Incident Date", "Date of Incident"
    )
    when = pd.to_datetime(date.map(_as_day).to_numpy())
    truth = truth.assign(when=when)
    role = (
        _by_header(borough, "police_incidents", "role", "Role", "Involvement")
        .astype(str)
        .str.strip()
        .str.lower()
    )
    truth = truth.assign(role=role.to_numpy())
    before = after = 0
    for _, episode in crime.iterrows():
        turn = pd.Timestamp(households.loc[episode["household_ref"], "turning_point"])
        mine = truth[
            (truth["person_ref"] == episode["person_ref"]) & (truth["role"] == "perpetrator")
        ]
        before += int((mine["when"] < turn - pd.Timedelta(days=40)).sum())
        after += int((mine["when"] > turn + pd.Timedelta(days=40)).sum())
    assert before > 0 and after == 0


def test_adults_move_into_continuous_work(borough: Generated) -> None:
    households = borough.truth("households")
    into_work = households[households["story"] == "adult_into_work"]
    assert len(into_work) > 0
    jobs = borough.truth("rows_employment")
    start = _by_header(borough, "employment", "start_date", "Start Date", "Start", "From").map(
        _as_day
    )
    end = _by_header(borough, "employment", "end_date", "End Date", "End", "To").map(_as_day)
    jobs = jobs.assign(start=pd.to_datetime(start.to_numpy()), end=pd.to_datetime(end.to_numpy()))
    found = 0
    for _, household in into_work.iterrows():
        turn = pd.Timestamp(household["turning_point"])
        mine = jobs[(jobs["household_ref"] == household["household_ref"]) & (jobs["start"] >= turn)]
        mine = mine[mine["start"] <= turn + pd.Timedelta(days=14)]
        lasting = mine["end"].isna() | (mine["end"] - mine["start"] >= pd.Timedelta(weeks=26))
        found += bool(lasting.any())
    assert found == len(into_work)


def _as_day(value: object) -> pd.Timestamp | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, int | float):
        return pd.Timestamp("1899-12-30") + pd.Timedelta(days=int(value))
    if isinstance(value, str):
        return pd.to_datetime(value, dayfirst="/" in value, format="mixed")
    return pd.Timestamp(value)


def _attendance_rates(borough: Generated) -> pd.DataFrame:
    headers = borough.headers("school_attendance")

    def pick(*names: str) -> pd.Series:
        return _by_header(borough, "school_attendance", next(h for h in headers if h in names))

    possible = pick("sessions_possible", "Sessions Possible", "Possible Sessions").astype(float)
    auth = pick(
        "sessions_authorised_absence",
        "Authorised Absence",
        "Auth Absence",
        "Sessions Authorised Absence",
    )
    unauth = pick(
        "sessions_unauthorised_absence",
        "Unauthorised Absence",
        "Unauth Absence",
        "Sessions Unauthorised Absence",
    )
    year = pick("academic_year", "Academic Year", "Year", "School Year").astype(str)
    term = pick("term", "Term").astype(str).str.strip().str.lower()
    middle = {"autumn": "-10-15", "spring": "-02-15", "summer": "-06-01"}
    first = year.str[:4].astype(int)
    calendar = (first + (term != "autumn").astype(int)).astype(str)
    truth = borough.truth("rows_school_attendance")
    return truth.assign(
        rate=((auth.astype(float) + unauth.astype(float)) / possible).to_numpy(),
        when=pd.to_datetime((calendar + term.map(middle)).to_numpy()),
    )


def test_attendance_follows_the_story(borough: Generated) -> None:
    rates = _attendance_rates(borough)
    rates = rates[rates["deliberately_invalid"] == "N"]
    households = borough.truth("households").set_index("household_ref")
    problems = borough.truth("household_problems")
    pupils = problems[(problems["problem"] == "education") & (problems["period"] == "1")]
    seen = {"improves_and_sustains": [], "improves_then_relapses": []}
    for _, pupil in pupils[pupils["story"].isin(seen)].iterrows():
        household = households.loc[pupil["household_ref"]]
        turn = pd.Timestamp(household["turning_point"])
        mine = rates[rates["person_ref"] == pupil["person_ref"]]
        before = mine.loc[mine["when"] < turn - pd.Timedelta(days=60), "rate"]
        after = mine.loc[mine["when"] > turn + pd.Timedelta(days=60), "rate"]
        if pupil["story"] == "improves_then_relapses":
            relapse = pd.Timestamp(household["relapse_date"])
            after = after[mine["when"] < relapse - pd.Timedelta(days=120)]  # whole terms before it
        if len(before) and len(after):
            seen[pupil["story"]].append((before.mean(), after.mean()))
    assert seen["improves_and_sustains"]
    for pairs in seen.values():
        assert all(after < 0.1 <= before for before, after in pairs)


def test_relapsing_families_offend_again_after_the_relapse(borough: Generated) -> None:
    households = borough.truth("households").set_index("household_ref")
    problems = borough.truth("household_problems")
    second = problems[(problems["problem"] == "crime_asb") & (problems["period"] == "2")]
    assert len(second) > 0
    truth = borough.truth("rows_police_incidents")
    date = _by_header(
        borough, "police_incidents", "incident_date", "Incident Date", "Date of Incident"
    )
    truth = truth.assign(when=pd.to_datetime(date.map(_as_day).to_numpy()))
    again = 0
    for _, episode in second.iterrows():
        relapse = pd.Timestamp(households.loc[episode["household_ref"], "relapse_date"])
        mine = truth[truth["person_ref"] == episode["person_ref"]]
        again += int((mine["when"] >= relapse).sum())
    assert again > 0
