#!/usr/bin/env python3
"""Writes a given RUNPATH into built ELF files, in place, as `meson install`
does when it replaces the build tree's search path by install_rpath.

    set_runpath.py [--stamp FILE] ELF RUNPATH [ELF RUNPATH ...]

Used for wheels only (meson.build says why): meson-python 0.12 packs the
build tree's files as they are.  The new RUNPATH must fit into the old
string (Meson links with a build-tree RUNPATH at least as long as the
install_rpath, for its own installer's sake), and replaces DT_RPATH too.
Standard library only: the build must not need patchelf.
"""
import struct
import sys

DT_NULL, DT_STRTAB, DT_RPATH, DT_RUNPATH = 0, 5, 15, 29
PT_LOAD, PT_DYNAMIC = 1, 2


def set_runpath(path: str, runpath: str) -> None:
    with open(path, "rb") as f:
        data = bytearray(f.read())
    if data[:4] != b"\x7fELF":
        raise SystemExit(f"{path}: not an ELF file")
    is64 = data[4] == 2
    order = "<" if data[5] == 1 else ">"
    if is64:
        phoff, = struct.unpack_from(order + "Q", data, 0x20)
        phentsize, phnum = struct.unpack_from(order + "HH", data, 0x36)
        phdr_format, dyn_format = order + "IIQQQQQQ", order + "qQ"
    else:
        phoff, = struct.unpack_from(order + "I", data, 0x1C)
        phentsize, phnum = struct.unpack_from(order + "HH", data, 0x2A)
        phdr_format, dyn_format = order + "IIIIIIII", order + "iI"

    loads, dynamic = [], None
    for i in range(phnum):
        fields = struct.unpack_from(phdr_format, data, phoff + i * phentsize)
        if is64:
            p_type, _, p_offset, p_vaddr, _, p_filesz, _, _ = fields
        else:
            p_type, p_offset, p_vaddr, _, p_filesz, _, _, _ = fields
        if p_type == PT_LOAD:
            loads.append((p_vaddr, p_offset, p_filesz))
        elif p_type == PT_DYNAMIC:
            dynamic = (p_offset, p_filesz)
    if dynamic is None:
        raise SystemExit(f"{path}: no dynamic section")

    def file_offset(address):
        for vaddr, offset, size in loads:
            if vaddr <= address < vaddr + size:
                return address - vaddr + offset
        raise SystemExit(f"{path}: address {address:#x} is in no loaded segment")

    entry_size = struct.calcsize(dyn_format)
    entries = []  # (file offset of the entry, tag, value)
    for offset in range(dynamic[0], dynamic[0] + dynamic[1], entry_size):
        tag, value = struct.unpack_from(dyn_format, data, offset)
        if tag == DT_NULL:
            break
        entries.append((offset, tag, value))
    strtab = next((file_offset(v) for _, t, v in entries if t == DT_STRTAB), None)
    paths = [(o, v) for o, t, v in entries if t in (DT_RPATH, DT_RUNPATH)]
    if strtab is None or not paths:
        raise SystemExit(f"{path}: no RUNPATH to replace")
    new = runpath.encode()
    for _, value in paths:
        start = strtab + value
        old_length = data.index(b"\0", start) - start
        if len(new) > old_length:
            raise SystemExit(f"{path}: RUNPATH {runpath!r} does not fit into {data[start:start + old_length]!r}")
        data[start:start + old_length] = new.ljust(old_length, b"\0")
    with open(path, "r+b") as f:
        f.write(data)


def main(argv):
    stamp = None
    if argv[:1] == ["--stamp"]:
        stamp, argv = argv[1], argv[2:]
    if not argv or len(argv) % 2:
        raise SystemExit(__doc__)
    for path, runpath in zip(argv[::2], argv[1::2]):
        # An empty RUNPATH is not "none": the loader reads it as the
        # current directory.
        if not runpath:
            raise SystemExit(f"{path}: empty RUNPATH")
        set_runpath(path, runpath)
    if stamp:
        with open(stamp, "w") as f:
            f.write("\n".join(argv[::2]) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
