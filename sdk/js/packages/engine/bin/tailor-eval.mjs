#!/usr/bin/env node
// Decide pages for visitors from a rule-set document: JSON lines {path, context} on stdin, one
// result line each on stdout, byte for byte what `python -m tailor_engine.cli` writes
// (../shared/spec/js-sdk.md). Usage: tailor-eval RULESET.json < contexts.jsonl > results.jsonl
import { readFileSync } from "node:fs";
import { LocalEngine, answerLine, formatLine } from "../dist/index.js";

function main(argv) {
  if (argv.length !== 1 || argv[0] === "-h" || argv[0] === "--help") {
    process.stderr.write("usage: tailor-eval RULESET.json < contexts.jsonl > results.jsonl\n");
    return 2;
  }
  let engine;
  try {
    engine = new LocalEngine(JSON.parse(readFileSync(argv[0], "utf8")));
  } catch (error) {
    process.stderr.write(`cannot read the rule set ${argv[0]}: ${error.message}\n`);
    return 2;
  }
  const input = readFileSync(0);
  const out = [];
  let start = 0;
  let number = 0;
  while (start < input.length) {
    let end = input.indexOf(10, start);
    if (end < 0) end = input.length;
    number += 1;
    const { result, detail } = answerLine(engine, input.subarray(start, end));
    if (detail !== null) process.stderr.write(`line ${number}: ${result.error}: ${detail}\n`);
    out.push(formatLine(result), "\n");
    start = end + 1;
  }
  process.stdout.write(out.join(""));
  return 0;
}

process.exitCode = main(process.argv.slice(2));
