#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets into fuzz/corpus/.

Run it after changing a seed here; the corpora are committed, so the fuzzers
start from the same inputs everywhere.  The MessagePack bytes are written by
hand with struct.pack rather than by a msgpack library, so that the seeds
include encodings such a library would never choose (a small int as uint 64,
a str 16 holding three bytes) and malformed data no library would produce.

    /usr/bin/python3 fuzz/make_corpus.py
"""

import pathlib
import struct

CORPUS = pathlib.Path(__file__).resolve().parent / "corpus"


# MessagePack, the pieces a config dict's bytes are made of.

def fixstr(text):
    data = text.encode()
    assert len(data) < 32
    return bytes([0xA0 | len(data)]) + data


def str8(text):
    data = text.encode()
    return struct.pack(">BB", 0xD9, len(data)) + data


def str16(text):
    data = text.encode()
    return struct.pack(">BH", 0xDA, len(data)) + data


def str32(text):
    data = text.encode()
    return struct.pack(">BI", 0xDB, len(data)) + data


def positive_fixint(value):
    assert 0 <= value < 128
    return bytes([value])


def negative_fixint(value):
    assert -32 <= value < 0
    return struct.pack(">b", value)


def uint8(value):
    return struct.pack(">BB", 0xCC, value)


def uint16(value):
    return struct.pack(">BH", 0xCD, value)


def uint32(value):
    return struct.pack(">BI", 0xCE, value)


def uint64(value):
    return struct.pack(">BQ", 0xCF, value)


def int8(value):
    return struct.pack(">Bb", 0xD0, value)


def int16(value):
    return struct.pack(">Bh", 0xD1, value)


def int32(value):
    return struct.pack(">Bi", 0xD2, value)


def int64(value):
    return struct.pack(">Bq", 0xD3, value)


def float32(value):
    return struct.pack(">Bf", 0xCA, value)


def float64(value):
    return struct.pack(">Bd", 0xCB, value)


NIL = b"\xc0"
TRUE = b"\xc3"


def fixarray(*items):
    assert len(items) < 16
    return bytes([0x90 | len(items)]) + b"".join(items)


def fixmap(*pairs):
    assert len(pairs) < 16
    return bytes([0x80 | len(pairs)]) + b"".join(k + v for k, v in pairs)


def dict_bytes(*pairs):
    """A config dict's serialization: keys and values alternating, no header."""
    return b"".join(key + value for key, value in pairs)


