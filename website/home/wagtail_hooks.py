"""The admin's main menu as Llar's users need it."""

from wagtail import hooks

# Wagtail's own "Search" item searches the site's pages. Beside Llar's search
# desk ("Cercador", where finding a person starts) two search items confuse;
# those who edit pages search them from the page explorer.
WAGTAIL_PAGE_SEARCH = "search"


@hooks.register("construct_main_menu")
def hide_wagtail_page_search(request, menu_items):
    menu_items[:] = [item for item in menu_items if item.name != WAGTAIL_PAGE_SEARCH]
