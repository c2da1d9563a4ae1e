// Parquet downloads from /sql (Accept: application/vnd.apache.parquet), read back by a real Parquet
// reader (hyparquet, pure JavaScript): every common type with its values, NULLs, an empty result that
// keeps its columns, and a 2M-row result whose every row is checked.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { parquetMetadata, parquetReadObjects, parquetSchema } from 'hyparquet';
import { startServer } from './lib/server.mjs';

const PARQUET = 'application/vnd.apache.parquet';

let duckwire;

before(async () => {
  duckwire = await startServer(['--pg-port', '0', '--quack-port', '0']);
});

after(async () => {
  await duckwire?.stop();
});

async function download(q, accept = PARQUET) {
  const response = await fetch(`${duckwire.httpUrl}sql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: accept },
    body: JSON.stringify({ q }),
  });
  assert.equal(response.status, 200, await response.clone().text());
  assert.equal(response.headers.get('content-type'), accept);
  return response.arrayBuffer();
}

// The file's top-level columns: name and Parquet type (logical, else converted, else physical; none
// for a struct's group).
function columns(file) {
  return parquetSchema(parquetMetadata(file)).children.map(({ element }) => [
    element.name,
    element.logical_type?.type ?? element.converted_type ?? element.type,
  ]);
}

test('every common type arrives with its values', async () => {
  const file = await download(`
    SELECT * FROM (VALUES
      (42::INTEGER, 9007199254740993::BIGINT, 170141183460469231731687303715884105727::HUGEINT, 1.5::DOUBLE,
       12345.678::DECIMAL(18,3), 'héllo, "world"'::VARCHAR, true, DATE '2024-02-29',
       TIMESTAMP '2024-01-02 03:04:05.123', TIMESTAMPTZ '2024-01-02 03:04:05.5+02', '\\xAA\\x00\\xFF'::BLOB,
       UUID '6ba7b810-9dad-11d1-80b4-00c04fd430c8', [1, NULL, 3], {'a': 1, 'b': 'x'}, MAP {'k': 1, 'l': NULL},
       'sad'::ENUM('happy', 'sad')),
      (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)
    ) AS t(i, b, h, d, dec, s, bo, dt, ts, tz, bl, u, l, st, m, e)`);
  assert.deepEqual(columns(file), [
    ['i', 'INT_32'], ['b', 'INT_64'], ['h', 'DOUBLE'], ['d', 'DOUBLE'], ['dec', 'DECIMAL'], ['s', 'UTF8'],
    ['bo', 'BOOLEAN'], ['dt', 'DATE'], ['ts', 'TIMESTAMP'], ['tz', 'TIMESTAMP'], ['bl', 'BYTE_ARRAY'],
    ['u', 'UUID'], ['l', 'LIST'], ['st', undefined], ['m', 'MAP'], ['e', 'UTF8'],
  ]);
  const [row, nulls] = await parquetReadObjects({ file, utf8: false });
  assert.deepEqual(row, {
    i: 42,
    b: 9007199254740993n,
    h: 1.7014118346046923e38,  // DuckDB writes HUGEINT as DOUBLE
    d: 1.5,
    dec: 12345.678,
    s: 'héllo, "world"',
    bo: true,
    dt: new Date('2024-02-29T00:00:00Z'),
    ts: new Date('2024-01-02T03:04:05.123Z'),
    tz: new Date('2024-01-02T01:04:05.500Z'),
    bl: new Uint8Array([0xaa, 0x00, 0xff]),
    u: '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
    l: [1, null, 3],
    st: { a: 1, b: 'x' },
    m: { k: 1, l: null },
    e: 'sad',
  });
  for (const [name, value] of Object.entries(nulls)) assert.equal(value, null, `${name} is NULL`);
});

test('a result without rows keeps its columns', async () => {
  const file = await download("SELECT 1::INTEGER AS a, 'x' AS b, [1.5] AS c WHERE false");
  assert.deepEqual(columns(file), [['a', 'INT_32'], ['b', 'UTF8'], ['c', 'LIST']]);
  assert.equal(parquetMetadata(file).num_rows, 0n);
  assert.deepEqual(await parquetReadObjects({ file }), []);
});

test('the other media type names get the same file', async () => {
  const sql = "SELECT 42 AS answer, 'x' AS label";
  for (const accept of ['application/x-parquet', 'application/parquet']) {
    const file = await download(sql, accept);
    assert.deepEqual(await parquetReadObjects({ file }), [{ answer: 42, label: 'x' }]);
  }
});

test('two million rows arrive whole and in order', async () => {
  const file = await download(
    "SELECT range AS n, 'value ' || range AS s, CASE WHEN range % 7 = 0 THEN NULL ELSE range * 0.5 END AS d " +
      'FROM range(2000000)',
  );
  assert.equal(parquetMetadata(file).num_rows, 2000000n);
  const rows = await parquetReadObjects({ file });
  assert.equal(rows.length, 2000000);
  for (let i = 0; i < rows.length; i++) {
    const { n, s, d } = rows[i];
    if (n !== BigInt(i) || s !== `value ${i}` || d !== (i % 7 === 0 ? null : i * 0.5)) {
      assert.fail(`row ${i}: ${JSON.stringify({ n: String(n), s, d })}`);
    }
  }
});
