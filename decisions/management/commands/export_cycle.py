"""manage.py export_cycle <cycle slug or id> --output file.xlsx [--csv file.csv]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from decisions.exports import write_cycle_workbook, write_decisions_csv
from grants.models import Cycle


def find_cycle(identifier: str) -> Cycle:
    """A cycle by its slug, or by its id when the argument is a number."""
    cycle = Cycle.objects.filter(slug=identifier).first()
    if cycle is None and identifier.isdigit():
        cycle = Cycle.objects.filter(pk=int(identifier)).first()
    if cycle is None:
        known = ", ".join(Cycle.objects.order_by("slug").values_list("slug", flat=True)[:20])
        raise CommandError(
            f"No cycle has the slug or id {identifier!r}. Known cycles: {known or 'none yet'}."
        )
    return cycle


class Command(BaseCommand):
    help = (
        "Write a cycle's spreadsheet (Decisions, Reviews, Criteria, Reviewers, Budget) to an "
        ".xlsx file, and optionally the Decisions sheet as CSV (UTF-8 with BOM)."
    )

    def add_arguments(self, parser):
        parser.add_argument("cycle", help="The cycle's slug or id.")
        parser.add_argument("--output", "-o", required=True, help="Path of the .xlsx file.")
        parser.add_argument("--csv", help="Also write the Decisions sheet as CSV to this path.")

    def handle(self, *args, cycle, output, csv=None, **options):
        found = find_cycle(cycle)
        targets = [Path(output)] + ([Path(csv)] if csv else [])
        for path in targets:
            if not path.parent.exists():
                raise CommandError(f"The folder {path.parent} does not exist; create it first.")
        with Path(output).open("wb") as xlsx:
            write_cycle_workbook(found, xlsx)
        self.stdout.write(f"Wrote {output} for {found.title} ({found.slug}).")
        if csv:
            with Path(csv).open("wb") as out:
                write_decisions_csv(found, out)
            self.stdout.write(f"Wrote {csv}.")
