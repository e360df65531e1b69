// The store's command line, run as a real process against a throwaway CONHUB_HOME:
// secrets from stdin/env only, --json shapes, exit codes, key rotation, tokens, and the
// audit rows a real `serve --stdio` session leaves behind.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { binary, rawSession } from './lib/harness.mjs';

const CONHUB = binary('CONHUB_BIN');

function tempHome(t) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'conhub-e2e-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Runs conhub-mcp with `args` in `home`; stdin is `input` (a pipe, never a terminal). */
function run(home, args, { input = '', env = {} } = {}) {
  return new Promise((resolve, reject) => {
    const baseEnv = { ...process.env };
    delete baseEnv.CONHUB_MASTER_KEY;
    const child = spawn(CONHUB, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...baseEnv, CONHUB_HOME: home, ...env } });
    const out = [];
    const err = [];
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => err.push(c));
    child.stdin.on('error', () => {});
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
    child.stdin.end(input);
  });
}

function scanHome(home) {
  return fs.readdirSync(home).filter((f) => f.startsWith('conhub.db')).map((f) => fs.readFileSync(path.join(home, f)).toString('latin1')).join('');
}

test('workspaces: default exists, create/list/delete, --json shape, errors exit 1', async (t) => {
  const home = tempHome(t);
  let r = await run(home, ['workspaces', '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout).map((w) => w.name), ['default']);
  assert.equal((await run(home, ['workspaces', 'create', 'work'])).code, 0);
  r = await run(home, ['workspaces', 'create', 'work']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /already exists/);
  assert.equal(r.stderr.trim().split('\n').length, 1, 'one-line reason');
  r = await run(home, ['workspaces', 'list', '--json']);
  const ws = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(ws[0]).sort(), ['active_tokens', 'connections', 'created_at', 'name']);
  assert.equal((await run(home, ['workspaces', 'delete', 'default'])).code, 1);
  assert.equal((await run(home, ['workspaces', 'delete', 'work'])).code, 0);
  assert.equal((await run(home, ['workspaces', 'frobnicate'])).code, 2);
  const st = fs.statSync(home);
  assert.equal(st.mode & 0o777, 0o700 & st.mode & 0o777);
});

test('connect reads the secret from stdin, lists without it, and never stores it in clear', async (t) => {
  const home = tempHome(t);
  const secret = 'ghp_E2eCanary0123456789abcdefghijklmnop';
  let r = await run(home, ['connect', 'github', '--name', 'personal'], { input: `${secret}\n` });
  assert.equal(r.code, 0, r.stderr);
  assert.ok(!r.stdout.includes(secret) && !r.stderr.includes(secret));
  r = await run(home, ['connect', 'gitlab', '--from-env', 'MY_GL'], { env: { MY_GL: 'glpat-E2eCanaryFromEnv0123' } });
  assert.equal(r.code, 0, r.stderr);
  r = await run(home, ['connections', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const list = JSON.parse(r.stdout);
  assert.equal(list.length, 2);
  assert.deepEqual(Object.keys(list[0]).sort(),
    ['auth_method', 'created_at', 'key_id', 'last_error', 'last_sync_at', 'name', 'provider', 'status', 'updated_at', 'workspace']);
  assert.ok(!r.stdout.includes(secret));
  const gh = list.find((c) => c.provider === 'github');
  assert.equal(gh.name, 'personal');
  assert.equal(gh.auth_method, 'api_key');
  assert.match(gh.key_id, /^k-[0-9a-f]{16}$/);
  r = await run(home, ['connections']);
  assert.match(r.stdout, /^WORKSPACE\s+PROVIDER\s+NAME/);
  const keyStat = fs.statSync(path.join(home, 'master.key'));
  assert.equal(keyStat.mode & 0o777, 0o600);
  const db = scanHome(home);
  assert.ok(db.length > 0);
  assert.ok(!db.includes(secret) && !db.includes('glpat-E2eCanaryFromEnv0123'), 'a secret is in the database file in clear');
  r = await run(home, ['connect', 'github', '--name', 'personal'], { input: 'other' });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /--replace/);
  assert.equal((await run(home, ['connect', 'github', '--name', 'personal', '--replace'], { input: 'other' })).code, 0);
  assert.equal((await run(home, ['disconnect', 'github/personal'])).code, 0);
  r = await run(home, ['disconnect', 'github/personal']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /no connection github\/personal/);
});

test('connect refuses secrets in argv without echoing them, and unknown providers', async (t) => {
  const home = tempHome(t);
  for (const args of [['--token', 'ghp_ArgvSecret1'], ['--api-key=ghp_ArgvSecret1'], ['--password', 'ghp_ArgvSecret1'], ['ghp_ArgvSecret1']]) {
    const r = await run(home, ['connect', 'github', ...args], { input: 'x' });
    assert.equal(r.code, 2, `${args}: ${r.stderr}`);
    assert.match(r.stderr, /never/);
    assert.ok(!r.stderr.includes('ghp_ArgvSecret1') && !r.stdout.includes('ghp_ArgvSecret1'), `echoed the secret for ${args}`);
  }
  let r = await run(home, ['connect', 'myspace'], { input: 'x' });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown provider 'myspace'.*github/);
  r = await run(home, ['connect', 'github'], { input: '' });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /empty/);
  r = await run(home, ['connect', 'github', '--workspace', 'nope'], { input: 'x' });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /no workspace 'nope'/);
});

