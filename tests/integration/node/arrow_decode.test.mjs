// Decodes the Arrow IPC written by duckwire's ArrowIpcWriter with the apache-arrow library and
// compares every value with what DuckDB itself renders for it (to_json, written by the fixture tool).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tableFromIPC, MessageReader, MessageHeader, RecordBatchReader, Type, TimeUnit, DateUnit, IntervalUnit, UnionMode } from 'apache-arrow';
import { parseDuckJson } from './lib/duck_json.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../../..');
const buildDir = process.env.DUCKWIRE_BUILD_DIR ?? join(repo, 'build');
const fixtureTool = join(buildDir, 'tools', 'arrow_fixture');
const casesPath = join(here, 'arrow_cases.json');
const cases = JSON.parse(readFileSync(casesPath, 'utf8'));

let outDir;
before(() => {
  outDir = mkdtempSync(join(tmpdir(), 'duckwire-arrow-'));
  execFileSync(fixtureTool, [casesPath, outDir], { stdio: ['ignore', 'inherit', 'inherit'] });
  process.on('exit', () => rmSync(outDir, { recursive: true, force: true }));
});

// ---- DuckDB's text forms, rebuilt from Arrow values ----

const pad = (value, width) => String(value).padStart(width, '0');

function civilFromDays(days) {
  // Proleptic Gregorian calendar (H. Hinnant's days_from_civil, inverted).
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function formatDate(days) {
  const { year, month, day } = civilFromDays(days);
  const text = `${pad(year > 0 ? year : 1 - year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
  return year > 0 ? text : `${text} (BC)`;
}

// A time of day given in units of 10^-digits seconds (digits: 0, 3, 6, 9).
function formatTimeOfDay(ticks, digits) {
  const perSecond = 10n ** BigInt(digits);
  const seconds = ticks / perSecond;
  const fraction = ticks % perSecond;
  let text = `${pad(seconds / 3600n, 2)}:${pad((seconds / 60n) % 60n, 2)}:${pad(seconds % 60n, 2)}`;
  if (fraction !== 0n) text += '.' + pad(fraction, digits).replace(/0+$/, '');
  return text;
}

const unitDigits = { [TimeUnit.SECOND]: 0, [TimeUnit.MILLISECOND]: 3, [TimeUnit.MICROSECOND]: 6, [TimeUnit.NANOSECOND]: 9 };

function formatTimestamp(value, unit, timezone) {
  const digits = unitDigits[unit];
  const perDay = 86400n * 10n ** BigInt(digits);
  let days = value / perDay;
  let rest = value % perDay;
  if (rest < 0n) {
    rest += perDay;
    days -= 1n;
  }
  const text = `${formatDate(Number(days))} ${formatTimeOfDay(rest, digits)}`;
  if (!timezone) return text;
  assert.match(timezone, /^(Etc\/)?UTC$/, 'the expectations are rendered in UTC');
  return text + '+00';
}

function plural(count, word) {
  return `${count} ${word}${count === 1 || count === -1 ? '' : 's'}`;
}

function formatInterval(months, days, micros) {
  const parts = [];
  const years = Math.trunc(months / 12);
  const restMonths = months - years * 12;
  if (years !== 0) parts.push(plural(years, 'year'));
  if (restMonths !== 0) parts.push(plural(restMonths, 'month'));
  if (days !== 0) parts.push(plural(days, 'day'));
  if (micros !== 0n || parts.length === 0) {
    const negative = micros < 0n;
    const time = formatTimeOfDay(negative ? -micros : micros, 6);
    parts.push(negative ? `-${time}` : time);
  }
  return parts.join(' ');
}

function formatBlob(bytes) {
  let text = '';
  for (const byte of bytes) {
    const regular = byte >= 32 && byte <= 126 && byte !== 0x5c && byte !== 0x27 && byte !== 0x22;
    text += regular ? String.fromCharCode(byte) : `\\x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return text;
}

function formatUuid(bytes) {
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// Little-endian two's complement integer of `words` 32-bit words.
function bigIntFromWords(words, signed) {
  let value = 0n;
  for (let i = words.length - 1; i >= 0; i--) value = (value << 32n) | BigInt(words[i] >>> 0);
  const bits = BigInt(words.length * 32);
  if (signed && value >> (bits - 1n)) value -= 1n << bits;
  return value;
}

function formatDecimal(unscaled, scale) {
  const negative = unscaled < 0n;
  let digits = (negative ? -unscaled : unscaled).toString();
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0');
    digits = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  }
  return (negative ? '-' : '') + digits;
}

// ---- Arrow values to the shapes parseDuckJson produces ----

const num = (text) => ({ num: String(text) });
const float = (value) => ({ float: value });

function extensionOf(field) {
  return field?.metadata?.get('ARROW:extension:name');
}

function opaqueTypeName(field) {
  const metadata = field?.metadata?.get('ARROW:extension:metadata');
  return metadata ? JSON.parse(metadata).type_name : undefined;
}

function bytesOf(data, index) {
  if (data.type.typeId === Type.FixedSizeBinary) {
    const width = data.type.byteWidth;
    return data.values.subarray(width * index, width * (index + 1));
  }
  if (data.type.typeId === Type.BinaryView) return viewBytes(data, index);
  const begin = Number(data.valueOffsets[index]);
  const end = Number(data.valueOffsets[index + 1]);
  return data.values.subarray(begin, end);
}

function viewBytes(data, index) {
  const views = new DataView(data.values.buffer, data.values.byteOffset + 16 * index, 16);
  const length = views.getInt32(0, true);
  if (length <= 12) return data.values.subarray(16 * index + 4, 16 * index + 4 + length);
  const buffer = data.variadicBuffers[views.getInt32(8, true)];
  const offset = views.getInt32(12, true);
  return buffer.subarray(offset, offset + length);
}

const utf8 = new TextDecoder();

// `data` is an apache-arrow Data as decoded from IPC (offset 0); `index` a slot in it.
function normalize(field, data, index, duckType) {
  if (data.type.typeId !== Type.Union && !data.getValid(index)) return null;
  const type = data.type;
  const extension = extensionOf(field);
  switch (type.typeId) {
    case Type.Null:
      return null;
    case Type.Bool:
      return Boolean((data.values[index >> 3] >> (index & 7)) & 1);
    case Type.Int: {
      const value = data.values[index];
      if (extension === 'arrow.bool8') return value !== 0;
      return num(value);
    }
    case Type.Float:
      assert.notEqual(type.precision, 0, 'half floats are not expected from DuckDB');
      return float(data.values[index]);
    case Type.Decimal: {
      const words = type.bitWidth / 32;
      return num(formatDecimal(bigIntFromWords(data.values.subarray(words * index, words * (index + 1)), true), type.scale));
    }
    case Type.Date:
      assert.equal(type.unit, DateUnit.DAY);
      return formatDate(data.values[index]);
    case Type.Time:
      return formatTimeOfDay(BigInt(data.values[index]), unitDigits[type.unit]);
    case Type.Timestamp:
      return formatTimestamp(BigInt(data.values[index]), type.unit, type.timezone);
    case Type.Interval: {
      assert.equal(type.unit, IntervalUnit.MONTH_DAY_NANO);
      const words = data.values.subarray(4 * index, 4 * index + 4);
      const nanos = bigIntFromWords(words.subarray(2, 4), true);
      assert.equal(nanos % 1000n, 0n, 'DuckDB intervals hold microseconds');
      return formatInterval(words[0], words[1], nanos / 1000n);
    }
    case Type.Utf8:
    case Type.LargeUtf8:
    case Type.Utf8View: {
      const text = type.typeId === Type.Utf8View ? utf8.decode(viewBytes(data, index)) : utf8.decode(bytesOf(data, index));
      return extension === 'arrow.json' || duckType === 'JSON' ? parseDuckJson(text) : text;
    }
    case Type.Binary:
    case Type.LargeBinary:
    case Type.BinaryView:
      return formatBlob(bytesOf(data, index));
    case Type.FixedSizeBinary: {
      const bytes = bytesOf(data, index);
      if (extension === 'arrow.uuid') return formatUuid(bytes);
      const opaque = opaqueTypeName(field);
      if (opaque === 'hugeint' || opaque === 'uhugeint') {
        const words = new Uint32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + 16));
        return num(bigIntFromWords(words, opaque === 'hugeint'));
      }
      assert.fail(`no DuckDB rendering known for ${type} (${extension})`);
      break;
    }
    case Type.List:
    case Type.LargeList: {
      const begin = Number(data.valueOffsets[index]);
      const end = Number(data.valueOffsets[index + 1]);
      return range(begin, end).map((i) => normalize(type.children[0], data.children[0], i));
    }
    case Type.FixedSizeList: {
      const size = type.listSize;
      return range(size * index, size * (index + 1)).map((i) => normalize(type.children[0], data.children[0], i));
    }
    case Type.Struct:
      return { obj: type.children.map((child, k) => [child.name, normalize(child, data.children[k], index)]) };
    case Type.Map: {
      const entries = data.children[0];
      const [keyField, valueField] = entries.type.children;
      const begin = data.valueOffsets[index];
      const end = data.valueOffsets[index + 1];
      return {
        obj: range(begin, end).map((i) => {
          const key = normalize(keyField, entries.children[0], i);
          return [typeof key === 'string' ? key : key.num, normalize(valueField, entries.children[1], i)];
        }),
      };
    }
    case Type.Union: {
      const childIndex = type.typeIdToChildIndex[data.typeIds[index]];
      const slot = type.mode === UnionMode.Dense ? data.valueOffsets[index] : index;
      const value = normalize(type.children[childIndex], data.children[childIndex], slot);
      // DuckDB exports a NULL union as its first member holding NULL; to_json renders both as null.
      return value === null ? null : { obj: [[type.children[childIndex].name, value]] };
    }
    case Type.Dictionary: {
      const chunks = data.dictionary.data;
      let key = Number(data.values[index]);
      for (const chunk of chunks) {
        if (key < chunk.length) return normalize(field, chunk, key);
        key -= chunk.length;
      }
      assert.fail(`dictionary index ${data.values[index]} out of range`);
      break;
    }
    default:
      assert.fail(`unexpected Arrow type ${type}`);
  }
}

