// postgres.js (npm `postgres` 3) against the PostgreSQL port: tagged-template parameters (named
// prepared statements, binary-typed parameters), result types, sql.cursor(), transactions, errors with
// their SQLSTATE.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import postgres from 'postgres';
import { startPgTarget, pgTest } from './lib/pg_target.mjs';

const FILE = 'pg_postgres_js.test.mjs';
const test = (name, fn) => pgTest(FILE, name, fn);

let target;
let sql;
before(async () => {
  target = await startPgTarget();
  const { host, port, user, password, database } = target.connection;
  sql = postgres({ host, port, user, password, database, max: 2, onnotice: () => {},
    connection: { application_name: 'postgres.js-test', TimeZone: 'UTC' } });
  await sql`CREATE TABLE js_items (id integer PRIMARY KEY, name text NOT NULL, tags text[], doc json)`;
});
after(async () => {
  await sql?.end();
  await target?.stop();
});

test('tagged template parameters of several types', async () => {
  const rows = await sql`SELECT ${42}::integer AS i, ${'it\'s'}::text AS t, ${1.25}::double precision AS f,
    ${true}::boolean AS b, ${new Date(Date.UTC(2024, 0, 31, 12, 30))}::timestamptz AS at, ${null}::text AS nothing`;
  assert.deepEqual([...rows], [{ i: 42, t: "it's", f: 1.25, b: true, at: new Date(Date.UTC(2024, 0, 31, 12, 30)),
    nothing: null }]);
  assert.deepEqual(rows.columns.map((c) => [c.name, c.type]),
    [['i', 23], ['t', 25], ['f', 701], ['b', 16], ['at', 1184], ['nothing', 25]]);
});

test('insert with arrays, json and bytea, then read back; the statement is reused', async () => {
  for (const [id, name] of [[1, 'one'], [2, 'two']]) {
    const inserted = await sql`INSERT INTO js_items VALUES (${id}, ${name}, ${sql.array(['x', 'y z'])},
      ${sql.json({ n: id, list: [1, 'two'] })}) RETURNING id`;
    assert.equal(inserted.count, 1);
    assert.equal(inserted.command, 'INSERT');
    assert.deepEqual([...inserted], [{ id }]);
  }
  const rows = await sql`SELECT id, name, tags, doc FROM js_items WHERE id = ANY(${sql.array([1, 2])}::integer[]) ORDER BY id`;
  assert.deepEqual([...rows], [
    { id: 1, name: 'one', tags: ['x', 'y z'], doc: { n: 1, list: [1, 'two'] } },
    { id: 2, name: 'two', tags: ['x', 'y z'], doc: { n: 2, list: [1, 'two'] } },
  ]);
  const bytes = await sql`SELECT ${Buffer.from([1, 0, 255])}::bytea AS b`;
  assert.deepEqual(bytes[0].b, Buffer.from([1, 0, 255]));
});

test('result types: int8 as string, numeric as string, dates, arrays', async () => {
  const [row] = await sql`SELECT 9007199254740993::bigint AS big, 12.50::numeric(10,2) AS n, DATE '2024-02-29' AS d,
    TIMESTAMP '2024-01-31 12:00:00.5' AS ts, ARRAY[1, -2, 3] AS ints, ARRAY[true, false] AS flags`;
  assert.deepEqual(row, { big: '9007199254740993', n: '12.50', d: new Date(Date.UTC(2024, 1, 29)),
    ts: new Date(Date.UTC(2024, 0, 31, 12, 0, 0, 500)), ints: [1, -2, 3], flags: [true, false] });
});

test('a cursor delivers 250 rows in batches of 100', async () => {
  const batches = [];
  await sql`SELECT x FROM generate_series(1, 250) AS t(x) ORDER BY x`.cursor(100, (rows) => {
    batches.push(rows.map((r) => Number(r.x)));
  });
  assert.deepEqual(batches.map((b) => b.length), [100, 100, 50]);
  assert.deepEqual(batches.flat(), Array.from({ length: 250 }, (_, i) => i + 1));
  let total = 0;
  for await (const rows of sql`SELECT x FROM generate_series(1, 120) AS t(x)`.cursor(50)) total += rows.length;
  assert.equal(total, 120);
});

test('sql.begin commits, a throw rolls back', async () => {
  await sql.begin(async (tx) => {
    await tx`INSERT INTO js_items (id, name) VALUES (10, 'committed')`;
  });
  await assert.rejects(sql.begin(async (tx) => {
    await tx`INSERT INTO js_items (id, name) VALUES (11, 'rolled back')`;
    throw new Error('abandon');
  }), /abandon/);
  const rows = await sql`SELECT id FROM js_items WHERE id >= 10 ORDER BY id`;
  assert.deepEqual([...rows], [{ id: 10 }]);
});

test('errors carry their SQLSTATE', async () => {
  await assert.rejects(sql`SELEC 1`, { code: '42601' });
  await assert.rejects(sql`SELECT * FROM no_such_table`, { code: '42P01' });
  await assert.rejects(sql`INSERT INTO js_items (id, name) VALUES (1, 'duplicate')`, { code: '23505' });
  await assert.rejects(sql`SELECT ${'x'}::integer`, { code: '22P02' });
  const [{ n }] = await sql`SELECT count(*)::integer AS n FROM js_items`;
  assert.equal(n, 3);
});
