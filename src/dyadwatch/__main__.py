"""``python -m dyadwatch`` runs the CLI."""

import sys

from dyadwatch.cli import main

sys.exit(main())
