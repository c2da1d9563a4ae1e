// The SQLRooms protocol on WebSocket `/`, spoken by hand over the `ws` package the way the SQLRooms
// client (@sqlrooms/duckdb createWebSocketDuckDbConnector) speaks it: requests carry a queryId, replies are
// correlated by it, Arrow results come as framed binary ([u32 BE length][header JSON][Arrow IPC stream]).
// See ../../../../shared/specs/sqlrooms-mosaic.md.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  tableFromIPC,
  tableFromArrays,
  tableToIPC,
  vectorFromArray,
  Table,
  Type,
  Int32,
  Int64,
  Float64,
  Utf8,
  Bool,
  DateDay,
  util,
} from 'apache-arrow';
import { startServer } from './lib/server.mjs';
import { WsClient, uploadFrame } from './lib/ws_client.mjs';

const DAY_MS = 86_400_000;
const LONG_QUERY = 'select sum(x) from generate_series(1, 300000000) t(x)';
// Runs for minutes; only ever ended by a cancel.
const ENDLESS_QUERY = 'select sum(x) from generate_series(1, 100000000000) t(x)';

let server;
const open = [];
async function connect(url = server.wsUrl, options = {}) {
  const client = await WsClient.connect(url, options);
  open.push(client);
  return client;
}

before(async () => {
  server = await startServer();
});
after(async () => {
  await Promise.all(open.map((c) => c.close().catch(() => {})));
  const { code, signal } = await server.stop();
  assert.equal(signal, null, 'the server exits by itself on SIGTERM');
  assert.equal(code, 0, 'graceful shutdown exits 0');
});

// Asserts a framed binary Arrow reply for queryId and returns the decoded apache-arrow Table.
function arrowReply(frame, queryId) {
  assert.equal(frame.binary, true, `reply to ${queryId} is a binary frame: ${frame.text}`);
  assert.deepEqual(frame.header, { type: 'arrow', queryId }, 'binary frame header');
  return tableFromIPC(frame.ipc);
}

// Asserts a json reply for queryId and returns the parsed records.
function jsonReply(frame, queryId) {
  assert.equal(frame.binary, false, `reply to ${queryId} is a text frame`);
  assert.equal(frame.json?.type, 'json', `json reply: ${frame.text}`);
  assert.equal(frame.json.queryId, queryId);
  assert.equal(typeof frame.json.data, 'string', 'data is the records JSON as a string');
  assert.deepEqual(Object.keys(frame.json).sort(), ['data', 'queryId', 'type']);
  return JSON.parse(frame.json.data);
}

const column = (table, name) => table.getChild(name).toArray();
const values = (table, name) => Array.from({ length: table.numRows }, (_, i) => table.getChild(name).get(i));

