#!/usr/bin/env bash
# Real-code benchmark of the LLVM front end and both allocators (not part of the test suite).
#
# Rebuilds everything under out/llvm-bench/ (git-ignored; nothing third-party is committed):
#   1. downloads source distributions of C-bearing packages from PyPI with pip;
#   2. compiles every .c file in them with Debian's clang at -O2 to textual IR (.ll);
#      files that do not compile stand-alone (missing generated config headers,
#      other platforms) are counted and left out;
#   3. lowers every module with `regalloc llvm` (one interchange-JSON file per lowered
#      function, the lowered/skipped summary with reasons, lowering time);
#   4. runs `regalloc bench` with the ion and fast allocators on the lowered functions.
#
# Needs clang (apt-get install clang-19; the newest clang Debian offers is used) and
# llvmlite (pip install 'regalloc[llvm]').  Usage: scripts/llvm_benchmark.sh [PACKAGE...]
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
REGALLOC=.venv/bin/regalloc
OUT=out/llvm-bench
PACKAGES=("$@")
if [ ${#PACKAGES[@]} -eq 0 ]; then
  PACKAGES=(brotli zstandard lz4 xxhash pyppmd pybcj ujson mmh3 bitarray)
fi

CLANG=""
for candidate in clang-19 clang-18 clang-17 clang-16 clang-15 clang-14 clang; do
  if command -v "$candidate" >/dev/null 2>&1; then CLANG=$candidate; break; fi
done
if [ -z "$CLANG" ]; then
  echo "llvm_benchmark: no clang found; install one with: apt-get install clang-19" >&2
  exit 1
fi
PY_INCLUDE=$($PY -c 'import sysconfig; print(sysconfig.get_paths()["include"])')

rm -rf "$OUT"
mkdir -p "$OUT/sdist" "$OUT/src" "$OUT/ll" "$OUT/json"
echo "== downloading: ${PACKAGES[*]}"
for pkg in "${PACKAGES[@]}"; do
  $PY -m pip download --quiet --no-binary :all: --no-deps --dest "$OUT/sdist" "$pkg" 2>/dev/null \
    || echo "llvm_benchmark: could not download $pkg, skipping it" >&2
done
for archive in "$OUT"/sdist/*; do
  name=$(basename "$archive")
  name=${name%.tar.gz}; name=${name%.zip}
  mkdir -p "$OUT/src/$name"
  case "$archive" in
    *.zip) $PY -m zipfile -e "$archive" "$OUT/src/$name" ;;
    *) tar -xzf "$archive" -C "$OUT/src/$name" ;;
  esac
done

echo "== compiling with $CLANG -O2"
compiled=0; failed=0
for pkgdir in "$OUT"/src/*; do
  pkg=$(basename "$pkgdir")
  # Every directory holding headers, and its parent (for <lib/header.h>), is an include
  # directory: the packages' own layouts vary.
  includes=()
  while IFS= read -r dir; do
    includes+=("-I$dir" "-I$(dirname "$dir")")
  done < <(find "$pkgdir" -name '*.h' -printf '%h\n' | sort -u)
  while IFS= read -r -d '' cfile; do
    rel=${cfile#"$pkgdir"/*/}
    target="$OUT/ll/$pkg.${rel//\//_}"
    target=${target%.c}.ll
    if "$CLANG" -O2 -S -emit-llvm -w -I"$PY_INCLUDE" "${includes[@]}" "$cfile" -o "$target" 2>/dev/null; then
      compiled=$((compiled + 1))
    else
      failed=$((failed + 1)); rm -f "$target"
    fi
  done < <(find "$pkgdir" -name '*.c' -print0 | sort -z)
done
echo "compiled $compiled C file(s); $failed did not compile stand-alone"

echo "== lowering"
$REGALLOC llvm "$OUT"/ll/*.ll --out "$OUT/json" | tee "$OUT/lowering.txt" | grep -v ': lowered ' || true

for alg in ion fast; do
  echo "== regalloc bench --algorithm $alg"
  $REGALLOC bench "$OUT/json" --algorithm "$alg" --repeat 1 | tee "$OUT/bench-$alg.txt"
done
