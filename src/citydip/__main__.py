"""`python -m citydip` runs the CLI."""

from citydip.cli import main

main()
