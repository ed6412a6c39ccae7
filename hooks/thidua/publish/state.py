"""Names of what one build keeps on the MkDocs config between events (loaded once, read by the hooks).

The config object lives for one build command (`mkdocs serve` makes a new one per rebuild) and the
i18n plugin reuses it for the English build: what is stored under these keys is computed once per
build command, never kept in module globals.
"""

from thidua.model.languages import DEFAULT_LANGUAGE

SITE = "thidua_site"  # SiteData: every data file, validated (hook_data.on_config)
TODAY = "thidua_today"  # the build date (SOURCE_DATE_EPOCH or today, Viet Nam time)
PHOTOS = "thidua_photos"  # {honouree id: PhotoSet} (hook_photos.on_config)
PAGES = "thidua_pages"  # {(kind, honouree id): PageSpec}, per language build (hook_pages.on_files)
CONTEXT = "thidua_context"  # BuildContext shared by every page of a language build (hook_pages.on_files)
ENV = "thidua_env"  # the theme's Jinja environment of the language build (hook_pages.on_env)
SHELL_CONTEXT = "thidua_shell_context"  # the honouree pages' shell's template context (hook_pages)
DOWNLOADS = "thidua_downloads"  # the open-data files (hook_exports.on_files)
EDITION = "thidua_edition"  # the edition's facts: build date, commit, archive/PDF flags (hook_archive.on_config)


def language(config) -> str:
    """The language of the build under way (the i18n plugin sets the theme's language per build)."""
    return config.theme.get("language") or DEFAULT_LANGUAGE
