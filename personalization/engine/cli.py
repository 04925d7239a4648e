"""The engine's command line: decide pages for visitors from a rule-set document, one JSON line
in, one JSON line out (../shared/spec/js-sdk.md; the TypeScript engine's CLI answers the same).

    python -m tailor_engine.cli RULESET.json < contexts.jsonl > results.jsonl
    python -m personalization.engine.cli RULESET.json < ...      (inside the CMS's checkout)

Input line: {"path": "/", "context": {...}} (the context's JSON form: engine/context_json.py).
Output line, keys in this order, compact JSON (no spaces), UTF-8 (non-ASCII as is, lone
surrogates as \\udxxx), "\\n" after each:

    {"persona":slug|null,"stage":slug|null,"segments":[slug,...],"variantId":id|null,
     "cacheKey":"tailor:content:...","contentUrl":"/content/..."}

or {"error":CODE}, CODE the first that applies of "invalid-json" (not UTF-8, not JSON, NaN or
Infinity), "invalid-request" (not an object with a string `path` and an object `context`),
"invalid-context" (a field of the wrong type: context_json.py), "unknown-path" (no live page at
that exact path). A line of detail for each error goes to stderr. docs/ruleset-format.md.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable
from typing import IO, Any

from .context_json import ContextError, context_from_json
from .portable import LocalEngine

_SURROGATE = re.compile(r"[\ud800-\udfff]")
KEYS = ("persona", "stage", "segments", "variantId", "cacheKey", "contentUrl")


class LineError(ValueError):
    def __init__(self, code: str, detail: str):
        super().__init__(detail)
        self.code = code


def dumps_line(value: Any) -> str:
    """Compact JSON as JavaScript's JSON.stringify writes it: no spaces, non-ASCII as is, a lone
    surrogate escaped (lower-case hex), keys in insertion order."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def read_request(line: bytes | str) -> tuple[str, Any]:
    """(path, context JSON) of one input line; LineError for the first two error codes."""
    try:
        text = line.decode("utf-8") if isinstance(line, bytes) else line
        data = json.loads(text, parse_constant=_no_constants)
    except (ValueError, RecursionError) as error:
        raise LineError("invalid-json", f"not a JSON line ({error})") from None
    if not isinstance(data, dict):
        raise LineError("invalid-request", "expected an object with path and context")
    path, context = data.get("path"), data.get("context")
    if not isinstance(path, str):
        raise LineError("invalid-request", "path: expected a string")
    if not isinstance(context, dict):
        raise LineError("invalid-request", "context: expected an object")
    return path, context


def answer(engine: LocalEngine, line: bytes | str) -> dict[str, Any]:
    """The output object for one input line (never raises on bad input)."""
    try:
        path, raw = read_request(line)
        try:
            ctx = context_from_json(raw)
        except ContextError as error:
            raise LineError("invalid-context", str(error)) from None
        result = engine.personalize(path, ctx, explain=False)
        if result is None:
            raise LineError("unknown-path", f"no live page at {path!r}")
    except LineError as error:
        return {"error": error.code, "_detail": str(error)}
    decision = result.decision
    return {
        "persona": decision.persona,
        "stage": decision.stage,
        "segments": list(decision.segments),
        "variantId": result.variant_id,
        "cacheKey": result.cache_key,
        "contentUrl": result.content_url,
    }


def run(engine: LocalEngine, lines: Iterable[bytes | str], out: IO[str], err: IO[str]) -> int:
    """Answer every line; returns how many were errors."""
    errors = 0
    for number, line in enumerate(lines, 1):
        result = answer(engine, line)
        detail = result.pop("_detail", None)
        if detail is not None:
            errors += 1
            err.write(f"line {number}: {result['error']}: {detail}\n")
        out.write(dumps_line(result) + "\n")
    return errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tailor_engine.cli",
        description="Decide pages for visitors: JSON lines {path, context} on stdin, one "
        "result line each on stdout (docs/ruleset-format.md).",
    )
    parser.add_argument("ruleset", help="the rule-set document (the `json` of ruleSet)")
    args = parser.parse_args(argv)
    try:
        with open(args.ruleset, encoding="utf-8") as f:
            engine = LocalEngine(json.load(f))
    except (OSError, ValueError, KeyError, TypeError) as error:
        print(f"cannot read the rule set {args.ruleset}: {error}", file=sys.stderr)
        return 2
    out = open(sys.stdout.fileno(), "w", encoding="utf-8", newline="\n", closefd=False)
    with out:
        run(engine, sys.stdin.buffer, out, sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
