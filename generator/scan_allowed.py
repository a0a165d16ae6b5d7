"""What the output scan (generator/scan.py) lets through: the forms, inline scripts and styles the
site's own theme and generator write, each with where it comes from. Anything else of these kinds on
a built page is a finding; a change to the theme that adds one must add it here, with its source.
"""

from __future__ import annotations

import re

THEME_FORMS = frozenset(
    {
        # Material 9.8.1 partials/search.html, copied with one change into theme/partials/search.html.
        (("class", "md-search__form"), ("name", "search")),
        # Material 9.8.1 partials/palette.html (the light/dark switch), copied without its
        # data-md-component into theme/partials/palette.html.
        (("class", "md-header__option"),),
    }
)
"""The only forms a page may have: attributes exactly these (neither has an action)."""

SCRIPT_FOLDER = "assets/javascripts/"
"""Where every script a page loads must be: Material's bundle and search worker
(assets/javascripts/bundle.*.min.js, assets/javascripts/workers/search.*.min.js, lunr/ for the
worker) and this project's docs/assets/javascripts/sort-tables.js (mkdocs.yml extra_javascript)."""

# --- the inline scripts the theme ships --------------------------------------------------------
#
# Each is the script's text with every line's indentation removed, and these placeholders for
# what differs from page to page:
#   @PATH@   MkDocs' base_url: "." "..", "../.." ... by page depth, or an absolute path such as "/"
#            on the 404 pages (the path of site_url);
#   @LANG@   a language code such as ko (every @LANG@ of one script is the same code);
#   @LANGS@  a JSON list of language codes, ["ko"] or ["ko", "fr"].

MATERIAL_SCOPE = (
    '__md_scope=new URL("@PATH@",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),'
    '__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),'
    '__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}'
)
"""mkdocs-material 9.8.1, partials/javascripts/base.html (in <head> of every page, from base.html):
localStorage helpers scoped to the site, `new URL("{{ config.extra.scope | d(base_url) }}", location)`."""

THEME_PALETTE = """\
(function (inputs) {
var metas = {};
["theme-color", "color-scheme"].forEach(function (name) {
metas[name] = document.head.appendChild(document.createElement("meta"));
metas[name].name = name;
});
function system() {
for (var i = 0; i < inputs.length; i++) {
if (matchMedia(inputs[i].getAttribute("data-md-color-media")).matches) return i;
}
return 0;
}
function show(index) {
var chosen = inputs[Math.max(0, Math.min(index, inputs.length - 1))], color = {};
["media", "scheme", "primary", "accent"].forEach(function (key) {
color[key] = chosen.getAttribute("data-md-color-" + key);
document.body.setAttribute("data-md-color-" + key, color[key]);
});
inputs.forEach(function (input) {
input.checked = input === chosen;
if (input.nextElementSibling instanceof HTMLLabelElement) input.nextElementSibling.hidden = input !== chosen;
});
metas["color-scheme"].content = color.scheme === "slate" ? "dark" : "light";
return { index: Array.prototype.indexOf.call(inputs, chosen), color: color };
}
function bar() {
var rgb = getComputedStyle(document.querySelector("header")).backgroundColor.match(/\\d+/g);
metas["theme-color"].content = "#" + rgb.slice(0, 3).map(function (c) {
return (+c).toString(16).padStart(2, "0");
}).join("");
}
var saved = __md_get("__palette"), shown = show(saved && saved.index >= 0 ? saved.index : system());
requestAnimationFrame(function () { setTimeout(bar); });
inputs[0].form.addEventListener("change", function (event) {
document.body.setAttribute("data-md-color-switching", "");
__md_set("__palette", shown = show(Array.prototype.indexOf.call(inputs, event.target)));
bar();
requestAnimationFrame(function () { document.body.removeAttribute("data-md-color-switching"); });
});
inputs[0].form.addEventListener("keydown", function (event) {
if (event.key !== "Enter") return;
var next = inputs[(shown.index + 1) % inputs.length];
next.click();
next.focus();
});
matchMedia("(prefers-color-scheme: light)").addEventListener("change", function () {
if (__md_get("__palette")) return;
shown = show(system());
bar();
});
})(document.querySelectorAll("input[name=__palette]"));"""
"""theme/partials/javascripts/palette.html (in the header of every page, as Material's own palette
script was): applies the reader's saved light/dark choice, or the system's, and runs the switch."""

MATERIAL_TABBED_TARGET = (
    "var target=document.getElementById(location.hash.slice(1));"
    'target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))'
)
"""mkdocs-material 9.8.1, partials/javascripts/content.html (after the content of every page, from
base.html): opens the content tab a link's #anchor names."""

