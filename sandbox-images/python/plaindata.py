"""Plain data across the judge/candidate boundary: a small tagged codec over JSON, and length-prefixed frames.

Only exact built-in types cross: `type(x) is int` (bool apart), float (nan, inf, -0.0 kept), complex, str, bytes,
bytearray, None, list, tuple, dict (any hashable plain keys), set, frozenset, range, the views of a dict (keys(),
values(), items(): rebuilt on a dict of the receiver's own), nested; and, rebuilt from plain data by the receiver, a
few standard-library value types honest code returns (collections.Counter / OrderedDict / defaultdict with a built-in
factory / deque, fractions.Fraction, decimal.Decimal) and exact numpy scalar and numeric-array types. A subclass of any
of these, an object with its own __eq__ or a proxy is not plain data. (Generators, iterators and other objects of the
interpreter's own C types cross as handles: candidate.py and judge.py.)

What makes the boundary safe is the decoder, not the encoder: the candidate controls everything in its own process,
including this module, so whatever bytes it sends, the judge's decoder builds only the types above, with the judge's
own classes. The encoder's strictness only gives an honest "not plain data (<type>)" instead of a wrong answer.

JSON carries None, bool, str, float and small ints natively; a list is a JSON array; every other value is a JSON
object with one tag key, e.g. {"T": [...]} for a tuple, {"D": [[k, v], ...]} for a dict.
"""
import array
import base64
import collections
import decimal
import fractions
import itertools
import json
import operator
import os
import struct
import sys

# Our own references to the builtins this module uses: a candidate that patches builtins (isinstance, type, ...)
# for its own ends changes its own answers, not how they are encoded.
from builtins import (all, any, bool, bytearray, bytes, callable, complex, dict, enumerate, float, frozenset,  # noqa: E402,F401,A004
                      getattr, hasattr, id, int, isinstance, issubclass, iter, len, list, next, repr, reversed, set,
                      str, tuple, type)

MAX_DEPTH = 200
MAX_NODES = 2_000_000
MAX_FRAME = 16 << 20
_SMALL_INT = 1 << 62
_FLAT = {str, float, bool, int, type(None)}
_PACK_MIN = 64
_LIST, _TUPLE = {list}, {tuple}
_KEYS, _VALUES, _ITEMS = type({}.keys()), type({}.values()), type({}.items())


def pin_builtins(*modules):
    """Gives each module its own binding of the builtins, so a candidate that patches builtins (isinstance, type,
    ...) for its own ends does not break the modules that encode its answers (json's encoder uses isinstance)."""
    names = ("isinstance", "issubclass", "type", "len", "str", "int", "float", "list", "dict", "tuple", "id", "repr",
             "iter", "next", "getattr", "hasattr", "callable", "bool", "bytes", "set", "frozenset", "sorted")
    import builtins as real
    for module in modules:
        for name in names:
            module.__dict__.setdefault(name, getattr(real, name))


class NotPlain(Exception):
    """A value that may not cross the boundary; args[0] names its type."""


class Malformed(Exception):
    """Bytes that do not decode to plain data."""


def _b64(packed):
    return base64.b64encode(packed.tobytes()).decode("ascii")


def type_name(x):
    t = type(x)
    module = getattr(t, "__module__", None)
    name = getattr(t, "__qualname__", None) or getattr(t, "__name__", "?")
    return name if module in (None, "builtins") else f"{module}.{name}"


_DEFAULT_FACTORIES = {None: None, int: "int", float: "float", str: "str", list: "list", dict: "dict", set: "set",
                      tuple: "tuple", bool: "bool", frozenset: "frozenset", bytes: "bytes"}
_FACTORY_BY_NAME = {v: k for k, v in _DEFAULT_FACTORIES.items() if v}


