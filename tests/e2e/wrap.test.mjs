// `conhub-mcp wrap`, run as a real process against a throwaway CONHUB_HOME: the credential
// reaches the child's environment and nowhere else, stdio passes byte for byte, exit codes
// and signals go through, errors are clear, and an SDK client speaks MCP through it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { binary, sdkSession } from './lib/harness.mjs';

const CONHUB = binary('CONHUB_BIN');
const EVERYTHING = binary('EVERYTHING_BIN');
const TOKEN = 'ghp_WrapE2eCanary0123456789abcdefghijkl';
// A child that writes its environment and argv to $WRAP_OUT as JSON.
const DUMP = ['-e', "require('fs').writeFileSync(process.env.WRAP_OUT, JSON.stringify({ env: process.env, argv: process.argv }))"];

function tempHome(t) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'conhub-wrap-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function baseEnv(home, env) {
  const base = { ...process.env };
  delete base.CONHUB_MASTER_KEY;
  return { ...base, CONHUB_HOME: home, ...env };
}

/** Starts conhub-mcp; `done` resolves with { code, signal, stdout (Buffer), stderr }. */
function start(home, args, { input = '', env = {}, extraPipe = false } = {}) {
  const stdio = extraPipe ? ['pipe', 'pipe', 'pipe', 'pipe'] : ['pipe', 'pipe', 'pipe'];
  const child = spawn(CONHUB, args, { stdio, env: baseEnv(home, env) });
  const out = [];
  const err = [];
  child.stdout.on('data', (c) => out.push(c));
  child.stderr.on('data', (c) => err.push(c));
  child.stdin.on('error', () => {});
  const done = new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
  if (input !== null) child.stdin.end(input);
  return { child, done };
}

const run = (home, args, options) => start(home, args, options).done;

async function connect(home, provider, secret, extra = [], env = {}) {
  const r = await run(home, ['connect', provider, ...extra], { input: secret, env });
  assert.equal(r.code, 0, r.stderr);
}

/** Runs DUMP under wrap and returns { result, dump }. */
async function wrapDump(t, home, wrapArgs, env = {}) {
  const out = path.join(home, `dump-${crypto.randomUUID()}.json`);
  const result = await run(home, ['wrap', ...wrapArgs, '--', process.execPath, ...DUMP], { env: { WRAP_OUT: out, ...env } });
  assert.equal(result.code, 0, result.stderr);
  return { result, dump: JSON.parse(fs.readFileSync(out, 'utf8')) };
}

test('the token reaches GITHUB_PERSONAL_ACCESS_TOKEN only: no CONHUB_* in the child, not in argv or stderr', async (t) => {
  const home = tempHome(t);
  const masterKey = crypto.randomBytes(32).toString('base64');
  const env = { CONHUB_MASTER_KEY: masterKey, CONHUB_LOG: 'debug', CONHUB_OTHER_SECRET: 'conhub-other-canary' };
  await connect(home, 'github', `${TOKEN}\n`, [], env);
  const { result, dump } = await wrapDump(t, home, ['github'], env);
  assert.equal(dump.env.GITHUB_PERSONAL_ACCESS_TOKEN, TOKEN);
  assert.deepEqual(Object.keys(dump.env).filter((k) => k.startsWith('CONHUB_')), [], 'a CONHUB_* variable reached the child');
  const carriers = Object.entries(dump.env).filter(([, v]) => v.includes(TOKEN) || v.includes(masterKey)).map(([k]) => k);
  assert.deepEqual(carriers, ['GITHUB_PERSONAL_ACCESS_TOKEN']);
  assert.equal(dump.env.GITHUB_HOST, undefined, 'GITHUB_HOST is set only for a non-default host');
  assert.ok(!dump.argv.some((a) => a.includes(TOKEN)), 'the token is in the child argv');
  assert.equal(dump.env.WRAP_OUT.endsWith('.json'), true, 'the rest of the environment passes through');
  assert.ok(!result.stderr.includes(TOKEN) && !result.stdout.toString('latin1').includes(TOKEN));
});

test('stdin and stdout pass byte for byte (1 MiB of random bytes through cat)', async (t) => {
  const home = tempHome(t);
  await connect(home, 'github', TOKEN);
  const data = crypto.randomBytes(1 << 20);
  const r = await run(home, ['wrap', 'github', '--', 'cat'], { input: data });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.length, data.length);
  assert.ok(r.stdout.equals(data), 'the bytes changed on the way');
  assert.equal(r.stderr, '');
});

