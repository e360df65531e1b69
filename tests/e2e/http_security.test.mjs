// Security and limits of `conhub-mcp serve --http`, each as seen by a client on the wire:
// DNS-rebinding protection (Origin, Host), CORS, /health, bearer tokens (missing, wrong,
// other workspace, revoked, session bound to its token, never logged), the refusal to
// bind a public address without authentication, request validation and limits, and the
// 2026-07-28 stateless envelope errors.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import net from 'node:net';
import { test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  binary,
  CLIENT_INFO,
  expectError,
  health,
  initializeRaw,
  jsonBody,
  modernRequest,
  post,
  rawHttp,
  startConhub,
  tempHome,
  until,
} from './lib/http_harness.mjs';

const CONHUB = binary('CONHUB_BIN');
const INIT = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: CLIENT_INFO } };
const EVIL = 'http://evil.example.com';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Runs conhub-mcp to completion in `home`: { code, stdout, stderr }. */
function run(home, args) {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, CONHUB_HOME: home };
    delete env.CONHUB_MASTER_KEY;
    const child = spawn(CONHUB, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    const out = [];
    const err = [];
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => err.push(c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

async function createToken(home, workspace) {
  const r = await run(home, ['tokens', 'create', '--workspace', workspace, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const created = JSON.parse(r.stdout);
  assert.match(created.token, /^chub_[0-9a-f]{16}_/);
  return created;
}

const bearer = (token) => ({ Authorization: `Bearer ${token}` });

// --- Origin, Host, CORS, /health -------------------------------------------------------

test('a foreign Origin gets 403 on POST /mcp, GET /mcp and GET /sse, without CORS headers', async (t) => {
  const server = await startConhub(t);
  const res = await post(server.mcpUrl, INIT, { headers: { Origin: EVIL } });
  assert.equal(res.headers.get('access-control-allow-origin'), null);
  await expectError(res, 403, -32600);
  for (const p of ['/sse', '/mcp']) {
    const r = await rawHttp(server.base, { path: p, headers: { Origin: EVIL, Accept: 'text/event-stream' } });
    assert.equal(r.status, 403, `GET ${p}: ${r.body}`);
    assert.equal(JSON.parse(r.body).error.code, -32600);
    assert.equal(r.headers['access-control-allow-origin'], undefined);
  }
  // Origin: null (sandboxed frames, file://) is never allowed.
  await expectError(await post(server.mcpUrl, INIT, { headers: { Origin: 'null' } }), 403, -32600);
  // Control: the same request without Origin, or from a loopback page, is served.
  assert.equal((await post(server.mcpUrl, INIT)).status, 200);
});

test('a foreign Host gets 403 (DNS rebinding), a loopback Host is served', async (t) => {
  const server = await startConhub(t);
  const body = JSON.stringify(INIT);
  const headers = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };
  const evil = await rawHttp(server.base, { method: 'POST', path: '/mcp', headers: { ...headers, Host: 'evil.example.com' }, body });
  assert.equal(evil.status, 403, evil.body);
  assert.match(JSON.parse(evil.body).error.message, /Host/);
  const evilPort = await rawHttp(server.base, { path: '/health', headers: { Host: `evil.example.com:${server.port}` } });
  assert.equal(evilPort.status, 403, 'even /health checks Host');
  const ok = await rawHttp(server.base, { method: 'POST', path: '/mcp', headers: { ...headers, Host: `localhost:${server.port}` }, body });
  assert.equal(ok.status, 200, ok.body);
});

test('an allowed loopback Origin gets itself echoed in Access-Control-Allow-Origin, never *', async (t) => {
  const server = await startConhub(t);
  const origin = 'http://localhost:5173';
  const res = await post(server.mcpUrl, INIT, { headers: { Origin: origin } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('access-control-allow-origin'), origin);
  assert.match(res.headers.get('vary') || '', /Origin/);
  assert.match(res.headers.get('access-control-expose-headers') || '', /Mcp-Session-Id/i);
  // A plain non-browser request gets no CORS headers at all.
  const plain = await post(server.mcpUrl, INIT);
  assert.equal(plain.headers.get('access-control-allow-origin'), null);
});

test('--allow-origin admits that origin (and only it) on a loopback server', async (t) => {
  const server = await startConhub(t, ['--allow-origin', 'https://app.example.com']);
  const res = await post(server.mcpUrl, INIT, { headers: { Origin: 'https://app.example.com' } });
  assert.equal(res.status, 200, await res.clone().text());
  assert.equal(res.headers.get('access-control-allow-origin'), 'https://app.example.com');
  await expectError(await post(server.mcpUrl, INIT, { headers: { Origin: 'https://other.example.com' } }), 403, -32600);
  await expectError(await post(server.mcpUrl, INIT, { headers: { Origin: 'http://app.example.com' } }), 403, -32600);
});

test('CORS preflight: 204 with methods and headers for an allowed Origin, 403 for a foreign one', async (t) => {
  const server = await startConhub(t);
  const origin = 'http://127.0.0.1:8080';
  const res = await fetch(server.mcpUrl, {
    method: 'OPTIONS',
    headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type, mcp-session-id' },
  });
  assert.equal(res.status, 204);
  assert.equal(res.headers.get('access-control-allow-origin'), origin);
  const methods = (res.headers.get('access-control-allow-methods') || '').split(/\s*,\s*/);
  for (const m of ['GET', 'POST', 'DELETE']) assert.ok(methods.includes(m), `Allow-Methods: ${methods}`);
  const allowHeaders = (res.headers.get('access-control-allow-headers') || '').toLowerCase();
  for (const h of ['authorization', 'content-type', 'mcp-session-id', 'mcp-protocol-version', 'last-event-id']) {
    assert.ok(allowHeaders.includes(h), `Allow-Headers lacks ${h}: ${allowHeaders}`);
  }
  const denied = await fetch(server.mcpUrl, { method: 'OPTIONS', headers: { Origin: EVIL, 'Access-Control-Request-Method': 'POST' } });
  assert.equal(denied.status, 403);
  assert.equal(denied.headers.get('access-control-allow-origin'), null);
});

// --- tokens ---------------------------------------------------------------------------

test('bearer tokens: 401 without or with a wrong token, SDK works with a valid one, other workspace 403, revoked 401, never logged', async (t) => {
  const home = tempHome(t);
  const a = await createToken(home, 'default');
  const b = await createToken(home, 'default');
  assert.equal((await run(home, ['workspaces', 'create', 'other'])).code, 0);
  const other = await createToken(home, 'other');
  const server = await startConhub(t, ['--log-level', 'debug'], { auth: true, home });

  // /health needs no token and says nothing but its status.
  const h = await health(server.base);
  assert.equal(h.status, 200);
  assert.deepEqual(JSON.parse(h.body), { status: 'ok' });
  assert.equal(h.headers.get('mcp-session-id'), null);

  // No Authorization header.
  let res = await post(server.mcpUrl, INIT);
  assert.equal(res.headers.get('www-authenticate'), 'Bearer realm="conhub-mcp"');
  await expectError(res, 401, -32600);
  // Not a bearer scheme, and a well-formed but unknown token.
  res = await post(server.mcpUrl, INIT, { headers: { Authorization: `Basic ${Buffer.from('u:p').toString('base64')}` } });
  await expectError(res, 401);
  const wrong = `chub_${a.id}_${'A'.repeat(43)}`;
  res = await post(server.mcpUrl, INIT, { headers: bearer(wrong) });
  assert.match(res.headers.get('www-authenticate') || '', /^Bearer realm="conhub-mcp", error="invalid_token"$/);
  await expectError(res, 401, -32600);
  // Legacy SSE is guarded too.
  const sse = await fetch(`${server.base}/sse`, { headers: { Accept: 'text/event-stream' } });
  await expectError(sse, 401);

  // A valid token works with the official client.
  const transport = new StreamableHTTPClientTransport(new URL(server.mcpUrl), { requestInit: { headers: bearer(a.token) } });
  const client = new Client(CLIENT_INFO);
  await client.connect(transport, { timeout: 10_000 });
  t.after(() => client.close().catch(() => {}));
  const echo = await client.callTool({ name: 'conhub_echo', arguments: { text: 'authorised' } });
  assert.deepEqual(echo.content, [{ type: 'text', text: 'authorised' }]);
  const sessionA = transport.sessionId;
  assert.match(sessionA ?? '', /^[0-9a-f]{32}$/);

  // A token of another workspace: authenticated, but not for this server.
  res = await post(server.mcpUrl, INIT, { headers: bearer(other.token) });
  assert.match(res.headers.get('www-authenticate') || '', /error="insufficient_scope"/);
  await expectError(res, 403, -32600);

  // A session belongs to the token that created it: token B (valid) cannot use it.
  const sessionHeaders = { 'Mcp-Session-Id': sessionA, 'MCP-Protocol-Version': '2025-11-25' };
  const ping = { jsonrpc: '2.0', id: 77, method: 'ping' };
  await expectError(await post(server.mcpUrl, ping, { headers: { ...sessionHeaders, ...bearer(b.token) } }), 404, -32600);
  res = await post(server.mcpUrl, ping, { headers: { ...sessionHeaders, ...bearer(a.token) } });
  assert.equal(res.status, 200, 'control: token A still uses its session');
  assert.deepEqual((await jsonBody(res)).result, {});

  // Revocation takes effect for the next requests (allow the documented <= 2 s cache).
  const revoked = await run(home, ['tokens', 'revoke', a.id]);
  assert.equal(revoked.code, 0, revoked.stderr);
  await until(async () => {
    const r = await post(server.mcpUrl, ping, { headers: { ...sessionHeaders, ...bearer(a.token) } });
    await r.text();
    return r.status === 401;
  }, { timeoutMs: 4000, everyMs: 200, what: 'a revoked token to get 401' });
  res = await post(server.mcpUrl, INIT, { headers: bearer(b.token) });
  assert.equal(res.status, 200, 'the other token of the workspace still works');
  await res.text();

  await client.close();
  await server.stop();
  const log = server.stderrText();
  assert.match(log, /listening on/, 'stderr was captured');
  assert.match(log, / debug notification notifications\/initialized/, 'debug logging was on');
  for (const [name, secret] of [['token A', a.token], ['token B', b.token], ['other token', other.token], ['wrong token', wrong]]) {
    assert.ok(!log.includes(secret), `${name} appears in the server's log`);
    assert.ok(!log.includes(secret.slice(22)), `the secret part of ${name} appears in the server's log`);
  }
  assert.ok(!log.includes(sessionA), 'the session id appears in the server\'s log');
});

test('binding 0.0.0.0 with --no-auth is refused: exit != 0, a clear message, nothing listens', async (t) => {
  const home = tempHome(t);
  // A free port, so that "nothing listens" can be checked on it afterwards.
  const port = await new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
  });
  const r = await run(home, ['serve', '--http', `0.0.0.0:${port}`, '--no-auth']);
  assert.notEqual(r.code, 0);
  assert.equal(r.signal, null, 'it exits by itself');
  assert.match(r.stderr, /refusing to listen on 0\.0\.0\.0 without authentication/);
  assert.doesNotMatch(r.stderr, /listening on http/);
  const connected = await new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => resolve(false));
  });
  assert.equal(connected, false, `something listens on port ${port}`);
});

