#!/usr/bin/env python3
"""Where a library's bytes go, by crate: an nm-based stand-in for `cargo bloat`
(docs/footprint.md).

    scripts/bloat.py LIB.so [--top N]

Reads the symbol table of an unstripped build (`nm -S -C`), attributes each defined symbol's
size to the crate that its demangled name starts with (`<tract_core::ops::X as Y>::f` counts
for tract_core; `core::`/`alloc::`/`std::` generics instantiated for another crate count for
std), and prints the crates by size with the ELF sections' sizes for scale. Bytes not covered
by any symbol (string literals merged by the linker, unwind tables, relocations) are shown as
the difference.
"""
import collections
import re
import subprocess
import sys


def crate_of(name):
    name = name.lstrip("<&*(")
    if name.startswith("dyn "):
        name = name[4:]
    m = re.match(r"([A-Za-z_][A-Za-z0-9_]*)::", name)
    if m:
        return m.group(1)
    if name.startswith(("uniffi_ichiba", "ffi_ichiba")):
        return "ichiba_bindings (uniffi scaffolding)"
    if name.startswith(("_ZN", "_R")):
        return "(rust, undemangled)"
    return "(C, runtime, unnamed)"


def main():
    args = sys.argv[1:]
    top = 25
    if "--top" in args:
        i = args.index("--top")
        top = int(args[i + 1])
        del args[i:i + 2]
    lib = args[0]
    out = subprocess.run(["nm", "-S", "-C", "--defined-only", lib], check=True,
                         capture_output=True, text=True).stdout
    sizes = collections.Counter()
    kinds = collections.Counter()
    for line in out.splitlines():
        parts = line.split(" ", 3)
        if len(parts) < 4:
            continue
        _, size, kind, name = parts
        n = int(size, 16)
        sizes[crate_of(name)] += n
        kinds["text" if kind in "tTwW" else "data"] += n
    sections = subprocess.run(["size", "-A", lib], check=True, capture_output=True,
                              text=True).stdout
    alloc = 0
    print("section sizes")
    for line in sections.splitlines():
        p = line.split()
        if len(p) == 3 and p[0].startswith(".") and p[1].isdigit() and int(p[1]) > 50_000:
            if not p[0].startswith(".debug") and p[0] not in (".symtab", ".strtab", ".comment"):
                print(f"  {p[0]:<20} {int(p[1]) / 1e6:8.2f} MB")
                alloc += int(p[1])
    total = sum(sizes.values())
    print(f"symbols: {total / 1e6:.2f} MB (code {kinds['text'] / 1e6:.2f}, data "
          f"{kinds['data'] / 1e6:.2f}) of {alloc / 1e6:.2f} MB in the sections above")
    print("by crate")
    for crate, n in sizes.most_common(top):
        print(f"  {crate:<32} {n / 1e6:8.2f} MB {100 * n / total:5.1f}%")
    rest = sum(n for _, n in sizes.most_common()[top:])
    print(f"  {'(the rest)':<32} {rest / 1e6:8.2f} MB")


if __name__ == "__main__":
    main()
