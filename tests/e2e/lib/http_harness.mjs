// HTTP side of the e2e harness: starts conhub-mcp (`serve --http 127.0.0.1:0`) or
// everything_server (`--http 127.0.0.1:0`), reads the port from the stderr line
// "conhub-mcp: listening on http://HOST:PORT" within a deadline, and stops the process on
// teardown. Raw fetch helpers cover what the SDK transports cannot send (bad headers,
// chosen event ids, 2026-07-28 requests); checkingFetch() lets the SDK transports run
// while every JSON-RPC message the server sends is validated against the schema.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { binary, CLIENT_INFO, MessageChecker, LATEST_STATEFUL_REVISION, STATELESS_REVISION } from './harness.mjs';

export { binary, CLIENT_INFO };

const LISTENING = /listening on http:\/\/(\[[^\]]+\]|[^\s:]+):(\d+)/;

/** A throwaway CONHUB_HOME removed after the test. */
export function tempHome(t) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'conhub-http-e2e-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function baseEnv(home, env) {
  const out = { ...process.env, ...env };
  delete out.CONHUB_MASTER_KEY;
  if (home) out.CONHUB_HOME = home;
  return out;
}

/** Resolves when `pred()` is true (polled every `everyMs`), fails after `timeoutMs`. */
export async function until(pred, { timeoutMs = 5000, everyMs = 50, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await pred();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/**
 * A running HTTP server process. start() waits for the listening line; stop() sends
 * SIGTERM, then SIGKILL, so the process never outlives its test.
 */
export class HttpServerProcess {
  constructor(command, args, { home, env = {} } = {}) {
    this.command = command;
    this.args = args;
    this.stderrChunks = [];
    this.exit = null;
    this.child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: baseEnv(home, env) });
    this.child.stdout.on('data', () => {});
    this.child.stderr.on('data', (c) => this.stderrChunks.push(c));
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      });
      this.child.on('error', (e) => {
        this.exit = { code: null, signal: null, error: e };
        resolve(this.exit);
      });
    });
  }

  stderrText() {
    return Buffer.concat(this.stderrChunks).toString('utf8');
  }

  async start(deadlineMs = 15_000) {
    const deadline = Date.now() + deadlineMs;
    for (;;) {
      const m = LISTENING.exec(this.stderrText());
      if (m) {
        this.host = m[1];
        this.port = Number(m[2]);
        assert.ok(this.port > 0, `listening line names port ${m[2]}`);
        this.base = `http://${this.host}:${this.port}`;
        this.mcpUrl = `${this.base}/mcp`;
        return this;
      }
      if (this.exit) {
        throw new Error(`${path.basename(this.command)} ${this.args.join(' ')} exited (${JSON.stringify(this.exit)}) before listening.\nstderr:\n${this.stderrText().slice(-2000)}`);
      }
      if (Date.now() > deadline) {
        throw new Error(`${path.basename(this.command)} did not print its listening line within ${deadlineMs} ms.\nstderr:\n${this.stderrText().slice(-2000)}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async waitForExit(timeoutMs) {
    let timer;
    const timeout = new Promise((resolve) => {
      timer = setTimeout(() => resolve(null), timeoutMs);
    });
    const result = await Promise.race([this.exited, timeout]);
    clearTimeout(timer);
    return result;
  }

  async stop() {
    if (this.exit) return this.exit;
    this.child.kill('SIGTERM');
    if (await this.waitForExit(5000)) return this.exit;
    this.child.kill('SIGKILL');
    return this.waitForExit(5000);
  }
}

/** `conhub-mcp serve --http 127.0.0.1:0 [--no-auth] ...extra`, started and torn down with `t`. */
export async function startConhub(t, extra = [], { auth = false, home, env = {}, listen = '127.0.0.1:0' } = {}) {
  const args = ['serve', '--http', listen, ...(auth ? [] : ['--no-auth']), ...extra];
  const server = new HttpServerProcess(binary('CONHUB_BIN'), args, { home: home ?? tempHome(t), env });
  t.after(() => server.stop());
  return server.start();
}

/** `everything_server --http 127.0.0.1:0`, started and torn down with `t`. */
export async function startEverything(t) {
  const server = new HttpServerProcess(binary('EVERYTHING_BIN'), ['--http', '127.0.0.1:0']);
  t.after(() => server.stop());
  return server.start();
}

// --- raw requests -------------------------------------------------------------------

export const ACCEPT_BOTH = 'application/json, text/event-stream';

/** POST a JSON-RPC body (object, or raw string sent as is) with the usual MCP headers. */
export function post(url, body, { headers = {}, signal } = {}) {
  return fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: ACCEPT_BOTH, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal,
  });
}

/** The body of a response parsed as JSON (assert fails with the text if it is not JSON). */
export async function jsonBody(res) {
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    assert.fail(`expected a JSON body (status ${res.status}), got: ${text.slice(0, 400)}`);
  }
}

/** Asserts status and, when given, the JSON-RPC error code of the body; returns the body. */
export async function expectError(res, status, code) {
  const body = await res.text();
  assert.equal(res.status, status, `HTTP status (body: ${body.slice(0, 300)})`);
  if (code === undefined) return body;
  const json = JSON.parse(body);
  assert.equal(json.jsonrpc, '2.0', 'error body is JSON-RPC');
  assert.equal(json.error?.code, code, `JSON-RPC error code in ${body.slice(0, 300)}`);
  return json;
}

/**
 * Stateful handshake with raw fetch: initialize then notifications/initialized.
 * Returns { sessionId, result, headers }.
 */
export async function initializeRaw(mcpUrl, { protocolVersion = LATEST_STATEFUL_REVISION, headers = {}, capabilities = {} } = {}) {
  const res = await post(mcpUrl, { jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion, capabilities, clientInfo: CLIENT_INFO } }, { headers });
  const text = await res.text();
  assert.equal(res.status, 200, `initialize status (body: ${text.slice(0, 300)})`);
  assert.match(res.headers.get('content-type') || '', /application\/json/, 'initialize answers JSON');
  const reply = JSON.parse(text);
  assert.ok(reply.result, `initialize failed: ${text.slice(0, 300)}`);
  const sessionId = res.headers.get('mcp-session-id');
  assert.match(sessionId || '', /^[0-9a-f]{32}$/, 'Mcp-Session-Id is 32 hex digits');
  const sessionHeaders = { 'Mcp-Session-Id': sessionId, 'MCP-Protocol-Version': reply.result.protocolVersion, ...headers };
  const note = await post(mcpUrl, { jsonrpc: '2.0', method: 'notifications/initialized' }, { headers: sessionHeaders });
  await note.text();
  assert.equal(note.status, 202, 'notifications/initialized → 202');
  return { sessionId, result: reply.result, headers: sessionHeaders };
}

/** A 2026-07-28 request body with its per-request _meta, and the headers it must carry. */
export function modernRequest(method, params = {}, { id = 1, name } = {}) {
  const body = {
    jsonrpc: '2.0',
    id,
    method,
    params: {
      ...params,
      _meta: {
        'io.modelcontextprotocol/protocolVersion': STATELESS_REVISION,
        'io.modelcontextprotocol/clientCapabilities': {},
        'io.modelcontextprotocol/clientInfo': CLIENT_INFO,
        ...(params._meta || {}),
      },
    },
  };
  const headers = { 'MCP-Protocol-Version': STATELESS_REVISION, 'Mcp-Method': method };
  const n = name ?? params.name ?? params.uri;
  if (n !== undefined) headers['Mcp-Name'] = n;
  return { body, headers };
}

// --- SSE ----------------------------------------------------------------------------

/** The JSON-RPC message of a `message` event (the default type); undefined for others. */
export function messageOf(event) {
  if (!event.data || (event.event !== undefined && event.event !== 'message')) return undefined;
  try {
    return JSON.parse(event.data);
  } catch (e) {
    throw new Error(`SSE message data is not JSON (${e.message}): ${event.data.slice(0, 200)}`);
  }
}

/**
 * Reads SSE events from a fetch Response (or a ReadableStream of bytes). Yields
 * { id, event, data, retry } per event (comments are counted in `comments`, not yielded).
 */
export class SseReader {
  constructor(source) {
    const stream = source.body ?? source;
    this.reader = stream.getReader();
    this.decoder = new TextDecoder();
    this.buffer = '';
    this.comments = 0;
    this.done = false;
  }

  /** The next event, or null when the stream ended. Rejects if the stream errors. */
  async next() {
    for (;;) {
      const event = this.parseOne();
      if (event) return event;
      if (this.done) return null;
      const { value, done } = await this.reader.read();
      if (done) {
        this.done = true;
        this.buffer += this.decoder.decode();
        if (!this.buffer.trim()) return null;
        this.buffer += '\n\n';
        continue;
      }
      this.buffer += this.decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
    }
  }

  parseOne() {
    for (;;) {
      const end = this.buffer.indexOf('\n\n');
      if (end === -1) return null;
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const event = { id: undefined, event: undefined, data: undefined, retry: undefined };
      let fields = 0;
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) {
          this.comments++;
          continue;
        }
        const colon = line.indexOf(':');
        const name = colon === -1 ? line : line.slice(0, colon);
        let value = colon === -1 ? '' : line.slice(colon + 1);
        if (value.startsWith(' ')) value = value.slice(1);
        fields++;
        if (name === 'data') event.data = event.data === undefined ? value : `${event.data}\n${value}`;
        else if (name === 'id') event.id = value;
        else if (name === 'event') event.event = value;
        else if (name === 'retry') event.retry = Number(value);
      }
      if (fields > 0) return event;
    }
  }

  /** Reads events until `pred(event, message)` holds; returns them all (message = parsed data or undefined). */
  async until(pred, { timeoutMs = 10_000, what = 'an SSE event' } = {}) {
    const seen = [];
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; saw ${JSON.stringify(seen).slice(0, 800)}`)), timeoutMs);
    });
    try {
      for (;;) {
        const event = await Promise.race([this.next(), timeout]);
        if (event === null) throw new Error(`SSE stream ended while waiting for ${what}; saw ${JSON.stringify(seen).slice(0, 800)}`);
        const message = messageOf(event);
        seen.push({ ...event, message });
        if (pred(event, message)) return seen;
      }
    } finally {
      clearTimeout(timer);
    }
  }

  /** Every remaining event until the stream ends. */
  async rest({ timeoutMs = 10_000 } = {}) {
    const seen = [];
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`SSE stream did not end within ${timeoutMs} ms; saw ${JSON.stringify(seen).slice(0, 800)}`)), timeoutMs);
    });
    try {
      for (;;) {
        const event = await Promise.race([this.next(), timeout]);
        if (event === null) return seen;
        seen.push({ ...event, message: messageOf(event) });
      }
    } finally {
      clearTimeout(timer);
    }
  }

  async cancel() {
    await this.reader.cancel().catch(() => {});
  }
}