test('every command answers --help with exit 0', async (t) => {
  const home = tempHome(t);
  for (const cmd of ['workspaces', 'connect', 'connections', 'disconnect', 'tokens', 'audit', 'keys', 'serve']) {
    const r = await run(home, [cmd, '--help']);
    assert.equal(r.code, 0, `${cmd}: ${r.stderr}`);
    assert.match(r.stdout, /Usage: conhub-mcp/);
  }
});

test('tokens: printed once, stored as a hash, listed and revoked', async (t) => {
  const home = tempHome(t);
  assert.equal((await run(home, ['tokens', 'create'])).code, 2, 'create needs --workspace');
  let r = await run(home, ['tokens', 'create', '--workspace', 'default', '--label', 'ci']);
  assert.equal(r.code, 0, r.stderr);
  const token = r.stdout.trim();
  assert.match(token, /^chub_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
  r = await run(home, ['tokens', 'create', '--workspace', 'default', '--json']);
  const created = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(created).sort(), ['created_at', 'id', 'label', 'last_used_at', 'revoked_at', 'token', 'workspace']);
  r = await run(home, ['tokens', 'list', '--json']);
  const list = JSON.parse(r.stdout);
  assert.equal(list.length, 2);
  assert.ok(!r.stdout.includes(token) && !('token' in list[0]));
  assert.ok(!scanHome(home).includes(token.slice(22)), 'the token secret is stored in clear');
  const id = token.slice(5, 21);
  assert.equal((await run(home, ['tokens', 'revoke', id])).code, 0);
  r = await run(home, ['tokens', 'list', '--json']);
  assert.ok(JSON.parse(r.stdout).find((x) => x.id === id).revoked_at);
  assert.equal((await run(home, ['tokens', 'revoke', '0000000000000000'])).code, 1);
});

test('keys rotate re-encrypts under a new key and the secrets stay usable', async (t) => {
  const home = tempHome(t);
  await run(home, ['connect', 'github'], { input: 'ghp_RotateMe0123456789' });
  const before = JSON.parse((await run(home, ['connections', '--json'])).stdout)[0].key_id;
  const keyBefore = fs.readFileSync(path.join(home, 'master.key'), 'utf8');
  let r = await run(home, ['keys', 'rotate']);
  assert.equal(r.code, 0, r.stderr);
  const after = JSON.parse((await run(home, ['connections', '--json'])).stdout)[0].key_id;
  assert.notEqual(after, before);
  assert.notEqual(fs.readFileSync(path.join(home, 'master.key'), 'utf8'), keyBefore);
  assert.ok(!fs.existsSync(path.join(home, 'master.key.next')));
  r = await run(home, ['keys', 'status']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`1 secret\\(s\\) sealed with ${after}`));
  // A key file others can read is refused with the reason.
  fs.chmodSync(path.join(home, 'master.key'), 0o644);
  r = await run(home, ['keys', 'rotate']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /chmod 600/);
});