// --- request validation and limits (stateful) ------------------------------------------

test('stateful requests: 400 without session, 404 unknown session, DELETE 204 then 404', async (t) => {
  const server = await startConhub(t);
  const list = { jsonrpc: '2.0', id: 2, method: 'tools/list' };
  await expectError(await post(server.mcpUrl, list), 400, -32600);
  await expectError(await post(server.mcpUrl, list, { headers: { 'Mcp-Session-Id': 'f'.repeat(32) } }), 404, -32600);
  const getNoSession = await fetch(server.mcpUrl, { headers: { Accept: 'text/event-stream' } });
  await expectError(getNoSession, 400, -32600);
  const { headers } = await initializeRaw(server.mcpUrl);
  const ok = await post(server.mcpUrl, list, { headers });
  assert.equal(ok.status, 200);
  assert.ok((await jsonBody(ok)).result.tools.length >= 2);
  const del = await fetch(server.mcpUrl, { method: 'DELETE', headers });
  assert.equal(del.status, 204);
  assert.equal(await del.text(), '');
  await expectError(await post(server.mcpUrl, list, { headers }), 404, -32600);
  await expectError(await fetch(server.mcpUrl, { method: 'DELETE', headers }), 404);
  await expectError(await fetch(server.mcpUrl, { headers: { ...headers, Accept: 'text/event-stream' } }), 404);
});