class Encoder:
    """Value -> JSON-able tree. `extra(x)` may turn a non-plain value into a tagged tree (handles, numpy) or raise."""

    def __init__(self, extra=None):
        self.extra = extra
        self.nodes = 0
        self.types, self.kinds = None, None
        self.rows_by_reference = False

    def encode(self, x, depth=0):
        self.nodes += 1
        if depth > MAX_DEPTH or self.nodes > MAX_NODES:
            raise NotPlain("a value nested or sized past the limits")
        t = type(x)
        if t is str or t is bool or x is None:
            return x
        if t is int:
            return x if -_SMALL_INT < x < _SMALL_INT else {"I": hex(x)}
        if t is float:
            return x
        if t is list:
            if self.flat(x):
                return self.pack(x)
            if self.types == _LIST and self.flat_rows(x):
                return x
            if self.types == _TUPLE and self.flat_rows(x):
                return {"LT": x}
            d = depth + 1
            return [self.encode(e, d) for e in x]
        if t is tuple:
            if self.flat(x):
                return {"T": self.pack(list(x))}
            d = depth + 1
            return {"T": [self.encode(e, d) for e in x]}
        if t is dict:
            d = depth + 1
            return {"D": [[self.encode(k, d), self.encode(v, d)] for k, v in x.items()]}
        if t is set or t is frozenset:
            if self.flat(x):
                return {"S" if t is set else "F": self.pack(list(x))}
            d = depth + 1
            return {"S" if t is set else "F": [self.encode(e, d) for e in x]}
        if t is bytes:
            return {"B": base64.b64encode(x).decode("ascii")}
        if t is bytearray:
            return {"Y": base64.b64encode(bytes(x)).decode("ascii")}
        if t is complex:
            return {"C": [x.real, x.imag]}
        if t is range:
            return {"W": [self.encode(x.start, depth + 1), self.encode(x.stop, depth + 1), self.encode(x.step, depth + 1)]}
        if t is _KEYS or t is _VALUES:
            d = depth + 1
            return {"VK" if t is _KEYS else "VV": [self.encode(e, d) for e in x]}
        if t is _ITEMS:
            d = depth + 1
            return {"VI": [[self.encode(k, d), self.encode(v, d)] for k, v in x]}
        return self.library(x, t, depth)

    def pack(self, items):
        """A flat list as it is, or, long and all floats (or all ints within 64 bits), as the bytes of a C array:
        a million floats go in milliseconds instead of a second of float-to-text (-0.0, nan and inf kept)."""
        if len(items) < _PACK_MIN or not self.types <= {int, float}:
            return items
        # flat() let only ints within 62 bits through: every int fits the "q" array.
        if len(self.types) == 1:
            floats = float in self.types
            return {"Lf" if floats else "Lq": _b64(array.array("d" if floats else "q", items))}
        # Mostly floats with a few ints, or the other way round (HumanEval's tri: [1, 3, 2.0, 8.0, ...]): the bytes
        # of the common kind with zeros in the gaps, and the others as [index, value] pairs.
        kinds = self.kinds
        base, code, gap = (float, "d", 0.0) if kinds.count(float) * 2 >= len(items) else (int, "q", 0)
        others = list(itertools.compress(range(len(kinds)), map(operator.is_not, kinds, itertools.repeat(base))))
        if len(others) * 8 > len(items):
            return items
        copy = items[:]
        for i in others:
            copy[i] = gap
        packed = array.array(code, copy)
        return {"Lx": [code, _b64(packed), [[i, items[i]] for i in others]]}

    def flat_rows(self, rows):
        """A list of lists (or of tuples) of scalars (a matrix, a list of pairs): checked in one pass over all the
        items in C, and sent as JSON arrays without a walk in Python. Not where rows may be parts of the call's
        arguments (RefEncoder): those go back as references."""
        if self.rows_by_reference:
            return False
        if len(rows) > MAX_NODES:
            raise NotPlain("a value sized past the limits")
        items = list(itertools.chain.from_iterable(rows))
        self.nodes += len(rows)
        return self.flat(items)

    def flat(self, items):
        """True when every item is a scalar JSON carries exactly (str, float, bool, None, an int in range): the
        container then goes as it is, without a walk in Python (the type checks run in C)."""
        kinds = list(map(type, items))
        types = set(kinds)
        self.kinds, self.types = kinds, types
        if not types <= _FLAT:
            return False
        self.nodes += len(items)
        if self.nodes > MAX_NODES:
            raise NotPlain("a value sized past the limits")
        if int in types:
            ints = items if len(types) == 1 else list(itertools.compress(items, map(operator.is_, kinds, itertools.repeat(int))))
            return not ints or (min(ints) > -_SMALL_INT and max(ints) < _SMALL_INT)
        return True

    def library(self, x, t, depth):
        d = depth + 1
        if t is collections.Counter or t is collections.OrderedDict:
            return {"K" if t is collections.Counter else "O":
                    [[self.encode(k, d), self.encode(v, d)] for k, v in x.items()]}
        if t is collections.defaultdict:
            if x.default_factory not in _DEFAULT_FACTORIES:
                raise NotPlain("collections.defaultdict with a default factory of its own")
            return {"Z": [_DEFAULT_FACTORIES[x.default_factory],
                          [[self.encode(k, d), self.encode(v, d)] for k, v in x.items()]]}
        if t is collections.deque:
            return {"Q": [x.maxlen, [self.encode(e, d) for e in x]]}
        if t is fractions.Fraction:
            return {"R": [self.encode(x.numerator, d), self.encode(x.denominator, d)]}
        if t is decimal.Decimal:
            return {"M": str(x)}
        np = sys.modules.get("numpy")
        if np is not None:
            tree = _numpy_encode(np, x, t, self, d)
            if tree is not None:
                return tree
        if self.extra is not None:
            tree = self.extra(x)
            if tree is not None:
                return tree
        raise NotPlain(type_name(x))


