"""From data/*.yaml to SiteData: YAML with the line of every key, pydantic's errors as problems, cross-checks."""