function range(begin, end) {
  return Array.from({ length: Number(end) - Number(begin) }, (_, i) => Number(begin) + i);
}

function canonicalNumber(text) {
  if (!/^-?\d+(\.\d+)?$/.test(text)) return text;
  let [whole, fraction = ''] = text.split('.');
  fraction = fraction.replace(/0+$/, '');
  if (whole === '-0' && fraction === '') whole = '0';
  return fraction ? `${whole}.${fraction}` : whole;
}

// Returns a description of the first difference, or null.
function difference(expected, actual, path) {
  const show = (v) => JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? x.toString() : x));
  if (expected === null || actual === null || typeof expected !== 'object' || typeof actual !== 'object') {
    return expected === actual ? null : `${path}: expected ${show(expected)}, got ${show(actual)}`;
  }
  if ('num' in expected) {
    if ('float' in actual) {
      return Object.is(Number(expected.num), actual.float) ? null : `${path}: expected ${expected.num}, got ${actual.float}`;
    }
    if ('num' in actual) {
      return canonicalNumber(expected.num) === canonicalNumber(actual.num) ? null : `${path}: expected ${expected.num}, got ${actual.num}`;
    }
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length) return `${path}: expected ${expected.length} items, got ${actual.length}: ${show(actual)}`;
    for (let i = 0; i < expected.length; i++) {
      const found = difference(expected[i], actual[i], `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if ('obj' in expected && 'obj' in actual) {
    const expectedKeys = expected.obj.map(([k]) => k);
    const actualKeys = actual.obj.map(([k]) => k);
    if (show(expectedKeys) !== show(actualKeys)) return `${path}: expected keys ${show(expectedKeys)}, got ${show(actualKeys)}`;
    for (let i = 0; i < expected.obj.length; i++) {
      const found = difference(expected.obj[i][1], actual.obj[i][1], `${path}.${expected.obj[i][0]}`);
      if (found) return found;
    }
    return null;
  }
  return `${path}: expected ${show(expected)}, got ${show(actual)}`;
}

// Counts the batch messages themselves (a Table made from none still holds one empty batch).
function countBatches(bytes, format) {
  if (format === 'arrow') {
    const reader = RecordBatchReader.from(bytes);
    reader.open();
    assert.ok(reader.isFile());
    return { records: reader.numRecordBatches, dictionaries: reader.numDictionaries };
  }
  const counts = { records: 0, dictionaries: 0 };
  const reader = new MessageReader(bytes);
  for (const message of reader) {
    if (message.headerType === MessageHeader.RecordBatch) counts.records++;
    if (message.headerType === MessageHeader.DictionaryBatch) counts.dictionaries++;
    if (message.bodyLength > 0) reader.readMessageBody(message.bodyLength);
  }
  return counts;
}

function checkTable(bytes, format, expected, testCase, label) {
  const table = tableFromIPC(bytes);
  assert.deepEqual(
    table.schema.fields.map((f) => f.name),
    expected.columns.map((c) => c.name),
    `${label}: column names`,
  );
  assert.equal(table.numRows, expected.rows.length, `${label}: row count`);
  const counts = countBatches(bytes, format);
  assert.equal(counts.records, expected.batches, `${label}: record batch count`);
  if (testCase.dictionary_batches !== undefined) {
    assert.equal(counts.dictionaries, testCase.dictionary_batches, `${label}: dictionary batch count`);
  }
  for (const [name, typeName] of Object.entries(testCase.expect_types ?? {})) {
    assert.equal(String(table.schema.fields.find((f) => f.name === name).type), typeName, `${label}: type of ${name}`);
  }
  for (const [name, extension] of Object.entries(testCase.expect_extensions ?? {})) {
    assert.equal(extensionOf(table.schema.fields.find((f) => f.name === name)), extension, `${label}: extension of ${name}`);
  }

  let compared = 0;
  table.schema.fields.forEach((field, column) => {
    const vector = table.getChildAt(column);
    let row = 0;
    for (const data of vector.data) {
      assert.equal(data.offset, 0, 'IPC-decoded data starts at offset 0');
      for (let index = 0; index < data.length; index++, row++) {
        const rendered = expected.rows[row][column];
        const wanted = rendered === null ? null : parseDuckJson(rendered);
        const actual = normalize(field, data, index, expected.columns[column].type);
        const found = difference(wanted, actual, `${label} row ${row} ${field.name}`);
        if (found) assert.fail(found);
        compared++;
      }
    }
    assert.equal(row, expected.rows.length);
  });
  return compared;
}

for (const testCase of cases) {
  test(`arrow ipc: ${testCase.name}`, () => {
    const expected = JSON.parse(readFileSync(join(outDir, `${testCase.name}.expected.json`), 'utf8'));
    if (testCase.min_batches) assert.ok(expected.batches >= testCase.min_batches, `at least ${testCase.min_batches} batches`);
    for (const extension of ['arrows', 'arrow']) {
      const bytes = readFileSync(join(outDir, `${testCase.name}.${extension}`));
      const compared = checkTable(bytes, extension, expected, testCase, `${testCase.name}.${extension}`);
      assert.equal(compared, expected.rows.length * expected.columns.length);
    }
  });
}

test('arrow ipc: the file format ends with a footer and magic', () => {
  const bytes = readFileSync(join(outDir, 'multi_batch.arrow'));
  assert.equal(bytes.subarray(0, 6).toString('latin1'), 'ARROW1');
  assert.equal(bytes.subarray(bytes.length - 6).toString('latin1'), 'ARROW1');
  const stream = readFileSync(join(outDir, 'multi_batch.arrows'));
  assert.equal(stream.readUInt32LE(stream.length - 8), 0xffffffff);
  assert.equal(stream.readUInt32LE(stream.length - 4), 0);
});

test('arrow ipc: an empty result is a schema and end-of-stream only', () => {
  const stream = readFileSync(join(outDir, 'empty.arrows'));
  const table = tableFromIPC(stream);
  assert.equal(table.numRows, 0);
  assert.deepEqual(countBatches(stream, 'arrows'), { records: 0, dictionaries: 0 });
  assert.deepEqual(countBatches(readFileSync(join(outDir, 'empty.arrow')), 'arrow'), { records: 0, dictionaries: 0 });
  assert.deepEqual(table.schema.fields.map((f) => f.name), ['i', 's', 'l', 'e']);
  assert.equal(String(table.schema.fields[3].type), 'Dictionary<Uint8, Utf8>');
});