_NUMPY_KINDS = "biufc"


def _numpy_encode(np, x, t, enc, depth):
    """Exact numpy scalar and numeric-array types only (not subclasses, not object or string dtypes)."""
    if t is np.ndarray:
        if x.dtype.kind not in _NUMPY_KINDS or x.dtype.fields is not None:
            raise NotPlain(f"numpy.ndarray of dtype {x.dtype}")
        if x.size > MAX_NODES:
            raise NotPlain("a numpy array past the size limit")
        flat = [enc.encode(v.item() if hasattr(v, "item") else v, depth) for v in x.ravel().tolist()]
        return {"A": [x.dtype.str, list(x.shape), flat]}
    if isinstance(x, np.generic) and t.__module__ == "numpy" and getattr(np, t.__name__, None) is t:
        if x.dtype.kind not in _NUMPY_KINDS:
            raise NotPlain(f"numpy scalar {t.__name__}")
        return {"N": [x.dtype.str, enc.encode(x.item(), depth)]}
    return None


REFERABLE = (list, dict, set, bytearray, collections.deque, collections.Counter, collections.OrderedDict,
             collections.defaultdict)


def mutable_parts(values):
    """The mutable containers inside call arguments, in one fixed order (pre-order; list items, dict values, tuple
    and deque items), each occurrence counted: the judge and the candidate number the same structure the same way,
    so an answer can say "argument part k, now holding ..." and the judge updates its own object k in place."""
    found = []
    stack = list(reversed(values))
    while stack:
        x = stack.pop()
        t = type(x)
        if t in REFERABLE:
            found.append(x)
            if len(found) > MAX_NODES:
                break
            if t is list or t is collections.deque:
                items = x
            elif t is not set and t is not bytearray:
                items = list(x.values())
            else:
                continue
        elif t is tuple:
            items = x
        else:
            continue
        if not set(map(type, items)) <= _FLAT:  # scalars hold no parts: no walk over them in Python
            stack.extend(reversed(items))
    return found


class RefEncoder(Encoder):
    """Encodes a call's arguments (and result) after the call: a mutable part of the arguments as received goes back
    as {"P": [k, contents]}, so the judge keeps its own objects (and their identity) and only updates them."""

    def __init__(self, parts, extra=None):
        super().__init__(extra)
        self.refs = {id(x): k for k, x in enumerate(parts)}
        self.inside = set()
        self.rows_by_reference = bool(self.refs)

    def encode(self, x, depth=0):
        k = self.refs.get(id(x))
        if k is None or k in self.inside:
            return Encoder.encode(self, x, depth)
        self.inside.add(k)
        try:
            return {"P": [k, Encoder.encode(self, x, depth)]}
        finally:
            self.inside.discard(k)


def update_in_place(target, contents):
    """Gives the judge's own container the contents the candidate left in its copy."""
    t = type(target)
    if t is not type(contents):
        raise Malformed(f"an argument changed from {t.__name__} to {type(contents).__name__}")
    if t is list or t is bytearray:
        target[:] = contents
    elif t is collections.deque:
        target.clear()
        target.extend(contents)
    else:
        target.clear()
        target.update(contents)
    return target


def dumps(tree):
    return json.dumps(tree, separators=(",", ":"), allow_nan=True)


