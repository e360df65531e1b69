// Prints the HTTP benchmark's table and target ratios from one results file written by
// run_http_bench.sh: a {"meta":…} line, then one line per server (labels peer, floor,
// conhub; conhub's may be {"skipped":…}). Exit status 0 when every server line is a result
// with no request errors (targets met or missed, conhub skipped or not), 1 when a server
// broke: an {"error":…} line (crash, hang, bad reply at setup), request errors, or a
// missing line. Usage: node report_http.mjs FILE
import { printHead, printTargets, readResults } from "./report_common.mjs";

const { meta, byLabel } = readResults("report_http.mjs");

const order = ["conhub", "peer", "floor"];
// Request errors over all wrk runs: socket errors, timeouts and bad replies (bad_reply
// already counts the non-200 statuses wrk reports as errors.status).
const errorsOf = (r) =>
  Object.values(r.phases)
    .map((p) => p.errors.connect + p.errors.read + p.errors.write + p.errors.timeout + p.errors.bad_reply)
    .reduce((a, b) => a + b, 0);
const measured = (label) => {
  const r = byLabel.get(label);
  return r !== undefined && !r.error && !r.skipped;
};
const ok = (label) => measured(label) && errorsOf(byLabel.get(label)) === 0;

const fmt = (v, d = 1) => (v === undefined || v === null || Number.isNaN(v) ? "n/a" : v.toFixed(d));
const int = (v) => (v === undefined || v === null ? "n/a" : Math.round(v).toLocaleString("en-US"));
const mib = (kib) => fmt(kib / 1024, 1);
const pad = (s, n) => String(s).padStart(n);
const delta = (kib, tol) => `${kib >= 0 ? "+" : ""}${fmt(kib / 1024, 2)} MiB (tolerance ${fmt(tol / 1024, 2)})`;

// Leak check: RSS back within max(2 MiB, 10 %) of where it was, after the idle sessions
// were deleted (vs. before they were opened) and after the load (vs. after the warm-up),
// and /health still 200 after each.
const tolerance = (kib) => Math.max(2048, kib / 10);
const leak = (r) => {
  const idle = r.idle.rss_after_delete_kib - r.idle.rss_before_kib;
  const idleTol = tolerance(r.idle.rss_before_kib);
  const load = r.rss_kib.after_load - r.rss_kib.baseline;
  const loadTol = tolerance(r.rss_kib.baseline);
  const pass =
    Math.abs(idle) <= idleTol && Math.abs(load) <= loadTol && r.idle.health_status === 200 && r.health_final === 200;
  return { pass, idle, idleTol, load, loadTol };
};

console.log(
  `HTTP benchmark${meta.quick ? " (--quick)" : ""}: commit ${meta.commit ?? "?"}, ` +
    `load average at start ${meta.loadavg ?? "?"}, ${meta.nproc ?? "?"} cores, node ${meta.node ?? "?"}, wrk ${meta.wrk ?? "?"}`,
);
console.log(
  `wrk ${meta.seconds} s per level after a ${meta.warmup_s} s warm-up at 64 connections ` +
    `(threads = min(connections, 2)); ${meta.idle_sessions} idle sessions`,
);
console.log("");

printHead([
  "server".padEnd(8),
  pad("p50 us", 8),
  pad("p99 us", 8),
  pad("calls/s@1", 10),
  pad("@8", 8),
  pad("@64", 8),
  pad("@64 p99 us", 11),
  pad("B/idle sess", 12),
  pad("RSS MiB", 8),
  pad("errors", 7),
  pad("leak check", 11),
]);
for (const label of order) {
  const r = byLabel.get(label);
  if (!r) {
    console.log(`${label.padEnd(8)} missing: the bench printed no line`);
    continue;
  }
  if (r.skipped) {
    console.log(`${label.padEnd(8)} skipped (${r.skipped})`);
    continue;
  }
  if (r.error) {
    console.log(`${label.padEnd(8)} FAIL: ${r.error} (stopped: ${r.stopped})`);
    continue;
  }
  const p = r.phases;
  const l = leak(r);
  console.log(
    [
      label.padEnd(8),
      pad(int(p.c1.p50_us), 8),
      pad(int(p.c1.p99_us), 8),
      pad(int(p.c1.requests_per_s), 10),
      pad(int(p.c8.requests_per_s), 8),
      pad(int(p.c64.requests_per_s), 8),
      pad(int(p.c64.p99_us), 11),
      pad(int(r.idle.per_session_bytes), 12),
      pad(mib(r.rss_kib.baseline), 8),
      pad(errorsOf(r), 7),
      pad(l.pass ? "ok" : "NO", 11),
    ].join(" "),
  );
}

