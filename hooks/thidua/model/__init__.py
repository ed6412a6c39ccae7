"""What the data means: the typed models, the site data, problems and messages, interface text, dates and text."""
