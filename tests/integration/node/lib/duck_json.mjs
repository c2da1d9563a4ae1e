// Parses JSON as DuckDB's to_json writes it, keeping what JSON.parse would lose: numbers stay exact
// text ({num: '123...'}, including DuckDB's Infinity/-Infinity/NaN) and objects keep their key
// order ({obj: [[key, value], ...]}).
export function parseDuckJson(text) {
  let at = 0;
  const fail = (what) => {
    throw new SyntaxError(`${what} at ${at} in ${JSON.stringify(text)}`);
  };
  const skipSpace = () => {
    while (at < text.length && ' \t\n\r'.includes(text[at])) at++;
  };
  const expectWord = (word, value) => {
    if (!text.startsWith(word, at)) fail(`expected ${word}`);
    at += word.length;
    return value;
  };

  function value() {
    skipSpace();
    const c = text[at];
    if (c === '{') return object();
    if (c === '[') return array();
    if (c === '"') return string();
    if (c === 't') return expectWord('true', true);
    if (c === 'f') return expectWord('false', false);
    if (c === 'n') return expectWord('null', null);
    if (c === 'N') return expectWord('NaN', { num: 'NaN' });
    if (c === 'I') return expectWord('Infinity', { num: 'Infinity' });
    if (c === '-' && text.startsWith('-Infinity', at)) return expectWord('-Infinity', { num: '-Infinity' });
    const match = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(at));
    if (!match) fail('unexpected character');
    at += match[0].length;
    return { num: match[0] };
  }

  function string() {
    at++;
    let out = '';
    while (true) {
      if (at >= text.length) fail('unterminated string');
      const c = text[at++];
      if (c === '"') return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = text[at++];
      const simple = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
      if (e in simple) {
        out += simple[e];
      } else if (e === 'u') {
        out += String.fromCharCode(parseInt(text.slice(at, at + 4), 16));
        at += 4;
      } else {
        fail('bad escape');
      }
    }
  }

  function array() {
    at++;
    const items = [];
    skipSpace();
    if (text[at] === ']') {
      at++;
      return items;
    }
    while (true) {
      items.push(value());
      skipSpace();
      const c = text[at++];
      if (c === ']') return items;
      if (c !== ',') fail('expected , or ]');
    }
  }

  function object() {
    at++;
    const pairs = [];
    skipSpace();
    if (text[at] === '}') {
      at++;
      return { obj: pairs };
    }
    while (true) {
      skipSpace();
      if (text[at] !== '"') fail('expected a key');
      const key = string();
      skipSpace();
      if (text[at++] !== ':') fail('expected :');
      pairs.push([key, value()]);
      skipSpace();
      const c = text[at++];
      if (c === '}') return { obj: pairs };
      if (c !== ',') fail('expected , or }');
    }
  }

  const result = value();
  skipSpace();
  if (at !== text.length) fail('trailing characters');
  return result;
}
