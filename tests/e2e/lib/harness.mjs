// Drives the real binaries for the e2e tests, in two ways:
//  - connectClient(): the official TypeScript SDK Client over its StdioClientTransport,
//    wrapped so that every line the server writes is checked against the schema of the
//    negotiated revision before the Client sees it;
//  - RawSession: a line-level driver (child_process) for what the SDK client cannot send:
//    malformed JSON, chosen protocol versions, batches, 2026-07-28 stateless requests.
// Both collect stderr separately (stdout must carry JSON-RPC only) and collect schema
// violations, which every test asserts empty at its end with assertClean().
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { LATEST_STATEFUL_REVISION, MessageChecker, truncate } from './schema.mjs';

export * from './schema.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HERE, '..', '..', '..');

const FALLBACK_PATHS = {
  CONHUB_BIN: ['build/dev/cli/conhub-mcp', 'build/release/cli/conhub-mcp', 'build/asan/cli/conhub-mcp'],
  FAKE_GITHUB_BIN: [
    'build/dev/tests/fakes/github/fake_github',
    'build/release/tests/fakes/github/fake_github',
    'build/asan/tests/fakes/github/fake_github',
  ],
  EVERYTHING_BIN: [
    'build/dev/tests/conformance/everything_server',
    'build/release/tests/conformance/everything_server',
    'build/asan/tests/conformance/everything_server',
  ],
};

/**
 * Path of a binary from its environment variable (CTest sets CONHUB_BIN and
 * EVERYTHING_BIN); when run by hand, falls back to the usual build directories.
 */
export function binary(envName) {
  const fromEnv = process.env[envName];
  const candidates = fromEnv ? [fromEnv] : (FALLBACK_PATHS[envName] || []).map((p) => path.join(REPO_ROOT, p));
  for (const p of candidates) {
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // try the next one
    }
  }
  throw new Error(
    fromEnv
      ? `${envName}=${fromEnv} is not an executable file`
      : `${envName} is not set and no built binary was found (tried ${candidates.join(', ')}); run through ctest or set ${envName}`,
  );
}

export const CLIENT_INFO = { name: 'conhub-e2e', version: '1.0.0' };

/** Splits a byte stream into lines (without the newline), keeping a trailing partial line. */
class LineSplitter {
  constructor(onLine) {
    this.onLine = onLine;
    this.buffer = '';
  }
  push(chunk) {
    this.buffer += chunk.toString('utf8');
    let nl;
    while ((nl = this.buffer.indexOf('\n')) !== -1) {
      const line = this.buffer.slice(0, nl).replace(/\r$/, '');
      this.buffer = this.buffer.slice(nl + 1);
      this.onLine(line);
    }
  }
  /** Text left without a final newline (a message the server never finished). */
  rest() {
    return this.buffer;
  }
}

function assertCleanImpl(checker, splitter, stderrText) {
  const leftover = splitter.rest();
  const problems = [...checker.violations];
  if (leftover.length > 0) problems.push(`stdout ends with an unterminated line: ${truncate(leftover)}`);
  assert.deepEqual(problems, [], `server messages broke the ${checker.revision} schema or stdio framing.\n` +
    `stderr tail:\n${stderrText.slice(-2000)}`);
}

/**
 * A StdioClientTransport wrapper: the SDK transport does the process and framing work;
 * this wrapper records what the client sends (so responses can be matched to request
 * methods) and taps the child's raw stdout, so the exact bytes are validated (the SDK
 * parses lines through zod, which would hide extra or wrongly typed fields).
 */
class CheckedStdioTransport {
  constructor({ command, args, env }, checker) {
    this.checker = checker;
    this.inner = new StdioClientTransport({ command, args, env, stderr: 'pipe' });
    this.stderrChunks = [];
    this.inner.stderr.on('data', (c) => this.stderrChunks.push(c));
    this.splitter = new LineSplitter((line) => checker.checkLine(line));
  }

  async start() {
    this.inner.onmessage = (message, extra) => this.onmessage?.(message, extra);
    this.inner.onerror = (error) => {
      this.checker.violations.push(`SDK transport error: ${error.message}`);
      this.onerror?.(error);
    };
    this.inner.onclose = () => this.onclose?.();
    await this.inner.start();
    // The SDK keeps the child in a private field; tap it here, right after 'spawn', before
    // any stdout data can have been read. Fail loudly if an SDK update renames it.
    const child = this.inner._process;
    assert.ok(child?.stdout, 'cannot reach the SDK StdioClientTransport child process (SDK internals changed?)');
    child.stdout.on('data', (chunk) => this.splitter.push(chunk));
  }

  async send(message, options) {
    this.checker.noteOutgoing(message);
    return this.inner.send(message, options);
  }

  async close() {
    return this.inner.close();
  }

  get pid() {
    return this.inner.pid;
  }

  stderrText() {
    return Buffer.concat(this.stderrChunks).toString('utf8');
  }
}

