// node-postgres (npm `pg` 8, with `pg-cursor`) against the PostgreSQL port: parameters, result types as
// the driver parses them, a cursor, transactions, and errors with their SQLSTATE.
process.env.TZ = 'UTC'; // node-postgres turns date/timestamp text into local-time Dates

import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import Cursor from 'pg-cursor';
import { startPgTarget, pgTest } from './lib/pg_target.mjs';

const FILE = 'pg_node_postgres.test.mjs';
const test = (name, fn) => pgTest(FILE, name, fn);

let target;
let client;
before(async () => {
  target = await startPgTarget();
  client = new pg.Client(target.connection);
  await client.connect();
  await client.query('CREATE TABLE node_items (id integer PRIMARY KEY, name text NOT NULL, price numeric(10,2))');
});
after(async () => {
  await client?.end();
  await target?.stop();
});

async function withClient(fn) {
  const other = new pg.Client(target.connection);
  await other.connect();
  try {
    return await fn(other);
  } finally {
    await other.end();
  }
}

test('parameters of several types are bound server-side', async () => {
  const result = await client.query('SELECT $1::integer AS i, $2::text AS t, $3::numeric(10,2) AS n, $4::boolean AS b, ' +
    '$5::date AS d, $6::text IS NULL AS missing', [42, 'hé "quoted" \\ text', '12.5', true, '2024-01-31', null]);
  assert.deepEqual(result.rows, [{ i: 42, t: 'hé "quoted" \\ text', n: '12.50', b: true,
    d: new Date(Date.UTC(2024, 0, 31)), missing: true }]);
  assert.deepEqual(result.fields.map((f) => [f.name, f.dataTypeID]),
    [['i', 23], ['t', 25], ['n', 1700], ['b', 16], ['d', 1082], ['missing', 16]]);
});

test('a parameter compared with a column, and a named prepared statement run twice', async () => {
  await client.query("INSERT INTO node_items VALUES (1, 'one', 1.5), (2, 'two', NULL)");
  const query = { name: 'item-by-id', text: 'SELECT name, price FROM node_items WHERE id = $1', values: [2] };
  assert.deepEqual((await client.query(query)).rows, [{ name: 'two', price: null }]);
  assert.deepEqual((await client.query({ ...query, values: [1] })).rows, [{ name: 'one', price: '1.50' }]);
  const arrays = await client.query({ text: 'SELECT id, name FROM node_items ORDER BY id', rowMode: 'array' });
  assert.deepEqual(arrays.rows, [[1, 'one'], [2, 'two']]);
  assert.equal(arrays.command, 'SELECT');
  assert.equal(arrays.rowCount, 2);
});

test('result types: int8 as string, dates, json, arrays, bytea', async () => {
  const result = await client.query(
    "SELECT 9007199254740993::bigint AS big, DATE '2024-02-29' AS d, TIMESTAMP '2024-01-31 12:00:00.5' AS ts, " +
    "TIMESTAMPTZ '2024-01-31 12:00:00+02' AS tz, '{\"a\": [1, 2], \"b\": null}'::json AS j, " +
    "ARRAY[1, 2, NULL] AS ints, ARRAY['a', 'b c', NULL] AS texts, 1.5::double precision AS f, " +
    "$1::bytea AS bytes", [Buffer.from([0xde, 0xad, 0x00, 0xef])]);
  assert.deepEqual(result.rows, [{
    big: '9007199254740993',
    d: new Date(Date.UTC(2024, 1, 29)),
    ts: new Date(Date.UTC(2024, 0, 31, 12, 0, 0, 500)),
    tz: new Date(Date.UTC(2024, 0, 31, 10, 0, 0)),
    j: { a: [1, 2], b: null },
    ints: [1, 2, null],
    texts: ['a', 'b c', null],
    f: 1.5,
    bytes: Buffer.from([0xde, 0xad, 0x00, 0xef]),
  }]);
  assert.deepEqual(result.fields.map((f) => f.dataTypeID), [20, 1082, 1114, 1184, 114, 1007, 1009, 701, 17]);
});

test('a cursor reads 250 rows 100 at a time', async () => {
  const cursor = client.query(new Cursor('SELECT x, x * 2 AS twice FROM generate_series(1, 250) AS t(x) ORDER BY x'));
  const sizes = [];
  const seen = [];
  for (;;) {
    const rows = await cursor.read(100);
    if (rows.length === 0) break;
    sizes.push(rows.length);
    seen.push(...rows.map((r) => Number(r.x)));
  }
  await cursor.close();
  assert.deepEqual(sizes, [100, 100, 50]);
  assert.deepEqual(seen, Array.from({ length: 250 }, (_, i) => i + 1));
  assert.deepEqual((await client.query('SELECT 1 AS after_cursor')).rows, [{ after_cursor: 1 }]);
});

test('transactions commit, roll back, and abort after an error', async () => {
  await client.query('BEGIN');
  await client.query("INSERT INTO node_items VALUES (10, 'kept', 10)");
  await client.query('COMMIT');
  await client.query('BEGIN');
  await client.query("INSERT INTO node_items VALUES (11, 'dropped', 11)");
  await client.query('ROLLBACK');
  await client.query('BEGIN');
  await assert.rejects(client.query('SELECT no_such_column FROM node_items'), { code: '42703' });
  await assert.rejects(client.query('SELECT 1'), {
    code: '25P02',
    message: 'current transaction is aborted, commands ignored until end of transaction block',
  });
  const rollback = await client.query('COMMIT');
  assert.equal(rollback.command, 'ROLLBACK');
  const rows = await withClient((other) => other.query('SELECT id FROM node_items WHERE id >= 10 ORDER BY id'));
  assert.deepEqual(rows.rows, [{ id: 10 }]);
});

test('errors carry their SQLSTATE and the connection stays usable', async () => {
  await assert.rejects(client.query('SELEC 1'), { code: '42601' });
  await assert.rejects(client.query('SELECT * FROM no_such_table'), { code: '42P01' });
  await assert.rejects(client.query("INSERT INTO node_items VALUES (1, 'again', 0)"), { code: '23505' });
  await assert.rejects(client.query('SELECT $1::integer AS i', ['not a number']), { code: '22P02' });
  await assert.rejects(client.query('INSERT INTO node_items (id) VALUES (99)'), { code: '23502' });
  assert.deepEqual((await client.query('SELECT count(*)::integer AS n FROM node_items')).rows, [{ n: 3 }]);
});

test('a pool runs queries on connections it opens and reuses', async () => {
  const pool = new pg.Pool({ ...target.connection, max: 2 });
  try {
    const results = await Promise.all([1, 2, 3, 4].map((n) => pool.query('SELECT $1::integer * 10 AS v', [n])));
    assert.deepEqual(results.map((r) => r.rows[0].v), [10, 20, 30, 40]);
    assert.ok(pool.totalCount <= 2);
  } finally {
    await pool.end();
  }
});
