// The conhub-mcp command line outside a session: --version, --help, bad subcommands.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { binary, runToExit } from './lib/harness.mjs';

const CONHUB = binary('CONHUB_BIN');

test('--version prints "conhub-mcp X.Y.Z" on stdout and exits 0', async () => {
  const r = await runToExit(CONHUB, ['--version']);
  assert.equal(r.code, 0, `stderr: ${r.stderr}`);
  assert.match(r.stdout, /^conhub-mcp \d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?\n$/);
});

test('--help exits 0 and lists the serve command', async () => {
  const r = await runToExit(CONHUB, ['--help']);
  assert.equal(r.code, 0, `stderr: ${r.stderr}`);
  assert.match(r.stdout, /serve/);
});

test('an unknown subcommand exits 2 with a message on stderr and nothing on stdout', async () => {
  const r = await runToExit(CONHUB, ['frobnicate']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /frobnicate/);
  assert.equal(r.stdout, '');
});

test('serve with an unknown option exits 2 without writing to stdout', async () => {
  const r = await runToExit(CONHUB, ['serve', '--stdio', '--no-such-option']);
  assert.equal(r.code, 2, `stdout: ${r.stdout}\nstderr: ${r.stderr}`);
  assert.match(r.stderr, /no-such-option/);
  assert.equal(r.stdout, '');
});
