'use strict';
// Plain data across the judge/candidate boundary. encode() is strict: exact built-in types only (primitives, arrays
// and objects with the original prototypes and own enumerable data properties, Map, Set, Date); anything else throws
// NotPlain naming what it met. decode() builds fresh values with the decoding process's own intrinsics and never
// runs code of the value (no setters, no prototypes taken from the data). Wire form: JSON where finite numbers,
// strings, booleans and null stand for themselves and everything else is an array whose first item is a tag.
const util = require('util');
const { isProxy, isMap, isSet, isDate } = util.types;
const { getPrototypeOf, getOwnPropertyDescriptor, defineProperty, create, freeze, is } = Object;
const { ownKeys } = Reflect;
const { isArray } = Array;
const ArrayProto = Array.prototype;
const ObjectProto = Object.prototype;
const MapProto = Map.prototype;
const SetProto = Set.prototype;
const DateProto = Date.prototype;
const mapEntries = Function.prototype.call.bind(MapProto.entries);
const setValues = Function.prototype.call.bind(SetProto.values);
const dateTime = Function.prototype.call.bind(DateProto.getTime);
const bigintString = Function.prototype.call.bind(BigInt.prototype.toString);
const mapSet = Function.prototype.call.bind(MapProto.set);
const setAdd = Function.prototype.call.bind(SetProto.add);
const fnToString = Function.prototype.call.bind(Function.prototype.toString);
const setHas = Function.prototype.call.bind(SetProto.has);
const setDelete = Function.prototype.call.bind(SetProto.delete);
const iterNext = Function.prototype.call.bind(getPrototypeOf(new Map().entries()).next);
const setIterNext = Function.prototype.call.bind(getPrototypeOf(new Set().values()).next);
const regexTest = Function.prototype.call.bind(RegExp.prototype.test);
const intrinsics = freeze({ Array, Object, Map, Set, Date });
const BigIntOf = BigInt;
// The encoder runs in the candidate's process too: it uses only references taken when this module loaded, so a
// candidate that patches Array.prototype.push, Set or the iterators does not garble its own honest answers.
const append = (list, item) => { list[list.length] = item; };
const MAX_DEPTH = 200;
const MAX_NODES = 5_000_000;

class NotPlain extends Error {}

function what(v) {
  try {
    if (isProxy(v)) return 'a Proxy';
    if (typeof v === 'function') return /^class\b/.test(fnToString(v)) ? 'a class' : 'a function';
    if (typeof v === 'symbol') return 'a symbol';
    const proto = getPrototypeOf(v);
    if (proto === null || proto === ObjectProto) return 'an object';
    const ctor = getOwnPropertyDescriptor(proto, 'constructor');
    const name = ctor && typeof ctor.value === 'function' && typeof ctor.value.name === 'string' ? ctor.value.name : '';
    return name ? 'an instance of ' + name.slice(0, 60) : 'an object with a custom prototype';
  } catch (e) {
    return 'an object that throws when inspected';
  }
}

/** The wire form of v, or throws NotPlain. `refs` (a call's own arguments) turns a returned argument into a reference. */
function encode(v, refs) {
  const path = new Set();
  const pathAdd = (x) => setAdd(path, x);
  let nodes = 0;
  const enc = (x, depth) => {
    if (++nodes > MAX_NODES) throw new NotPlain('a value with more than ' + MAX_NODES + ' parts');
    switch (typeof x) {
      case 'number':
        if (x !== x) return ['n', 'NaN'];
        if (x === Infinity) return ['n', 'Infinity'];
        if (x === -Infinity) return ['n', '-Infinity'];
        if (is(x, -0)) return ['n', '-0'];
        return x;
      case 'string': case 'boolean': return x;
      case 'undefined': return ['u'];
      case 'bigint': return ['b', bigintString(x)];
      case 'symbol': case 'function': throw new NotPlain(what(x));
    }
    if (x === null) return null;
    if (isProxy(x)) throw new NotPlain('a Proxy');
    if (refs && depth === 0) for (let i = 0; i < refs.length; i++) if (refs[i] === x) return ['r', i];
    if (depth >= MAX_DEPTH) throw new NotPlain('a value nested deeper than ' + MAX_DEPTH + ' levels');
    if (setHas(path, x)) throw new NotPlain('a cyclic structure');
    pathAdd(x);
    const proto = getPrototypeOf(x);
    let out;
    if (isArray(x)) {
      if (proto !== ArrayProto) throw new NotPlain('an array with a changed prototype (' + what(x) + ')');
      const keys = ownKeys(x);
      const len = x.length;
      if (keys.length > len + 1) throw new NotPlain('an array with extra properties');
      out = ['a'];
      for (let i = 0; i < len; i++) {
        const d = getOwnPropertyDescriptor(x, i);
        if (d === undefined) { append(out, ['h']); continue; }
        if (!('value' in d)) throw new NotPlain('an array with a getter at index ' + i);
        append(out, enc(d.value, depth + 1));
      }
    } else if (proto === ObjectProto || proto === null) {
      out = [proto === null ? 'O' : 'o'];
      for (const k of ownKeys(x)) {
        if (typeof k === 'symbol') throw new NotPlain('an object with a symbol-keyed property (' + String(k).slice(0, 60) + ')');
        const d = getOwnPropertyDescriptor(x, k);
        if (!('value' in d)) throw new NotPlain('an object with a getter or setter "' + k.slice(0, 60) + '"');
        if (!d.enumerable) throw new NotPlain('an object with a hidden property "' + k.slice(0, 60) + '"');
        append(out, k);
        append(out, enc(d.value, depth + 1));
      }
    } else if (proto === MapProto && isMap(x) && ownKeys(x).length === 0) {
      out = ['m'];
      const it = mapEntries(x);
      for (let step = iterNext(it); !step.done; step = iterNext(it)) {
        append(out, enc(step.value[0], depth + 1));
        append(out, enc(step.value[1], depth + 1));
      }
    } else if (proto === SetProto && isSet(x) && ownKeys(x).length === 0) {
      out = ['s'];
      const it = setValues(x);
      for (let step = setIterNext(it); !step.done; step = setIterNext(it)) append(out, enc(step.value, depth + 1));
    } else if (proto === DateProto && isDate(x) && ownKeys(x).length === 0) {
      const t = dateTime(x);
      out = ['t', t === t ? t : 'NaN'];
    } else {
      throw new NotPlain(what(x));
    }
    setDelete(path, x);
    return out;
  };
  return enc(v, 0);
}

