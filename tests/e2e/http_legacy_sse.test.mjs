// Legacy HTTP+SSE (2024-11-05 transport) with the official SDK's SSEClientTransport
// against `conhub-mcp serve --http`: GET /sse announces the endpoint, POST
// /messages?sessionId= carries the client's messages, replies come on the SSE stream.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import {
  assertNoViolations,
  checkingFetch,
  CLIENT_INFO,
  expectError,
  newChecker,
  post,
  SseReader,
  startConhub,
  until,
} from './lib/http_harness.mjs';

test('SSEClientTransport: connect, list, call, close; the old /messages endpoint then answers 404', async (t) => {
  const server = await startConhub(t);
  const checker = newChecker();
  let endpoint;
  let sseContentType;
  let accelBuffering;
  const fetchFn = checkingFetch(checker, {
    onSseEvent: (event) => {
      if (event.event === 'endpoint') endpoint = event.data;
    },
    onResponse: (url, init, res) => {
      if (String(url).endsWith('/sse')) {
        sseContentType = res.headers.get('content-type');
        accelBuffering = res.headers.get('x-accel-buffering');
      }
    },
  });
  const transport = new SSEClientTransport(new URL(`${server.base}/sse`), { fetch: fetchFn });
  const client = new Client(CLIENT_INFO);
  await client.connect(transport, { timeout: 10_000 });
  t.after(() => client.close().catch(() => {}));

  assert.match(sseContentType ?? '', /^text\/event-stream/);
  assert.equal(accelBuffering, 'no');
  assert.match(endpoint ?? '', /^\/messages\?sessionId=[0-9a-f]{32}$/, 'relative endpoint with a 32-hex session id');
  assert.equal(client.getServerVersion()?.name, 'conhub-mcp');
  const { tools } = await client.listTools();
  assert.ok(tools.some((tool) => tool.name === 'conhub_echo'));
  const echo = await client.callTool({ name: 'conhub_echo', arguments: { text: 'legacy sse' } });
  assert.deepEqual(echo.content, [{ type: 'text', text: 'legacy sse' }]);
  assertNoViolations(checker, server);

  // While the stream is open, the endpoint accepts messages (202; the reply goes to the stream).
  const live = await post(`${server.base}${endpoint}`, { jsonrpc: '2.0', method: 'notifications/roots/list_changed' });
  await live.text();
  assert.equal(live.status, 202);

  await client.close();
  // The server notices the closed stream and frees the session.
  await until(async () => {
    const res = await post(`${server.base}${endpoint}`, { jsonrpc: '2.0', id: 9, method: 'ping' });
    await res.text();
    return res.status === 404;
  }, { timeoutMs: 10_000, what: 'POST to the closed session to answer 404' });
});

test('POST /messages without sessionId → 400, with an unknown one → 404, wrong Content-Type → 415', async (t) => {
  const server = await startConhub(t);
  await expectError(await post(`${server.base}/messages`, { jsonrpc: '2.0', id: 1, method: 'ping' }), 400, -32600);
  await expectError(await post(`${server.base}/messages?sessionId=${'0'.repeat(32)}`, { jsonrpc: '2.0', id: 1, method: 'ping' }), 404, -32600);
  // Open a real session to show the 415 is about the Content-Type, not the session.
  const res = await fetch(`${server.base}/sse`, { headers: { Accept: 'text/event-stream' } });
  assert.equal(res.status, 200);
  const sse = new SseReader(res);
  t.after(() => sse.cancel());
  const [first] = await sse.until((e) => e.event === 'endpoint', { what: 'the endpoint event' });
  const bad = await fetch(`${server.base}${first.data}`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: '{}' });
  await expectError(bad, 415, -32600);
  // The session still works: a ping posted now is answered on the stream.
  const ok = await post(`${server.base}${first.data}`, { jsonrpc: '2.0', id: 'p1', method: 'ping' });
  await ok.text();
  assert.equal(ok.status, 202);
  const events = await sse.until((e, m) => m?.id === 'p1', { what: 'the ping reply on the SSE stream' });
  assert.deepEqual(events.at(-1).message, { jsonrpc: '2.0', id: 'p1', result: {} });
  assert.equal(events.at(-1).event, 'message');
});
