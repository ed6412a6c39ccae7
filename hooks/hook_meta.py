"""MkDocs hook: links that work in every edition, the other-language alternates, a 404 page per language."""

from __future__ import annotations

from copy import deepcopy
from pathlib import Path

from markupsafe import Markup

from thidua.archive.links import absolute_url, page_link
from thidua.model.languages import DEFAULT_LANGUAGE
from thidua.model.strings import t
from thidua.publish import state


# on_env runs once per language build: the filter follows this build's URL style (the archive
# edition, built with Material's offline plugin, has no directory URLs).
def on_env(env, config, files):
    directory_urls = bool(config.use_directory_urls)
    env.filters["page_link"] = lambda path: page_link(str(path), directory_urls)
    # Addresses search engines and sharing read in full: under the site's published address (SITE_URL).
    site_url = config.site_url or ""
    env.filters["td_absolute"] = lambda link: absolute_url(str(link), site_url)
    # The language of the x-default alternate (sitemap.xml and every page's head).
    env.globals["td_default_lang"] = DEFAULT_LANGUAGE
    # Interface text in a given language, for pages that show both (the 404 page).
    env.globals["td_t"] = lambda lang, key, **kw: Markup.escape(t(lang, key, **kw))
    # The languages the site publishes (data/site.yaml), the build's own first on the 404 page.
    env.globals["td_languages"] = state.of(config).languages
    # The archive edition, read from file:// (extra.thidua.archive): Material's polyfills only there.
    env.globals["td_archive"] = state.of(config).options.archive
    return env


# on_template_context for 404.html, the one page rendered without a page of its own: the i18n
# plugin leaves the language switch pointing at the last page it rendered. Reset it to the homes
# (the plugin's own starting value, which it restores before every page it renders).
def on_template_context(context, template_name, config):
    if template_name == "404.html":
        i18n = config.plugins.get("i18n")
        homes = getattr(i18n, "extra_alternate", None)
        if homes:
            alternates = deepcopy(homes)
            config.extra["alternate"] = alternates
            # The plugin sets it per page as an attribute of config.extra, which Jinja reads first.
            if hasattr(config.extra, "__dict__"):
                config.extra.alternate = alternates
    return context


# on_post_template: the i18n plugin renders the theme's 404.html once per language into the same
# site/404.html, the last language winning. The Vietnamese one stays at the root; the others go to
# their own folder (/en/404.html) and returning "" makes MkDocs skip the overwrite.
def on_post_template(output, template_name, config):
    lang = state.language(config)
    if template_name != "404.html" or lang == DEFAULT_LANGUAGE:
        return output
    target = Path(config.site_dir) / lang / "404.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(output, encoding="utf-8")
    return ""