describe('arrow replies (framed binary)', () => {
  test('several types with nulls decode with apache-arrow tableFromIPC', async () => {
    const c = await connect();
    const sql = `
      SELECT * FROM (VALUES
        (1, 10000000000::BIGINT, 1.5::DOUBLE, 'alpha', DATE '2024-02-29', 123.45::DECIMAL(10,2), 1.5::DECIMAL(38,10), true, TIMESTAMP '2024-01-02 03:04:05'),
        (2, NULL, -0.25, 'héllo wörld ✓', DATE '1970-01-01', -0.01, -12345678901234567890.0123456789, false, NULL),
        (3, -1, NULL, NULL, NULL, NULL, NULL, NULL, TIMESTAMP '1999-12-31 23:59:59.5')
      ) v(i, big, dbl, str, day, dec, wide, flag, ts)
      ORDER BY i`;
    const table = arrowReply(await c.request({ type: 'arrow', queryId: 'types', sql }), 'types');

    assert.equal(table.numRows, 3);
    const types = Object.fromEntries(table.schema.fields.map((f) => [f.name, f.type]));
    assert.equal(types.i.typeId, Type.Int);
    assert.equal(types.i.bitWidth, 32);
    assert.equal(types.big.typeId, Type.Int);
    assert.equal(types.big.bitWidth, 64);
    assert.equal(types.dbl.typeId, Type.Float);
    assert.equal(types.str.typeId, Type.Utf8);
    assert.equal(types.day.typeId, Type.Date);
    assert.equal(types.dec.typeId, Type.Decimal);
    assert.equal(types.dec.precision, 10);
    assert.equal(types.dec.scale, 2);
    assert.equal(types.wide.typeId, Type.Decimal);
    assert.equal(types.wide.precision, 38);
    assert.equal(types.wide.scale, 10);
    assert.equal(types.flag.typeId, Type.Bool);
    assert.equal(types.ts.typeId, Type.Timestamp);

    assert.deepEqual(values(table, 'i'), [1, 2, 3]);
    assert.deepEqual(values(table, 'big'), [10000000000n, null, -1n]);
    assert.deepEqual(values(table, 'dbl'), [1.5, -0.25, null]);
    assert.deepEqual(values(table, 'str'), ['alpha', 'héllo wörld ✓', null]);
    assert.deepEqual(values(table, 'day'), [Date.UTC(2024, 1, 29), 0, null]);
    // Decimals: unscaled integer and the column's scale.
    const unscaled = (name) => values(table, name).map((v) => (v == null ? null : BigInt(util.bigNumToString(v))));
    assert.deepEqual(unscaled('dec'), [12345n, -1n, null]);
    assert.deepEqual(unscaled('wide'), [15000000000n, -123456789012345678900123456789n, null]);
    assert.deepEqual(values(table, 'flag'), [true, false, null]);
    assert.deepEqual(values(table, 'ts'), [Date.UTC(2024, 0, 2, 3, 4, 5), null, Date.UTC(1999, 11, 31, 23, 59, 59, 500)]);
  });

  test('a 150k-row result arrives as one frame holding many record batches', async () => {
    const c = await connect();
    const rows = 150_000;
    const sql = `
      SELECT i::BIGINT AS i, i::DOUBLE / 2 AS half, 'row-' || i AS label,
             DATE '2000-01-01' + (i % 1000)::INTEGER AS day,
             CASE WHEN i % 7 = 0 THEN NULL ELSE (i % 100)::INTEGER END AS maybe
      FROM range(${rows}) t(i) ORDER BY i`;
    const table = arrowReply(await c.request({ type: 'arrow', queryId: 'big', sql }), 'big');
    assert.equal(table.numRows, rows);
    assert.ok(table.batches.length > 1, `expected several record batches, got ${table.batches.length}`);

    const i = column(table, 'i');
    const half = column(table, 'half');
    const label = table.getChild('label');
    const day = table.getChild('day');
    const maybe = table.getChild('maybe');
    const base = Date.UTC(2000, 0, 1);
    for (let k = 0; k < rows; k++) {
      if (i[k] !== BigInt(k)) assert.fail(`row ${k}: i = ${i[k]}`);
      if (half[k] !== k / 2) assert.fail(`row ${k}: half = ${half[k]}`);
      if (label.get(k) !== `row-${k}`) assert.fail(`row ${k}: label = ${label.get(k)}`);
      if (day.get(k) !== base + (k % 1000) * DAY_MS) assert.fail(`row ${k}: day = ${day.get(k)}`);
      const expected = k % 7 === 0 ? null : k % 100;
      if (maybe.get(k) !== expected) assert.fail(`row ${k}: maybe = ${maybe.get(k)}`);
    }
  });

  test('an empty result is a schema with zero rows', async () => {
    const c = await connect();
    const table = arrowReply(
      await c.request({ type: 'arrow', queryId: 'empty', sql: 'SELECT 1::INTEGER AS a, \'x\' AS b WHERE false' }),
      'empty',
    );
    assert.equal(table.numRows, 0);
    assert.deepEqual(table.schema.fields.map((f) => f.name), ['a', 'b']);
  });

  test('an arrow request for a statement without a result set answers ok', async () => {
    const c = await connect();
    const frame = await c.request({ type: 'arrow', queryId: 'ddl', sql: 'CREATE TABLE arrow_ddl (a INTEGER)' });
    assert.deepEqual(frame.json, { type: 'ok', queryId: 'ddl' });
  });
});

