// Prints the files benchmark's table and target ratios from one results file written by
// run_files_bench.sh: a {"meta":…} line, then one files_driver line per server (labels
// conhub, reference, floor). Exit status 0 when all three lines are results (targets met
// or missed), 1 when a server line is an error or missing, 2 on bad usage.
// Usage: node report_files.mjs FILE
import { forEachServer, printHead, printTargets, readResults } from "./report_common.mjs";

const { meta, byLabel } = readResults("report_files.mjs");

const order = ["conhub", "reference", "floor"];
const ok = (label) => byLabel.has(label) && !byLabel.get(label).error;
const op = (r, name) => r.ops.find((o) => o.name === name);

const fmt = (v, d = 1) => (v === undefined || v === null || Number.isNaN(v) ? "n/a" : v.toFixed(d));
const int = (v) => (v === undefined || v === null ? "n/a" : Math.round(v).toLocaleString("en-US"));
const pad = (s, n) => String(s).padStart(n);

console.log(
  `files benchmark${meta.quick ? " (--quick)" : ""}: commit ${meta.commit ?? "?"}, ` +
    `load average at start ${meta.loadavg ?? "?"}, ${meta.nproc ?? "?"} cores, node ${meta.node ?? "?"}`,
);
console.log(
  `directory: ${int(meta.files)} files, ${int(meta.entries)} top-level entries, ${int(meta.md_files)} match **/*.md; ` +
    `the read file has ${int(meta.read_bytes)} bytes`,
);
console.log(
  `sequential calls (one at a time) after warm-up: read ${meta.reads} (+${meta.read_warmup}), ` +
    `list ${meta.lists} (+${meta.list_warmup}), find ${meta.finds} (+${meta.find_warmup})`,
);
console.log("");

printHead([
  "server".padEnd(10),
  "op".padEnd(5),
  "tool".padEnd(26),
  pad("p50 us", 10),
  pad("p90 us", 10),
  pad("p99 us", 10),
  pad("mean us", 10),
  pad("result B", 9),
  pad("cpu us/call", 12),
]);
forEachServer(order, byLabel, 10, (label, r) => {
  r.ops.forEach((o, i) => {
    console.log(
      [
        (i === 0 ? label : "").padEnd(10),
        o.name.padEnd(5),
        o.tool.padEnd(26),
        pad(fmt(o.p50_us), 10),
        pad(fmt(o.p90_us), 10),
        pad(fmt(o.p99_us), 10),
        pad(fmt(o.mean_us), 10),
        pad(int(o.result_bytes), 9),
        pad(fmt(o.server_cpu_us_per_call, 0), 12),
      ].join(" "),
    );
  });
});

console.log("");
console.log("per server (cpu us/call is utime+stime from /proc, in 10 ms ticks: coarse for short phases):");
for (const label of order) {
  if (!ok(label)) continue;
  const r = byLabel.get(label);
  console.log(
    `  ${label.padEnd(10)} started in ${fmt(r.startup_ms, 1)} ms; peak RSS ${fmt(r.peak_rss_kib / 1024, 1)} MiB; ` +
      `${r.threads} threads; exits on stdin EOF: ${r.exit_on_eof ? "yes" : "no (killed)"}`,
  );
}

// p50 ratios from the issue: listing and finding 5x faster than the reference server,
// reading within 1.5x of the floor stub's round trip.
const p50 = (name) => (r) => op(r, name).p50_us;
const targets = [
  { name: "list p50", parts: [{ num: "reference", ref: "conhub", get: p50("list"), target: ">= 5", pass: (x) => x >= 5 }] },
  { name: "find p50", parts: [{ num: "reference", ref: "conhub", get: p50("find"), target: ">= 5", pass: (x) => x >= 5 }] },
  { name: "read p50", parts: [{ ref: "floor", get: p50("read"), target: "<= 1.5", pass: (x) => x <= 1.5 }] },
];
printTargets(targets, { byLabel, ok, title: "targets (ratios of p50 latencies):", met: "met", missed: "missed" });

const broken = order.filter((l) => !ok(l));
if (broken.length) {
  console.log("");
  console.log(`broken: ${broken.join(", ")} (see the error above and the server's stderr log)`);
  process.exit(1);
}
