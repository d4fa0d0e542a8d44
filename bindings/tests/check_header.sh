#!/usr/bin/env bash
# The Swift side without a Swift compiler: compiles the generated C header (ichibaFFI.h)
# with gcc, lists every function it declares, and checks that each one is exported by the
# built library — by `nm -D` and by linking a program that takes every function's address.
#
#   bindings/tests/check_header.sh HEADER LIBDIR
set -euo pipefail
header=$1
libdir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Clang's nullability qualifiers mean nothing to gcc.
flags=(-std=c11 -Wall -Werror -D_Nonnull= -D_Nullable= -D_Null_unspecified= -I "$(dirname "$header")")
printf '#include "%s"\n' "$(basename "$header")" >"$work/decl.c"
gcc "${flags[@]}" -fsyntax-only -aux-info "$work/aux.txt" "$work/decl.c"
# -aux-info writes one prototype per line, tagged with the file it came from.
grep -F "$(basename "$header"):" "$work/aux.txt" |
  sed -E 's/^\/\*[^*]*\*\/ *//; s/\(.*$//; s/.*[ *]([A-Za-z_][A-Za-z0-9_]*) *$/\1/' |
  sort -u >"$work/declared.txt"
n=$(wc -l <"$work/declared.txt")
[ "$n" -gt 0 ] || { echo "no functions found in $header" >&2; exit 1; }

nm -D --defined-only "$libdir/libichiba_bindings.so" | awk '$2 == "T" { print $3 }' | sort -u >"$work/exported.txt"
missing=$(comm -23 "$work/declared.txt" "$work/exported.txt")
if [ -n "$missing" ]; then
  echo "declared in $header but not exported by libichiba_bindings.so:" >&2
  echo "$missing" >&2
  exit 1
fi

{
  printf '#include "%s"\n#include <stdio.h>\n' "$(basename "$header")"
  printf 'static void *const symbols[] = {\n'
  sed 's/.*/    (void *)\&&,/' "$work/declared.txt"
  printf '};\nint main(void) {\n'
  printf '    RustCallStatus status = {0};\n'
  printf '    uint32_t contract = ffi_ichiba_bindings_uniffi_contract_version();\n'
  printf '    printf("%%zu functions linked, uniffi contract %%u\\n", sizeof symbols / sizeof *symbols, contract);\n'
  printf '    (void)status;\n    return contract == 0;\n}\n'
} >"$work/link.c"
gcc "${flags[@]}" "$work/link.c" -L "$libdir" -lichiba_bindings -Wl,-rpath,"$libdir" -o "$work/link"
"$work/link"
echo "header: $n declared functions, all exported and linkable"