describe('json, ok and error reply shapes', () => {
  test('json: records as a JSON string, [] when empty', async () => {
    const c = await connect();
    let frame = await c.request({ type: 'json', queryId: 'j1', sql: 'SELECT 1 AS a' });
    assert.deepEqual(frame.json, { type: 'json', queryId: 'j1', data: '[{"a":1}]' });

    frame = await c.request({
      type: 'json',
      queryId: 'j2',
      sql: "SELECT * FROM (VALUES (1, 'x', DATE '2024-02-29', 2.50::DECIMAL(5,2), NULL::INTEGER), (2, 'y\"z', NULL, NULL, 7)) v(i, s, d, m, n) ORDER BY i",
    });
    assert.deepEqual(jsonReply(frame, 'j2'), [
      { i: 1, s: 'x', d: '2024-02-29', m: 2.5, n: null },
      { i: 2, s: 'y"z', d: null, m: null, n: 7 },
    ]);

    frame = await c.request({ type: 'json', queryId: 'j3', sql: 'SELECT 1 AS a WHERE false' });
    assert.deepEqual(frame.json, { type: 'json', queryId: 'j3', data: '[]' });
  });

  test('exec answers ok and its effect is visible', async () => {
    const c = await connect();
    let frame = await c.request({ type: 'exec', queryId: 'e1', sql: 'CREATE TABLE exec_t AS SELECT range AS x FROM range(5)' });
    assert.deepEqual(frame.json, { type: 'ok', queryId: 'e1' });
    frame = await c.request({ type: 'exec', queryId: 'e2', sql: 'SELECT * FROM exec_t' });
    assert.deepEqual(frame.json, { type: 'ok', queryId: 'e2' }, 'exec discards a result set');
    frame = await c.request({ type: 'json', queryId: 'e3', sql: 'SELECT sum(x)::INTEGER AS s FROM exec_t' });
    assert.deepEqual(jsonReply(frame, 'e3'), [{ s: 10 }]);
  });

  test('a failing query answers error with DuckDB\'s message and the queryId', async () => {
    const c = await connect();
    for (const type of ['arrow', 'json', 'exec']) {
      const queryId = `err-${type}`;
      const frame = await c.request({ type, queryId, sql: 'SELECT * FROM no_such_table' });
      assert.equal(frame.binary, false);
      assert.deepEqual(Object.keys(frame.json).sort(), ['error', 'queryId', 'type']);
      assert.equal(frame.json.type, 'error');
      assert.equal(frame.json.queryId, queryId);
      assert.match(frame.json.error, /^Catalog Error: Table with name no_such_table does not exist/);
    }
    const frame = await c.request({ type: 'json', queryId: 'parse', sql: 'SELEC 1' });
    assert.equal(frame.json.type, 'error');
    assert.match(frame.json.error, /Parser Error: syntax error at or near "SELEC"/);
    // The connection stays usable.
    assert.deepEqual(jsonReply(await c.request({ type: 'json', queryId: 'after', sql: 'SELECT 2 AS b' }), 'after'), [{ b: 2 }]);
  });

  test('protocol errors carry no queryId and keep the connection open', async () => {
    const c = await connect();
    c.send('{"type": "json", "sql": ');
    assert.deepEqual(await c.json(() => true, 'invalid json reply'), { type: 'error', error: 'invalid json' });
    c.send({ type: 'frobnicate', queryId: 'u1', sql: 'SELECT 1' });
    const unknown = await c.json(() => true, 'unknown type reply');
    assert.equal(unknown.type, 'error');
    assert.equal(unknown.queryId, undefined);
    assert.match(unknown.error, /^invalid message: /);
    c.send({ type: 'json', queryId: 'u2' });
    const missing = await c.json(() => true, 'missing sql reply');
    assert.equal(missing.queryId, undefined);
    assert.match(missing.error, /^invalid message: /);
    assert.deepEqual(jsonReply(await c.request({ type: 'json', queryId: 'ok', sql: 'SELECT 3 AS c' }), 'ok'), [{ c: 3 }]);
  });

  test('a request sent as a binary frame of UTF-8 JSON is answered like a text one', async () => {
    const c = await connect();
    c.send(Buffer.from(JSON.stringify({ type: 'json', queryId: 'bin', sql: "SELECT 'ü' AS u" }), 'utf8'));
    assert.deepEqual(jsonReply(await c.reply('bin'), 'bin'), [{ u: 'ü' }]);
  });
});

