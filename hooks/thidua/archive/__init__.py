"""The archive edition: links that work from file://, PDFs printed by Chromium, the reproducible zip."""
