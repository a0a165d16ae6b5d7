"""The JSON Schema for editors agrees with the loader: valid stays valid, broken stays broken where it can tell."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from generator.errors import InputError
from generator.schema import schema_text
from generator.yamlcheck import check_depth
from tests.conftest import ROOT

SCHEMA_FILE = ROOT / "content/accelerators.schema.json"
INVALID = sorted(p.name for p in (ROOT / "tests/data/invalid").iterdir())

# Mistakes a JSON Schema cannot see: the file cannot be read as YAML at all, YAML quietly drops
# the evidence (a duplicate key), or the rule spans several fields or files (ids, sources, notes
# required by a value, scripts, markup, dates relative to today, plausible magnitudes).
SCHEMA_BLIND = {
    "absurd_number", "dangling_plan", "dangling_source", "date_in_future", "duplicate_id", "duplicate_key",
    "empty_file", "facts_is_directory", "html_in_prose", "javascript_link_in_prose", "korean_without_hangul",
    "missing_compute_note", "mojibake_thai", "not_utf8", "number_without_source",
    "replacement_character", "retired_without_month", "unknown_without_note", "yaml_alias", "yaml_alias_bomb",
    "date_invalid", "derived_not_half", "derived_without_formula", "option_id_taken", "duplicate_feature_id",
    "planner_task_needs_unknown_feature", "planner_task_needs_a_feature_without_features",
    "option_plan_dangling", "option_plan_misspelt_source", "option_plans_without_source",
    "yaml_bad_indent", "yaml_tab", "yaml_unclosed_quote",
    # limits that depend on other fields, links inside prose, and what JSON cannot hold
    "deep_nesting", "huge_disputed_number", "infinite_number", "javascript_link_with_brackets",
    "retired_in_the_future", "id_names_a_site_page", "planner_model_without_cache_size",
    # characters YAML refuses or reads as a line break, and forms YAML turns into another value
    "delete_character_in_title", "escape_code_in_prose", "line_separator_in_prose", "many_control_characters",
    "next_line_in_name", "nul_byte_in_value", "utf16_file", "hexadecimal_number", "not_a_number", "octal_number",
    "sexagesimal_number", "underscore_in_number", "yes_no_as_boolean",
    # look-alike letters of another script
    "cyrillic_in_alias", "cyrillic_in_korean_prose", "cyrillic_in_name", "cyrillic_in_url", "greek_omicron_in_label",
    # character references (text the schema's pattern lets through), and ids that make one pair address
    "reference_bidi_in_prose", "reference_named_space_in_note", "reference_private_use_in_korean",
    "reference_tag_in_name", "reference_without_semicolon", "reference_zero_width_decimal",
    "vs_in_id", "vs_in_option_id",
    # the order of dated observations, a source id and a limit the schema cannot check
    "history_after_observed", "history_out_of_order", "history_without_observed", "history_unknown_source",
    "history_absurd_value",
    # measurements: checks across their fields, and of the rows, tasks and shapes they name
    "measurement_accelerator_has_options", "measurement_context_total_and_parts", "measurement_dangling_source",
    "measurement_duplicate_id", "measurement_empty_context", "measurement_memory_in_tokens",
    "measurement_several_problems", "measurement_single_stream_batch", "measurement_speculative_memory",
    "measurement_speed_in_gb", "measurement_task_of_wrong_kind", "measurement_too_fast",
    "measurement_unknown_accelerator", "measurement_unknown_shape", "measurement_unknown_task",
    "measurement_with_shape_and_params", "measurement_without_planner", "measurement_without_size",
    # the house style (generator/style.py): phrases and typography a pattern per field does not express
    "author_process_cross_checked", "author_process_the_authors", "author_process_data_file",
    "author_process_korean_co_author", "author_process_korean_compared", "korean_space_before_parenthesis_after_latin",
    "name_space_before_parenthesis", "power_with_caret_in_english", "power_with_caret_in_korean",
    "english_words_in_korean_prose", "english_words_in_korean_sentence",
    # which accelerators Colab offers: another part of the file
    "replaced_by_a_retired_accelerator", "replaced_by_its_own_id", "replaced_by_unknown_id",
    "replaced_by_when_none_is_offered",
    "measurement_checkpointing_for_decoding",
    # the planner's memory model: ids of formats and optimizers, what training tasks need, limits per unit
    "planner_adapters_without_lora", "planner_format_bits_too_many", "planner_inference_task_with_optimizer",
    "planner_model_hidden_not_heads", "planner_model_active_more_than_total", "planner_model_active_not_fewer",
    "planner_model_active_without_experts", "planner_model_experts_without_active", "planner_task_format_not_on_file",
    "planner_task_runs_on_without_source",
    "planner_task_unknown_format", "planner_training_task_unknown_optimizer",
    "planner_training_task_without_optimizer", "planner_training_without_activations",
    # the record of published addresses beside the facts file (generator/redirects.py), another file
    "addresses_a_list_only", "addresses_empty_record", "addresses_given_twice", "addresses_in_another_language",
    "addresses_misspelt_key", "addresses_not_a_list", "addresses_outside_the_site", "addresses_without_slashes",
}  # fmt: skip


def _as_json(value: Any) -> Any:
    """What a YAML language server sees: dates are strings."""
    if isinstance(value, dict):
        return {str(k): _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _schema_accepts(path: Path) -> bool | None:
    """Whether the schema accepts the YAML at path; None if it is not YAML a schema could look at."""
    try:
        text = path.read_text(encoding="utf-8")
        check_depth(text, path.name)  # deeper documents are refused before any YAML library reads them
        if any(isinstance(t, yaml.AliasToken) for t in yaml.scan(text)):
            return None  # the loader refuses aliases before reading; expanding them could take forever
        data = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError, InputError):  # ValueError: 2026-13-45
        return None
    if data is None:
        return None
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
    return validator.is_valid(_as_json(data))


def test_the_committed_schema_is_up_to_date(languages: tuple[str, ...]) -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(languages), "run `make schema`"
    jsonschema.Draft202012Validator.check_schema(json.loads(schema_text(languages)))


def test_the_facts_file_names_its_schema() -> None:
    first = (ROOT / "content/accelerators.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=accelerators.schema.json"


@pytest.mark.parametrize("path", ["content/accelerators.yaml", "tests/data/valid/minimal.yaml"])
def test_valid_files_are_valid_for_the_schema(path: str) -> None:
    assert _schema_accepts(ROOT / path) is True


def test_broken_files_are_broken_for_the_schema_where_it_can_tell() -> None:
    rejected = {
        case for case in INVALID if _schema_accepts(ROOT / "tests/data/invalid" / case / "accelerators.yaml") is False
    }
    assert rejected == set(INVALID) - SCHEMA_BLIND
