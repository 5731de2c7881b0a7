"""The `simpul` console script: Django's management commands and Simpul's own."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "simpul.settings.dev")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    argv[0] = "simpul"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
