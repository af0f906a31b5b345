"""Build one large generated cycle for benchmarks: `manage.py seed_scale --applications 10000`."""

from django.core.management.base import BaseCommand, CommandError

from demo.seeding.scale import SCALE_PASSWORD, STAGES, ScaleSpec, build_scale_cycle


class Command(BaseCommand):
    help = (
        "Create a large generated cycle (applicants, applications in every state, reviewers, "
        "assignments, reviews and scores) with bulk inserts. For benchmarks; never in "
        "production."
    )

    def add_arguments(self, parser):
        parser.add_argument("--applications", type=int, default=1000)
        parser.add_argument("--reviewers", type=int, default=300)
        parser.add_argument("--criteria", type=int, default=6)
        parser.add_argument("--reviews-per-application", type=int, default=3)
        parser.add_argument(
            "--cycle-slug", default="", help="Default: scale-<applications>, made unique."
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed (same seed, same data)."
        )
        parser.add_argument(
            "--stage",
            choices=STAGES,
            default="review",
            help="review: applications in every state with reviews; submitted: all submitted, "
            "nobody assigned (the starting point for auto-assignment).",
        )

    def handle(self, *args, **options):
        try:
            spec = ScaleSpec(
                applications=options["applications"],
                reviewers=options["reviewers"],
                criteria=options["criteria"],
                reviews_per_application=options["reviews_per_application"],
                cycle_slug=options["cycle_slug"],
                seed=options["seed"],
                stage=options["stage"],
            )
            result = build_scale_cycle(spec)
        except ValueError as error:
            raise CommandError(str(error)) from error
        counts = ", ".join(
            f"{value:,} {name.replace('_', ' ')}" for name, value in result.counts.items()
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Cycle {result.cycle.slug!r} (id {result.cycle.pk}) built in "
                f"{result.seconds:.1f} s: {counts}."
            )
        )
        self.stdout.write(
            f"Board: {result.board_member.email}  Staff: {result.staff_member.email}  "
            f"Password for every generated account: {SCALE_PASSWORD}"
        )