THEME_SEARCH_LANGUAGE = """\
// Search this language's own index: /@LANG@/search/search_index.json.
(function (element) {
var config = JSON.parse(element.textContent);
config.base = config.base.replace(/\\/$/, "") + "/@LANG@/";
element.textContent = JSON.stringify(config);
})(document.getElementById("__config"));"""
"""theme/main.html, block config (pages of every language but the default): points Material's
search at the language's own index (generator/hooks.py splits the index per language)."""

THEME_404_REDIRECT = """\
(function (root, languages) {
var path = location.pathname;
for (var i = 0; i < languages.length; i++) {
var folder = root + languages[i] + "/";
if (path.indexOf(folder) === 0 && path !== folder + "404.html") {
location.replace(folder + "404.html");
return;
}
}
})("@PATH@", @LANGS@);"""
"""theme/404.html (the default language's 404 page only): hosts with a single 404.html (GitHub
Pages) serve it for every missing address; readers under /ko/ are sent to the Korean 404 page."""

INLINE_SCRIPTS = {
    "Material's localStorage scope": MATERIAL_SCOPE,
    "theme/partials/javascripts/palette.html's switch": THEME_PALETTE,
    "Material's tab target": MATERIAL_TABBED_TARGET,
    "theme/main.html's search language": THEME_SEARCH_LANGUAGE,
    "theme/404.html's redirect": THEME_404_REDIRECT,
}
"""Every inline script a page may have."""

_LANG = r"[a-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*"
_PATH = r"\.|\.\.(?:/\.\.)*|/(?:[A-Za-z0-9._~-]+/)*"
PATH_PATTERN = re.compile(_PATH)
"""A base_url: ".", "..", "../.." and so on, or an absolute path ending in "/" (no quotes, no backslashes)."""

_PLACEHOLDERS = {"@PATH@": f"(?:{_PATH})", "@LANGS@": rf'\[(?:"{_LANG}"(?:,\s?"{_LANG}")*)?\]'}


def _shape(template: str) -> re.Pattern[str]:
    """A template's pattern: its text literally, each placeholder by its pattern (@LANG@ the same each time)."""
    parts = re.split(r"(@PATH@|@LANG@|@LANGS@)", template)
    pattern, seen_lang = [], False
    for i, part in enumerate(parts):
        if i % 2 == 0:
            pattern.append(re.escape(part))
        elif part == "@LANG@":
            pattern.append("(?P=lang)" if seen_lang else f"(?P<lang>{_LANG})")
            seen_lang = True
        else:
            pattern.append(_PLACEHOLDERS[part])
    return re.compile("".join(pattern))


_SHAPES = {name: _shape(text) for name, text in INLINE_SCRIPTS.items()}


def shipped_script(text: str) -> str | None:
    """Which of INLINE_SCRIPTS an inline script's text is (its name), or None.

    Only indentation may differ: each line is stripped of spaces and tabs, and blank lines at the
    start and end are dropped; line breaks stay where they are (JavaScript reads them).
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    code = "\n".join(line.strip(" \t") for line in lines).strip("\n")
    return next((name for name, shape in _SHAPES.items() if shape.fullmatch(code)), None)


# --- the styles the site writes ------------------------------------------------------------------

STYLE_ATTRIBUTES = {
    # Python-Markdown 3.x, extensions/tables.py: a column aligned by ":--", "--:" or ":-:".
    "a table cell's alignment": (frozenset({"td", "th"}), re.compile(r"text-align: (?:left|right|center);")),
    # generator/charts.py bar_chart: an option's bar filled with its chart's striped pattern.
    "a chart bar's stripes": (frozenset({"rect"}), re.compile(r"fill: url\(#chart-[a-z0-9]+(?:-[a-z0-9]+)*-option\)")),
}
"""Every style attribute a page may have: on these elements, the value exactly this (unescaped).

A style attribute can do more than run a script: it can lay an element over the whole page
(position: fixed) or hide what a reader should see. Material 9.8.1 writes none in this site's
pages, and there are no <style> elements (the site's CSS is in its stylesheets; see STYLE_FOLDER).
"""

STYLE_FOLDER = "assets/stylesheets/"
"""Where every stylesheet a page links must be: Material's main and palette CSS and this project's
docs/assets/stylesheets/extra.css (mkdocs.yml extra_css)."""


def allowed_style(tag: str, value: str) -> bool:
    """Whether a style attribute with this value may be on this element (see STYLE_ATTRIBUTES)."""
    return any(tag in tags and shape.fullmatch(value) for tags, shape in STYLE_ATTRIBUTES.values())
