// `/sql` spoken the way Endb's JavaScript clients speak it (see ../../../../shared/specs/jsonrpc-sql.md):
//  - the WebSocket client offers its Basic credentials as the subprotocol
//    encodeURIComponent('Basic ' + btoa(user + ':' + password)), sends JSON-RPC requests with typed values
//    written as {'@type': 'xsd:…', '@value': …}, and decodes binary replies as UTF-8 JSON;
//  - the HTTP client POSTs a FormData body (q, p as JSON, m as JSON) with an Accept header and Basic auth.
// The client code below is written for these tests.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { tableFromIPC, Type, TimeUnit, DateUnit } from 'apache-arrow';
import { startServer } from './lib/server.mjs';

const USER = 'alice';
const PASSWORD = 'pa:ss~?>wörd'; // a colon in the password, non-ASCII, and '+' '/' '=' in its base64

let server;
before(async () => {
  server = await startServer(['--user', `${USER}:${PASSWORD}`]);
});
after(async () => {
  const { code, signal } = await server.stop();
  assert.equal(signal, null);
  assert.equal(code, 0);
});

// ---- value conversions, as an Endb client does them ----

function base64FromBytes(bytes) {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function bytesFromBase64(text) {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

function basicCredentials(user, password) {
  // btoa only takes Latin-1: encode the UTF-8 bytes of user:password first.
  return base64FromBytes(new TextEncoder().encode(`${user}:${password}`));
}

// JSON.stringify replacer: Date has already gone through toJSON when the replacer sees `value`, so the
// original is read from the holder.
function typedReplacer(key, value) {
  const original = this[key];
  if (original instanceof Date) return { '@type': 'xsd:dateTime', '@value': original.toISOString() };
  if (typeof original === 'bigint') return { '@type': 'xsd:integer', '@value': original.toString() };
  if (original instanceof Uint8Array) return { '@type': 'xsd:base64Binary', '@value': base64FromBytes(original) };
  return value;
}

// JSON.parse reviver: typed JSON-LD values back to JavaScript values.
function typedReviver(key, value) {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (keys.length === 2 && keys.includes('@value') && keys.includes('@type')) {
      const text = value['@value'];
      switch (value['@type']) {
        case 'xsd:dateTime':
        case 'xsd:date':
          return new Date(text);
        case 'xsd:integer':
          return BigInt(text);
        case 'xsd:base64Binary':
          return bytesFromBase64(text);
        default:
          return value;
      }
    }
  }
  return value;
}

// ---- the WebSocket client ----

class RpcError extends Error {
  constructor(error) {
    super(error.message);
    this.code = error.code;
  }
}

class SqlWebSocket {
  static async open(url, { username, password, decoder = 'blob' } = {}) {
    const protocol = username ? encodeURIComponent('Basic ' + basicCredentials(username, password)) : undefined;
    const ws = new WebSocket(url, protocol);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    return new SqlWebSocket(ws, protocol, decoder);
  }

  constructor(ws, offeredProtocol, decoder) {
    this.ws = ws;
    this.offeredProtocol = offeredProtocol;
    this.nextId = 1;
    this.pending = new Map();
    this.frames = []; // { binary } of every reply
    this.closed = null;
    ws.on('message', (data, isBinary) => this.#receive(data, isBinary, decoder));
    ws.on('close', (code) => {
      this.closed = code;
      for (const { reject } of this.pending.values()) reject(new Error(`closed with ${code}`));
      this.pending.clear();
    });
  }

  async #receive(data, isBinary, decoder) {
    this.frames.push({ binary: isBinary });
    const text = decoder === 'blob' ? await new Blob([data]).text() : new TextDecoder().decode(data);
    const message = JSON.parse(text, typedReviver);
    const waiter = this.pending.get(message.id);
    if (!waiter) return;
    this.pending.delete(message.id);
    if (message.error) waiter.reject(new RpcError(message.error));
    else waiter.resolve(message.result);
  }

  // Resolves with the result's @graph (after checking @context), rejects with an RpcError.
  sql(q, p = [], m = false) {
    const id = this.nextId++;
    const promise = new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.ws.send(JSON.stringify({ jsonrpc: '2.0', id, method: 'sql', params: { q, p, m } }, typedReplacer));
    return promise.then((result) => {
      assert.deepEqual(result['@context'], { xsd: 'http://www.w3.org/2001/XMLSchema#', '@vocab': 'http://endb.io/' });
      return result['@graph'];
    });
  }

  close() {
    this.ws.close();
  }
}

function sqlWsUrl() {
  return `${server.wsUrl}sql`;
}

async function openClient(options = {}) {
  return SqlWebSocket.open(sqlWsUrl(), { username: USER, password: PASSWORD, ...options });
}

// ---- the HTTP client ----

async function httpSql(q, p = [], m = false, accept = 'application/ld+json', { username = USER, password = PASSWORD } = {}) {
  const body = new FormData();
  body.append('q', q);
  body.append('p', JSON.stringify(p, typedReplacer));
  body.append('m', JSON.stringify(m));
  const headers = { Accept: accept };
  if (username) headers.Authorization = 'Basic ' + basicCredentials(username, password);
  return fetch(`${server.httpUrl}sql`, { method: 'POST', headers, body });
}

// ---- WebSocket tests ----

test('the Basic subprotocol is accepted and echoed', async () => {
  const client = await openClient();
  try {
    assert.match(client.offeredProtocol, /^Basic%20/);
    assert.match(client.offeredProtocol, /%2B|%2F|%3D/, 'the credentials need percent-encoding');
    assert.equal(client.ws.protocol, client.offeredProtocol);
    assert.deepEqual(await client.sql('SELECT 1 AS one'), [{ one: 1 }]);
  } finally {
    client.close();
  }
});

test('typed parameters round-trip as Date, BigInt and Uint8Array', async () => {
  const client = await openClient();
  try {
    const when = new Date('2023-05-16T14:43:39.970Z');
    const big = 123456789012345678901234567890n;
    const bytes = new Uint8Array([0, 1, 2, 127, 128, 255]);
    const rows = await client.sql(
      'SELECT ? AS ts, typeof(?) AS ts_type, ? AS big, ? AS bytes, octet_length(?) AS n, ? AS text, ? AS num',
      [when, when, big, bytes, bytes, 'plain ü', 42],
    );
    assert.equal(rows.length, 1);
    const row = rows[0];
    assert.ok(row.ts instanceof Date);
    assert.equal(row.ts.getTime(), when.getTime());
    assert.equal(row.ts_type, 'TIMESTAMP WITH TIME ZONE');
    assert.equal(row.big, big);
    assert.ok(row.bytes instanceof Uint8Array);
    assert.deepEqual([...row.bytes], [...bytes]);
    assert.equal(row.n, 6);
    assert.equal(row.text, 'plain ü');
    assert.equal(row.num, 42);

    const values = await client.sql(
      "SELECT DATE '2001-02-03' AS d, 9007199254740993::BIGINT AS beyond, 9007199254740991::BIGINT AS safe, " +
        "TIMESTAMPTZ '2020-01-02 03:04:05.5+01' AS tz, 12.50::DECIMAL(5,2) AS dec",
    );
    assert.ok(values[0].d instanceof Date);
    assert.equal(values[0].d.toISOString(), '2001-02-03T00:00:00.000Z');
    assert.equal(values[0].beyond, 9007199254740993n);
    assert.equal(values[0].safe, 9007199254740991);
    assert.equal(values[0].tz.toISOString(), '2020-01-02T02:04:05.500Z');
    assert.deepEqual(values[0].dec, { '@value': '12.50', '@type': 'xsd:decimal' });
  } finally {
    client.close();
  }
});

test('named parameters, bulk inserts and errors over WebSocket', async () => {
  const client = await openClient({ decoder: 'textdecoder' });
  try {
    assert.deepEqual(await client.sql('CREATE OR REPLACE TABLE endb_ws (id BIGINT, happened TIMESTAMPTZ, payload BLOB, n HUGEINT)'), [
      { result: true },
    ]);
    const base = Date.UTC(2024, 0, 1);
    const sets = [];
    for (let i = 0; i < 100; i++) {
      sets.push({ id: i, happened: new Date(base + i * 60_000), payload: new Uint8Array([i, 255 - i]), n: 10n ** 30n + BigInt(i) });
    }
    assert.deepEqual(await client.sql('INSERT INTO endb_ws VALUES (:id, :happened, :payload, :n)', sets, true), [{ result: 100 }]);
    const rows = await client.sql('SELECT * FROM endb_ws WHERE id IN (0, 99) ORDER BY id');
    assert.equal(rows.length, 2);
    assert.equal(rows[1].id, 99);
    assert.equal(rows[1].happened.getTime(), base + 99 * 60_000);
    assert.deepEqual([...rows[1].payload], [99, 156]);
    assert.equal(rows[1].n, 10n ** 30n + 99n);
    assert.deepEqual(await client.sql('SELECT count(*) AS c FROM endb_ws WHERE happened >= :from', { from: new Date(base + 50 * 60_000) }), [
      { c: 50 },
    ]);

    await assert.rejects(client.sql('SELECT * FROM endb_missing_table'), (error) => {
      assert.equal(error.code, -32603);
      assert.match(error.message, /Table with name endb_missing_table does not exist/);
      return true;
    });
    await assert.rejects(client.sql('SELECT ?', [{ '@type': 'xsd:date', '@value': 'not a date' }]), (error) => {
      assert.equal(error.code, -32602);
      assert.match(error.message, /parameter 1/);
      return true;
    });
    assert.deepEqual(await client.sql('SELECT 2 AS after_errors'), [{ after_errors: 2 }]);
    assert.ok(client.frames.length >= 7);
    assert.ok(client.frames.every((frame) => frame.binary), 'every reply is a binary frame');
  } finally {
    client.close();
  }
});

test('concurrent requests on one socket resolve with their own results', async () => {
  const client = await openClient();
  try {
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => client.sql('SELECT ? * 2 AS v', [i])));
    assert.deepEqual(results, Array.from({ length: 50 }, (_, i) => [{ v: i * 2 }]));
  } finally {
    client.close();
  }
});

