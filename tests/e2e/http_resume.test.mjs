// Resumability (2025-11-25 § Resumability and Redelivery): a slow call's SSE stream is cut
// after its first progress event; a GET with Last-Event-ID replays what was missed and
// the result, exactly once. Both with raw fetch (exact event ids) and with the SDK's own
// reconnection (a fetch wrapper cuts the POST stream).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  assertNoViolations,
  checkingFetch,
  CLIENT_INFO,
  expectError,
  initializeRaw,
  newChecker,
  post,
  SseReader,
  startEverything,
} from './lib/http_harness.mjs';

const DURATION_MS = 1500;
const ALL_STEPS = Array.from({ length: DURATION_MS / 100 + 1 }, (_, i) => i * 100);

function slowCall(id, token) {
  return { jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'test_slow_tool', arguments: { duration_ms: DURATION_MS }, _meta: { progressToken: token } } };
}

test('raw: cut after the first progress event, resume with GET + Last-Event-ID, result exactly once', async (t) => {
  const server = await startEverything(t);
  const { headers } = await initializeRaw(server.mcpUrl);
  const checker = newChecker();
  const abort = new AbortController();
  const request = slowCall(42, 'resume-1');
  checker.noteOutgoing(request);
  const res = await post(server.mcpUrl, request, { headers, signal: abort.signal });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') || '', /^text\/event-stream/);
  assert.equal(res.headers.get('x-accel-buffering'), 'no');
  const first = new SseReader(res);
  const before = await first.until((e, m) => m?.method === 'notifications/progress', { what: 'the first progress event' });
  // 2025-11-25: a priming event (id, empty data, retry) comes first.
  assert.equal(before[0].data, '');
  assert.ok(before[0].id, 'the priming event has an id');
  assert.equal(before[0].retry, 1000);
  const lastSeen = before.at(-1);
  assert.ok(lastSeen.id, 'progress events carry ids');
  abort.abort();
  await first.cancel();

  const resumed = await fetch(server.mcpUrl, {
    headers: { ...headers, Accept: 'text/event-stream', 'Last-Event-ID': lastSeen.id },
  });
  assert.equal(resumed.status, 200, await (async () => (resumed.status === 200 ? '' : resumed.text()))());
  const after = await new SseReader(resumed).rest({ timeoutMs: DURATION_MS + 10_000 });
  const all = [...before, ...after];
  for (const e of all) if (e.message) checker.checkMessage(e.message, e.data);

  const ids = all.map((e) => e.id).filter(Boolean);
  assert.equal(new Set(ids).size, ids.length, `no event is delivered twice: ${ids}`);
  assert.ok(after.every((e) => e.id !== lastSeen.id), 'the replay starts after Last-Event-ID');
  const progress = all.filter((e) => e.message?.method === 'notifications/progress').map((e) => e.message.params.progress);
  assert.deepEqual(progress, ALL_STEPS, 'every progress step arrives once, in order, across both connections');
  const results = all.filter((e) => e.message && e.message.id === 42);
  assert.equal(results.length, 1, 'the result arrives exactly once');
  assert.equal(results[0].message.result.content[0].text, `slept ${DURATION_MS} ms`);
  assert.ok(after.at(-1).message?.id === 42, 'the resumed stream ends with the result');
  assertNoViolations(checker, server);
});

test('raw: an unknown or malformed Last-Event-ID gets 400', async (t) => {
  const server = await startEverything(t);
  const { headers } = await initializeRaw(server.mcpUrl);
  // A finished call gives a real stream id to build a not-yet-issued event id from.
  const res = await post(server.mcpUrl, slowCall(5, 'ids'), { headers });
  const events = await new SseReader(res).rest({ timeoutMs: 10_000 });
  const realId = events.find((e) => e.id)?.id;
  assert.match(realId ?? '', /^.+-\d+$/, `event id format <stream>-<seq>: ${realId}`);
  const streamPart = realId.replace(/-\d+$/, '');
  for (const bad of ['no-such-stream-1', `${streamPart}-999999`, 'garbage']) {
    const get = await fetch(server.mcpUrl, { headers: { ...headers, Accept: 'text/event-stream', 'Last-Event-ID': bad } });
    await expectError(get, 400, -32600);
  }
});

test('SDK: the transport reconnects with last-event-id after its POST stream is cut; the result arrives once', async (t) => {
  const server = await startEverything(t);
  const checker = newChecker();
  const resumes = [];
  let cut = false;
  // Passes the tools/call SSE body through until the first progress event, then fails it
  // like a dropped connection.
  const cuttingFetch = async (url, init = {}) => {
    const res = await fetch(url, init);
    if (cut || init.method !== 'POST' || !String(init.body).includes('test_slow_tool')) return res;
    if (!(res.headers.get('content-type') || '').includes('text/event-stream')) return res;
    cut = true;
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let text = '';
    let cutNow = false;
    const body = new ReadableStream({
      async pull(controller) {
        // The chunk holding the first progress event reaches the client; the next read fails.
        if (cutNow) {
          reader.cancel().catch(() => {});
          controller.error(new TypeError('terminated (cut by the test)'));
          return;
        }
        const { value, done } = await reader.read();
        if (done) return controller.close();
        controller.enqueue(value);
        text += decoder.decode(value, { stream: true });
        cutNow = text.includes('notifications/progress');
      },
    });
    return new Response(body, { status: res.status, headers: res.headers });
  };
  const checked = checkingFetch(checker, {
    baseFetch: cuttingFetch,
    onRequest: (url, init) => {
      const h = new Headers(init.headers);
      if (init.method === 'GET' && h.get('last-event-id')) resumes.push(h.get('last-event-id'));
    },
  });
  const transport = new StreamableHTTPClientTransport(new URL(server.mcpUrl), { fetch: checked });
  const client = new Client(CLIENT_INFO);
  await client.connect(transport, { timeout: 10_000 });
  t.after(() => client.close().catch(() => {}));
  const progress = [];
  const result = await client.callTool({ name: 'test_slow_tool', arguments: { duration_ms: DURATION_MS } }, undefined, {
    onprogress: (p) => progress.push(p.progress),
    timeout: 20_000,
  });
  assert.ok(cut, 'the test cut the stream');
  assert.equal(resumes.length, 1, `one GET with last-event-id: ${resumes}`);
  assert.equal(result.content[0].text, `slept ${DURATION_MS} ms`);
  assert.deepEqual(progress, ALL_STEPS, 'every progress step once, none lost to the cut');
  assertNoViolations(checker, server);
});