test('wrong Content-Type 415, bad Accept 406, body over --max-message-bytes 413, malformed JSON 400 -32700', async (t) => {
  const server = await startConhub(t, ['--max-message-bytes', '2048']);
  await expectError(await post(server.mcpUrl, INIT, { headers: { 'Content-Type': 'text/plain' } }), 415, -32600);
  await expectError(await post(server.mcpUrl, INIT, { headers: { Accept: 'text/html' } }), 406, -32600);
  await expectError(await post(server.mcpUrl, INIT, { headers: { Accept: 'application/json' } }), 406, -32600);
  const big = { ...INIT, params: { ...INIT.params, clientInfo: { name: 'x'.repeat(4096), version: '1' } } };
  await expectError(await post(server.mcpUrl, big), 413, -32600);
  const error = await expectError(await post(server.mcpUrl, '{"jsonrpc": "2.0", "id": 1, "method": '), 400, -32700);
  assert.equal(error.id, null);
  // Control: the same server accepts a well-formed request of normal size.
  const ok = await post(server.mcpUrl, INIT);
  assert.equal(ok.status, 200);
});

test('--max-sessions 2: a third initialize gets 503 while the first two are fresh', async (t) => {
  const server = await startConhub(t, ['--max-sessions', '2']);
  const first = await initializeRaw(server.mcpUrl);
  const second = await initializeRaw(server.mcpUrl);
  const third = await post(server.mcpUrl, INIT);
  assert.ok(third.headers.get('retry-after'), '503 carries Retry-After');
  assert.equal(third.headers.get('mcp-session-id'), null);
  await expectError(third, 503, -32603);
  // Ending one session makes room again.
  assert.equal((await fetch(server.mcpUrl, { method: 'DELETE', headers: first.headers })).status, 204);
  await initializeRaw(server.mcpUrl);
  const still = await post(server.mcpUrl, { jsonrpc: '2.0', id: 3, method: 'ping' }, { headers: second.headers });
  assert.equal(still.status, 200);
});