test('wrong WebSocket credentials are refused with 401', async () => {
  const ws = new WebSocket(sqlWsUrl(), encodeURIComponent('Basic ' + basicCredentials(USER, 'wrong')));
  const response = await new Promise((resolve, reject) => {
    ws.once('unexpected-response', (request, res) => resolve(res));
    ws.once('open', () => reject(new Error('opened with a wrong password')));
    ws.once('error', () => {});
  });
  assert.equal(response.statusCode, 401);
  assert.equal(response.headers['www-authenticate'], 'Basic realm="duckwire"');
  response.destroy();
});

// ---- HTTP tests ----

test('HTTP: FormData POST with Accept application/ld+json and a reviver', async () => {
  const when = new Date('1999-12-31T23:59:59.123Z');
  const bytes = new Uint8Array([222, 173, 190, 239]);
  const response = await httpSql(
    "SELECT ? AS at, ? AS big, ? AS blob, DATE '2024-02-29' AS day, 'x' AS s, 1.5 AS f, NULL AS z, [1, 2] AS l",
    [when, 2n ** 70n, bytes],
  );
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'application/ld+json');
  const document = JSON.parse(await response.text(), typedReviver);
  assert.deepEqual(document['@context'], { xsd: 'http://www.w3.org/2001/XMLSchema#', '@vocab': 'http://endb.io/' });
  const [row] = document['@graph'];
  assert.ok(row.at instanceof Date);
  assert.equal(row.at.getTime(), when.getTime());
  assert.equal(row.big, 2n ** 70n);
  assert.deepEqual([...row.blob], [...bytes]);
  assert.ok(row.day instanceof Date);
  assert.equal(row.day.toISOString(), '2024-02-29T00:00:00.000Z');
  assert.equal(row.s, 'x');
  assert.deepEqual(row.f, { '@value': '1.5', '@type': 'xsd:decimal' });
  assert.equal(row.z, null);
  assert.deepEqual(row.l, [1, 2]);
});