/**
 * Starts `command` with the SDK Client over stdio and completes the handshake.
 * Returns { client, transport, checker, initializeResult, stderrText(), assertClean(), close() }.
 * `revision` is the revision the session is validated against; the SDK asks for its latest
 * (2025-11-25), and the handshake fails here if the server settles on another.
 */
export async function connectClient(command, {
  args = ['serve', '--stdio'],
  revision = LATEST_STATEFUL_REVISION,
  capabilities = {},
  clientInfo = CLIENT_INFO,
  env = {},
  timeoutMs = 10_000,
} = {}) {
  const checker = new MessageChecker(revision);
  // The SDK gives the child only a default environment (HOME, PATH, …); pass the test's
  // CONHUB_* on, or the server would open the real user's data directory.
  const conhubEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('CONHUB_')));
  const transport = new CheckedStdioTransport({ command, args, env: { ...conhubEnv, ...env } }, checker);
  const client = new Client(clientInfo, { capabilities });
  try {
    await client.connect(transport, { timeout: timeoutMs });
  } catch (e) {
    await transport.close().catch(() => {});
    e.message += `\nstderr:\n${transport.stderrText().slice(-2000)}`;
    throw e;
  }
  const initLine = checker.stdoutLines.find((l) => {
    try {
      return JSON.parse(l)?.result?.protocolVersion !== undefined;
    } catch {
      return false;
    }
  });
  const initializeResult = initLine ? JSON.parse(initLine).result : undefined;
  assert.equal(initializeResult?.protocolVersion, revision, 'negotiated protocol version');
  return {
    client,
    transport,
    checker,
    initializeResult,
    stderrText: () => transport.stderrText(),
    assertClean: () => assertCleanImpl(checker, transport.splitter, transport.stderrText()),
    close: async () => {
      await client.close().catch(() => {});
    },
  };
}

/**
 * Line-level driver: spawns the binary, writes lines to its stdin, and reads every line it
 * writes on stdout (each checked against the revision's schema as it arrives).
 */
