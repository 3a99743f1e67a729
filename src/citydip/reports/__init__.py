"""Standalone documents: a partner briefing dossier and an annual report, each one HTML file
with its styles, chart libraries and data inline (nothing is fetched when it is opened), and
a PDF printed from that HTML by headless Chromium.

Figures come from `citydip.analytics`; this package only lays them out (templates/).
"""
