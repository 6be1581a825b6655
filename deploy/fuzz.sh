#!/usr/bin/env bash
# Builds the libFuzzer target for the request parser and command decoder, and fuzzes it
# for FUZZ_SECONDS (default 60) starting from the committed seed corpus.
# A crash leaves its input in .build-fuzz/crashes/; add it to Tests/FuzzCorpus (the unit
# tests replay every file there) once it is fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN=${FUZZ_SECONDS:-60}
SCRATCH=.build-fuzz
# Package.swift leaves the build-time FileEmbedder out of this build (it cannot link with
# libFuzzer's flags), and with it VanortDomain's catalogues.
export VANORT_FUZZ_BUILD=1

swift build --product VanortFuzz --scratch-path "$SCRATCH" \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -use-ld=lld
BIN=$(swift build --product VanortFuzz --scratch-path "$SCRATCH" --show-bin-path \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -use-ld=lld)/VanortFuzz

# libFuzzer adds what it finds to the first corpus directory: work on a copy.
WORK="$SCRATCH/corpus"
mkdir -p "$WORK" "$SCRATCH/crashes"
cp Tests/FuzzCorpus/* "$WORK/"
"$BIN" -max_total_time="$SECONDS_TO_RUN" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$SCRATCH/crashes/" -print_final_stats=1 "$WORK"