test('HTTP: FormData bulk insert answers 201 and the rows are there', async () => {
  const create = await httpSql('CREATE OR REPLACE TABLE endb_http (id INTEGER, happened TIMESTAMPTZ, tag VARCHAR)');
  assert.equal(create.status, 201);
  await create.text();
  const base = Date.UTC(2030, 5, 1, 12);
  const sets = Array.from({ length: 25 }, (_, i) => [i, new Date(base + i * 1000), `t,${i}`]);
  const insert = await httpSql('INSERT INTO endb_http VALUES (?, ?, ?)', sets, true);
  assert.equal(insert.status, 201);
  assert.deepEqual(JSON.parse(await insert.text())['@graph'], [{ result: 25 }]);
  const check = await httpSql('SELECT count(*) AS n, max(happened) AS last FROM endb_http');
  const [row] = JSON.parse(await check.text(), typedReviver)['@graph'];
  assert.equal(row.n, 25);
  assert.equal(row.last.getTime(), base + 24 * 1000);
});

test('HTTP: Accept text/csv', async () => {
  const response = await httpSql(
    "SELECT * FROM (VALUES (1, 'a,b', 'say \"hi\"'), (2, 'plain', NULL)) t(id, \"x,y\", q) ORDER BY id",
    [],
    false,
    'text/csv',
  );
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type'), /^text\/csv/);
  assert.equal(await response.text(), 'id,"x,y",q\r\n1,"a,b","say ""hi"""\r\n2,plain,\r\n');
});