console.log("");
console.log("details (server CPU per call at 1 / 8 / 64 connections; RSS in MiB; load average after each level):");
for (const label of order) {
  if (!measured(label)) continue;
  const r = byLabel.get(label);
  const p = r.phases;
  const l = leak(r);
  console.log(
    `  ${label.padEnd(7)} cpu ${fmt(p.c1.server_cpu_us_per_call)} / ${fmt(p.c8.server_cpu_us_per_call)} / ` +
      `${fmt(p.c64.server_cpu_us_per_call)} us; ${r.threads} threads; load ${p.c1.loadavg_after} | ` +
      `${p.c8.loadavg_after} | ${p.c64.loadavg_after}`,
  );
  console.log(
    `          RSS start ${mib(r.rss_kib.start)}, after warm-up (baseline) ${mib(r.rss_kib.baseline)}, ` +
      `after @64 ${mib(r.rss_kib.after_c64)}, load sessions closed ${mib(r.rss_kib.after_load)} ` +
      `(${r.rss_kib.after_load_settle_ms} ms); peak ${mib(r.rss_kib.hwm)}`,
  );
  console.log(
    `          idle: before ${mib(r.idle.rss_before_kib)}, ${r.idle.sessions} open ${mib(r.idle.rss_open_kib)} ` +
      `(opened in ${fmt(r.idle.open_ms, 0)} ms), deleted ${mib(r.idle.rss_after_delete_kib)} ` +
      `(${fmt(r.idle.delete_ms, 0)} ms + ${r.idle.settle_ms} ms settling)`,
  );
  console.log(
    `          leak check ${l.pass ? "ok" : "NO"}: idle ${delta(l.idle, l.idleTol)}, load ${delta(l.load, l.loadTol)}; ` +
      `/health ${r.idle.health_status} / ${r.health_final}; stopped: ${r.stopped}`,
  );
  const errs = errorsOf(r);
  const sse = Object.values(p).reduce((a, x) => a + x.sse_replies, 0);
  if (errs || sse) {
    const first = Object.values(p).find((x) => x.first_bad)?.first_bad;
    console.log(`          ${errs} request errors, ${sse} SSE replies${first ? `; first bad reply: ${first}` : ""}`);
  }
}

// ratio: conhub's value over a reference server's; pass(x) says whether it meets the target
// (printed by report_common.mjs).
const targets = [
  {
    name: "throughput@64",
    parts: [
      { ref: "peer", get: (r) => r.phases.c64.requests_per_s, target: ">= 20", pass: (x) => x >= 20 },
      { ref: "floor", get: (r) => r.phases.c64.requests_per_s, target: ">= 0.5", pass: (x) => x >= 0.5 },
    ],
  },
  {
    name: "sequential p50",
    parts: [{ ref: "peer", get: (r) => r.phases.c1.p50_us, target: "<= 1/5 (0.200)", pass: (x) => x <= 0.2 }],
  },
  {
    name: "B/idle session",
    parts: [{ ref: "peer", get: (r) => r.idle.per_session_bytes, target: "<= 1/10 (0.100)", pass: (x) => x <= 0.1 }],
  },
];

printTargets(targets, { byLabel, ok });
{
  const r = byLabel.get("conhub");
  let v = "n/a";
  let text = r?.skipped ? "conhub skipped" : "no conhub result";
  if (r?.error) {
    v = "FAIL";
    text = r.error;
  } else if (measured("conhub")) {
    const l = leak(r);
    const errs = errorsOf(r);
    v = l.pass && errs === 0 ? "PASS" : "FAIL";
    text =
      `${errs} request errors; RSS after deleting the idle sessions ${delta(l.idle, l.idleTol)}, ` +
      `after the load ${delta(l.load, l.loadTol)}; /health ${r.idle.health_status} / ${r.health_final}`;
  }
  console.log(`  ${v.padEnd(5)} ${"no crash/leak".padEnd(15)} ${text}`);
}

const broken = order.filter((l) => !ok(l) && !byLabel.get(l)?.skipped);
if (broken.length) {
  console.log("");
  console.log(`broken: ${broken.join(", ")} (see the error above and the logs next to the results file)`);
  process.exit(1);
}
