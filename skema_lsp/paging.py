"""Pagination for staff lists that grow with every certificate: the total is counted only up to a
cap (a LIMITed count stops early instead of scanning 100k rows on every view), beyond which the list
says "lebih dari 1.000" and pages on for as long as pages are full."""

from functools import cached_property

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.utils.formats import number_format

COUNT_CAP = 1000


class BoundedPage(Page):
    def __init__(self, object_list, number, paginator, *, more: bool):
        super().__init__(object_list, number, paginator)
        self.more = more

    def has_next(self) -> bool:
        return self.more


class BoundedPaginator(Paginator):
    def __init__(self, object_list, per_page: int, *, cap: int = COUNT_CAP, count: int | None = None):
        """`count`: the number of rows when the caller already knows it (a figure kept in the cache),
        so the list does not count again."""
        super().__init__(object_list, per_page)
        self.cap = cap
        self.live_paging = count is not None  # a given count may be a little old: page by the rows
        if count is not None:
            self.__dict__["count"] = count  # fills the cached_property below

    @cached_property
    def count(self) -> int:
        """The number of rows, or cap + 1 when there are more than `cap` (any cap + 1 rows will do,
        so without the list's ordering: no sort of the whole table before the limit)."""
        return self.object_list.order_by().values("pk")[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.cap

    @property
    def count_label(self) -> str:
        if self.capped:
            return f"lebih dari {number_format(self.cap, force_grouping=True)}"
        return number_format(self.count, force_grouping=True)

    def validate_number(self, number) -> int:
        if not self.capped and not self.live_paging:
            return super().validate_number(number)
        try:
            number = int(number)
        except (TypeError, ValueError) as exc:
            raise PageNotAnInteger("Nomor halaman bukan bilangan bulat.") from exc
        if number < 1:
            raise EmptyPage("Nomor halaman kurang dari 1.")
        return number

    def page(self, number) -> Page:
        number = self.validate_number(number)
        if not self.capped and not self.live_paging:
            return super().page(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom: bottom + self.per_page + 1])
        if not rows and number > 1:
            raise EmptyPage("Halaman ini tidak berisi data.")
        return BoundedPage(rows[: self.per_page], number, self, more=len(rows) > self.per_page)
