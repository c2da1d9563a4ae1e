// Mosaic's own clients against duckwire: socketConnector and restConnector from @uwdata/mosaic-core 0.32.0,
// and a Coordinator using them. Mosaic requests carry no queryId; replies are matched by position on a socket
// (first request, first reply), so duckwire must send them in request order although queries run concurrently.
// See ../../../../shared/specs/sqlrooms-mosaic.md.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { socketConnector, restConnector, Coordinator, decodeIPC } from '@uwdata/mosaic-core';
import { tableFromIPC, Type } from '@uwdata/flechette';
import { startServer } from './lib/server.mjs';
import { WsClient } from './lib/ws_client.mjs';

// Node 20 has no global WebSocket; Mosaic's socketConnector uses the global one.
globalThis.WebSocket = WebSocket;

let server;
const sockets = [];
// A socketConnector of its own for each test, so one test's failure cannot shift another's replies.
function newSocketConnector() {
  const connector = socketConnector({ uri: server.wsUrl });
  sockets.push(connector);
  return connector;
}

before(async () => {
  server = await startServer();
});
after(async () => {
  // Close the connectors' sockets (the connector has no close method of its own).
  await Promise.all(
    sockets.map(
      (connector) =>
        new Promise((resolve) => {
          const ws = connector._ws;
          if (!ws || ws.readyState === WebSocket.CLOSED) return resolve();
          ws.addEventListener('close', () => resolve());
          ws.close();
        }),
    ),
  );
  const { code, signal } = await server.stop();
  assert.equal(signal, null);
  assert.equal(code, 0);
});

const TYPES_SQL = `
  SELECT * FROM (VALUES
    (1, 10000000000::BIGINT, 1.5::DOUBLE, 'alpha', DATE '2024-02-29', 123.45::DECIMAL(10,2), true, TIMESTAMP '2024-01-02 03:04:05'),
    (2, NULL, -0.25, 'héllo wörld ✓', DATE '1970-01-01', -0.01, false, NULL),
    (3, -1, NULL, NULL, NULL, NULL, NULL, TIMESTAMP '1999-12-31 23:59:59.5')
  ) v(i, big, dbl, str, day, dec, flag, ts)
  ORDER BY i`;

// Checks the decoded TYPES_SQL result (decoded with Mosaic's defaults: dates as Date objects).
function checkTypesTable(table) {
  assert.equal(table.numRows, 3);
  const types = Object.fromEntries(table.schema.fields.map((f) => [f.name, f.type]));
  assert.deepEqual(
    table.schema.fields.map((f) => f.name),
    ['i', 'big', 'dbl', 'str', 'day', 'dec', 'flag', 'ts'],
  );
  assert.equal(types.i.typeId, Type.Int);
  assert.equal(types.i.bitWidth, 32);
  assert.equal(types.big.typeId, Type.Int);
  assert.equal(types.big.bitWidth, 64);
  assert.equal(types.dbl.typeId, Type.Float);
  assert.equal(types.str.typeId, Type.Utf8);
  assert.equal(types.day.typeId, Type.Date);
  assert.equal(types.dec.typeId, Type.Decimal);
  assert.equal(types.dec.scale, 2);
  assert.equal(types.flag.typeId, Type.Bool);
  assert.equal(types.ts.typeId, Type.Timestamp);

  assert.deepEqual(table.toArray(), [
    {
      i: 1,
      big: 10000000000,
      dbl: 1.5,
      str: 'alpha',
      day: new Date(Date.UTC(2024, 1, 29)),
      dec: 123.45,
      flag: true,
      ts: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)),
    },
    { i: 2, big: null, dbl: -0.25, str: 'héllo wörld ✓', day: new Date(0), dec: -0.01, flag: false, ts: null },
    { i: 3, big: -1, dbl: null, str: null, day: null, dec: null, flag: null, ts: new Date(Date.UTC(1999, 11, 31, 23, 59, 59, 500)) },
  ]);
}