CONFIG_DICT_SEEDS = {
    # Accepted.
    "empty": b"",
    "ivp_options": dict_bytes(
        (fixstr("max_num_steps"), uint32(500000)),
        (fixstr("first_step"), float64(1e-6)),
        (fixstr("method"), fixstr("bdf")),
    ),
    "ints_every_width": dict_bytes(
        (fixstr("fix"), positive_fixint(7)),
        (fixstr("neg"), negative_fixint(-5)),
        (fixstr("u8"), uint8(200)),
        (fixstr("u16"), uint16(60000)),
        (fixstr("u32"), uint32(4000000000)),
        (fixstr("i8"), int8(-100)),
        (fixstr("i16"), int16(-30000)),
        (fixstr("i32"), int32(-2000000000)),
    ),
    "ints_beyond_int": dict_bytes(
        (fixstr("int64_min"), int64(-(2**63))),
        (fixstr("int64_max"), uint64(2**63 - 1)),
        (fixstr("int_max_plus_1"), int64(2**31)),
        (fixstr("small_as_uint64"), uint64(3)),
    ),
    "floats": dict_bytes(
        (fixstr("f32"), float32(1.5)),
        (fixstr("f64"), float64(0.1)),
        (fixstr("neg_zero"), float64(-0.0)),
        (fixstr("inf"), float64(float("inf"))),
        (fixstr("nan"), float64(float("nan"))),
        (fixstr("tiny"), float64(5e-324)),
        (fixstr("f32_nan"), float32(float("nan"))),
    ),
    "strings_every_width": dict_bytes(
        (fixstr("fixstr"), fixstr("bdf")),
        (str8("str8"), str8("adams")),
        (str16("str16"), str16("LN_BOBYQA")),
        (str32("str32"), str32("x")),
        (fixstr("empty"), fixstr("")),
        (fixstr(""), fixstr("empty key")),
        (fixstr("utf8"), fixstr("h\u00e9")),
    ),
    "long_string": dict_bytes((fixstr("long"), str16("y" * 300))),
    "repeated_key": dict_bytes(
        (fixstr("a"), positive_fixint(1)),
        (fixstr("b"), fixstr("two")),
        (fixstr("a"), float64(3.0)),
    ),
    # Refused.
    "odd_count": dict_bytes((fixstr("a"), positive_fixint(1))) + fixstr("b"),
    "truncated_float": fixstr("a") + float64(2.5)[:5],
    "truncated_str": fixstr("a") + str16("abcdef")[:5],
    "truncated_key": dict_bytes((fixstr("a"), positive_fixint(1))) + str8("bcd")[:3],
    "int_key": dict_bytes((positive_fixint(1), positive_fixint(2))),
    "float_key": dict_bytes((float64(1.0), fixstr("one"))),
    "nil_and_bool": dict_bytes((fixstr("n"), NIL), (fixstr("t"), TRUE)),
    "nested_array": dict_bytes((fixstr("a"), fixarray(positive_fixint(1), fixstr("x")))),
    "nested_map": dict_bytes((fixstr("m"), fixmap((fixstr("k"), float32(2.0))))),
    "huge_array_header": fixstr("a") + struct.pack(">BI", 0xDD, 0xFFFFFFFF),
    "huge_map_header": fixstr("m") + struct.pack(">BI", 0xDF, 0xFFFFFFFF),
    "bin_value": dict_bytes((fixstr("b"), struct.pack(">BB", 0xC4, 2) + b"\x00\x01")),
    "ext_value": dict_bytes((fixstr("e"), struct.pack(">Bb", 0xD4, 1) + b"\x2a")),
    "nul_in_str": dict_bytes((fixstr("a"), fixstr("x\x00y"))),
    "reserved_byte": fixstr("a") + b"\xc1",
    "uint64_beyond_int64": dict_bytes((fixstr("big"), uint64(2**64 - 1))),
}

CONF_FILE_SEEDS = {
    "c.conf": b"c\nliboif_ivp_dopri5c\n",
    "python.conf": b"python\nscipy_ode ScipyODE\n",
    "empty.conf": b"",
    "one_line.conf": b"c\n",
    "no_final_newline.conf": b"c\nliboif_test_qeq_fake",
    "crlf.conf": b"c\r\nliboif_qeq_c\r\n",
    "surrounding_blanks.conf": b"  \tpython \t\n\v scipy_ode ScipyODE \f\n",
    "blank_second_line.conf": b"c\n   \n",
    "blank_first_line.conf": b"\nc\nliboif_qeq_c\n",
    "third_line.conf": b"c\nliboif_qeq_c\nanything after the two lines\n",
    "long_lines.conf": b"c" * 2000 + b"\n" + b"d" * 3000 + b"\n",
    "binary.conf": b"c\x00\x01\x02\nlib\x00x\n",
    "high_bytes.conf": b"\xff\xfe\x80\n\xc3\xa9t\xe9\n",
    # One byte over the parser's 64 KiB limit; the fuzzer's mutations of it
    # probe both sides of that limit.
    "too_large.conf": b"c\n" + b"x" * (64 * 1024 - 1),
}


def write(folder, seeds):
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in seeds.items():
        (folder / name).write_bytes(data)


def main():
    write(CORPUS / "config_dict", CONFIG_DICT_SEEDS)
    write(CORPUS / "conf_file", CONF_FILE_SEEDS)


if __name__ == "__main__":
    main()
