"""Reading owners, due dates and damaged meeting dates out of a record's own words."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.register.fields import due_date, find_due, find_owner, fuzzy_date


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        (
            "Democratic Services to organise a private meeting before the end of 2015.",
            "Democratic Services",
        ),
        (
            "The Head of Commissioning to share the survey results with Members.",
            "Head of Commissioning",
        ),
        (
            "That there is liaison [To be taken forward by the Scrutiny Board Chairman].",
            "Scrutiny Board Chairman",
        ),
        (
            "DELEGATE authority to the Director of Public Health, in consultation with the Leader",
            "Director of Public Health",
        ),
        (
            "Delegates to the Monitoring Officer to make the necessary changes.",
            "Monitoring Officer",
        ),
        ("RESOLVED to ask the General Counsel to: review agenda protocols.", "General Counsel"),
        ("Continue to implement the new cycle of monthly audits.", None),
        ("Recruitment to STR posts (current)", None),
        ("An item on Transforming Care to be presented to the Board in 2016.", None),
        ("That the QA Team provide a report to the Board in six months.", "QA Team"),
        ("That the Head of Parks reports the responses by March 2025.", "Head of Parks"),
        ("Request that the Leader writes to the Prime Minister.", "Leader"),
        (
            "Delegate to the Monitoring Officer the submission of the response.",
            "Monitoring Officer",
        ),
        ("Notes the update on the review of libraries.", None),
        ("That the Board note the update.", None),
    ],
)
def test_owner(text, owner):
    assert find_owner(text) == owner, text


@pytest.mark.parametrize(
    ("text", "made", "due"),
    [
        (
            "That the Director reports back on the campaign by 30 September 2024.",
            None,
            "by 30 September 2024",
        ),
        ("Draft operational procedures to be circulated (February 2016)", None, "February 2016"),
        ("That the QA Team provide a report in six months.", None, "in six months"),
        ("An item to be presented to the Scrutiny Board in 2016.", None, "in 2016"),
        ("Note that this will commit Kent to elections in May 2026.", None, None),
        ("The 10-year programme over the years from 2025-26 to 2034-35.", None, None),
        ("As agreed by Cabinet in October 2023, APPROVE the proposal.", date(2025, 3, 13), None),
    ],
)
def test_due(text, made, due):
    assert find_due(text, made) == due, text


def test_due_dates_compare_with_meetings():
    assert due_date("May 2016") == date(2016, 5, 1), "a progress check month counts from its start"
    assert due_date("before the end of 2015") == date(2015, 12, 31)
    assert due_date("in six months", date(2016, 1, 25)) == date(2016, 7, 1)
    assert due_date("in six months") is None, "a relative time needs the meeting it counts from"


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("30 Opctober 2015 7", date(2015, 10, 30)),
        ("27 Geovember 2014 8", date(2014, 11, 27)),
        ("7 S eptember 2015", date(2015, 9, 7)),
        ("P 60 April 2015 064", None),
    ],
)
def test_damaged_tracker_dates(text, day):
    assert fuzzy_date(text) == day, text