test('--session-idle-timeout 1: an idle session is gone after a few seconds, a busy one stays', async (t) => {
  const server = await startConhub(t, ['--session-idle-timeout', '1']);
  const idle = await initializeRaw(server.mcpUrl);
  const busy = await initializeRaw(server.mcpUrl);
  const ping = (headers) => post(server.mcpUrl, { jsonrpc: '2.0', id: 4, method: 'ping' }, { headers });
  const fresh = await ping(idle.headers);
  assert.equal(fresh.status, 200, 'the session works before it idles');
  await fresh.text();
  let busyStatus = 200;
  let keepBusy = true;
  const busyLoop = (async () => {
    while (keepBusy) {
      const r = await ping(busy.headers);
      await r.text();
      if (r.status !== 200) busyStatus = r.status;
      await sleep(200);
    }
  })();
  // Each probe touches the session, so probe less often than the timeout plus the reaper period.
  await sleep(2500);
  await until(async () => {
    const r = await ping(idle.headers);
    await r.text();
    return r.status === 404;
  }, { timeoutMs: 6000, everyMs: 2500, what: 'the idle session to expire' });
  keepBusy = false;
  await busyLoop;
  assert.equal(busyStatus, 200, 'a session in use does not expire');
});

// --- 2026-07-28 stateless envelope -----------------------------------------------------

test('2026-07-28: header mismatch -32020, missing _meta -32602, initialize -32601 (404), GET/DELETE 405', async (t) => {
  const server = await startConhub(t);
  // Control: a well-formed stateless request is answered 200 without a session.
  let { body, headers } = modernRequest('tools/list', {}, { id: 1 });
  let res = await post(server.mcpUrl, body, { headers });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('mcp-session-id'), null);
  assert.ok(Array.isArray((await jsonBody(res)).result.tools));

  ({ body, headers } = modernRequest('tools/list', {}, { id: 2 }));
  let err = await expectError(await post(server.mcpUrl, body, { headers: { ...headers, 'Mcp-Method': 'tools/call' } }), 400, -32020);
  assert.equal(err.id, 2, 'the id is echoed');
  ({ body, headers } = modernRequest('tools/call', { name: 'conhub_echo', arguments: { text: 'x' } }, { id: 3 }));
  err = await expectError(await post(server.mcpUrl, body, { headers: { ...headers, 'Mcp-Name': 'conhub_status' } }), 400, -32020);
  assert.equal(err.id, 3);

  err = await expectError(await post(server.mcpUrl, { jsonrpc: '2.0', id: 4, method: 'tools/list', params: {} }, { headers: { 'MCP-Protocol-Version': '2026-07-28', 'Mcp-Method': 'tools/list' } }), 400, -32602);
  assert.equal(err.id, 4);

  ({ body, headers } = modernRequest('initialize', { protocolVersion: '2026-07-28', capabilities: {}, clientInfo: CLIENT_INFO }, { id: 5 }));
  err = await expectError(await post(server.mcpUrl, body, { headers }), 404, -32601);
  assert.equal(err.id, 5);

  for (const method of ['GET', 'DELETE']) {
    const r = await fetch(server.mcpUrl, { method, headers: { 'MCP-Protocol-Version': '2026-07-28', Accept: 'text/event-stream' } });
    assert.equal(r.headers.get('allow'), 'POST', `${method} Allow header`);
    await expectError(r, 405, -32600);
  }
});
