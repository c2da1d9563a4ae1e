// Arrow IPC streams written by apache-arrow (JS) as a browser uploading a table would send them
// (tableToIPC(table, 'stream')), with what DuckDB should hold after duckwire loads each one: column
// types, and every value cast to VARCHAR (null for NULL), row by row.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as arrow from 'apache-arrow';

const { Field, vectorFromArray: vector } = arrow;

const tableOf = (columns) => new arrow.Table(columns);

// A 128-bit two's complement decimal as apache-arrow stores it: four little-endian 32-bit words.
function decimal(unscaled) {
  let value = BigInt.asUintN(128, BigInt(unscaled));
  const words = new Uint32Array(4);
  for (let i = 0; i < 4; i++, value >>= 32n) words[i] = Number(value & 0xffffffffn);
  return words;
}

export const cases = [
  {
    name: 'numbers',
    table: () =>
      tableOf({
        i8: vector([1, -2, null], new arrow.Int8()),
        i16: vector([300, null, -300], new arrow.Int16()),
        i32: vector([null, 70000, -1], new arrow.Int32()),
        i64: vector([9007199254740993n, -1n, null], new arrow.Int64()),
        u8: vector([255, 0, null], new arrow.Uint8()),
        u16: vector([65535, null, 1], new arrow.Uint16()),
        u32: vector([4294967295, 2, null], new arrow.Uint32()),
        u64: vector([18446744073709551615n, null, 3n], new arrow.Uint64()),
        f16: vector([1.5, null, -2], new arrow.Float16()),
        f32: vector([0.25, -1e10, null], new arrow.Float32()),
        f64: vector([Math.PI, null, -0.5], new arrow.Float64()),
        flag: vector([true, false, null], new arrow.Bool()),
        dec: vector([decimal(12345), decimal(-5), null], new arrow.Decimal(2, 10, 128)),
      }),
    types: {
      i8: 'TINYINT', i16: 'SMALLINT', i32: 'INTEGER', i64: 'BIGINT',
      u8: 'UTINYINT', u16: 'USMALLINT', u32: 'UINTEGER', u64: 'UBIGINT',
      f16: 'FLOAT', f32: 'FLOAT', f64: 'DOUBLE', flag: 'BOOLEAN', dec: 'DECIMAL(10,2)',
    },
    data: [
      { i8: '1', i16: '300', i32: null, i64: '9007199254740993', u8: '255', u16: '65535', u32: '4294967295',
        u64: '18446744073709551615', f16: '1.5', f32: '0.25', f64: '3.141592653589793', flag: 'true', dec: '123.45' },
      { i8: '-2', i16: null, i32: '70000', i64: '-1', u8: '0', u16: null, u32: '2', u64: null, f16: null,
        f32: '-10000000000.0', f64: null, flag: 'false', dec: '-0.05' },
      { i8: null, i16: '-300', i32: '-1', i64: null, u8: null, u16: '1', u32: null, u64: '3', f16: '-2.0',
        f32: null, f64: '-0.5', flag: null, dec: null },
    ],
  },
  {
    name: 'strings',
    table: () =>
      tableOf({
        // Plain string arrays become dictionary-encoded columns in apache-arrow.
        word: vector(['apple', null, 'apple', 'éclair 🍰']),
        plain: vector(['a', '', null, 'z'], new arrow.Utf8()),
        large: vector([null, 'big', 'bigger', ''], new arrow.LargeUtf8()),
        bytes: vector([new Uint8Array([0, 255]), null, new Uint8Array([]), new Uint8Array([65])], new arrow.Binary()),
      }),
    types: { word: 'VARCHAR', plain: 'VARCHAR', large: 'VARCHAR', bytes: 'BLOB' },
    data: [
      { word: 'apple', plain: 'a', large: null, bytes: '\\x00\\xFF' },
      { word: null, plain: '', large: 'big', bytes: null },
      { word: 'apple', plain: null, large: 'bigger', bytes: '' },
      { word: 'éclair 🍰', plain: 'z', large: '', bytes: 'A' },
    ],
  },
  {
    name: 'temporal',
    table: () =>
      tableOf({
        day: vector([Date.UTC(2024, 1, 29), null], new arrow.DateDay()),
        day_ms: vector([Date.UTC(1969, 11, 31), Date.UTC(2000, 0, 1)], new arrow.DateMillisecond()),
        ts_ms: vector([Date.UTC(2024, 0, 2, 3, 4, 5, 678), null], new arrow.TimestampMillisecond()),
        ts_utc: vector([Date.UTC(2024, 0, 2, 3, 4, 5), 0], new arrow.TimestampMillisecond('UTC')),
        ts_us: vector([1700000000123, null], new arrow.TimestampMicrosecond()),
        time_ms: vector([3723004, null], new arrow.TimeMillisecond()),
        iv_ym: vector([new Int32Array([1, 2]), null], new arrow.IntervalYearMonth()),
        iv_dt: vector([new Int32Array([3, 1500]), null], new arrow.IntervalDayTime()),
      }),
    types: {
      day: 'DATE', day_ms: 'DATE', ts_ms: 'TIMESTAMP_MS', ts_utc: 'TIMESTAMP WITH TIME ZONE', ts_us: 'TIMESTAMP',
      time_ms: 'TIME', iv_ym: 'INTERVAL', iv_dt: 'INTERVAL',
    },
    data: [
      { day: '2024-02-29', day_ms: '1969-12-31', ts_ms: '2024-01-02 03:04:05.678', ts_utc: '2024-01-02 03:04:05+00',
        ts_us: '2023-11-14 22:13:20.123', time_ms: '01:02:03.004', iv_ym: '1 year 2 months',
        iv_dt: '3 days 00:00:01.5' },
      { day: null, day_ms: '2000-01-01', ts_ms: null, ts_utc: '1970-01-01 00:00:00+00', ts_us: null, time_ms: null,
        iv_ym: null, iv_dt: null },
    ],
  },
  {
    name: 'nested',
    table: () =>
      tableOf({
        list: vector([[1, 2], null, []], new arrow.List(new Field('item', new arrow.Int32(), true))),
        pair: vector([[0.5, 1], [2, 3], null],
                     new arrow.FixedSizeList(2, new Field('item', new arrow.Float64(), true))),
        point: vector([{ x: 1, label: 'a' }, null, { x: 3, label: null }],
                      new arrow.Struct([new Field('x', new arrow.Int32(), true), new Field('label', new arrow.Utf8(), true)])),
        tags: vector([new Map([['k', 1]]), new Map(), null],
                     new arrow.Map_(new Field('entries', new arrow.Struct([
                       new Field('key', new arrow.Utf8(), false), new Field('value', new arrow.Int32(), true)]), false))),
      }),
    types: {
      list: 'INTEGER[]', pair: 'DOUBLE[2]', point: 'STRUCT(x INTEGER, "label" VARCHAR)', tags: 'MAP(VARCHAR, INTEGER)',
    },
    data: [
      { list: '[1, 2]', pair: '[0.5, 1.0]', point: "{'x': 1, 'label': a}", tags: '{k=1}' },
      { list: null, pair: '[2.0, 3.0]', point: null, tags: '{}' },
      { list: '[]', pair: null, point: "{'x': 3, 'label': NULL}", tags: null },
    ],
  },
  {
    name: 'batches',
    // Three record batches, each with its own dictionary for `word` (apache-arrow replaces it).
    table: () =>
      tableOf({ n: vector([1, 2], new arrow.Int32()), word: vector(['a', 'b']) })
        .concat(tableOf({ n: vector([3], new arrow.Int32()), word: vector(['c']) }))
        .concat(tableOf({ n: vector([4, 5], new arrow.Int32()), word: vector(['b', null]) })),
    types: { n: 'INTEGER', word: 'VARCHAR' },
    data: [
      { n: '1', word: 'a' }, { n: '2', word: 'b' }, { n: '3', word: 'c' }, { n: '4', word: 'b' }, { n: '5', word: null },
    ],
  },
];

// Writes <name>.arrows for every case into `dir`.
export function writeFixtures(dir) {
  for (const { name, table } of cases) writeFileSync(join(dir, `${name}.arrows`), arrow.tableToIPC(table(), 'stream'));
}