class Decoder:
    """JSON text -> plain values, built with this process's own types only. `extra(tag, value)` decodes tags of the
    caller's own (handles); anything unknown is Malformed."""

    def __init__(self, extra=None):
        self.extra = extra
        self.parts = None

    def loads(self, text):
        try:
            return json.loads(text, object_hook=self._object)
        except Malformed:
            raise
        except Exception as e:  # noqa: BLE001  (whatever the bytes, the judge gets Malformed, never a crash)
            raise Malformed(f"{type(e).__name__}: {e}") from None

    def _object(self, obj):
        if len(obj) != 1:
            raise Malformed("an object with more than one tag")
        (tag, v), = obj.items()
        if tag == "T":
            return tuple(_list(v))
        if tag == "D":
            return {k: val for k, val in _pairs(v)}
        if tag == "S":
            return set(_list(v))
        if tag == "F":
            return frozenset(_list(v))
        if tag == "I":
            return int(_str(v), 16)
        if tag == "B":
            return base64.b64decode(_str(v), validate=True)
        if tag == "Y":
            return bytearray(base64.b64decode(_str(v), validate=True))
        if tag == "C":
            re, im = _list(v)
            return complex(_float(re), _float(im))
        if tag == "K":
            return collections.Counter(dict(_pairs(v)))
        if tag == "O":
            return collections.OrderedDict(_pairs(v))
        if tag == "Z":
            factory, pairs = _list(v)
            if factory is not None and factory not in _FACTORY_BY_NAME:
                raise Malformed("defaultdict factory")
            return collections.defaultdict(_FACTORY_BY_NAME.get(factory), _pairs(pairs))
        if tag == "Q":
            maxlen, items = _list(v)
            if maxlen is not None and type(maxlen) is not int:
                raise Malformed("deque maxlen")
            return collections.deque(_list(items), maxlen)
        if tag == "R":
            n, d = _list(v)
            if type(n) is not int or type(d) is not int:
                raise Malformed("fraction")
            return fractions.Fraction(n, d)
        if tag == "M":
            return decimal.Decimal(_str(v))
        if tag == "W":
            start, stop, step = _list(v)
            if type(start) is not int or type(stop) is not int or type(step) is not int:
                raise Malformed("range")
            return range(start, stop, step)
        if tag == "VK":
            return dict.fromkeys(_list(v)).keys()
        if tag == "VV":
            return dict(enumerate(_list(v))).values()
        if tag == "VI":
            return dict(_pairs(v)).items()
        if tag == "LT":
            rows = _list(v)
            if not set(map(type, rows)) <= _LIST:
                raise Malformed("a list of tuples with an item that is not one")
            return list(map(tuple, rows))
        if tag == "Lf" or tag == "Lq":
            data = base64.b64decode(_str(v), validate=True)
            if len(data) % 8:
                raise Malformed("a packed list of a partial item")
            return array.array("d" if tag == "Lf" else "q", data).tolist()
        if tag == "Lx":
            code, data, others = _list(v)
            if code not in ("d", "q"):
                raise Malformed("a packed list of an unknown kind")
            data = base64.b64decode(_str(data), validate=True)
            if len(data) % 8:
                raise Malformed("a packed list of a partial item")
            items = array.array(code, data).tolist()
            for pair in _list(others):
                if type(pair) is not list or len(pair) != 2 or type(pair[0]) is not int or not 0 <= pair[0] < len(items) \
                        or type(pair[1]) not in (int, float):
                    raise Malformed("a packed list's other item")
                items[pair[0]] = pair[1]
            return items
        if tag in ("A", "N"):
            return _numpy_decode(tag, v)
        if tag == "P" and self.parts is not None:
            k, contents = _list(v)
            if type(k) is not int or not 0 <= k < len(self.parts):
                raise Malformed("a reference to no argument")
            return update_in_place(self.parts[k], contents)
        if self.extra is not None:
            return self.extra(tag, v)
        raise Malformed(f"unknown tag {tag!r}")


def _list(v):
    if type(v) is not list:
        raise Malformed("a tag's value is not a list")
    return v


def _str(v):
    if type(v) is not str:
        raise Malformed("a tag's value is not a string")
    return v


def _float(v):
    if type(v) not in (int, float):
        raise Malformed("not a number")
    return float(v)


def _pairs(v):
    for pair in _list(v):
        if type(pair) is not list or len(pair) != 2:
            raise Malformed("a dict item is not a pair")
        yield pair[0], pair[1]


def _numpy_decode(tag, v):
    import numpy as np  # only the judge of a candidate that returned numpy values pays for the import
    if tag == "N":
        dtype, value = _list(v)
        dt = np.dtype(_str(dtype))
        if dt.kind not in _NUMPY_KINDS or dt.fields is not None or type(value) not in (bool, int, float, complex):
            raise Malformed("numpy scalar")
        return dt.type(value)
    dtype, shape, flat = _list(v)
    dt = np.dtype(_str(dtype))
    if dt.kind not in _NUMPY_KINDS or dt.fields is not None or any(type(n) is not int or n < 0 for n in _list(shape)):
        raise Malformed("numpy array")
    return np.array(_list(flat), dtype=dt).reshape(shape)


# Frames: a 4-byte big-endian length, then that many bytes of UTF-8 JSON.

def write_frame(fd, tree):
    data = dumps(tree).encode("utf-8", "surrogatepass")
    view = memoryview(struct.pack(">I", len(data)) + data)
    while view:
        view = view[os.write(fd, view):]


def read_exactly(fd, n):
    chunks = []
    while n > 0:
        chunk = os.read(fd, min(n, 1 << 20))
        if not chunk:
            raise EOFError()
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def read_frame(fd, limit=MAX_FRAME):
    """The next frame's text; EOFError at the end of the stream, Malformed past the size limit."""
    (size,) = struct.unpack(">I", read_exactly(fd, 4))
    if size > limit:
        raise Malformed(f"a message of {size} bytes (the limit is {limit})")
    return read_exactly(fd, size).decode("utf-8", "surrogatepass")