describe('socketConnector', () => {
  test('arrow: the reply decodes with Mosaic decodeIPC (flechette), types and values intact', async () => {
    const connector = newSocketConnector();
    const bytes = await connector.query({ type: 'arrow', sql: TYPES_SQL });
    assert.ok(bytes instanceof ArrayBuffer, 'the connector resolves with the raw IPC bytes');
    checkTypesTable(decodeIPC(bytes));

    // Exact 64-bit integers with flechette's own options.
    const exact = tableFromIPC(bytes, { useBigInt: true });
    assert.deepEqual(exact.getChild('big').toArray(), [10000000000n, null, -1n]);
  });

  test('arrow: a 200k-row multi-batch result', async () => {
    const connector = newSocketConnector();
    const rows = 200_000;
    const bytes = await connector.query({
      type: 'arrow',
      sql: `SELECT i::INTEGER AS i, i::DOUBLE * 2 AS twice, 'r' || i AS label FROM range(${rows}) t(i) ORDER BY i`,
    });
    const table = decodeIPC(bytes);
    assert.equal(table.numRows, rows);
    const i = table.getChild('i').toArray();
    const twice = table.getChild('twice').toArray();
    const label = table.getChild('label');
    for (let k = 0; k < rows; k++) {
      if (i[k] !== k || twice[k] !== 2 * k) assert.fail(`row ${k}: i = ${i[k]}, twice = ${twice[k]}`);
    }
    assert.equal(label.at(0), 'r0');
    assert.equal(label.at(rows - 1), `r${rows - 1}`);
  });

  test('exec resolves with nothing and its effect is visible to later queries', async () => {
    const connector = newSocketConnector();
    assert.equal(await connector.query({ type: 'exec', sql: 'CREATE TABLE mosaic_exec AS SELECT range::INTEGER AS x FROM range(10)' }), undefined);
    assert.equal(await connector.query({ type: 'exec', sql: 'INSERT INTO mosaic_exec VALUES (100)' }), undefined);
    const table = decodeIPC(await connector.query({ type: 'arrow', sql: 'SELECT count(*)::INTEGER AS n, sum(x)::INTEGER AS s FROM mosaic_exec' }));
    assert.deepEqual(table.toArray(), [{ n: 11, s: 145 }]);
  });

  test('many queries in flight resolve in request order with their own results', async () => {
    const connector = newSocketConnector();
    // Slow queries first, fast ones after: run concurrently they finish in reverse, yet each promise must
    // get its own reply. exec and json requests in between must not shift the positions.
    const count = 16;
    const requests = [];
    for (let k = 0; k < count; k++) {
      const n = (count - k) * 2_000_000;
      if (k % 5 === 4) {
        requests.push({ kind: 'exec', promise: connector.query({ type: 'exec', sql: `SELECT ${k}` }) });
      } else if (k % 5 === 2) {
        // The 0.32 socketConnector resolves a text reply that is not an error with no value.
        requests.push({ kind: 'json', promise: connector.query({ type: 'json', sql: `SELECT ${k} AS k` }) });
      } else {
        requests.push({
          kind: 'arrow',
          k,
          n,
          promise: connector.query({ type: 'arrow', sql: `SELECT ${k}::INTEGER AS k, sum(x)::BIGINT AS s FROM generate_series(1, ${n}) t(x)` }),
        });
      }
    }
    const settled = await Promise.all(requests.map((r) => r.promise));
    requests.forEach((request, index) => {
      const value = settled[index];
      if (request.kind !== 'arrow') {
        assert.equal(value, undefined, `request ${index} (${request.kind}) got a binary reply meant for another`);
        return;
      }
      assert.ok(value instanceof ArrayBuffer, `request ${index} got a text reply instead of its Arrow result`);
      assert.deepEqual(decodeIPC(value).toArray(), [{ k: request.k, s: (request.n * (request.n + 1)) / 2 }], `request ${index}`);
    });
  });

  test('a failing query rejects with DuckDB\'s message; neighbours keep their results', async () => {
    const connector = newSocketConnector();
    const before = connector.query({ type: 'arrow', sql: 'SELECT 1::INTEGER AS a' });
    const failing = connector.query({ type: 'arrow', sql: 'SELECT * FROM missing_mosaic_table' });
    const after = connector.query({ type: 'arrow', sql: 'SELECT 2::INTEGER AS b' });
    await assert.rejects(failing, (reason) => {
      assert.match(String(reason), /^Catalog Error: Table with name missing_mosaic_table does not exist/);
      return true;
    });
    assert.deepEqual(decodeIPC(await before).toArray(), [{ a: 1 }]);
    assert.deepEqual(decodeIPC(await after).toArray(), [{ b: 2 }]);
    await assert.rejects(connector.query({ type: 'exec', sql: 'CREATE TABLE' }), /Parser Error/);
  });
});

describe('Mosaic replies on the wire (requests without queryId)', () => {
  test('arrow is a bare IPC stream, json the records themselves, exec {}, error {"error"}', async () => {
    const c = await WsClient.connect(server.wsUrl);
    try {
      c.send({ type: 'arrow', sql: "SELECT 7::INTEGER AS seven, 'x' AS s" });
      c.send({ type: 'json', sql: "SELECT 1 AS a, 'b' AS b UNION ALL SELECT 2, NULL ORDER BY a" });
      c.send({ type: 'json', sql: 'SELECT 1 AS a WHERE false' });
      c.send({ type: 'exec', sql: 'SELECT 1' });
      c.send({ type: 'json', sql: 'SELECT * FROM missing_raw_table' });

      const arrow = await c.next();
      assert.equal(arrow.binary, true);
      // No header: the frame starts with the IPC continuation marker of the schema message.
      assert.equal(arrow.data.readUInt32LE(0), 0xffffffff);
      assert.deepEqual(tableFromIPC(arrow.data).toArray(), [{ seven: 7, s: 'x' }]);

      const json = await c.next();
      assert.equal(json.binary, false);
      assert.deepEqual(json.json, [
        { a: 1, b: 'b' },
        { a: 2, b: null },
      ]);
      assert.equal((await c.next()).text, '[]');
      assert.equal((await c.next()).text, '{}');
      const error = await c.next();
      assert.deepEqual(Object.keys(error.json), ['error']);
      assert.match(error.json.error, /^Catalog Error: Table with name missing_raw_table does not exist/);
    } finally {
      await c.close();
    }
  });

  test('Mosaic and SQLRooms requests share one socket', async () => {
    const c = await WsClient.connect(server.wsUrl);
    try {
      c.send({ type: 'json', sql: 'SELECT 1 AS mosaic' });
      c.send({ type: 'json', queryId: 'rooms', sql: 'SELECT 2 AS sqlrooms' });
      const sqlrooms = await c.reply('rooms');
      assert.deepEqual(sqlrooms.json, { type: 'json', queryId: 'rooms', data: '[{"sqlrooms":2}]' });
      const mosaic = await c.take((f) => Array.isArray(f.json), 'the Mosaic reply');
      assert.deepEqual(mosaic.json, [{ mosaic: 1 }]);
    } finally {
      await c.close();
    }
  });
});