test('HTTP: Accept application/vnd.apache.arrow.file decodes with tableFromIPC', async () => {
  const response = await httpSql(
    "SELECT range::INTEGER AS i, range::BIGINT * 10000000000 AS big, 'r' || range AS s, range / 2 AS d, " +
      "range % 2 = 0 AS even, DATE '2020-01-01' + range::INTEGER AS day, " +
      "TIMESTAMP '2020-01-01 00:00:00' + range * INTERVAL 1 SECOND AS ts FROM range(1000)",
    [],
    false,
    'application/vnd.apache.arrow.file',
  );
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'application/vnd.apache.arrow.file');
  const bytes = new Uint8Array(await response.arrayBuffer());
  assert.equal(new TextDecoder().decode(bytes.subarray(0, 6)), 'ARROW1');
  const table = tableFromIPC(bytes);
  assert.equal(table.numRows, 1000);
  const types = Object.fromEntries(table.schema.fields.map((f) => [f.name, f.type]));
  assert.deepEqual(Object.keys(types), ['i', 'big', 's', 'd', 'even', 'day', 'ts']);
  assert.equal(types.i.typeId, Type.Int);
  assert.equal(types.i.bitWidth, 32);
  assert.equal(types.big.typeId, Type.Int);
  assert.equal(types.big.bitWidth, 64);
  assert.equal(types.s.typeId, Type.Utf8);
  assert.equal(types.d.typeId, Type.Float);
  assert.equal(types.even.typeId, Type.Bool);
  assert.equal(types.day.typeId, Type.Date);
  assert.equal(types.day.unit, DateUnit.DAY);
  assert.equal(types.ts.typeId, Type.Timestamp);
  assert.equal(types.ts.unit, TimeUnit.MICROSECOND);
  const row = table.get(999);
  assert.equal(row.i, 999);
  assert.equal(row.big, 9990000000000n);
  assert.equal(row.s, 'r999');
  assert.equal(row.d, 499.5);
  assert.equal(row.even, false);
  assert.equal(row.day, Date.UTC(2022, 8, 26)); // 2020-01-01 + 999 days
  assert.equal(row.ts, Date.UTC(2020, 0, 1, 0, 16, 39));
  assert.deepEqual(table.getChild('i').toArray().slice(0, 3), Int32Array.from([0, 1, 2]));
});

test('HTTP: credentials are required and checked', async () => {
  const anonymous = await httpSql('SELECT 1', [], false, 'application/json', { username: null });
  assert.equal(anonymous.status, 401);
  assert.equal(anonymous.headers.get('www-authenticate'), 'Basic realm="duckwire"');
  await anonymous.text();
  const wrong = await httpSql('SELECT 1', [], false, 'application/json', { username: USER, password: 'nope' });
  assert.equal(wrong.status, 401);
  await wrong.text();
  const good = await httpSql('SELECT 1 AS a', [], false, 'application/json');
  assert.equal(good.status, 200);
  assert.deepEqual(await good.json(), [[1]]);
});

