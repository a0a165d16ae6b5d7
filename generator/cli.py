"""Command line: parse options, run load -> render -> write (-> build), map errors to exit codes."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from generator import stamp
from generator.errors import GeneratorError, UsageError

if TYPE_CHECKING:
    from generator import translations
    from generator.model import Facts
    from generator.pipeline import Inputs
    from generator.strings import Catalog

# The steps' modules (pydantic, Jinja, MkDocs) are imported in main(), after a build with nothing
# to do has stopped: `make build` with nothing changed takes a tenth of a second.


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Validate the accelerator facts and render the bilingual site from them.",
    )
    parser.add_argument(
        "--facts", type=Path, default=Path("content/accelerators.yaml"), help="facts file (default: %(default)s)"
    )
    parser.add_argument(
        "--catalogs",
        type=Path,
        default=Path("content/i18n"),
        help="folder of UI catalogs, one per language (default: %(default)s)",
    )
    parser.add_argument(
        "--glossary",
        type=Path,
        default=Path("content/glossary.yaml"),
        help="bilingual glossary (default: %(default)s)",
    )
    parser.add_argument(
        "--translated-from",
        type=Path,
        default=Path("content/translated-from.yaml"),
        help="record of the English each translation was reviewed against (default: %(default)s)",
    )
    parser.add_argument(
        "--docs", type=Path, default=Path("docs"), help="where generated Markdown goes (default: %(default)s)"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("check", help="validate the facts and catalogs; write nothing")
    commands.add_parser("generate", help="validate, then write the Markdown pages into --docs")
    build = commands.add_parser("build", help="generate, then build the site with mkdocs --strict")
    build.add_argument(
        "--config", type=Path, default=Path("mkdocs.yml"), help="MkDocs configuration (default: %(default)s)"
    )
    build.add_argument(
        "--site", type=Path, default=Path("site"), help="where the built site goes (default: %(default)s)"
    )
    serving = commands.add_parser(
        "serve", help="preview the site; regenerate when content/ or the templates change, and reload the browser"
    )
    serving.add_argument(
        "--config", type=Path, default=Path("mkdocs.yml"), help="MkDocs configuration (default: %(default)s)"
    )
    serving.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on (default: %(default)s)")
    commands.add_parser("translations", help="list translations that are stale or not yet reviewed")
    schema = commands.add_parser("schema", help="write the JSON Schema of the facts file (for editors)")
    schema.add_argument(
        "--output",
        type=Path,
        default=Path("content/accelerators.schema.json"),
        help="where to write it (default: %(default)s)",
    )
    reviewed = commands.add_parser(
        "reviewed", help="mark translations as reviewed against today's English (all, or the keys given)"
    )
    reviewed.add_argument(
        "keys", nargs="*", help="keys as listed by `translations`, e.g. accelerators[t4].text.summary"
    )
    reviewed.add_argument("--lang", action="append", help="only this language (repeatable; default: all)")
    _plan_parser(commands)
    return parser


def _number(text: str) -> float:
    """A number an option takes: finite (the planner refuses the rest with its own message)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise argparse.ArgumentTypeError(f"expected a finite number, got {text!r}")
    return value


def _whole(text: str) -> int:
    """A whole number an option takes."""
    value = _number(text)
    if not value.is_integer():
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}")
    return int(value)