describe('restConnector', () => {
  test('arrow, json and exec over POST /', async () => {
    const connector = restConnector({ uri: server.httpUrl });
    checkTypesTable(decodeIPC(await connector.query({ type: 'arrow', sql: TYPES_SQL })));

    // The 0.32 restConnector hands back the body bytes of anything but exec.
    const body = await connector.query({ type: 'json', sql: "SELECT 1 AS a, DATE '2024-02-29' AS d, NULL AS n" });
    assert.deepEqual(JSON.parse(new TextDecoder().decode(body)), [{ a: 1, d: '2024-02-29', n: null }]);

    assert.equal(await connector.query({ type: 'exec', sql: 'CREATE TABLE rest_exec AS SELECT 41 AS x' }), undefined);
    assert.equal(await connector.query({ type: 'exec', sql: 'UPDATE rest_exec SET x = x + 1' }), undefined);
    assert.deepEqual(decodeIPC(await connector.query({ type: 'arrow', sql: 'SELECT x FROM rest_exec' })).toArray(), [{ x: 42 }]);
  });

  test('concurrent requests each get their own result', async () => {
    const connector = restConnector({ uri: server.httpUrl });
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, k) =>
        connector.query({ type: 'arrow', sql: `SELECT ${k}::INTEGER AS k, count(*)::INTEGER AS n FROM range(${(8 - k) * 100_000})` }),
      ),
    );
    results.forEach((bytes, k) => assert.deepEqual(decodeIPC(bytes).toArray(), [{ k, n: (8 - k) * 100_000 }]));
  });

  test('a failing query rejects with HTTP 400 and DuckDB\'s message', async () => {
    const connector = restConnector({ uri: server.httpUrl });
    await assert.rejects(connector.query({ type: 'arrow', sql: 'SELECT * FROM missing_rest_table' }), (err) => {
      const match = /^Query failed with HTTP status 400: (.*)$/s.exec(err.message);
      assert.ok(match, err.message);
      const body = JSON.parse(match[1]);
      assert.equal(body.success, false);
      assert.match(body.error.message, /^Catalog Error: Table with name missing_rest_table does not exist/);
      return true;
    });
  });
});

describe('Coordinator', () => {
  for (const [name, makeConnector] of [
    ['socketConnector', () => newSocketConnector()],
    ['restConnector', () => restConnector({ uri: server.httpUrl })],
  ]) {
    test(`coordinator.query over ${name} returns the rows`, async () => {
      const coordinator = new Coordinator(makeConnector(), { logger: null });
      const table = name === 'socketConnector' ? 'coord_socket' : 'coord_rest';
      await coordinator.exec(`CREATE TABLE ${table} AS SELECT range::INTEGER AS id, 'n' || range AS label, DATE '2024-01-01' + range::INTEGER AS day FROM range(5)`);

      const result = await coordinator.query(`SELECT id, label, day FROM ${table} WHERE id % 2 = 0 ORDER BY id`);
      assert.equal(result.numRows, 3);
      assert.deepEqual(result.toArray(), [
        { id: 0, label: 'n0', day: new Date(Date.UTC(2024, 0, 1)) },
        { id: 2, label: 'n2', day: new Date(Date.UTC(2024, 0, 3)) },
        { id: 4, label: 'n4', day: new Date(Date.UTC(2024, 0, 5)) },
      ]);

      // Several queries through the coordinator at once.
      const [a, b, c] = await Promise.all([
        coordinator.query(`SELECT count(*)::INTEGER AS n FROM ${table}`),
        coordinator.query(`SELECT max(label) AS m FROM ${table}`),
        coordinator.query(TYPES_SQL, { cache: false }),
      ]);
      assert.deepEqual(a.toArray(), [{ n: 5 }]);
      assert.deepEqual(b.toArray(), [{ m: 'n4' }]);
      checkTypesTable(c);

      await assert.rejects(coordinator.query('SELECT * FROM missing_coordinator_table'), /Table with name missing_coordinator_table does not exist/);
      // Still serving after the error.
      assert.deepEqual((await coordinator.query('SELECT 9::INTEGER AS nine')).toArray(), [{ nine: 9 }]);
    });
  }
});
