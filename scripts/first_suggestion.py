#!/usr/bin/env python3
"""Time to first suggestion and peak RSS of the phone library, from files (docs/footprint.md).

    scripts/first_suggestion.py PY_DIR DICT ANALYZER [--keystrokes N]

PY_DIR holds the generated ichiba.py and the library (bindings/generate.sh OUT [--release]
gives OUT/python). The suggestion dictionary and the analyzer dictionary are opened from
files, as an app opens its downloads; then one suggestion is asked for. Peak RSS is the
process's VmHWM after each step, with the Python interpreter's own before loading the library
shown for subtraction. With --keystrokes N, also the mean time of N keystroke calls over a
fixed mix of inputs (FFI included), to compare two builds of the library.
"""
import os
import sys
import time


def hwm_kb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def main():
    args = sys.argv[1:]
    keystrokes = 0
    if "--keystrokes" in args:
        i = args.index("--keystrokes")
        keystrokes = int(args[i + 1])
        del args[i:i + 2]
    py_dir, dict_path, analyzer_path = args
    base = hwm_kb()
    sys.path.insert(0, py_dir)
    t0 = time.perf_counter()
    import ichiba  # loads the library
    t1 = time.perf_counter()
    lib = hwm_kb()
    engine = ichiba.SuggestionEngine.from_file(dict_path)
    t2 = time.perf_counter()
    engine.load_analyzer_file(analyzer_path)
    t3 = time.perf_counter()
    text = "ナイキのすに"
    first = engine.suggest(text, len(text), ichiba.Field.TITLE, 10)
    t4 = time.perf_counter()
    peak = hwm_kb()
    assert engine.analyzer_kind() == ichiba.AnalyzerKind.FILE and first, first
    print(f"interpreter RSS           {base / 1024:.1f} MB")
    print(f"load library              {1e3 * (t1 - t0):.1f} ms  (peak RSS {lib / 1024:.1f} MB)")
    print(f"open dictionary file      {1e3 * (t2 - t1):.1f} ms")
    print(f"load analyzer file        {1e3 * (t3 - t2):.1f} ms")
    print(f"first suggestion          {1e3 * (t4 - t3):.1f} ms  ({first[0].surface})")
    print(f"files to first suggestion {1e3 * (t4 - t1):.1f} ms")
    print(f"peak RSS                  {peak / 1024:.1f} MB  (+{(peak - base) / 1024:.1f} MB over the interpreter)")
    if keystrokes:
        inputs = ["し", "しゅ", "しゅぷ", "ナイキのすに", "新品未使", "sup", "shupu", "るいゔぃ",
                  "ｼｭﾌﾟ", "とても綺麗な状態のわんぴ"]
        for s in inputs:  # warm-up
            engine.suggest(s, len(s), ichiba.Field.TITLE, 10)
        t = time.perf_counter()
        for i in range(keystrokes):
            s = inputs[i % len(inputs)]
            engine.suggest(s, len(s.encode("utf-16-le")) // 2, ichiba.Field.TITLE, 10)
        per = (time.perf_counter() - t) / keystrokes
        print(f"keystroke (FFI included)  {1e6 * per:.1f} µs mean over {keystrokes}")


if __name__ == "__main__":
    main()
