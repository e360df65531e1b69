// Prints the stdio benchmark's table and target ratios from one results file written by
// run_stdio_bench.sh: a {"meta":…} line, then one stdio_driver line per server (labels
// floor, peer, conhub). Exit status 0 when all three lines are results (targets missed or
// not), 1 when a server line is an error or missing. Usage: node report.mjs FILE
import { forEachServer, printHead, printTargets, readResults } from "./report_common.mjs";

const { meta, byLabel } = readResults("report.mjs");

const order = ["conhub", "peer", "floor"];
const ok = (label) => byLabel.has(label) && !byLabel.get(label).error;
const at = (r, k) => r.throughput.find((t) => t.in_flight === k);

const fmt = (v, d = 1) => (v === undefined || v === null || Number.isNaN(v) ? "n/a" : v.toFixed(d));
const int = (v) => Math.round(v).toLocaleString("en-US");
const pad = (s, n) => String(s).padStart(n);

console.log(
  `stdio benchmark${meta.quick ? " (--quick)" : ""}: commit ${meta.commit ?? "?"}, ` +
    `load average at start ${meta.loadavg ?? "?"}, ${meta.nproc ?? "?"} cores, node ${meta.node ?? "?"}`,
);
console.log(
  `counts: cold start ${meta.cold_runs} spawns (median), sequential ${meta.seq} calls after ${meta.warmup} ` +
    `warm-up, throughput ${meta.seconds} s per in-flight level`,
);
console.log("");

printHead([
  "server".padEnd(8),
  pad("cold ms", 9),
  pad("p50 us", 8),
  pad("p99 us", 8),
  pad("calls/s@1", 11),
  pad("@8", 10),
  pad("@64", 10),
  pad("peak RSS MiB", 13),
]);
forEachServer(order, byLabel, 8, (label, r) => {
  console.log(
    [
      label.padEnd(8),
      pad(fmt(r.cold_start_ms.median, 2), 9),
      pad(fmt(r.sequential.p50_us), 8),
      pad(fmt(r.sequential.p99_us), 8),
      pad(int(at(r, 1).calls_per_s), 11),
      pad(int(at(r, 8).calls_per_s), 10),
      pad(int(at(r, 64).calls_per_s), 10),
      pad(fmt(r.peak_rss_kib / 1024, 1), 13),
    ].join(" "),
  );
});

console.log("");
console.log("where the time goes (CPU per call at 1 / 64 in flight; latency under load at 64):");
for (const label of order) {
  if (!ok(label)) continue;
  const r = byLabel.get(label);
  const t1 = at(r, 1);
  const t64 = at(r, 64);
  console.log(
    `  ${label.padEnd(7)} server ${fmt(t1.server_cpu_us_per_call)} / ${fmt(t64.server_cpu_us_per_call)} us, ` +
      `driver ${fmt(t1.driver_cpu_us_per_call)} / ${fmt(t64.driver_cpu_us_per_call)} us; ` +
      `@64 p50 ${fmt(t64.p50_us)} us p99 ${fmt(t64.p99_us)} us; ` +
      `${r.threads} threads; exits on stdin EOF: ${r.exit_on_eof ? "yes" : "no (killed)"}` +
      (r.cold_start_ms.killed_after_eof ? ` (${r.cold_start_ms.killed_after_eof} cold-start spawns killed)` : ""),
  );
}

// ratio: conhub's value over a reference server's; pass(x) says whether it meets the target
// (printed by report_common.mjs).
const targets = [
  {
    name: "cold start",
    parts: [{ ref: "peer", get: (r) => r.cold_start_ms.median, target: "<= 1/20 (0.050)", pass: (x) => x <= 1 / 20 }],
  },
  {
    name: "peak RSS",
    parts: [{ ref: "peer", get: (r) => r.peak_rss_kib, target: "<= 1/10 (0.100)", pass: (x) => x <= 1 / 10 }],
  },
  {
    name: "throughput@64",
    parts: [
      { ref: "peer", get: (r) => at(r, 64).calls_per_s, target: ">= 4", pass: (x) => x >= 4 },
      { ref: "floor", get: (r) => at(r, 64).calls_per_s, target: ">= 0.8", pass: (x) => x >= 0.8 },
    ],
  },
  {
    name: "sequential p50",
    parts: [{ ref: "floor", get: (r) => r.sequential.p50_us, target: "<= 1.3", pass: (x) => x <= 1.3 }],
  },
];

printTargets(targets, { byLabel, ok });

const broken = order.filter((l) => !ok(l));
if (broken.length) {
  console.log("");
  console.log(`broken: ${broken.join(", ")} (see the error above and the server's stderr log)`);
  process.exit(1);
}
