// Loads Arrow IPC streams written by apache-arrow (JS) through duckwire's Arrow IPC reader into
// DuckDB (tools/arrow_ipc_read_check, the path an uploadArrow takes) and compares what DuckDB holds.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cases, writeFixtures } from './arrow_upload_fixture.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const buildDir = process.env.DUCKWIRE_BUILD_DIR ?? join(resolve(here, '../../..'), 'build');
const checkTool = join(buildDir, 'tools', 'arrow_ipc_read_check');

let dir;
const results = new Map();

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'duckwire-arrow-upload-'));
  writeFixtures(dir);
  writeFileSync(join(dir, 'truncated.arrows'), Buffer.from([0xff, 0xff, 0xff, 0xff, 0x40, 0, 0, 0, 1, 2, 3]));
  const files = [...cases.map(({ name }) => `${name}.arrows`), 'truncated.arrows'].map((file) => join(dir, file));
  const output = execFileSync(checkTool, files, { encoding: 'utf8' });
  for (const line of output.trim().split('\n')) {
    const result = JSON.parse(line);
    results.set(result.file, result);
  }
});

after(() => rmSync(dir, { recursive: true, force: true }));

for (const { name, types, data } of cases) {
  test(`apache-arrow stream "${name}" loads into DuckDB unchanged`, () => {
    const result = results.get(`${name}.arrows`);
    assert.equal(result.error, undefined, result.error);
    assert.equal(result.rows, data.length);
    assert.deepEqual(result.types, types);
    assert.deepEqual(result.data, data);
  });
}

test('a truncated stream is refused with a reason', () => {
  assert.match(results.get('truncated.arrows').error, /^invalid Arrow IPC stream: truncated message metadata/);
});