describe('concurrency and cancel', () => {
  test('replies arrive out of order and are correlated by queryId', async () => {
    const c = await connect();
    c.send({ type: 'json', queryId: 'slow', sql: ENDLESS_QUERY });
    const fast = [];
    for (let k = 0; k < 6; k++) {
      const queryId = `fast-${k}`;
      fast.push(queryId);
      c.send({ type: k % 2 ? 'arrow' : 'json', queryId, sql: `SELECT ${k} AS k, 'v${k}' AS v` });
    }
    // The six fast replies come first, while the slow query is still running.
    const seen = [];
    for (let n = 0; n < fast.length; n++) {
      const frame = await c.next();
      const queryId = frame.binary ? frame.header?.queryId : frame.json?.queryId;
      assert.ok(fast.includes(queryId), `unexpected reply before the fast ones: ${frame.text ?? JSON.stringify(frame.header)}`);
      const k = Number(queryId.slice('fast-'.length));
      if (k % 2) {
        const table = arrowReply(frame, queryId);
        assert.deepEqual([table.getChild('k').get(0), table.getChild('v').get(0)], [k, `v${k}`]);
      } else {
        assert.deepEqual(jsonReply(frame, queryId), [{ k, v: `v${k}` }]);
      }
      seen.push(queryId);
    }
    assert.deepEqual(seen.sort(), fast.sort());

    c.send({ type: 'cancel', queryId: 'slow' });
    assert.deepEqual(await c.json((m) => m.type === 'cancelAck'), { type: 'cancelAck', queryId: 'slow', cancelled: true });
    assert.deepEqual((await c.reply('slow')).json, { type: 'error', queryId: 'slow', error: 'Query was cancelled' });
  });

  test('cancel of a running query: cancelAck cancelled:true, then the query errors "Query was cancelled"', async () => {
    const c = await connect();
    c.send({ type: 'arrow', queryId: 'long', sql: LONG_QUERY });
    c.send({ type: 'cancel', queryId: 'long' });
    const first = await c.next();
    assert.deepEqual(first.json, { type: 'cancelAck', queryId: 'long', cancelled: true }, 'cancelAck comes first');
    const second = await c.next();
    assert.deepEqual(second.json, { type: 'error', queryId: 'long', error: 'Query was cancelled' });
    // The connection (and the server) keep serving.
    assert.deepEqual(jsonReply(await c.request({ type: 'json', queryId: 'next', sql: 'SELECT 42 AS answer' }), 'next'), [{ answer: 42 }]);
  });

  test('cancel of an unknown or finished query answers cancelled:false', async () => {
    const c = await connect();
    c.send({ type: 'cancel', queryId: 'never-sent' });
    assert.deepEqual(await c.json(), { type: 'cancelAck', queryId: 'never-sent', cancelled: false });
    await c.request({ type: 'json', queryId: 'done', sql: 'SELECT 1 AS a' });
    c.send({ type: 'cancel', queryId: 'done' });
    assert.deepEqual(await c.json(), { type: 'cancelAck', queryId: 'done', cancelled: false });
  });

  test('a cancel only reaches queries of its own connection', async () => {
    const owner = await connect();
    const other = await connect();
    owner.send({ type: 'json', queryId: 'mine', sql: ENDLESS_QUERY });
    // The owner's next request is answered, so the server has taken 'mine' in.
    await owner.request({ type: 'json', queryId: 'probe', sql: 'SELECT 1 AS a' });
    other.send({ type: 'cancel', queryId: 'mine' });
    assert.deepEqual(await other.json(), { type: 'cancelAck', queryId: 'mine', cancelled: false });
    owner.send({ type: 'cancel', queryId: 'mine' });
    assert.deepEqual(await owner.json((m) => m.type === 'cancelAck'), { type: 'cancelAck', queryId: 'mine', cancelled: true });
    assert.deepEqual((await owner.reply('mine')).json, { type: 'error', queryId: 'mine', error: 'Query was cancelled' });
  });
});

