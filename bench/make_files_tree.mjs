// Writes the files benchmark's directory (bench/README.md, files benchmark): 2,000 small
// text files with deterministic names and contents, the same on every run. The top level
// holds 1,500 files `entry-NNNN.<ext>` and 5 directories `entry-dir-K` of 100 files
// `doc-NNNN.<ext>` each, so every top-level name contains "entry-" (the driver counts that
// token in a listing). Sizes run from 200 to 2,000 bytes; lines carry tabs, quotes and
// backslashes so the replies need JSON escaping. Prints the file the read operation uses
// (a top-level .txt of about 1 KiB). Usage: node make_files_tree.mjs DIR (DIR must not exist).
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
if (!dir || process.argv.length !== 3) {
  console.error("usage: node make_files_tree.mjs DIR");
  process.exit(2);
}
if (existsSync(dir)) {
  console.error(`make_files_tree.mjs: ${dir} exists already`);
  process.exit(2);
}

const kTopFiles = 1500;
const kDirs = 5;
const kFilesPerDir = 100;
const kExts = ["txt", "md", "json", "py", "csv", "log", "html", "cpp", "yaml", "rs", "js", "toml"];
const kWords = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet",
  "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "\"quoted\"", "back\\slash", "tab\there"];

// A small LCG so the contents depend on the index only.
function contents(seed) {
  let x = (seed * 2654435761 + 12345) >>> 0;
  const next = () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0);
  const size = 200 + ((seed * 7919) % 1801);
  let out = `# file ${seed}\n`;
  while (out.length < size) {
    const words = 3 + (next() % 9);
    const line = [];
    for (let i = 0; i < words; ++i) line.push(kWords[next() % kWords.length]);
    out += line.join(" ") + "\n";
  }
  return out.slice(0, size - 1) + "\n";
}

mkdirSync(dir, { recursive: true });
let readFile = null;
for (let i = 0; i < kTopFiles; ++i) {
  const name = `entry-${String(i).padStart(4, "0")}.${kExts[i % kExts.length]}`;
  const text = contents(i);
  writeFileSync(join(dir, name), text);
  if (!readFile && name.endsWith(".txt") && text.length >= 1000 && text.length <= 1200) readFile = join(dir, name);
}
for (let d = 0; d < kDirs; ++d) {
  const sub = join(dir, `entry-dir-${d}`);
  mkdirSync(sub);
  for (let i = 0; i < kFilesPerDir; ++i) {
    const n = kTopFiles + d * kFilesPerDir + i;
    writeFileSync(join(sub, `doc-${String(n).padStart(4, "0")}.${kExts[(n + d) % kExts.length]}`), contents(n));
  }
}
console.log(readFile);