test('HTTP: a SQL error is 400 with DuckDB\'s message', async () => {
  const response = await httpSql('SELECT * FROM endb_no_such_table');
  assert.equal(response.status, 400);
  assert.match(response.headers.get('content-type'), /^text\/plain/);
  assert.match(await response.text(), /Catalog Error: Table with name endb_no_such_table does not exist/);
});

// ---- issue 7, items 12, 13 and 15 ----

// Endb's HTTP client hands a multipart/mixed answer over as text; this splits it as a reader of it would:
// the boundary from Content-Type, then each part's headers and its JSON-LD body.
function multipartGraphs(contentType, text) {
  const boundary = /^multipart\/mixed; boundary=(.+)$/.exec(contentType)?.[1];
  assert.ok(boundary, contentType);
  const delimiter = `--${boundary}`;
  assert.ok(text.startsWith(`${delimiter}\r\n`));
  assert.ok(text.endsWith(`\r\n${delimiter}--\r\n`));
  const body = text.slice(delimiter.length + 2, text.length - (delimiter.length + 6));
  return body.split(`\r\n${delimiter}\r\n`).map((part) => {
    const split = part.indexOf('\r\n\r\n');
    assert.equal(part.slice(0, split), 'Content-Type: application/ld+json');
    const document = JSON.parse(part.slice(split + 4), typedReviver);
    assert.deepEqual(document['@context'], { xsd: 'http://www.w3.org/2001/XMLSchema#', '@vocab': 'http://endb.io/' });
    return document['@graph'];
  });
}

test('HTTP: Accept multipart/mixed answers one JSON-LD part per statement, parameters taken in order', async () => {
  const when = new Date('2024-05-06T07:08:09.010Z');
  const response = await httpSql(
    'CREATE OR REPLACE TABLE endb_parts (id HUGEINT, happened TIMESTAMPTZ); INSERT INTO endb_parts VALUES (?, ?), (?, ?); ' +
      'SELECT id, happened FROM endb_parts WHERE id > ? ORDER BY id; SELECT count(*) AS n FROM endb_parts',
    [2n ** 70n, when, 2n ** 71n, when, 2n ** 70n],
    false,
    'multipart/mixed',
  );
  assert.equal(response.status, 201);
  const graphs = multipartGraphs(response.headers.get('content-type'), await response.text());
  assert.equal(graphs.length, 4);
  assert.deepEqual(graphs[0], [{ result: true }]);
  assert.deepEqual(graphs[1], [{ result: 2 }]);
  assert.equal(graphs[2].length, 1);
  assert.equal(graphs[2][0].id, 2n ** 71n);
  assert.equal(graphs[2][0].happened.getTime(), when.getTime());
  assert.deepEqual(graphs[3], [{ n: 2 }]);
});

test('several statements share their parameters over WebSocket, and TIMETZ keeps its offset', async () => {
  const client = await openClient();
  try {
    const rows = await client.sql(
      'CREATE OR REPLACE TABLE endb_multi (n HUGEINT, t TIMETZ); INSERT INTO endb_multi VALUES (?, ?); ' +
        'SELECT n, t, n = ? AS same FROM endb_multi',
      [10n ** 30n + 7n, '14:43:39+02', 10n ** 30n + 7n],
    );
    assert.deepEqual(rows, [{ n: 10n ** 30n + 7n, t: { '@value': '14:43:39+02:00', '@type': 'xsd:time' }, same: true }]);
    await assert.rejects(client.sql('SELECT ? AS a; SELECT ? AS b', [1]), (error) => {
      assert.equal(error.code, -32602);
      assert.match(error.message, /expected 2 parameters, got 1/);
      return true;
    });
    assert.deepEqual(await client.sql('SELECT 1 AS still_served'), [{ still_served: 1 }]);
  } finally {
    client.close();
  }
});