describe('subscribe / notify', () => {
  test('a notify reaches the other subscriber; the sender gets the echo and notifyAck', async () => {
    const a = await connect();
    const b = await connect();
    a.send({ type: 'subscribe', channel: 'room-1' });
    b.send({ type: 'subscribe', channel: 'room-1' });
    assert.deepEqual(await a.json(), { type: 'subscribed', channel: 'room-1' });
    assert.deepEqual(await b.json(), { type: 'subscribed', channel: 'room-1' });

    const payload = { table: 'sales', rows: [1, 2, 3], note: 'héllo', nested: { ok: true } };
    a.send({ type: 'notify', channel: 'room-1', payload });
    const received = await b.next();
    assert.equal(received.binary, false, 'notifications are text frames');
    assert.deepEqual(received.json, { type: 'notify', channel: 'room-1', payload });
    assert.deepEqual(await a.json(), { type: 'notify', channel: 'room-1', payload }, 'the sender gets the echo first');
    assert.deepEqual(await a.json(), { type: 'notifyAck', channel: 'room-1' });

    // And the other way round, with a scalar payload.
    b.send({ type: 'notify', channel: 'room-1', payload: 7 });
    assert.deepEqual(await a.json(), { type: 'notify', channel: 'room-1', payload: 7 });
    assert.deepEqual(await b.json(), { type: 'notify', channel: 'room-1', payload: 7 });
    assert.deepEqual(await b.json(), { type: 'notifyAck', channel: 'room-1' });
  });

  test('a sender that is not subscribed still gets its echo; other channels and unsubscribed clients get nothing', async () => {
    const a = await connect();
    const b = await connect();
    const c = await connect();
    b.send({ type: 'subscribe', channel: 'room-2' });
    assert.deepEqual(await b.json(), { type: 'subscribed', channel: 'room-2' });
    c.send({ type: 'subscribe', channel: 'elsewhere' });
    assert.deepEqual(await c.json(), { type: 'subscribed', channel: 'elsewhere' });

    a.send({ type: 'notify', channel: 'room-2', payload: 'first' });
    assert.deepEqual(await a.json(), { type: 'notify', channel: 'room-2', payload: 'first' });
    assert.deepEqual(await a.json(), { type: 'notifyAck', channel: 'room-2' });
    assert.deepEqual(await b.json(), { type: 'notify', channel: 'room-2', payload: 'first' });

    b.send({ type: 'unsubscribe', channel: 'room-2' });
    assert.deepEqual(await b.json(), { type: 'unsubscribed', channel: 'room-2' });
    a.send({ type: 'notify', channel: 'room-2', payload: 'second' });
    assert.deepEqual(await a.json(), { type: 'notify', channel: 'room-2', payload: 'second' });
    assert.deepEqual(await a.json(), { type: 'notifyAck', channel: 'room-2' });

    // A notification is fanned out before the sender's notifyAck, so anything b or c would have received
    // arrives before the reply to a request they send now.
    for (const [client, id] of [[b, 'b-probe'], [c, 'c-probe']]) {
      const frame = await client.request({ type: 'json', queryId: id, sql: 'SELECT 1 AS a' });
      assert.deepEqual(jsonReply(frame, id), [{ a: 1 }]);
      assert.equal(client.inbox.length, 0, `no notification for ${id}'s client: ${client.describeInbox()}`);
    }
  });

  test('subscriptions end when the connection closes', async () => {
    const a = await connect();
    const b = await connect();
    b.send({ type: 'subscribe', channel: 'room-3' });
    assert.deepEqual(await b.json(), { type: 'subscribed', channel: 'room-3' });
    await b.close();
    a.send({ type: 'notify', channel: 'room-3', payload: null });
    assert.deepEqual(await a.json(), { type: 'notify', channel: 'room-3', payload: null });
    assert.deepEqual(await a.json(), { type: 'notifyAck', channel: 'room-3' });
  });
});

