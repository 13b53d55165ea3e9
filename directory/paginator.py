"""A paginator that stops counting: the search desk's result pages.

Counting every "Martínez" at 1,000,000 persons takes about 110 ms, more than the
search itself, and nobody pages through 900 pages of them. The desk counts at
most `cap` + 1 rows, says "more than 1,000", and each page link a professional
follows moves the cap along, so "Next" always works.
"""

import math

from django.core.paginator import Page
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from wagtail.admin.paginator import WagtailPaginator

from .search import capped_count

# Pages beyond the requested one that stay reachable without another count.
LOOKAHEAD_PAGES = 10
# No page is asked for beyond this one (a million records at 25 a page): a
# number typed into the address bar such as ?p=999999999999999999999 made a
# LIMIT no database holds (a 500); it now opens the last page, as any page past
# the end does.
MAX_PAGE = 40_000


class CappedPaginator(WagtailPaginator):
    cap = 1000

    def cap_for(self, page_number) -> int:
        """Return the cap that keeps `page_number` and a few more pages counted."""
        try:
            number = min(max(1, int(page_number)), MAX_PAGE)
        except (TypeError, ValueError):
            number = 1
        return max(self.cap, (number + LOOKAHEAD_PAGES) * self.per_page)

    def get_page(self, number) -> Page:
        self.cap = self.cap_for(number)
        return super().get_page(number)

    @cached_property
    def count(self) -> int:
        # Bounded work however common the name (see capped_count), and no
        # ranking or per-row annotations to compute.
        return capped_count(self.object_list, self.cap + 1)

    @property
    def is_capped(self) -> bool:
        return self.count > self.cap

    @cached_property
    def num_pages(self) -> int:
        if self.is_capped:  # the pages up to the cap, and one to go on with
            return math.ceil(self.cap / self.per_page) + 1
        return super().num_pages

    @property
    def cap_label(self) -> str:
        return number_format(self.cap, force_grouping=True)

    @property
    def pages_label(self) -> str:
        """The number of pages, or "more than 40" when the count stopped at the cap."""
        if self.is_capped:
            return _("more than %(pages)s") % {
                "pages": number_format(self.num_pages - 1, force_grouping=True)
            }
        return number_format(self.num_pages, force_grouping=True)

    @cached_property
    def items_count_label(self) -> str:
        if self.is_capped:
            return _("more than %(count)s %(items)s") % {
                "count": self.cap_label,
                "items": self.verbose_name_plural,
            }
        return super().items_count_label

    def get_elided_page_range(self, page_number):
        """Wagtail's range, without a last page number that is not the last."""
        pages = list(super().get_elided_page_range(page_number))
        if self.is_capped and pages and pages[-1] == self.num_pages:
            pages[-1] = self.ELLIPSIS
            while len(pages) > 1 and pages[-2] == self.ELLIPSIS:
                pages.pop(-2)
        return pages
