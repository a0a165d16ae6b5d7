"""MkDocs hooks (mkdocs.yml `hooks:`) for what mkdocs-static-i18n leaves undone.

- 404 pages: the plugin builds each language into the same site/ in turn, and MkDocs writes the
  theme's 404.html at the root every time, so the last language built would own /404.html. Each
  non-default language's 404 page is moved to its own folder (/ko/404.html) instead.
- Search: the plugin merges every language into one index, so an English search would list Korean
  pages. After the last build the index is split: /search/search_index.json keeps the default
  language, /ko/search/search_index.json the Korean pages (theme/main.html points Korean pages at it).
- Language switch on the 404 pages: the plugin leaves the last page's switch links in the config,
  where the next language's 404 page would pick them up; they are cleared before each build.
- Navigation: MkDocs lists a folder's pages alphabetically; the top level follows the order a reader
  needs them in instead (NAV_ORDER: the guide, the comparison, the planner, the plans, the
  accelerators, the glossary, the data, and the translation status last), and the accelerators the
  facts file's order (the comparison table's), read from the generated data download. Only the order
  changes: every page keeps its address.
- Words of Markdown's extensions (heading permalinks, footnote back-links): in the page's language,
  from the catalogs (content/i18n/<lang>.yaml, `markdown:`).
- Template filters: absolute_url (hreflang links, theme/main.html) and url_path (theme/404.html).
- Tables: Material's script wraps every table without a class in two <div>s when a page opens (so a
  wide table scrolls sideways); moving a table makes the browser style and lay it out again, the
  larger part of the comparison page's start-up time on a phone. The wrappers are written into the
  HTML instead (WrappedTables), and the table gets the class `data-table`, which Material's script
  leaves alone; docs/assets/stylesheets/extra.css gives that class Material's table style.
- Footnotes: Python-Markdown numbers the second, third ... reference to one footnote by trying
  fnref2, fnref3 ... in turn, so a page citing one source n times cost n²/2 tries (3,000 claims
  from one source took minutes). LinearFootnotes gives the same ids by counting.
- The site's address: the theme writes site_url into every page's canonical and hreflang links as
  it is, so it must be a plain http(s) address (generator/text.py says what is wrong with one).
"""

from __future__ import annotations

import functools
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit
from xml.etree.ElementTree import Element

import yaml
from markdown import Extension, Markdown
from markdown.extensions.footnotes import FootnoteExtension
from markdown.treeprocessors import Treeprocessor
from mkdocs.exceptions import ConfigurationError, PluginError
from mkdocs.plugins import CombinedEvent, event_priority

from generator import text

_SAVED = ".404.default.html"
TABLE_CLASS = "data-table"
"""The class of every Markdown table (WrappedTables); docs/assets/stylesheets/extra.css styles it."""


def on_config(config: Any, **kwargs: Any) -> Any:
    """Refuse a site address that could break out of the links the theme writes it into; wrap tables."""
    trouble = text.site_url_problem(config.get("site_url"))
    if trouble:
        raise ConfigurationError(f"site_url (mkdocs.yml, or the SITE_URL environment variable): {trouble}")
    for extension in (WrappedTables, LinearFootnotes):
        if not any(isinstance(added, extension) for added in config["markdown_extensions"]):
            config["markdown_extensions"].append(extension())
    return config


class LinearFootnotes(Extension):
    """The footnotes extension's ids for repeated references (fnref2:, fnref3: ...), counted, not searched for."""

    def extendMarkdown(self, md: Markdown) -> None:
        for extension in md.registeredExtensions:
            if isinstance(extension, FootnoteExtension):
                extension.unique_ref = functools.partial(_unique_ref, extension)  # type: ignore[method-assign]


