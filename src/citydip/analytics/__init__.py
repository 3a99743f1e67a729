"""Read-only views over the registry for people: dashboard figures, the map, the network,
the timeline and a partner's dossier.

Pure functions of a Session that return frozen dataclasses; they aggregate in SQL (never
by loading a table's rows) and know nothing of the web: labels and URLs are added there.
"""
