from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from configuration.imports import (
    FORMATS,
    IMPORTS_BY_KEY,
    UnreadableFile,
    catalogue_import,
    read_dataset,
)
from configuration.models import Area
from configuration.permissions import allows_shared_entries


class Command(BaseCommand):
    help = (
        "Import a catalogue from a CSV or XLSX file, all or nothing. Without --area "
        "the rows are the shared official entries (e.g. the Hèstia files "
        "TipusRecurs.csv for benefits, Municipis.csv for municipalities)."
    )

    def add_arguments(self, parser):
        parser.add_argument("catalogue", choices=sorted(IMPORTS_BY_KEY))
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Report the changes; write nothing."
        )
        parser.add_argument(
            "--area", metavar="CODE", help="Import as that area's own entries."
        )

    def handle(self, *args, catalogue, file, dry_run, area, **options):
        spec = IMPORTS_BY_KEY[catalogue]
        target = self._area(area, spec.model)
        raw = self._read(file)
        outcome = catalogue_import(spec=spec, raw=raw, area=target, dry_run=dry_run)
        for issue in outcome.issues:
            self.stderr.write(str(issue))
        if not outcome.ok:
            raise CommandError(
                f"Nothing was imported: {len(outcome.issues)} error(s) in {file}."
            )
        if outcome.parents:
            parents = outcome.parents
            self.stdout.write(
                f"types and subtypes: created {parents['created']}, "
                f"updated {parents['updated']}, unchanged {parents['unchanged']}"
            )
        if outcome.shared:
            self.stdout.write(outcome.shared_note)
        for issue in outcome.left_out:
            self.stdout.write(f"row {issue.row} left out: {issue.message}")
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
        self.stdout.write(outcome.summary)

    def _area(self, code: str | None, model):
        if code is None:
            if not allows_shared_entries(model):
                raise CommandError("This catalogue has no shared entries: use --area.")
            return None
        try:
            return Area.objects.get(code=code)
        except Area.DoesNotExist:
            raise CommandError(f"No area has the code {code!r}.") from None

    def _read(self, path: Path):
        file_format = path.suffix.lstrip(".").lower()
        if file_format not in FORMATS:
            raise CommandError("Give a .csv or .xlsx file.")
        try:
            return read_dataset(path.read_bytes(), file_format=file_format)
        except (OSError, UnreadableFile) as error:
            raise CommandError(f"{path}: {error}") from error
