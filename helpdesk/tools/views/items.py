"""Screen of the tool that moves items between expedients."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..forms import ExpedientPickForm, ItemsMoveForm
from ..services import items_check, items_move
from .base import PickView
from .expedients import ExpedientToolView, item_words

MOVE_TITLE = gettext_lazy("Move items between expedients")


class ItemsMovePickView(PickView):
    page_title = MOVE_TITLE
    form_class = ExpedientPickForm
    tool_url_name = "items_move"
    intro = gettext_lazy("Choose the expedient the items are in now.")


class ItemsMoveView(ExpedientToolView):
    page_title = MOVE_TITLE
    form_class = ItemsMoveForm
    intro = gettext_lazy(
        "Items that belong together move together: a tràmit with its actuació "
        "and resource, a resource with its granting actuació, a demand with its "
        "actuació. Everyone they name must be linked to the other expedient."
    )

    def preview(self, form) -> list[str]:
        target = form.cleaned_data["target"]
        ids = items_check(
            source=self.object,
            target=target,
            chosen=form.chosen(),
            acting_user=self.request.user,
        )
        counts = {kind: len(pks) for kind, pks in ids.items()}
        return [
            _("From expedient %(source)s to expedient %(target)s: %(items)s.")
            % {
                "source": self.object.number,
                "target": target.number,
                "items": item_words(counts),
            }
        ]

    def act(self, form) -> str:
        target = form.cleaned_data["target"]
        counts = items_move(
            source=self.object,
            target=target,
            chosen=form.chosen(),
            acting_user=self.request.user,
        )
        return _("Moved to expedient %(target)s: %(items)s.") % {
            "target": target.number,
            "items": item_words(counts),
        }
