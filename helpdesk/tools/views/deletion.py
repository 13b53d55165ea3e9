"""Screens of the tools that delete items of an expedient and restore them."""

from functools import partial

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework.tabs import expedient_url

from ..forms import ExpedientPickForm, ItemsDeleteForm, ItemsRestoreForm
from ..services import (
    deleted_items,
    item_lines,
    items_delete,
    items_delete_check,
    items_restore,
    items_restore_check,
    live_items,
)
from .base import PickView
from .expedients import ExpedientToolView, item_words

DELETE_TITLE = gettext_lazy("Delete items")
RESTORE_TITLE = gettext_lazy("Restore deleted items")


class ItemsToolView(ExpedientToolView):
    """Back to the expedient once done; a `?<kind>=<pk>` link preselects items."""

    def get_initial(self):
        return {
            kind: self.request.GET.getlist(kind)
            for kind in ItemsDeleteForm.KINDS
            if kind in self.request.GET
        }

    def get_success_url(self):
        return expedient_url(self.object.pk)


class ItemsDeletePickView(PickView):
    page_title = DELETE_TITLE
    form_class = ExpedientPickForm
    tool_url_name = "items_delete"
    intro = gettext_lazy("Choose the expedient the items are in.")


class ItemsDeleteView(ItemsToolView):
    page_title = DELETE_TITLE
    form_class = ItemsDeleteForm
    submit_label = gettext_lazy("Preview what will be deleted")
    intro = gettext_lazy(
        "Deleted items disappear from the expedient, its listings, counts and "
        'alerts, and can be restored with the tool "Restore deleted items". '
        "Items that belong together are deleted together: a tràmit with its "
        "actuació and resource, a resource with its granting actuació, a demand "
        "with its actuació."
    )

    def preview(self, form) -> list[str]:
        ids = items_delete_check(
            expedient=self.object,
            chosen=form.chosen(),
            acting_user=self.request.user,
        )
        counts = {kind: len(pks) for kind, pks in ids.items()}
        return [
            _("Deleted from expedient %(number)s: %(items)s.")
            % {"number": self.object.number, "items": item_words(counts)},
            *item_lines(partial(live_items, self.object), ids),
            _("Reason: %(reason)s") % {"reason": form.cleaned_data["reason"]},
        ]

    def act(self, form) -> str:
        counts = items_delete(
            expedient=self.object,
            chosen=form.chosen(),
            reason=form.cleaned_data["reason"],
            acting_user=self.request.user,
        )
        return _("Deleted: %(items)s. They can be restored.") % {
            "items": item_words(counts)
        }


class ItemsRestorePickView(PickView):
    page_title = RESTORE_TITLE
    form_class = ExpedientPickForm
    tool_url_name = "items_restore"
    intro = gettext_lazy("Choose the expedient the items were deleted from.")


class ItemsRestoreView(ItemsToolView):
    page_title = RESTORE_TITLE
    form_class = ItemsRestoreForm
    submit_label = gettext_lazy("Preview what will be restored")
    intro = gettext_lazy(
        "The expedient's deleted items: when, by whom and why. Items deleted "
        "together are restored together; everyone they name must still be linked "
        "to the expedient."
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        if not form.is_bound and not any(
            deleted_items(self.object, kind).exists() for kind in form.KINDS
        ):
            context["intro"] = _("Nothing has been deleted from this expedient.")
        return context

    def preview(self, form) -> list[str]:
        ids = items_restore_check(
            expedient=self.object,
            chosen=form.chosen(),
            acting_user=self.request.user,
        )
        counts = {kind: len(pks) for kind, pks in ids.items()}
        return [
            _("Restored to expedient %(number)s: %(items)s.")
            % {"number": self.object.number, "items": item_words(counts)},
            *item_lines(partial(deleted_items, self.object), ids),
        ]

    def act(self, form) -> str:
        counts = items_restore(
            expedient=self.object,
            chosen=form.chosen(),
            acting_user=self.request.user,
        )
        return _("Restored: %(items)s.") % {"items": item_words(counts)}