def _unique_ref(footnotes: FootnoteExtension, reference: str, found: bool = False) -> str:
    """FootnoteExtension.unique_ref in constant time: the nth reference to a footnote gets fnref<n>."""
    if not found:
        return reference
    count = footnotes.found_refs.get(reference, 0) + 1
    footnotes.found_refs[reference] = count
    if count > 1:
        ref, rest = reference.split(footnotes.get_separator(), 1)
        reference = f"{ref}{count}{footnotes.get_separator()}{rest}"
    footnotes.used_refs.add(reference)
    return reference


class WrappedTables(Extension):
    """Every table in Material's scrolling wrappers, as its script would put it, with TABLE_CLASS."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(_WrapTables(md), "wrapped_tables", 15)  # before "prettify" (10)


class _WrapTables(Treeprocessor):
    def run(self, root: Element) -> None:
        found = [(parent, child) for parent in root.iter() for child in parent if child.tag == "table"]
        for parent, table in found:
            if "class" in table.attrib:  # a table with a class of its own is left as it is, by Material too
                continue
            outer = parent.makeelement("div", {"class": "md-typeset__scrollwrap"})
            inner = outer.makeelement("div", {"class": "md-typeset__table"})
            parent.insert(list(parent).index(table), outer)
            parent.remove(table)
            outer.append(inner)
            inner.append(table)
            outer.tail, table.tail = table.tail, None
            table.set("class", TABLE_CLASS)


def on_env(env: Any, config: Any, files: Any, **kwargs: Any) -> Any:
    """Add the absolute_url filter: a site-relative link made absolute against site_url; keep the
    theme's compiled templates from one build to the next (generator/quick.py)."""
    from generator.quick import THEME_TEMPLATES  # not at the top: quick.py reads facts_order from here

    env.bytecode_cache = THEME_TEMPLATES
    env.filters["absolute_url"] = lambda link, site_url: urljoin(site_url, str(link))
    env.filters["url_path"] = lambda url: urlsplit(str(url)).path or "/"
    return env


def on_pre_build(config: Any, **kwargs: Any) -> None:
    """Clear the last page's language switch; before a non-default language overwrites /404.html, keep
    the default language's copy.

    The plugin builds the other languages from inside the default language's post_build, with its
    `building` flag set; that flag is how a hook tells those nested builds from the outer one.
    """
    # The plugin sets the language switcher of each page as an attribute, config.extra.alternate,
    # but resets only the item config.extra["alternate"] when the next language starts; templates
    # read the attribute first, so the next language's 404 page would link to the last page built.
    vars(config["extra"]).pop("alternate", None)
    page = Path(config["site_dir"]) / "404.html"
    if _nested(config) and page.exists():
        shutil.copyfile(page, page.with_name(_SAVED))
    _markdown_words(config)


def _markdown_words(config: Any) -> None:
    """The words Python-Markdown's extensions write into every page, in the language being built.

    The permalink of each heading and the back-link of each footnote carry a title (a tooltip, and
    what a screen reader says); the extensions' defaults are English. MkDocs makes a Markdown
    converter for every page from mdx_configs, so setting them before each language's build is enough.
    """
    i18n = config["plugins"].get("i18n")
    lang = getattr(i18n, "current_language", None) or config["theme"]["language"]
    catalog = Path(config.config_file_path).parent / "content" / "i18n" / f"{lang}.yaml"
    if not catalog.is_file():
        return
    data = yaml.safe_load(catalog.read_text(encoding="utf-8"))
    words = data.get("markdown") if isinstance(data, dict) else None
    permalink, backlink = (words.get(key) for key in MARKDOWN_WORDS) if isinstance(words, dict) else (None, None)
    if not (isinstance(permalink, str) and isinstance(backlink, str) and backlink_problem(backlink) is None):
        raise PluginError(  # the generator's check of the catalogs says what; a plain `mkdocs build` stops here
            f"{catalog}: markdown: expected permalink and footnote_backlink sentences "
            "(footnote_backlink with {number} once and no %); run `make check`"
        )
    mdx = config["mdx_configs"]
    mdx.setdefault("toc", {})["permalink_title"] = permalink
    # Python-Markdown puts the footnote's number where %d is, then fills it with str.format: braces doubled.
    title = backlink.replace("{{", "{").replace("}}", "}").replace("{", "{{").replace("}", "}}")
    mdx.setdefault("footnotes", {})["BACKLINK_TITLE"] = title.replace("{{number}}", "%d")