describe('auth with --auth-token', () => {
  const TOKEN = 's3cret-token';
  let authServer;
  const authOpen = [];
  const connectAuth = async (suffix = '', options = {}) => {
    const client = await WsClient.connect(authServer.wsUrl + suffix, options);
    authOpen.push(client);
    return client;
  };
  before(async () => {
    authServer = await startServer(['--auth-token', TOKEN]);
  });
  after(async () => {
    await Promise.all(authOpen.map((c) => c.close().catch(() => {})));
    await authServer.stop();
  });

  test('requests before auth are unauthorized; auth answers authAck and then queries run', async () => {
    const c = await connectAuth();
    c.send({ type: 'json', queryId: 'early', sql: 'SELECT 1 AS a' });
    assert.deepEqual(await c.json(), { type: 'error', error: 'unauthorized' });
    c.send({ type: 'subscribe', channel: 'x' });
    assert.deepEqual(await c.json(), { type: 'error', error: 'unauthorized' });

    c.send({ type: 'auth', token: TOKEN });
    assert.deepEqual(await c.json(), { type: 'authAck' });
    assert.deepEqual(jsonReply(await c.request({ type: 'json', queryId: 'q', sql: 'SELECT 1 AS a' }), 'q'), [{ a: 1 }]);
    const table = arrowReply(await c.request({ type: 'arrow', queryId: 'qa', sql: 'SELECT 5::INTEGER AS five' }), 'qa');
    assert.equal(table.getChild('five').get(0), 5);
  });

  test('auth is per connection', async () => {
    const a = await connectAuth();
    a.send({ type: 'auth', token: TOKEN });
    assert.deepEqual(await a.json(), { type: 'authAck' });
    const b = await connectAuth();
    b.send({ type: 'json', queryId: 'b', sql: 'SELECT 1 AS a' });
    assert.deepEqual(await b.json(), { type: 'error', error: 'unauthorized' });
  });

  test('a wrong token is unauthorized; a later right one still works', async () => {
    const c = await connectAuth();
    c.send({ type: 'auth', token: 'wrong' });
    assert.deepEqual(await c.json(), { type: 'error', error: 'unauthorized' });
    c.send({ type: 'auth', token: TOKEN });
    assert.deepEqual(await c.json(), { type: 'authAck' });
    assert.deepEqual(jsonReply(await c.request({ type: 'json', queryId: 'q', sql: 'SELECT 2 AS b' }), 'q'), [{ b: 2 }]);
  });

  test('three wrong tokens close the connection with code 1008', async () => {
    const c = await connectAuth();
    for (let n = 1; n <= 2; n++) {
      c.send({ type: 'auth', token: `wrong-${n}` });
      assert.deepEqual(await c.json(), { type: 'error', error: 'unauthorized' });
    }
    c.send({ type: 'auth', token: 'wrong-3' });
    const { code } = await c.waitClosed();
    assert.equal(code, 1008);
    for (const frame of c.inbox) assert.deepEqual(frame.json, { type: 'error', error: 'unauthorized' });
  });

  test('?token= at the upgrade authenticates the connection', async () => {
    const c = await connectAuth(`?token=${encodeURIComponent(TOKEN)}`);
    assert.deepEqual(jsonReply(await c.request({ type: 'json', queryId: 'q', sql: 'SELECT 3 AS c' }), 'q'), [{ c: 3 }]);
  });

  test('an Authorization: Bearer header at the upgrade authenticates the connection', async () => {
    const c = await connectAuth('', { headers: { Authorization: `Bearer ${TOKEN}` } });
    assert.deepEqual(jsonReply(await c.request({ type: 'json', queryId: 'q', sql: 'SELECT 4 AS d' }), 'q'), [{ d: 4 }]);
  });

  test('without a server token, auth is answered authAck', async () => {
    const c = await connect();
    c.send({ type: 'auth', token: 'anything' });
    assert.deepEqual(await c.json(), { type: 'authAck' });
  });
});

