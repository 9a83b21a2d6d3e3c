"""Staff lists count only up to a cap and page on past it (issue 13: no full-table count per view)."""

import pytest

from accounts.models import User
from skema_lsp.paging import BoundedPaginator

pytestmark = pytest.mark.django_db


@pytest.fixture
def users():
    return [User.objects.create(username=f"u{i}") for i in range(7)]


def test_below_the_cap_it_is_a_plain_paginator(users):
    paginator = BoundedPaginator(User.objects.order_by("pk"), 3, cap=100)
    assert (paginator.count, paginator.capped, paginator.num_pages, paginator.count_label) == (7, False, 3, "7")
    last = paginator.get_page(3)
    assert [u.username for u in last] == ["u6"] and not last.has_next()


def test_above_the_cap_it_says_more_than_and_pages_on_while_pages_are_full(users):
    paginator = BoundedPaginator(User.objects.order_by("pk"), 3, cap=4)
    assert paginator.capped and paginator.count_label == "lebih dari 4"
    second = paginator.get_page(2)
    assert [u.username for u in second] == ["u3", "u4", "u5"] and second.has_next()
    third = paginator.get_page(3)  # past what the capped count alone would allow
    assert [u.username for u in third] == ["u6"] and not third.has_next() and third.has_previous()
    assert [u.username for u in paginator.get_page("x")] == ["u0", "u1", "u2"]


def test_the_count_stops_at_the_cap(users, django_assert_num_queries):
    paginator = BoundedPaginator(User.objects.order_by("-pk"), 3, cap=4)
    with django_assert_num_queries(1) as captured:
        assert paginator.count == 5
    sql = captured.captured_queries[0]["sql"]
    assert "LIMIT 5" in sql and "ORDER BY" not in sql


def test_a_given_count_is_shown_without_counting_and_pages_follow_the_rows(users, django_assert_num_queries):
    paginator = BoundedPaginator(User.objects.order_by("pk"), 3, count=5)  # a figure a little old: 7 rows now
    with django_assert_num_queries(1):  # the page's rows, no count
        first = paginator.get_page(1)
    assert paginator.count_label == "5" and [u.username for u in first] == ["u0", "u1", "u2"]
    second = paginator.get_page(2)
    assert [u.username for u in second] == ["u3", "u4", "u5"] and second.has_next()  # not cut at 5
    third = paginator.get_page(3)
    assert [u.username for u in third] == ["u6"] and not third.has_next()