MARKDOWN_WORDS = ("permalink", "footnote_backlink")
"""The catalog's `markdown:` words, which Python-Markdown's extensions write into every page."""


def backlink_problem(sentence: str) -> str | None:
    """What is wrong with the footnote back-link's title, or None: Python-Markdown formats it itself."""
    if sentence.count("{number}") != 1 or text.names(sentence) != {"number"}:
        return "expected {number} exactly once, and no other placeholder"
    if "%" in sentence:
        return "expected no % (the footnote extension reads %d as the number's place)"
    return None


@event_priority(-150)  # after the i18n plugin, which builds the other languages in its post_build
def on_post_build(config: Any, **kwargs: Any) -> None:
    """Put each language's 404 page in its folder; once all are built, split the search index."""
    i18n = config["plugins"].get("i18n")
    if i18n is None:
        return
    site = Path(config["site_dir"])
    if _nested(config):
        _move_404(site, i18n.current_language)
    elif not i18n.building:  # the outer build, after every language: the plugin has just written the merged index
        path = site / "search" / "search_index.json"
        if path.exists():
            index = json.loads(path.read_text(encoding="utf-8"))
            split_search_index(site, index, [lang for lang in i18n.build_languages if lang != i18n.default_language])


_FULL_CONTENT = "_generator_full_content"


@event_priority(10)  # before the search plugin's
def _pair_lead_only(context: Any, /, page: Any, config: Any, nav: Any, **kwargs: Any) -> Any:
    """The search reads a side-by-side page's title and lead only (the index keeps its title alone,
    split_search_index); reading all of each of them took a fifth of a build."""
    if f"/{PAIRS}" in f"/{page.url}" and (cut := page.content.find("<h2")) > 0:
        setattr(page, _FULL_CONTENT, page.content)
        page.content = page.content[:cut]
    return context


@event_priority(-10)  # after the search plugin's, before the page is rendered
def _pair_whole_again(context: Any, /, page: Any, config: Any, nav: Any, **kwargs: Any) -> Any:
    full = vars(page).pop(_FULL_CONTENT, None)
    if full is not None:
        page.content = full
    return context


on_page_context = CombinedEvent(_pair_lead_only, _pair_whole_again)


@event_priority(-150)  # after the i18n plugin's on_nav, which builds each language's navigation
def on_nav(nav: Any, config: Any, files: Any, **kwargs: Any) -> Any:
    """List the accelerators in the order of the facts file, with the previous/next links to match;
    leave the side-by-side pages out (they are linked from the comparison and each accelerator's page)."""
    for section in [item for item in nav.items if item.is_section and _all_pairs(item)]:
        nav.items.remove(section)
        for page in _walk(section.children):  # no previous/next links to other pairs either
            page.previous_page = page.next_page = None
    nav.items.sort(key=_top_rank)
    order = facts_order(Path(config["docs_dir"]) / "data" / "accelerators.json")
    if not order:
        nav.pages = [item for item in _walk(nav.items) if item.is_page]
        return nav
    rank = {ident: i for i, ident in enumerate(order)}
    for section in (item for item in _walk(nav.items) if item.is_section):
        pages = [child for child in section.children if child.is_page]
        if pages and all("accelerators/" in page.url for page in pages):
            section.children.sort(key=lambda item: _rank(item, rank))
    nav.pages = [item for item in _walk(nav.items) if item.is_page]
    for before, page, after in zip([None, *nav.pages[:-1]], nav.pages, [*nav.pages[1:], None], strict=True):
        page.previous_page, page.next_page = before, after
    return nav


