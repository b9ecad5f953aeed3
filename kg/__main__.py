"""``python -m kg`` runs the CLI."""
from kg.cli.main import main

raise SystemExit(main())
