#!/usr/bin/env bash
# Runs a command on a chosen x86-64 numeric path, whatever the CPU's vendor:
#
#   tools/numeric_path_env.sh PATH -- command [args...]
#   tools/numeric_path_env.sh --list          the paths this CPU can emulate, one a line
#
# PATH is one of
#   amd-avx512    oneMKL generic code path + ATen AVX-512 kernels  (the reference: AMD Zen 4, the lecture's bits)
#   amd-avx2      oneMKL generic code path + ATen AVX2 kernels     (AMD Zen 2/3 laptops and servers)
#   intel-avx512  oneMKL Intel AVX-512 path + ATen AVX-512        (Intel Xeon, Core with AVX-512)
#   intel-avx2    oneMKL Intel AVX2 path + ATen AVX2              (most Intel laptops)
#
# How: oneMKL decides "Intel or not" through its internal function mkl_serv_intel_cpu_true; a tiny preloaded
# library that returns 1 or 0 from it puts an AMD CPU on the Intel path and an Intel CPU on the generic one.
# MKL_ENABLE_INSTRUCTIONS=AVX2 caps oneMKL's Intel kernels at AVX2, ATEN_CPU_CAPABILITY caps ATen's. A path
# needing AVX-512 can only be emulated on a CPU that has it (the instructions cannot be added, only removed).
# Needs a C compiler (cc) once; the preload libraries are built into target/numeric-paths/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/target/numeric-paths"

has_avx512() { grep -qw avx512f /proc/cpuinfo 2>/dev/null; }

paths() {
  if has_avx512; then echo amd-avx512; fi
  echo amd-avx2
  if has_avx512; then echo intel-avx512; fi
  echo intel-avx2
}

if [ "${1:-}" = "--list" ]; then paths; exit 0; fi
[ $# -ge 3 ] && [ "$2" = "--" ] || { echo "usage: $0 PATH -- command [args...]   (or --list)" >&2; exit 2; }
path="$1"; shift 2
possible=" $(paths | tr '\n' ' ')"
case "$possible" in *" $path "*) ;; *) echo "numeric path '$path' cannot be emulated on this CPU (possible:$possible)" >&2; exit 2 ;; esac
[ "$(uname -m)" = x86_64 ] || { echo "numeric path emulation is for x86-64 only (this is $(uname -m))" >&2; exit 2; }

preload() {  # preload <0|1>: the library whose mkl_serv_intel_cpu_true returns that value
  local lib="$OUT/mkl_intel_cpu_$1.so"
  if [ ! -f "$lib" ]; then
    command -v cc >/dev/null || { echo "numeric path emulation needs a C compiler (cc)" >&2; exit 2; }
    mkdir -p "$OUT"
    printf 'int mkl_serv_intel_cpu_true(void) { return %s; }\n' "$1" >"$OUT/mkl_intel_cpu_$1.c"
    cc -shared -fPIC -O2 -o "$lib.tmp" "$OUT/mkl_intel_cpu_$1.c"
    mv -f "$lib.tmp" "$lib"
  fi
  echo "$lib"
}

case "$path" in
  amd-avx512)   export LD_PRELOAD="$(preload 0)" ATEN_CPU_CAPABILITY=avx512 ;;
  amd-avx2)     export LD_PRELOAD="$(preload 0)" ATEN_CPU_CAPABILITY=avx2 ;;
  intel-avx512) export LD_PRELOAD="$(preload 1)" ATEN_CPU_CAPABILITY=avx512 ;;
  intel-avx2)   export LD_PRELOAD="$(preload 1)" ATEN_CPU_CAPABILITY=avx2 MKL_ENABLE_INSTRUCTIONS=AVX2 ;;
esac
export MAKEMORE_EMULATED_PATH="$path"
exec "$@"