NAV_ORDER = ("", "guide", "compare", "planner", "plans", "accelerators", "glossary", "data", "translations")
"""The top level of the navigation, by each page's first folder (after the language's): the home page, then
the order a reader needs the pages in; the translation status last. Anything else follows, as MkDocs had it."""


def _top_rank(item: Any) -> int:
    """Where a top-level navigation item goes (NAV_ORDER); a section by its first page."""
    page = item if item.is_page else next((p for p in _walk(item.children) if p.is_page), None)
    if page is None or page.url is None:
        return len(NAV_ORDER)
    parts = [part for part in str(page.url).split("/") if part]
    if parts and parts[0] not in NAV_ORDER:  # a language's folder (ko/)
        parts = parts[1:]
    first = parts[0] if parts else ""
    return NAV_ORDER.index(first) if first in NAV_ORDER else len(NAV_ORDER)


def _all_pairs(section: Any) -> bool:
    """Whether a navigation section holds side-by-side pages only."""
    pages = [item for item in _walk(section.children) if item.is_page]
    return bool(pages) and all(f"/{PAIRS}" in f"/{page.url}" for page in pages)


def facts_order(data: Path) -> list[str]:
    """The accelerator ids in the facts file's order (empty if the generator has not run)."""
    try:
        return [str(a["id"]) for a in json.loads(data.read_text(encoding="utf-8"))["accelerators"]]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def _rank(item: Any, rank: dict[str, int]) -> tuple[int, str]:
    """The section's own index page first, then the facts' order; anything else after, by title."""
    if not item.is_page:
        return (len(rank) + 1, str(item.title))
    slug = item.url.rstrip("/").rsplit("/", 1)[-1]
    if slug == "accelerators":
        return (-1, "")
    return (rank.get(slug, len(rank)), str(item.title))


def _walk(items: list[Any]) -> Iterator[Any]:
    for item in items:
        yield item
        if item.is_section:
            yield from _walk(item.children)


def _nested(config: Any) -> bool:
    """Whether this is a build of a non-default language (nested in the default's, or on its own:
    generator/parallel.py builds the default language with `building` set too, to build only it)."""
    i18n = config["plugins"].get("i18n")
    return i18n is not None and i18n.building and i18n.current_language != i18n.default_language


def _move_404(site: Path, language: str) -> None:
    page, saved = site / "404.html", site / _SAVED
    if page.exists():
        (site / language).mkdir(exist_ok=True)
        page.replace(site / language / "404.html")
    if saved.exists():
        saved.replace(page)


PAIRS = "vs/"
"""The folder of the side-by-side pages (generator/links.py, pairs): one per pair of accelerators."""


def _pair_titles_only(docs: list[dict[str, Any]], prefix: str = "") -> list[dict[str, Any]]:
    """Side-by-side pages by their titles only: "T4 vs L4" is found, but a search for a figure
    lists the accelerators' own pages, not the many pairs that repeat them."""
    pair = prefix + PAIRS
    return [
        {**d, "text": ""} if d["location"].startswith(pair) else d
        for d in docs
        if not (d["location"].startswith(pair) and "#" in d["location"])
    ]


def split_search_index(site: Path, index: dict[str, Any], others: list[str]) -> None:
    """Write index's entries of each language in `others` to <lang>/search/, the rest to search/."""
    path = site / "search" / "search_index.json"
    docs = _pair_titles_only(index["docs"])
    for language in others:
        docs = _pair_titles_only(docs, f"{language}/")
    for language in others:
        prefix = f"{language}/"
        mine = [{**d, "location": d["location"][len(prefix) :]} for d in docs if d["location"].startswith(prefix)]
        target = site / language / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps({**index, "docs": mine}, ensure_ascii=False), encoding="utf-8")
    rest = [d for d in docs if not d["location"].startswith(tuple(f"{lang}/" for lang in others))]
    path.write_text(json.dumps({**index, "docs": rest}, ensure_ascii=False), encoding="utf-8")
