"""The web app: `create_app()` builds it; api/ answers JSON, pages/ HTML (with HTMX blocks)."""
