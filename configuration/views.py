"""Admin screens of the configuration app that are not CRUD: the catalogue import.

Upload a CSV or XLSX file -> preview (a dry run: what would be created, updated
or left unchanged, and every row's errors) -> confirm, which imports it for real,
all or nothing. Between the two steps the upload waits in import-export's
temporary storage and the confirm form carries its name signed, as Wagtail's
redirect importer does. Reached from the Import button of each catalogue listing.
"""

import os

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from import_export.tmp_storages import TempFolderStorage
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .imports import (
    FORMATS,
    IMPORTS_BY_KEY,
    UnreadableFile,
    catalogue_import,
    read_dataset,
)
from .imports.files import MAX_IMPORT_BYTES
from .permissions import (
    ReferencePermissionPolicy,
    allows_shared_entries,
    import_area,
    user_can_import,
)
from .scope import policy_for

SIGNING_SALT = "configuration.catalogue-import"
TOKEN_MAX_AGE = 60 * 60  # seconds between the preview and the confirmation
PREVIEW_ROWS = 200


class ImportFileForm(forms.Form):
    import_file = forms.FileField(
        label=gettext_lazy("File"), help_text=gettext_lazy("CSV or XLSX, up to 5 MB.")
    )

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if file_format(upload.name) not in FORMATS:
            raise forms.ValidationError(_("Upload a CSV or XLSX file."))
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


def file_format(filename: str) -> str:
    return os.path.splitext(filename)[1].lstrip(".").lower()


def who_may_import(model, user) -> str:
    """Say who imports this catalogue and where the rows go (issue 17.5)."""
    if isinstance(policy_for(model), ReferencePermissionPolicy):
        return _(
            "Only the support desk (a superuser) imports this table: it is shared "
            "by every area."
        )
    if not allows_shared_entries(model):
        return _(
            "Coordinators and administrators import their own area's entries; "
            "nobody else's area is touched."
        )
    if import_area(user, model) is None:
        return _(
            "You import the shared entries, which every area sees. Coordinators and "
            "administrators import only their own area's entries."
        )
    return _(
        "You import your own area's entries. Rows whose code is a shared entry are "
        "left alone: only the support desk (a superuser) changes shared entries."
    )


class CatalogueImportBaseView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "configuration/catalogue_import.html"
    header_icon = "upload"
    http_method_names = ["get", "post"]

    def dispatch(self, request, *args, **kwargs):
        self.spec = IMPORTS_BY_KEY.get(kwargs["catalogue"])
        if self.spec is None:
            raise Http404
        if not user_can_import(request.user, self.spec.model):
            if request.method == "GET" and self._may_view(request.user):
                # Say who imports it rather than send the reader away unanswered.
                return self.render_to_response(self.get_context_data(refused=True))
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def _may_view(self, user) -> bool:
        return policy_for(self.spec.model).user_has_permission(user, "view")

    @property
    def listing_url(self) -> str:
        return reverse(f"{self.spec.model._meta.model_name}:index")

    def get_page_title(self):
        return _("Import %(catalogue)s") % {"catalogue": self.spec.label}

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {"url": self.listing_url, "label": capfirst(self.spec.label)},
            {"url": "", "label": _("Import")},
        ]

    def get_context_data(self, **kwargs):
        resource_class = self.spec.resource_class
        return super().get_context_data(
            spec=self.spec,
            listing_url=self.listing_url,
            who_may_import=who_may_import(self.spec.model, self.request.user),
            required_columns=resource_class.required_columns,
            optional_columns=[
                column
                for column in dict.fromkeys(
                    f.column_name for f in resource_class.fields.values()
                )
                if column not in resource_class.required_columns
            ],
            **kwargs,
        )

    def run(self, content: bytes, fmt: str, *, dry_run: bool):
        raw = read_dataset(content, file_format=fmt)
        area = import_area(self.request.user, self.spec.model)
        return catalogue_import(spec=self.spec, raw=raw, area=area, dry_run=dry_run)


class CatalogueImportView(CatalogueImportBaseView):
    """Step 1: the upload form; posting a file shows the dry run's preview."""

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=ImportFileForm()))

    def post(self, request, *args, **kwargs):
        form = ImportFileForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload = form.cleaned_data["import_file"]
        content, fmt = upload.read(), file_format(upload.name)
        try:
            outcome = self.run(content, fmt, dry_run=True)
        except UnreadableFile as error:
            form.add_error("import_file", str(error))
            return self.render_to_response(self.get_context_data(form=form))
        token = self._keep(content, fmt, upload.name) if outcome.ok else ""
        changed = [row for row in outcome.rows if row.action != "unchanged"]
        context = {
            "outcome": outcome,
            "token": token,
            "filename": upload.name,
            "changed_rows": changed[:PREVIEW_ROWS],
            "more_rows": max(len(changed) - PREVIEW_ROWS, 0),
        }
        return self.render_to_response(
            self.get_context_data(form=ImportFileForm(), **context)
        )

    def _keep(self, content: bytes, fmt: str, filename: str) -> str:
        storage = TempFolderStorage(read_mode="rb")
        storage.save(content)
        pending = {
            "file": os.path.basename(storage.name),
            "format": fmt,
            "filename": filename,
            "catalogue": self.spec.key,
            "user": self.request.user.pk,
        }
        return signing.dumps(pending, salt=SIGNING_SALT)


def imported_message(spec, outcome) -> str:
    """Say what an import did. The counts name "entries", so the sentence agrees
    in Catalan whatever the catalogue's gender ("Prestacions", "Municipis")."""
    counts = {
        "catalogue": capfirst(spec.label),
        "created": outcome.created,
        "updated": outcome.updated,
        "unchanged": outcome.unchanged,
    }
    message = (
        _(
            "%(catalogue)s: file imported (new entries: %(created)s; changed: "
            "%(updated)s; unchanged: %(unchanged)s)."
        )
        % counts
    )
    return f"{message} {outcome.shared_note} {outcome.repeat_note}".strip()


class CatalogueImportConfirmView(CatalogueImportBaseView):
    """Step 2: import the previewed file for real, or show why nothing changed."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        pending = self._pending(request.POST.get("token", ""))
        storage = pending and TempFolderStorage(name=pending["file"], read_mode="rb")
        try:
            content = storage.read() if storage else None
        except FileNotFoundError:
            content = None
        if content is None:
            messages.error(
                request, _("The preview has expired: upload the file again.")
            )
            return redirect("configuration_catalogue_import", self.spec.key)
        outcome = self.run(content, pending["format"], dry_run=False)
        if not outcome.ok:
            context = {"outcome": outcome, "filename": pending["filename"]}
            context["committed"] = False
            return self.render_to_response(
                self.get_context_data(form=ImportFileForm(), **context)
            )
        storage.remove()
        messages.success(request, imported_message(self.spec, outcome))
        return redirect(self.listing_url)

    def _pending(self, token: str) -> dict | None:
        try:
            pending = signing.loads(token, salt=SIGNING_SALT, max_age=TOKEN_MAX_AGE)
        except signing.BadSignature:
            return None
        mine = pending.get("user") == self.request.user.pk
        return pending if mine and pending.get("catalogue") == self.spec.key else None
