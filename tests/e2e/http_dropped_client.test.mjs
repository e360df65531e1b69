// A client that vanishes (SIGKILL, no DELETE, sockets reset by the kernel) must not hurt
// the server: it keeps serving, and the SSE slot the client held is freed. On the
// 2026-07-28 stateless wire, closing a streaming POST cancels the request.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  expectError,
  health,
  initializeRaw,
  jsonBody,
  modernRequest,
  post,
  SseReader,
  startConhub,
  startEverything,
  until,
} from './lib/http_harness.mjs';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'lib', 'http_drop_child.mjs');

/** Starts the child client; resolves with { child, sessionId } once it printed READY. */
function startDroppingClient(t, mcpUrl, tool, args) {
  const child = spawn(process.execPath, [CHILD, mcpUrl, tool, JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'pipe'] });
  t.after(() => child.kill('SIGKILL'));
  let out = '';
  let err = '';
  child.stderr.on('data', (c) => (err += c));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child client not READY within 20 s: ${out} ${err}`)), 20_000);
    child.stdout.on('data', (c) => {
      out += c;
      const m = /READY ([0-9a-f]{32})/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, sessionId: m[1] });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`child client exited ${code} before READY: ${out} ${err}`));
    });
  });
}

function kill(child) {
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  return gone;
}

test('a client killed mid-call (session + GET stream + slow call) leaves the server serving', async (t) => {
  const server = await startEverything(t);
  const { child } = await startDroppingClient(t, server.mcpUrl, 'test_slow_tool', { duration_ms: 20_000 });
  await kill(child);
  const h = await health(server.base);
  assert.equal(h.status, 200);
  assert.deepEqual(JSON.parse(h.body), { status: 'ok' });
  const { headers } = await initializeRaw(server.mcpUrl);
  const res = await post(server.mcpUrl, { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'test_slow_tool', arguments: { duration_ms: 200 } } }, { headers });
  assert.equal(res.status, 200);
  const events = await new SseReader(res).rest({ timeoutMs: 10_000 });
  assert.equal(events.at(-1).message?.result?.content?.[0]?.text, 'slept 200 ms');
  assert.equal(server.exit, null, 'the server is still running');
});

test('--max-open-streams 1: the slot of a killed client\'s GET stream is freed for a new GET', async (t) => {
  const server = await startConhub(t, ['--max-open-streams', '1']);
  const { child } = await startDroppingClient(t, server.mcpUrl, 'conhub_echo', { text: 'bye' });
  const { headers } = await initializeRaw(server.mcpUrl);
  // The limit is real: while the child holds the only slot, a second GET stream is refused.
  const refused = await fetch(server.mcpUrl, { headers: { ...headers, Accept: 'text/event-stream' } });
  await expectError(refused, 503, -32603);
  assert.ok(refused.headers.get('retry-after'), '503 carries Retry-After');
  await kill(child);
  const stream = await until(async () => {
    const res = await fetch(server.mcpUrl, { headers: { ...headers, Accept: 'text/event-stream' } });
    if (res.status === 200) return res;
    await res.text();
    return false;
  }, { timeoutMs: 10_000, everyMs: 100, what: 'a GET stream after the holder was killed' });
  t.after(() => stream.body.cancel().catch(() => {}));
  assert.match(stream.headers.get('content-type') || '', /^text\/event-stream/);
  // Ordinary requests kept working throughout.
  const echo = await post(server.mcpUrl, { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'conhub_echo', arguments: { text: 'still here' } } }, { headers });
  assert.equal((await jsonBody(echo)).result.content[0].text, 'still here');
});

test('2026-07-28: closing a streaming POST cancels the call (the workers it held are free again)', async (t) => {
  const server = await startEverything(t);
  // everything_server has 8 handler threads. Fill all of them with 30 s calls, then close
  // each response stream: unless closing cancels, a ninth call would wait ~30 s.
  const WORKERS = 8;
  const calls = [];
  for (let i = 0; i < WORKERS; i++) {
    const abort = new AbortController();
    const { body, headers } = modernRequest('tools/call', { name: 'test_slow_tool', arguments: { duration_ms: 30_000 }, _meta: { progressToken: `c${i}` } }, { id: i + 1 });
    const res = await post(server.mcpUrl, body, { headers, signal: abort.signal });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') || '', /^text\/event-stream/);
    assert.equal(res.headers.get('mcp-session-id'), null, 'no session id on the stateless wire');
    const sse = new SseReader(res);
    calls.push({ abort, sse });
  }
  // Each call is running (its first progress event arrived) before any stream is closed.
  for (const { sse } of calls) {
    const [event] = await sse.until((e, m) => m?.method === 'notifications/progress', { what: 'first progress' });
    assert.equal(event.id, undefined, 'no event ids on the stateless wire');
  }
  // While all workers are busy, a quick call cannot finish promptly: the check below can fail.
  const probe = async (id, timeoutMs) => {
    const { body, headers } = modernRequest('tools/call', { name: 'test_slow_tool', arguments: { duration_ms: 0 } }, { id });
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    try {
      const res = await post(server.mcpUrl, body, { headers, signal: abort.signal });
      const events = (res.headers.get('content-type') || '').includes('text/event-stream')
        ? (await new SseReader(res).rest()).map((e) => e.message)
        : [await jsonBody(res)];
      return events.find((m) => m?.id === id);
    } catch {
      return undefined; // aborted: no answer in time
    } finally {
      clearTimeout(timer);
    }
  };
  assert.equal(await probe(100, 700), undefined, 'with every worker busy a new call waits');
  for (const { abort, sse } of calls) {
    abort.abort();
    await sse.cancel();
  }
  const answer = await until(() => probe(101, 1500), { timeoutMs: 8000, everyMs: 100, what: 'a call answered after the streams closed' });
  assert.equal(answer.result.content[0].text, 'slept 0 ms');
});