describe('permessage-deflate', () => {
  test('negotiated when the client offers it, and large replies still decode', async () => {
    const c = await connect(server.wsUrl, { perMessageDeflate: true });
    assert.match(c.ws.extensions, /^permessage-deflate\b/, `negotiated extensions: "${c.ws.extensions}"`);

    const rows = 200_000;
    const sql = `SELECT i::INTEGER AS i, 'label ' || (i % 50) AS s FROM range(${rows}) t(i) ORDER BY i`;
    const table = arrowReply(await c.request({ type: 'arrow', queryId: 'deflated', sql }), 'deflated');
    assert.equal(table.numRows, rows);
    const i = column(table, 'i');
    const s = table.getChild('s');
    for (let k = 0; k < rows; k += 997) {
      assert.equal(i[k], k);
      assert.equal(s.get(k), `label ${k % 50}`);
    }
    assert.equal(i[rows - 1], rows - 1);

    const big = jsonReply(await c.request({ type: 'json', queryId: 'deflated-json', sql: 'SELECT i::INTEGER AS i FROM range(50000) t(i) ORDER BY i' }), 'deflated-json');
    assert.equal(big.length, 50_000);
    assert.deepEqual(big[49_999], { i: 49_999 });
  });

  test('not used when the client does not offer it', async () => {
    const c = await connect(server.wsUrl, { perMessageDeflate: false });
    assert.equal(c.ws.extensions, '');
    assert.deepEqual(jsonReply(await c.request({ type: 'json', queryId: 'plain', sql: 'SELECT 1 AS a' }), 'plain'), [{ a: 1 }]);
  });
});

