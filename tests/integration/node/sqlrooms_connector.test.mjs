// SQLRooms' own WebSocket connector (@sqlrooms/duckdb createWebSocketDuckDbConnector) against duckwire:
// one multiplexed socket must never be held by a result being computed (issue 7, item 9). While a
// 10M-row result is produced, probes and a notification on the same connector are answered; a cancel
// stops the query with cancelled:true and no result bytes; a query failing after its first rows fails
// alone and the socket stays open.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { WsClient } from './lib/ws_client.mjs';
import { createWebSocketDuckDbConnector, received, sent } from './lib/sqlrooms_connector.mjs';

const ROWS = 10_000_000;
// 10M rows (~10 MiB of Arrow) that take a while to compute: the md5 filter keeps every row.
const BIG_QUERY = `SELECT (range % 200)::UTINYINT AS v FROM range(${ROWS}) WHERE md5(range::VARCHAR) <> ''`;

function queryIdOf(sql) {
  const request = sent.findLast((message) => message.type === 'arrow' && message.sql === sql);
  assert.ok(request, `the connector sent ${sql}`);
  return request.queryId;
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(predicate, what, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await pause(10);
  }
}

const textFor = (queryId) => received.filter((f) => f.kind === 'text' && f.json.queryId === queryId).map((f) => f.json);
const binaryFor = (queryId) => received.filter((f) => f.kind === 'binary' && f.header.queryId === queryId);

function openConnector(server, extra = {}) {
  const statuses = [];
  const connector = createWebSocketDuckDbConnector({
    wsUrl: server.wsUrl,
    onConnectionStatusChange: (status) => statuses.push(status),
    ...extra,
  });
  return { connector, statuses };
}

describe('a 10M-row result does not hold the connector', () => {
  let server;
  before(async () => {
    // One DuckDB thread: the result streams out of DuckDB chunk by chunk over seconds.
    server = await startServer(['--threads', '1']);
  });
  after(async () => {
    await server.stop();
  });

  test('probes and a notification are answered while the big result is produced; then it arrives whole', async () => {
    const events = [];
    const { connector, statuses } = openConnector(server, {
      subscribeChannels: ['dashboard'],
      onNotification: (payload) => events.push(`notify ${payload.n}`),
    });
    await connector.initialize();
    await until(() => received.some((f) => f.kind === 'text' && f.json.type === 'subscribed'), 'the subscription');

    const big = connector.query(BIG_QUERY).then((table) => {
      events.push('big');
      return table;
    });
    // The probes and the notification come while the big result is being produced (which takes seconds).
    const probes = [];
    for (let i = 0; i < 8; i++) {
      await pause(100);
      probes.push(
        connector.query(`SELECT ${i} AS p`).then((table) => {
          events.push(`probe ${i}`);
          return table;
        }),
      );
    }
    const publisher = await WsClient.connect(server.wsUrl);
    publisher.send({ type: 'notify', channel: 'dashboard', payload: { n: 1 } });

    const answers = await Promise.all(probes);
    answers.forEach((table, i) => assert.deepEqual(table.toArray().map((row) => row.toJSON()), [{ p: i }]));
    const table = await big;
    await publisher.close();

    assert.equal(events.at(-1), 'big', `every probe and the notification came before the big result: ${events}`);
    assert.deepEqual(events.slice(0, -1).sort(), [...Array.from({ length: 8 }, (_, i) => `probe ${i}`), 'notify 1'].sort());
    assert.equal(table.numRows, ROWS);
    const v = table.getChild('v');
    for (const row of [0, 1, 199, 200, 4_567_891, ROWS - 1]) assert.equal(v.get(row), row % 200, `row ${row}`);
    assert.ok(!statuses.includes('disconnected'));
    await connector.destroy();
  });

  test('cancel of the big query: cancelAck cancelled:true, its error, and not one byte of its result', async () => {
    const { connector, statuses } = openConnector(server);
    await connector.initialize();
    const big = connector.query(BIG_QUERY);
    const outcome = big.then(
      () => 'resolved',
      (error) => error.name,
    );
    // Cancelled while it is being produced.
    await pause(500);
    assert.equal((await connector.query('SELECT 1 AS one')).numRows, 1);
    const queryId = queryIdOf(BIG_QUERY);
    await big.cancel();
    assert.equal(await outcome, 'AbortError');

    await until(() => textFor(queryId).some((m) => m.type === 'error'), 'the error of the cancelled query');
    assert.deepEqual(textFor(queryId), [
      { type: 'cancelAck', queryId, cancelled: true },
      { type: 'error', queryId, error: 'Query was cancelled' },
    ]);
    // The query is over: any result it had would have come before its error.
    assert.deepEqual(binaryFor(queryId), []);
    assert.deepEqual((await connector.query('SELECT 42 AS answer')).toArray().map((row) => row.toJSON()), [{ answer: 42 }]);
    assert.ok(!statuses.includes('disconnected'));
    await connector.destroy();
  });
});

describe('a query failing after its first rows fails alone', () => {
  let server;
  before(async () => {
    // One DuckDB thread: the failing row is reached only after millions of rows were produced.
    server = await startServer(['--threads', '1']);
  });
  after(async () => {
    await server.stop();
  });

  test('its error reaches the caller, other pending queries succeed, the socket stays open', async () => {
    const { connector, statuses } = openConnector(server);
    await connector.initialize();
    const failing = connector.query(
      `SELECT (CASE WHEN range < ${ROWS - 1000} THEN range::VARCHAR ELSE 'late row' END)::BIGINT AS v FROM range(${ROWS})`,
    );
    const failure = failing.then(
      () => assert.fail('the failing query resolved'),
      (error) => error.message,
    );
    const medium = connector.query('SELECT range AS r FROM range(100000)');
    const probes = Array.from({ length: 4 }, (_, i) => connector.query(`SELECT ${i} AS p`));

    assert.match(await failure, /Could not convert string 'late row' to INT64/);
    const mediumTable = await medium;
    assert.equal(mediumTable.numRows, 100000);
    assert.equal(mediumTable.getChild('r').get(99999), 99999n);
    for (const [i, probe] of probes.entries()) {
      assert.deepEqual((await probe).toArray().map((row) => row.toJSON()), [{ p: i }]);
    }
    assert.deepEqual((await connector.query("SELECT 'still open' AS s")).toArray().map((row) => row.toJSON()), [
      { s: 'still open' },
    ]);
    assert.ok(!statuses.includes('disconnected'), `connection statuses: ${statuses}`);
    await connector.destroy();
  });
});