test('a database from a newer conhub-mcp is refused with a clear message', async (t) => {
  const home = tempHome(t);
  assert.equal((await run(home, ['workspaces'])).code, 0);
  // user_version lives at byte offset 60 of the SQLite header (big-endian).
  const db = path.join(home, 'conhub.db');
  const fd = fs.openSync(db, 'r+');
  const buf = Buffer.alloc(4);
  buf.writeUInt32BE(999);
  fs.writeSync(fd, buf, 0, 4, 60);
  fs.closeSync(fd);
  for (const f of ['conhub.db-wal', 'conhub.db-shm']) fs.rmSync(path.join(home, f), { force: true });
  const r = await run(home, ['connections']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /schema version 999.*newer conhub-mcp/);
});

test('serve --stdio records tools/call in the audit log with redacted arguments', async (t) => {
  const home = tempHome(t);
  assert.equal((await run(home, ['workspaces', 'create', 'work'])).code, 0);
  const s = rawSession(t, CONHUB, { args: ['serve', '--stdio', '--workspace', 'work', '--log-level', 'warn'], env: { CONHUB_HOME: home } });
  await s.initialize();
  const echo = await s.request('tools/call', { name: 'conhub_echo', arguments: { text: 'hello audit', api_key: 'sk-AuditCanary0123456789' } });
  assert.equal(echo.result.content[0].text, 'hello audit');
  const missing = await s.request('tools/call', { name: 'no_such_tool', arguments: {} });
  assert.ok(missing.error);
  const invalid = await s.request('tools/call', { name: 'conhub_echo', arguments: {} });
  assert.equal(invalid.result.isError, true);
  s.endInput();
  const exit = await s.exited;
  assert.equal(exit.code, 0, s.stderrText());
  s.assertClean();

  let r = await run(home, ['audit', '--workspace', 'work', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const rows = JSON.parse(r.stdout);
  assert.equal(rows.length, 3);
  const [ok, bad, toolError] = rows;
  assert.deepEqual(Object.keys(ok).sort(),
    ['arguments', 'client', 'connection', 'duration_ms', 'error', 'method', 'name', 'ok', 'principal', 'time', 'workspace']);
  assert.equal(ok.method, 'tools/call');
  assert.equal(ok.name, 'conhub_echo');
  assert.equal(ok.workspace, 'work');
  assert.equal(ok.ok, true);
  assert.match(ok.client, /conhub-e2e/);
  assert.equal(ok.arguments.text, 'hello audit');
  assert.equal(ok.arguments.api_key, '[redacted]');
  assert.equal(bad.ok, false);
  assert.match(bad.error, /no_such_tool/);
  assert.equal(toolError.ok, false, 'an isError result is a failed call');
  assert.ok(toolError.error);
  assert.ok(!scanHome(home).includes('sk-AuditCanary0123456789'));
  r = await run(home, ['audit', '--since', '1h']);
  assert.match(r.stdout, /conhub_echo/);
  assert.equal((await run(home, ['audit', '--since', 'yesterday'])).code, 2);
  r = await run(home, ['audit', '--workspace', 'default', '--json']);
  assert.deepEqual(JSON.parse(r.stdout), []);
});

test('serve refuses an unknown workspace before serving', async (t) => {
  const home = tempHome(t);
  const r = await run(home, ['serve', '--stdio', '--workspace', 'nope']);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /no workspace 'nope'/);
});