export class RawSession {
  constructor(command, { args = ['serve', '--stdio'], revision = LATEST_STATEFUL_REVISION, env = {} } = {}) {
    this.revision = revision;
    this.checker = new MessageChecker(revision);
    this.messages = []; // { msg, taken }
    this.waiters = new Set();
    this.stderrChunks = [];
    this.nextIdValue = 1;
    this.exit = null;
    this.child = spawn(command, args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    this.splitter = new LineSplitter((line) => {
      const msg = this.checker.checkLine(line);
      if (msg !== undefined) {
        this.messages.push({ msg, taken: false });
        this.wake();
      }
    });
    this.child.stdout.on('data', (c) => this.splitter.push(c));
    this.child.stderr.on('data', (c) => this.stderrChunks.push(c));
    this.child.stdin.on('error', () => {}); // EPIPE after the server exits is reported via exit
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => {
        this.exit = { code, signal };
        this.wake();
        resolve(this.exit);
      });
    });
    this.spawnError = null;
    this.child.on('error', (e) => {
      this.spawnError = e;
      this.wake();
    });
  }

  wake() {
    for (const w of [...this.waiters]) w();
  }

  stderrText() {
    return Buffer.concat(this.stderrChunks).toString('utf8');
  }

  get stdoutLines() {
    return this.checker.stdoutLines;
  }

  nextId() {
    return this.nextIdValue++;
  }

  /** Writes one line: an object (serialised) or raw text (sent as is, newline added). */
  send(message) {
    const text = typeof message === 'string' ? message : JSON.stringify(message);
    this.checker.noteOutgoing(typeof message === 'string' ? text : message);
    this.child.stdin.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  notify(method, params) {
    this.send(params === undefined ? { jsonrpc: '2.0', method } : { jsonrpc: '2.0', method, params });
  }

  /** Sends a request and waits for the response with its id (result or error). */
  async request(method, params, { id = this.nextId(), timeoutMs = 5000 } = {}) {
    const req = { jsonrpc: '2.0', id, method };
    if (params !== undefined) req.params = params;
    this.send(req);
    return this.waitForResponse(id, { timeoutMs, what: `response to ${method} (id ${JSON.stringify(id)})` });
  }

  waitForResponse(id, { timeoutMs = 5000, what } = {}) {
    return this.waitFor(
      (m) => !Array.isArray(m) && ('result' in m || 'error' in m) && m.id === id,
      { timeoutMs, what: what || `response with id ${JSON.stringify(id)}` },
    );
  }

  /** Resolves with the first not yet taken message matching `pred` (and takes it). */
  waitFor(pred, { timeoutMs = 5000, what = 'a matching message' } = {}) {
    return new Promise((resolve, reject) => {
      let timer;
      const check = () => {
        const entry = this.messages.find((e) => !e.taken && pred(e.msg));
        if (entry) {
          entry.taken = true;
          done();
          resolve(entry.msg);
          return;
        }
        if (this.spawnError) {
          done();
          reject(new Error(`could not start server: ${this.spawnError.message}`));
        } else if (this.exit) {
          done();
          reject(new Error(`server exited (${JSON.stringify(this.exit)}) while waiting for ${what}.\nstderr:\n${this.stderrText().slice(-2000)}`));
        }
      };
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      timer = setTimeout(() => {
        done();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}.\nstdout so far:\n${this.stdoutLines.slice(-10).join('\n')}\nstderr:\n${this.stderrText().slice(-2000)}`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  /** Messages received so far that match `pred`, without taking them. */
  received(pred = () => true) {
    return this.messages.map((e) => e.msg).filter(pred);
  }

  /** Stateful handshake: initialize with `protocolVersion`, then notifications/initialized. */
  async initialize(protocolVersion = this.revision, { capabilities = {}, clientInfo = CLIENT_INFO } = {}) {
    const response = await this.request('initialize', { protocolVersion, capabilities, clientInfo });
    assert.ok(response.result, `initialize failed: ${JSON.stringify(response.error)}`);
    this.notify('notifications/initialized');
    return response.result;
  }

  /** Closes stdin (EOF) without waiting. */
  endInput() {
    this.child.stdin.end();
  }

  /** Resolves with { code, signal } or null if the process is still running after timeoutMs. */
  async waitForExit(timeoutMs) {
    let timer;
    const timeout = new Promise((resolve) => {
      timer = setTimeout(() => resolve(null), timeoutMs);
    });
    const result = await Promise.race([this.exited, timeout]);
    clearTimeout(timer);
    return result;
  }

  assertClean() {
    assertCleanImpl(this.checker, this.splitter, this.stderrText());
  }

  /** EOF, then SIGTERM, then SIGKILL: the process never outlives its test. */
  async close() {
    if (this.exit || this.spawnError) return;
    this.child.stdin.end();
    if (await this.waitForExit(2000)) return;
    this.child.kill('SIGTERM');
    if (await this.waitForExit(2000)) return;
    this.child.kill('SIGKILL');
    await this.waitForExit(2000);
  }
}

/** Starts a RawSession and registers its shutdown with the test. */
export function rawSession(t, command, options) {
  const s = new RawSession(command, options);
  t.after(() => s.close());
  return s;
}

/** connectClient() whose shutdown is registered with the test. */
export async function sdkSession(t, command, options) {
  const s = await connectClient(command, options);
  t.after(() => s.close());
  return s;
}

/** Runs `command args` to completion: { code, signal, stdout, stderr }. */
export function runToExit(command, args, { timeoutMs = 10_000, input, env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env: env ?? process.env });
    const out = [];
    const err = [];
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => err.push(c));
    child.stdin.on('error', () => {});
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} did not exit within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
    child.stdin.end(input ?? '');
  });
}

/** Runs the conhub-mcp CLI against the data directory `home`, with `input` on stdin (a secret,
 * say), never with the test runner's own CONHUB_MASTER_KEY: { code, signal, stdout, stderr }. */
export function runConhub(home, args, input = '') {
  const env = { ...process.env, CONHUB_HOME: home };
  delete env.CONHUB_MASTER_KEY;
  return runToExit(binary('CONHUB_BIN'), args, { input, env });
}

/** A temporary directory (real path) removed when the test ends. */
export function tempDir(t, prefix) {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Starts a fake provider (`fake_github`, `fake_website`) as `bin --port 0`, stopped when the
 * test ends; resolves to the base URL it prints ("listening on URL") on stderr. */
export function startFake(t, bin) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
    t.after(() => child.kill('SIGTERM'));
    let text = '';
    const timer = setTimeout(() => reject(new Error(`${path.basename(bin)} did not start: ${text}`)), 10_000);
    child.stderr.on('data', (c) => {
      text += c.toString();
      const m = text.match(/listening on (\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('error', reject);
  });
}

/** The text blocks of a tool result, joined by newlines. */
export function textOf(result) {
  return result.content.filter((c) => c.type === 'text').map((c) => c.text).join('\n');
}

/** Milliseconds elapsed while `fn` runs, with its result. */
export async function timed(fn) {
  const start = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - start };
}

/** Follows nextCursor through every page of a list method; fails on a loop or too many pages. */
export async function listAll(fetchPage, itemsKey, { maxPages = 50 } = {}) {
  const items = [];
  const cursors = new Set();
  let cursor;
  for (let page = 0; page < maxPages; page++) {
    const result = await fetchPage(cursor);
    assert.ok(Array.isArray(result[itemsKey]), `page ${page} has no ${itemsKey} array`);
    items.push(...result[itemsKey]);
    if (result.nextCursor === undefined) return { items, pages: page + 1 };
    assert.equal(typeof result.nextCursor, 'string', 'nextCursor must be a string');
    assert.ok(!cursors.has(result.nextCursor), `nextCursor ${result.nextCursor} repeats: pagination loops`);
    cursors.add(result.nextCursor);
    cursor = result.nextCursor;
  }
  assert.fail(`pagination did not end within ${maxPages} pages`);
}
