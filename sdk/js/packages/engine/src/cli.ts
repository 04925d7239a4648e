/**
 * One line of the command line's conversation (../shared/spec/js-sdk.md, engine/cli.py): a JSON
 * request {"path", "context"} in, the decision's JSON out, or {"error": CODE} with CODE the first
 * that applies of invalid-json, invalid-request, invalid-context, unknown-path. The Node bin
 * (bin/tailor-eval.mjs) only reads lines and writes answers; everything else is here, portable.
 */

import { ContextError, contextFromJson } from "./context-json.js";
import type { LocalEngine } from "./engine.js";

export interface LineAnswer {
  result: Record<string, unknown>;
  detail: string | null; // why the line is an error (for stderr), null when it is not
}

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

function error(code: string, detail: string): LineAnswer {
  return { result: { error: code }, detail };
}

const ROUNDED = "9007199254740993";

/** 2**53 + 1 is the one integer above 2**53 that JSON.parse rounds down to 2**53 (within the
 * range the reader accepts): written as 2**53 + 2, it is refused as Python refuses it. */
function exactIntegers(text: string): string {
  if (!text.includes(ROUNDED)) return text;
  let out = "";
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (inString) {
      if (c === "\\") {
        out += c + (text[i + 1] ?? "");
        i++;
        continue;
      }
      if (c === '"') inString = false;
      out += c;
      continue;
    }
    if (c === '"') inString = true;
    if (text.startsWith(ROUNDED, i) && !/[0-9.]/.test(text[i - 1] ?? "") && !/[0-9.eE]/.test(text[i + ROUNDED.length] ?? "")) {
      out += "9007199254740994";
      i += ROUNDED.length - 1;
      continue;
    }
    out += c;
  }
  return out;
}

/** The answer to one input line (bytes or text); never throws on bad input. */
export function answerLine(engine: LocalEngine, line: Uint8Array | string): LineAnswer {
  let data: unknown;
  try {
    data = JSON.parse(exactIntegers(typeof line === "string" ? line : decoder.decode(line)));
  } catch (e) {
    return error("invalid-json", `not a JSON line (${(e as Error).message})`);
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    return error("invalid-request", "expected an object with path and context");
  }
  const { path, context } = data as Record<string, unknown>;
  if (typeof path !== "string") return error("invalid-request", "path: expected a string");
  if (typeof context !== "object" || context === null || Array.isArray(context)) {
    return error("invalid-request", "context: expected an object");
  }
  let ctx;
  try {
    ctx = contextFromJson(context);
  } catch (e) {
    if (e instanceof ContextError) return error("invalid-context", e.message);
    throw e;
  }
  const decision = engine.decide(path, ctx);
  if (decision === null) return error("unknown-path", `no live page at ${JSON.stringify(path)}`);
  return { result: { ...decision }, detail: null };
}

/** Compact JSON, non-ASCII as is, lone surrogates escaped: byte for byte the Python CLI's. */
export function formatLine(result: Record<string, unknown>): string {
  return JSON.stringify(result);
}
