"""The stories' links and pictures against the allow-list, and their size: data errors with file, line and field."""

from __future__ import annotations

from thidua.load.yamlfile import Located, field_path
from thidua.model.data import Honouree
from thidua.model.problems import Msg, Problem
from thidua.model.story import MAX_STORY_CHARS, StoryRenderer


def photo_names(photo_files: set[str]) -> dict[str, str]:
    """How a story may name a photo of data/photos/ (its file name, or photos/<file name>) -> the file."""
    names = {}
    for file in photo_files:
        names[file] = file
        names[f"photos/{file}"] = file
    return names


def story_checker(photo_files: set[str]) -> StoryRenderer:
    """The renderer that checks stories against the photos a story may show (made once for every story:
    the names of thousands of photos are not listed again for each)."""
    names = photo_names(photo_files)
    return StoryRenderer(image_src=lambda url: url if url in names else None)


def check_story(
    honouree: Honouree, located: Located, shown_as: str, photo_files: set[str], renderer: StoryRenderer | None = None
) -> list[Problem]:
    """Every link and picture of a honouree's story that the site would not show, and a story too long.

    `photo_files` are the file names of data/photos/ the build publishes (every honouree's photo):
    the only pictures a story may show; `renderer`, story_checker(photo_files) made once for them all.
    """
    out: list[Problem] = []
    renderer = renderer or story_checker(photo_files)
    for lang in ("vi", "en"):
        text = getattr(honouree.story, lang)
        if not text:
            continue
        loc = ("story", lang)
        line, field = located.line_of(loc), field_path(loc)
        if len(text) > MAX_STORY_CHARS:
            out.append(
                Problem.keyed(
                    shown_as, line, field,
                    Msg.of("error.story.too_long", size=len(text), limit=MAX_STORY_CHARS),
                    Msg.of("error.story.too_long.hint"),
                    located.where(loc),
                )
            )  # fmt: skip
            continue
        for target in renderer.check(text):
            key = f"error.story.{target.tag}.{target.problem}"
            out.append(Problem.keyed(shown_as, line, field, Msg.of(key, url=target.shown), Msg.of(f"{key}.hint"), located.where(loc)))
    return out