def _plan_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    plan = commands.add_parser(
        "plan",
        help="answer one planner question (fit, memory, speed, time, cost) with the same figures as the pages",
        description="Will a model fit an accelerator, how fast can it decode, how long will training take, at "
        "what cost: the planner page's figures for one accelerator, task and model size.",
    )
    plan.add_argument("--accelerator", required=True, metavar="ID", help="a row of the facts: t4, a100-40gb, ...")
    plan.add_argument("--task", required=True, metavar="TASK", help="a planner task: infer-bf16, qlora, ...")
    plan.add_argument(
        "--params", type=_number, metavar="BILLIONS", help="parameters, in billions (default: the model's)"
    )
    plan.add_argument("--model", metavar="SHAPE", help="a model shape (llama-3-1-8b, ...): its KV cache and size")
    plan.add_argument(
        "--tokens",
        type=_whole,
        metavar="N",
        help="inference: tokens per sequence for the KV cache of --model (default 4096); "
        "training: tokens to train on (default: the planner's example run)",
    )
    plan.add_argument("--batch", type=_whole, metavar="N", help="inference: sequences decoded at once (default 1)")
    plan.add_argument("--lang", metavar="LANG", help="language of the names and sentences (default: the site's first)")
    plan.add_argument("--json", action="store_true", help="print one JSON object instead of lines of text")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 done, 1 bad input or failed build)."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        where, before = _stamp_of(args) if args.command == "build" else (None, "")
        if where is not None and stamp.unchanged(where, before, args.docs, args.site):
            print(f"{args.site.as_posix()}/: up to date (nothing it is built from changed since the last build)")
            return 0
        return _run(args, where, before)
    except UsageError as err:  # what argparse reports for a bad option, the same way: usage, message, 2
        print(f"{parser.prog} {args.command}: error: {err}", file=sys.stderr)
        return 2
    except GeneratorError as err:
        print(err, file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # Ctrl+C: every step leaves docs/ and site/ whole, as a kill does
        print(f"{args.command}: interrupted; {INTERRUPTED}", file=sys.stderr)
        return 130
    except OSError as err:  # a file the steps above do not name themselves: still a message, not a traceback
        named = os.fsdecode(err.filename) if isinstance(err.filename, str | bytes) else args.command
        print(f"{named}: {err.strerror or err}", file=sys.stderr)
        return 1


def _stamp_of(args: argparse.Namespace) -> tuple[Path, str]:
    """Where the record of the last build is (beside the build lock), and the fingerprint of this one's inputs."""
    read = [args.facts, args.catalogs, args.glossary, args.translated_from, args.config]
    read.append(args.facts.parent / "published-addresses.yaml")  # generator/redirects.py: the addresses published
    read += [args.config.parent / "theme", Path(__file__).parent]  # the theme's overrides; the generator itself
    return Path(os.path.abspath(args.docs)).parent / stamp.STAMP, stamp.inputs(read, args.docs)


def _run(args: argparse.Namespace, where: Path | None, before: str) -> int:
    """Every command but a build with nothing to do; a build records itself in where."""
    from generator import translations
    from generator.pipeline import Paths, load_inputs, outputs
    from generator.schema import schema_text
    from generator.serve import serve
    from generator.site import SiteBuild, publish
    from generator.strings import load_catalogs
    from generator.write import replace_file

    paths = Paths(args.facts, args.catalogs, args.glossary, args.translated_from)
    if args.command == "schema":  # needs only the languages, so it works while the facts are broken
        languages = tuple(c.locale for c in load_catalogs(args.catalogs, args.catalogs.as_posix()))
        replace_file(args.output, schema_text(languages).encode("utf-8"))
        print(f"{args.output.as_posix()}: written")
        return 0
    if args.command == "serve":
        return serve(paths, args.docs, args.config, args.dev_addr)
    inputs = load_inputs(paths)
    if args.command == "plan":
        return _plan(args, inputs.facts, inputs.catalogs)
    if args.command == "reviewed":
        locales = args.lang or list(inputs.languages[1:])
        text, changed = translations.mark_reviewed(
            inputs.texts, inputs.reviewed, inputs.catalogs, locales, set(args.keys)
        )
        replace_file(args.translated_from, text.encode("utf-8"))
        print(f"{args.translated_from.as_posix()}: {len(changed)} translations marked as reviewed")
        return 0
    statuses = inputs.statuses()
    warn_stale(statuses, inputs.reviewed)
    if args.command == "translations":
        for status in statuses:
            print(f"{status.locale}: {status.total} texts, {status.current} current, {len(status.stale)} stale")
        return 0
    if args.command == "check":
        count, names = len(inputs.facts.accelerators), ", ".join(inputs.languages)
        print(f"{args.facts.as_posix()}: {count} accelerators, languages {names}: valid")
        _list_stale(inputs)
        return 0
    newest = max(s.checked for s in inputs.facts.sources)
    site_build = SiteBuild(args.config, args.site, newest) if args.command == "build" else None
    files = outputs(inputs)
    written = publish(files, args.docs, site_build, default=inputs.languages[0])
    print(f"{args.docs.as_posix()}/: {written}")
    if site_build:
        print(f"{args.site.as_posix()}/: built with mkdocs --strict")
    recorded = _record_addresses(inputs, files)
    if where is not None:
        if recorded:  # the record is an input too: fingerprint it as this build left it
            before = _stamp_of(args)[1]
        stamp.record(where, before, args.docs, args.site)
    return 0


def _record_addresses(inputs: Inputs, files: dict[str, str]) -> bool:
    """Append the page addresses this run produced to the record of published addresses (if there is one)."""
    from generator import redirects

    default = inputs.languages[0]
    made = [address for address, lang in redirects.produced(files, inputs.languages) if lang == default]
    added = redirects.update_record(inputs.paths.addresses, inputs.published, made)
    if added:
        print(f"{inputs.paths.addresses.as_posix()}: {len(added)} new addresses recorded")
    return bool(added)


def _list_stale(inputs: Inputs) -> None:
    """Observed figures seen over a year before the newest check: worth checking again (not errors)."""
    from generator import derived

    stale = derived.stale_observations(inputs.facts)
    doc, newest = inputs.facts_doc, derived.newest_check(inputs.facts)
    for loc, fact, when in stale:
        print(
            f"{doc.file}:{doc.line(loc)}: {doc.path(loc)}: {fact.value:g} {fact.unit} seen on {when.isoformat()}, "
            f"over {derived.STALE_AFTER_DAYS} days before the newest check ({newest.isoformat()}): "
            "pages mark it as possibly out of date; check it again and give the new value an `observed` day"
        )
    if stale:
        print(f"{len(stale)} observed figures may be out of date")


def _plan(args: argparse.Namespace, facts: Facts, catalogs: list[Catalog]) -> int:
    """Answer one planner question (generator/plan.py), as text or as one JSON object."""
    import json

    from generator import plan

    languages = {c.locale: c for c in catalogs}
    catalog = languages.get(args.lang or catalogs[0].locale)
    if catalog is None:
        raise UsageError(f"--lang: unknown language {args.lang!r}; expected one of: {', '.join(languages)}")
    if facts.planner is None:
        raise UsageError(f"{args.facts.as_posix()} has no planner section to answer from")
    asked = plan.question(facts, args.accelerator, args.task, args.params, args.model, args.tokens, args.batch)
    found = plan.answer(facts, asked)
    if args.json:
        print(json.dumps(plan.as_json(found, catalog), ensure_ascii=False, indent=2))
    else:
        print(plan.as_text(found, catalog))
    return 0


INTERRUPTED = "docs/ and site/ are as they were (or wholly new, if the build had just finished)."


def warn_stale(statuses: list[translations.Status], lock: dict[str, dict[str, str]]) -> None:
    """List every stale translation on stderr; they are reported, not errors."""
    from generator import translations

    for line in translations.stale_report(statuses, lock):
        print(line, file=sys.stderr)
