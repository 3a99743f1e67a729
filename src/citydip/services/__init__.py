"""What the web app and the CLI do to a registry beyond reading it: accounts, edits, jobs."""