// --- schema-checking fetch for the SDK transports -----------------------------------

/**
 * A fetch for StreamableHTTPClientTransport / SSEClientTransport: records what the client
 * sends (so each response is validated against the result of its request) and validates
 * every JSON-RPC message in JSON and SSE responses with `checker` (MessageChecker).
 * `onRequest(url, init)`, `onResponse(url, init, res)` and `onSseEvent(event, message, init)`
 * let tests observe the traffic (init.method tells a POST stream from a GET stream).
 */
export function checkingFetch(checker, { onRequest, onSseEvent, onResponse, baseFetch = fetch } = {}) {
  const record = (text) => {
    try {
      checker.noteOutgoing(JSON.parse(text));
    } catch {
      // not JSON: nothing to match responses against
    }
  };
  return async (url, init = {}) => {
    onRequest?.(url, init);
    if (typeof init.body === 'string') record(init.body);
    const res = await baseFetch(url, init);
    onResponse?.(url, init, res);
    const type = res.headers.get('content-type') || '';
    if (!res.ok || !res.body) return res;
    if (type.includes('application/json')) {
      const text = await res.text();
      if (text) {
        checker.stdoutLines.push(text);
        try {
          checker.checkMessage(JSON.parse(text), text);
        } catch (e) {
          checker.violations.push(`JSON response is not JSON: ${e.message}`);
        }
      }
      return new Response(text, { status: res.status, statusText: res.statusText, headers: res.headers });
    }
    if (type.includes('text/event-stream')) {
      const [forClient, forCheck] = res.body.tee();
      (async () => {
        const reader = new SseReader(forCheck);
        try {
          for (;;) {
            const event = await reader.next();
            if (event === null) return;
            let message;
            if (event.data && (event.event === undefined || event.event === 'message')) {
              checker.stdoutLines.push(event.data);
              try {
                message = JSON.parse(event.data);
                checker.checkMessage(message, event.data);
              } catch (e) {
                checker.violations.push(`SSE data is not JSON: ${e.message}: ${event.data.slice(0, 200)}`);
              }
            }
            onSseEvent?.(event, message, init);
          }
        } catch {
          // the connection was cut or aborted: nothing more to check
        }
      })();
      return new Response(forClient, { status: res.status, statusText: res.statusText, headers: res.headers });
    }
    return res;
  };
}

export function newChecker(revision = LATEST_STATEFUL_REVISION) {
  return new MessageChecker(revision);
}

export function assertNoViolations(checker, server) {
  assert.deepEqual(checker.violations, [], `server messages broke the ${checker.revision} schema.\nstderr tail:\n${server?.stderrText().slice(-1500) ?? ''}`);
}

/** GET /health: { status, body }. */
export async function health(base) {
  const res = await fetch(`${base}/health`);
  return { status: res.status, body: await res.text(), headers: res.headers };
}

/**
 * One request with node:http, for headers fetch will not send as given (Host, Origin on
 * GET…). Resolves with { status, headers, body } (headers lower-cased, body as text).
 */
export function rawHttp(base, { method = 'GET', path: urlPath = '/', headers = {}, body } = {}) {
  const url = new URL(urlPath, base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method, path: url.pathname + url.search, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(10_000, () => req.destroy(new Error(`${method} ${urlPath} timed out`)));
    req.on('error', reject);
    if (body !== undefined) req.write(typeof body === 'string' ? body : JSON.stringify(body));
    req.end();
  });
}