test('exit codes: the child\'s own, 128+N for a signal', async (t) => {
  const home = tempHome(t);
  await connect(home, 'github', TOKEN);
  let r = await run(home, ['wrap', 'github', '--', '/bin/sh', '-c', 'echo to-stderr >&2; exit 7']);
  assert.equal(r.code, 7);
  assert.equal(r.stderr, 'to-stderr\n', 'stderr passes through');
  r = await run(home, ['wrap', 'github', '--', '/bin/sh', '-c', 'kill -KILL $$']);
  assert.equal(r.code, 137);
});

/** Starts a child that says "ready" once its traps are set, then signals the wrapper. */
async function signalThrough(home, signal, script) {
  const s = start(home, ['wrap', 'github', '--', '/bin/sh', '-c', `${script}; echo ready; while :; do sleep 0.05; done`], { input: null });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the child never said ready')), 10_000);
    s.child.stdout.on('data', (c) => {
      if (c.toString().includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  s.child.kill(signal);
  return s.done;
}

test('SIGTERM, SIGINT and SIGHUP sent to the wrapper reach the child, whose exit code comes back', async (t) => {
  const home = tempHome(t);
  await connect(home, 'github', TOKEN);
  let r = await signalThrough(home, 'SIGTERM', 'trap "echo got-term; exit 42" TERM');
  assert.equal(r.code, 42, r.stderr);
  assert.match(r.stdout.toString(), /got-term/);
  r = await signalThrough(home, 'SIGINT', 'trap "exit 43" INT');
  assert.equal(r.code, 43, r.stderr);
  r = await signalThrough(home, 'SIGHUP', 'true');
  assert.equal(r.code, 129, r.stderr);
});

test('no descriptor beyond stderr leaks into the child', async (t) => {
  const home = tempHome(t);
  await connect(home, 'github', TOKEN);
  // The wrapper gets an inheritable pipe as fd 3; the child must not.
  const r = await run(home, ['wrap', 'github', '--', '/bin/sh', '-c', 'readlink /proc/$$/fd/3 2>/dev/null || echo none'], { extraPipe: true });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.toString().trim(), 'none');
});

test('a command that cannot start: 127 when missing, 126 when not executable, with a clear message', async (t) => {
  const home = tempHome(t);
  await connect(home, 'github', TOKEN);
  let r = await run(home, ['wrap', 'github', '--', 'conhub-no-such-program']);
  assert.equal(r.code, 127);
  assert.equal(r.stderr, 'conhub-mcp wrap: cannot start "conhub-no-such-program": No such file or directory\n');
  const plain = path.join(home, 'not-executable');
  fs.writeFileSync(plain, '#!/bin/sh\n', { mode: 0o644 });
  r = await run(home, ['wrap', 'github', '--', plain]);
  assert.equal(r.code, 126);
  assert.match(r.stderr, /cannot start ".*not-executable": Permission denied/);
  assert.ok(!r.stderr.includes(TOKEN));
});

test('usage errors exit 2 with a hint; missing or ambiguous connections exit 1 and say what to do', async (t) => {
  const home = tempHome(t);
  let r = await run(home, ['wrap', 'github']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /-- COMMAND/);
  r = await run(home, ['wrap', 'github', 'npx', 'server']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /-- COMMAND/);
  assert.equal((await run(home, ['wrap', 'github', '--'])).code, 2);
  assert.equal((await run(home, ['wrap', '--', 'cat'])).code, 2);
  r = await run(home, ['wrap', 'myspace', '--', 'cat']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown provider 'myspace'/);
  r = await run(home, ['wrap', 'github', '--env', 'NOEQUALS', '--', 'cat']);
  assert.equal(r.code, 2);
  r = await run(home, ['wrap', 'gitlab', '--', 'cat']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /no gitlab connection in workspace default; run `conhub-mcp connect gitlab` first/);
  await run(home, ['workspaces', 'create', 'work']);
  r = await run(home, ['wrap', 'gitlab', '--workspace', 'work', '--', 'cat']);
  assert.match(r.stderr, /run `conhub-mcp connect gitlab --workspace work`/);
  await connect(home, 'github', TOKEN, ['--name', 'alpha']);
  await connect(home, 'github', 'ghp_second', ['--name', 'beta']);
  r = await run(home, ['wrap', 'github', '--', 'cat']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /several github connections \(alpha, beta\); name one as github\/NAME/);
  r = await run(home, ['wrap', 'github/gamma', '--', 'cat']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /no connection github\/gamma in workspace default \(its github connections: alpha, beta\)/);
  const { dump } = await wrapDump(t, home, ['github/alpha']);
  assert.equal(dump.env.GITHUB_PERSONAL_ACCESS_TOKEN, TOKEN);
  r = await run(home, ['wrap', '--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout.toString(), /Usage: conhub-mcp wrap[\s\S]*GITHUB_PERSONAL_ACCESS_TOKEN=token/);
  r = await run(home, ['--help']);
  assert.match(r.stdout.toString(), /^ {2}wrap /m);
});

test('--env adds or overrides variables from named fields; an unknown field lists the names, never values', async (t) => {
  const home = tempHome(t);
  const secret = JSON.stringify({ kind: 'api_key', api_key: TOKEN, host: 'https://ghe.example.com' });
  await connect(home, 'github', secret);
  let { dump } = await wrapDump(t, home, ['github', '--env', 'GH_TOKEN=token', '--env', 'GITHUB_PERSONAL_ACCESS_TOKEN=api_key']);
  assert.equal(dump.env.GH_TOKEN, TOKEN);
  assert.equal(dump.env.GITHUB_PERSONAL_ACCESS_TOKEN, TOKEN);
  assert.equal(dump.env.GITHUB_HOST, 'https://ghe.example.com');
  ({ dump } = await wrapDump(t, home, ['github', '--env', 'GITHUB_HOST=kind']));
  assert.equal(dump.env.GITHUB_HOST, 'api_key', 'an override replaces the built-in variable');
  const r = await run(home, ['wrap', 'github', '--env', 'X=nope', '--', 'cat']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /no field 'nope'; its fields are: api_key, host, kind, token/);
  assert.ok(!r.stderr.includes(TOKEN) && !r.stderr.includes('ghe.example.com'));
});

test('gitlab: token and API URL, from an OAuth instance_url or the gitlab.com default', async (t) => {
  const home = tempHome(t);
  await connect(home, 'gitlab', 'glpat-WrapE2eCanary0123', ['--name', 'cloud']);
  let { dump } = await wrapDump(t, home, ['gitlab/cloud']);
  assert.equal(dump.env.GITLAB_PERSONAL_ACCESS_TOKEN, 'glpat-WrapE2eCanary0123');
  assert.equal(dump.env.GITLAB_API_URL, 'https://gitlab.com/api/v4');
  const oauth = { kind: 'oauth2', access_token: 'gl-oauth-canary', refresh_token: 'gl-refresh-canary', instance_url: 'https://gl.example.com/api/v4' };
  await connect(home, 'gitlab', JSON.stringify(oauth), ['--name', 'self']);
  ({ dump } = await wrapDump(t, home, ['gitlab/self']));
  assert.equal(dump.env.GITLAB_PERSONAL_ACCESS_TOKEN, 'gl-oauth-canary');
  assert.equal(dump.env.GITLAB_API_URL, 'https://gl.example.com/api/v4');
  assert.ok(!Object.values(dump.env).includes('gl-refresh-canary'), 'the refresh token is not injected by default');
});

test('each wrap is in the audit log: connection, command, variable names, never the token', async (t) => {
  const home = tempHome(t);
  await connect(home, 'github', TOKEN);
  assert.equal((await run(home, ['wrap', 'github', '--', '/bin/sh', '-c', 'exit 0'])).code, 0);
  assert.equal((await run(home, ['wrap', 'github', '--', 'conhub-no-such-program'])).code, 127);
  const r = await run(home, ['audit', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const rows = JSON.parse(r.stdout.toString()).filter((e) => e.method === 'wrap');
  assert.equal(rows.length, 2, r.stdout.toString());
  assert.equal(rows[0].connection, 'github/default');
  assert.equal(rows[0].name, '/bin/sh');
  assert.equal(rows[0].ok, true);
  assert.deepEqual(rows[0].arguments.env, ['GITHUB_PERSONAL_ACCESS_TOKEN']);
  assert.equal(rows[1].ok, false);
  assert.match(rows[1].error, /cannot start/);
  assert.ok(!r.stdout.toString().includes(TOKEN));
});

test('an SDK client speaks MCP to everything_server through wrap', async (t) => {
  const home = tempHome(t);
  await connect(home, 'github', TOKEN);
  const s = await sdkSession(t, CONHUB, { args: ['wrap', 'github', '--', EVERYTHING, '--stdio'], env: { CONHUB_HOME: home } });
  const { tools } = await s.client.listTools();
  assert.ok(tools.some((tool) => tool.name === 'test_simple_text'), 'the child\'s tools come through');
  const result = await s.client.callTool({ name: 'test_simple_text', arguments: {} });
  assert.deepEqual(result.content, [{ type: 'text', text: 'This is a simple text response for testing.' }]);
  assert.ok(!s.stderrText().includes(TOKEN));
  s.assertClean();
});