describe('uploadArrow', () => {
  const describeTable = async (c, name) =>
    jsonReply(
      await c.request({
        type: 'json',
        queryId: `describe-${name}`,
        sql: `SELECT column_name, column_type FROM (DESCRIBE ${name})`,
      }),
      `describe-${name}`,
    ).map((r) => [r.column_name, r.column_type]);

  test('a table built with apache-arrow is created, acknowledged and reads back the same', async () => {
    const c = await connect();
    const dates = [Date.UTC(2024, 1, 29), null, Date.UTC(1970, 0, 1), Date.UTC(1969, 11, 31), Date.UTC(2038, 0, 19)];
    const source = new Table({
      id: vectorFromArray([1, 2, 3, 4, 5], new Int32()),
      big: vectorFromArray([1n, -2n, null, 9007199254740993n, 0n], new Int64()),
      score: vectorFromArray([1.5, null, -2.25, 1e300, 0], new Float64()),
      name: vectorFromArray(['alpha', null, 'héllo wörld ✓', '', 'x'.repeat(300)], new Utf8()),
      flag: vectorFromArray([true, false, null, true, false], new Bool()),
      day: vectorFromArray(dates.map((d) => (d == null ? null : new Date(d))), new DateDay()),
      nothing: vectorFromArray([null, null, null, null, null], new Int32()),
    });
    const ipc = tableToIPC(source, 'stream');
    c.send(uploadFrame({ type: 'uploadArrow', queryId: 'up1', tableName: 'uploaded' }, ipc));
    assert.deepEqual((await c.reply('up1')).json, { type: 'uploadAck', queryId: 'up1', tableName: 'uploaded', rows: 5 });

    assert.deepEqual(await describeTable(c, 'uploaded'), [
      ['id', 'INTEGER'],
      ['big', 'BIGINT'],
      ['score', 'DOUBLE'],
      ['name', 'VARCHAR'],
      ['flag', 'BOOLEAN'],
      ['day', 'DATE'],
      ['nothing', 'INTEGER'],
    ]);

    const back = arrowReply(await c.request({ type: 'arrow', queryId: 'back', sql: 'SELECT * FROM uploaded ORDER BY id' }), 'back');
    assert.equal(back.numRows, 5);
    for (const name of ['id', 'big', 'score', 'name', 'flag', 'day', 'nothing']) {
      assert.deepEqual(values(back, name), values(source, name), `column ${name}`);
    }
    // DuckDB sees the same values (not only a faithful Arrow round trip).
    const rows = jsonReply(
      await c.request({
        type: 'json',
        queryId: 'sql-view',
        sql: "SELECT id, big::VARCHAR AS big, name, flag, strftime(day, '%Y-%m-%d') AS day FROM uploaded WHERE id IN (1, 4) ORDER BY id",
      }),
      'sql-view',
    );
    assert.deepEqual(rows, [
      { id: 1, big: '1', name: 'alpha', flag: true, day: '2024-02-29' },
      { id: 4, big: '9007199254740993', name: '', flag: true, day: '1969-12-31' },
    ]);
  });

  test('a second upload with the same name replaces the table (tableFromArrays, several batches)', async () => {
    const c = await connect();
    const first = tableFromArrays({ a: Int32Array.from([1, 2, 3]), b: ['x', 'y', 'z'] });
    c.send(uploadFrame({ type: 'uploadArrow', queryId: 'r1', tableName: 'replaced' }, tableToIPC(first, 'stream')));
    assert.deepEqual((await c.reply('r1')).json, { type: 'uploadAck', queryId: 'r1', tableName: 'replaced', rows: 3 });

    const half = 50_000;
    const part = (offset) =>
      tableFromArrays({
        id: Int32Array.from({ length: half }, (_, k) => offset + k),
        value: Float64Array.from({ length: half }, (_, k) => (offset + k) / 4),
      });
    const second = part(0).concat(part(half));
    assert.equal(second.batches.length, 2);
    c.send(uploadFrame({ type: 'uploadArrow', queryId: 'r2', tableName: 'replaced' }, tableToIPC(second, 'stream')));
    assert.deepEqual((await c.reply('r2')).json, { type: 'uploadAck', queryId: 'r2', tableName: 'replaced', rows: 2 * half });

    assert.deepEqual(await describeTable(c, 'replaced'), [
      ['id', 'INTEGER'],
      ['value', 'DOUBLE'],
    ]);
    const stats = jsonReply(
      await c.request({
        type: 'json',
        queryId: 'stats',
        sql: 'SELECT count(*) AS n, sum(id)::BIGINT AS s, max(value) AS m, count(*) FILTER (WHERE value <> id / 4) AS bad FROM replaced',
      }),
      'stats',
    );
    const n = 2 * half;
    assert.deepEqual(stats, [{ n, s: (n * (n - 1)) / 2, m: (n - 1) / 4, bad: 0 }]);
  });

  test('a malformed IPC body gets an error reply and the connection stays usable', async () => {
    const c = await connect();
    c.send(uploadFrame({ type: 'uploadArrow', queryId: 'bad', tableName: 'never_created' }, randomBytes(512)));
    const reply = await c.reply('bad');
    assert.equal(reply.json?.type, 'error', `reply: ${reply.text}`);
    assert.equal(reply.json.queryId, 'bad');
    assert.equal(typeof reply.json.error, 'string');
    assert.ok(reply.json.error.length > 0);

    // A truncated stream (valid start, cut in the middle) is refused too.
    const ipc = tableToIPC(tableFromArrays({ a: Int32Array.from([1, 2, 3]) }), 'stream');
    c.send(uploadFrame({ type: 'uploadArrow', queryId: 'cut', tableName: 'never_created' }, ipc.subarray(0, Math.floor(ipc.length / 2))));
    const cut = await c.reply('cut');
    assert.equal(cut.json?.type, 'error', `reply: ${cut.text}`);

    assert.deepEqual(jsonReply(await c.request({ type: 'json', queryId: 'alive', sql: 'SELECT 1 AS a' }), 'alive'), [{ a: 1 }]);
    const missing = await c.request({ type: 'json', queryId: 'gone', sql: 'SELECT * FROM never_created' });
    assert.equal(missing.json.type, 'error');
    assert.match(missing.json.error, /never_created does not exist/);
  });
});