class Malformed extends Error {}

/**
 * A fresh value from its wire form, built with this process's intrinsics (`realm` may give another context's
 * Array/Object/Map/Set/Date constructors). Reference tags resolve through `refs` (an array), else are malformed.
 */
function decode(w, refs, realm) {
  const R = realm || intrinsics;
  let nodes = 0;
  const dec = (x, depth) => {
    if (++nodes > MAX_NODES || depth > MAX_DEPTH + 1) throw new Malformed('too large or too deep');
    if (x === null || typeof x === 'number' || typeof x === 'string' || typeof x === 'boolean') return x;
    if (!isArray(x) || typeof x[0] !== 'string') throw new Malformed('unknown value');
    const tag = x[0];
    switch (tag) {
      case 'u': return undefined;
      case 'n': {
        const m = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 };
        if (!Object.prototype.hasOwnProperty.call(m, x[1])) throw new Malformed('bad number');
        return m[x[1]];
      }
      case 'b':
        if (typeof x[1] !== 'string' || !regexTest(/^-?\d{1,100000}$/, x[1])) throw new Malformed('bad bigint');
        return BigIntOf(x[1]);
      case 'r':
        if (!refs || !Number.isInteger(x[1]) || x[1] < 0 || x[1] >= refs.length || depth !== 0) throw new Malformed('bad reference');
        return refs[x[1]];
      case 'a': {
        const a = new R.Array(x.length - 1);
        for (let i = 1; i < x.length; i++) {
          const item = x[i];
          if (isArray(item) && item[0] === 'h' && item.length === 1) continue;
          a[i - 1] = dec(item, depth + 1);
        }
        return a;
      }
      case 'o': case 'O': {
        if (x.length % 2 !== 1) throw new Malformed('bad object');
        const o = tag === 'O' ? R.Object.create(null) : new R.Object();
        for (let i = 1; i < x.length; i += 2) {
          if (typeof x[i] !== 'string') throw new Malformed('bad key');
          defineProperty(o, x[i], { value: dec(x[i + 1], depth + 1), writable: true, enumerable: true, configurable: true });
        }
        return o;
      }
      case 'm': {
        if (x.length % 2 !== 1) throw new Malformed('bad map');
        const m = new R.Map();
        for (let i = 1; i < x.length; i += 2) mapSet(m, dec(x[i], depth + 1), dec(x[i + 1], depth + 1));
        return m;
      }
      case 's': {
        const s = new R.Set();
        for (let i = 1; i < x.length; i++) setAdd(s, dec(x[i], depth + 1));
        return s;
      }
      case 't':
        if (x[1] !== 'NaN' && typeof x[1] !== 'number') throw new Malformed('bad date');
        return new R.Date(x[1] === 'NaN' ? NaN : x[1]);
      default:
        throw new Malformed('unknown tag');
    }
  };
  return dec(w, 0);
}

/**
 * Makes `target` (an argument the judge passed) look like `fresh` (the candidate's view of it after the call) in
 * place, keeping the identity of nested arrays and objects where both sides still have one of the same kind.
 */
function syncInto(target, fresh, depth) {
  depth = depth || 0;
  if (depth > MAX_DEPTH) return;
  const same = (a, b) => a !== null && b !== null && typeof a === 'object' && typeof b === 'object'
      && isArray(a) === isArray(b) && isMap(a) === isMap(b) && isSet(a) === isSet(b) && !isDate(a) && !isDate(b);
  if (isArray(target) && isArray(fresh)) {
    for (let i = 0; i < fresh.length; i++) {
      if (!(i in fresh)) { delete target[i]; continue; }
      if (same(target[i], fresh[i])) syncInto(target[i], fresh[i], depth + 1);
      else target[i] = fresh[i];
    }
    target.length = fresh.length;
  } else if (isMap(target) && isMap(fresh)) {
    target.clear();
    for (const [k, v] of fresh) target.set(k, v);
  } else if (isSet(target) && isSet(fresh)) {
    target.clear();
    for (const v of fresh) target.add(v);
  } else if (same(target, fresh)) {
    for (const k of ownKeys(target)) if (!Object.prototype.hasOwnProperty.call(fresh, k)) delete target[k];
    for (const k of ownKeys(fresh)) {
      if (same(target[k], fresh[k]) && Object.prototype.hasOwnProperty.call(target, k)) syncInto(target[k], fresh[k], depth + 1);
      else defineProperty(target, k, { value: fresh[k], writable: true, enumerable: true, configurable: true });
    }
  }
}

module.exports = freeze({ encode, decode, syncInto, NotPlain, Malformed, what });
