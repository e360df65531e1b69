// What the benchmark reports (report.mjs, report_http.mjs, report_files.mjs) share: reading
// a results file, the table's head and per-server rows, and the target lines.
import { readFileSync } from "node:fs";

// Reads the results file named on the command line (exit 2 with a usage line when there is
// none): its {"meta":…} line and the server lines by label.
export function readResults(script) {
  const file = process.argv[2];
  if (!file || process.argv.length !== 3) {
    console.error(`usage: node ${script} RESULTS.json`);
    process.exit(2);
  }
  const records = readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l));
  return {
    meta: records.find((r) => r.meta)?.meta ?? {},
    byLabel: new Map(records.filter((r) => r.label).map((r) => [r.label, r])),
  };
}

// A table's header line (the columns joined by spaces) and a rule under it.
export function printHead(columns) {
  const head = columns.join(" ");
  console.log(head);
  console.log("-".repeat(head.length));
}

// For each server label in order: print(label, record) for a driver's result, or a line
// saying the result is missing or naming the driver's error (label padded to width).
export function forEachServer(order, byLabel, width, print) {
  for (const label of order) {
    const r = byLabel.get(label);
    if (!r) console.log(`${label.padEnd(width)} missing: its driver printed no line`);
    else if (r.error) console.log(`${label.padEnd(width)} error: ${r.error}`);
    else print(label, r);
  }
}

// The target lines. A target has one or more parts; each part is the ratio of one
// server's value over another's from the same run (`num`, default "conhub", over `ref`),
// met or missed by `pass(ratio)`, or n/a when either server has no result. The target is
// met when all its parts are. Returns [{name, verdict}] in the order printed.
export function printTargets(targets, { byLabel, ok, title = "targets (conhub / reference):", met = "PASS", missed = "MISS" }) {
  const width = Math.max(5, met.length, missed.length);
  const out = [];
  console.log("");
  console.log(title);
  for (const t of targets) {
    const verdicts = t.parts.map((p) => {
      const num = p.num ?? "conhub";
      if (!ok(num) || !ok(p.ref)) return { text: `${num}/${p.ref} = n/a (target ${p.target})`, v: "n/a" };
      const x = p.get(byLabel.get(num)) / p.get(byLabel.get(p.ref));
      return { text: `${num}/${p.ref} = ${x.toFixed(3)} (target ${p.target})`, v: p.pass(x) ? met : missed };
    });
    const overall = verdicts.some((v) => v.v === "n/a") ? "n/a" : verdicts.every((v) => v.v === met) ? met : missed;
    console.log(`  ${overall.padEnd(width)} ${t.name.padEnd(15)} ${verdicts.map((v) => v.text).join(" AND ")}`);
    out.push({ name: t.name, verdict: overall });
  }
  return out;
}
