"""``python -m policy_kg`` runs the CLI."""

from .cli import main

main()
