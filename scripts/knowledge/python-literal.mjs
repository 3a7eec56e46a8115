// Reads the small subset of Python that Airflow's configuration tables are written in:
// string, number, True/False/None, tuples, lists, dicts and calls with keyword arguments.
// Anything else throws, so a change upstream stops the generator instead of going unnoticed.

/** The source text of the bracketed literal that follows `marker` (e.g. "CONFIGS_CHANGES = ["). */
export function literalAfter(source, marker) {
  const at = source.indexOf(marker);
  if (at < 0) throw new Error(`marker not found: ${marker}`);
  const open = at + marker.length - 1;
  const close = matchingBracket(source, open);
  return source.slice(open, close + 1);
}

function matchingBracket(text, open) {
  const pairs = { "(": ")", "[": "]", "{": "}" };
  const stack = [];
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === "#") {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (c === '"' || c === "'") {
      i = endOfString(text, i);
    } else if (pairs[c]) {
      stack.push(pairs[c]);
    } else if (c === ")" || c === "]" || c === "}") {
      if (stack.pop() !== c) throw new Error(`unbalanced ${c} at ${i}`);
      if (stack.length === 0) return i;
    }
  }
  throw new Error("unterminated literal");
}

function endOfString(text, start) {
  const q = text[start];
  if (text.startsWith(q.repeat(3), start)) throw new Error(`triple-quoted string at ${start}`);
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === q) return i;
    else if (text[i] === "\n") throw new Error(`newline in string at ${start}`);
  }
  throw new Error("unterminated string");
}

function tokenize(text) {
  const tokens = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) i++;
    else if (c === "#") while (i < text.length && text[i] !== "\n") i++;
    else if (c === '"' || c === "'") {
      const end = endOfString(text, i);
      tokens.push({ t: "str", v: unescapePython(text.slice(i + 1, end)) });
      i = end + 1;
    } else if ("()[]{},:=".includes(c)) {
      tokens.push({ t: c });
      i++;
    } else {
      const m = /^(-?\d+(?:\.\d+)?)|^([A-Za-z_][A-Za-z0-9_.]*)/.exec(text.slice(i));
      if (!m) throw new Error(`unexpected character ${JSON.stringify(c)} at ${i}`);
      tokens.push(m[1] !== undefined ? { t: "num", v: Number(m[1]) } : { t: "name", v: m[2] });
      i += m[0].length;
    }
  }
  return tokens;
}

function unescapePython(body) {
  return body.replace(/\\(.)/g, (_, ch) => {
    if (ch === "n") return "\n";
    if (ch === "t") return "\t";
    if (ch === "\\" || ch === '"' || ch === "'") return ch;
    throw new Error(`unsupported escape \\${ch}`);
  });
}

/**
 * Parses one literal. Calls become `{ call, args, kwargs }`, tuples and lists arrays, dicts
 * `Map`s (their keys are tuples).
 */
export function parsePythonLiteral(text) {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = () => tokens[pos];
  const expect = (t) => {
    const tok = tokens[pos++];
    if (!tok || tok.t !== t) throw new Error(`expected ${t}, got ${tok ? tok.t : "end"} at token ${pos - 1}`);
    return tok;
  };
  const sequence = (close, item) => {
    const items = [];
    while (peek()?.t !== close) {
      items.push(item());
      if (peek()?.t === ",") pos++;
      else break;
    }
    expect(close);
    return items;
  };
  const value = () => {
    const tok = tokens[pos++];
    if (!tok) throw new Error("unexpected end");
    if (tok.t === "str") {
      let s = tok.v;
      while (peek()?.t === "str") s += tokens[pos++].v; // implicit concatenation
      return s;
    }
    if (tok.t === "num") return tok.v;
    if (tok.t === "(") return sequence(")", value);
    if (tok.t === "[") return sequence("]", value);
    if (tok.t === "{") {
      const map = new Map();
      sequence("}", () => {
        const k = value();
        expect(":");
        map.set(JSON.stringify(k), value());
      });
      return map;
    }
    if (tok.t === "name") {
      if (tok.v === "True") return true;
      if (tok.v === "False") return false;
      if (tok.v === "None") return null;
      expect("(");
      const args = [];
      const kwargs = {};
      sequence(")", () => {
        if (peek()?.t === "name" && tokens[pos + 1]?.t === "=") {
          const name = tokens[pos].v;
          pos += 2;
          kwargs[name] = value();
        } else args.push(value());
      });
      return { call: tok.v, args, kwargs };
    }
    throw new Error(`unexpected ${tok.t} at token ${pos - 1}`);
  };
  const result = value();
  if (pos !== tokens.length) throw new Error(`trailing tokens after literal at ${pos}`);
  return result;
}
