// What the benchmark reports (report.mjs, report_http.mjs, report_files.mjs) share: reading
// a results file and printing the target lines.
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
