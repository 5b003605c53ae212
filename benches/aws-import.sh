#!/bin/sh
# P6: AWS offer-file import throughput and peak memory, as the file grows from 10 MB to 1 GB.
#
#   benches/aws-import.sh            # 10 MB, 100 MB and 1 GB
#   SIZES="10MB" benches/aws-import.sh
#
# Generates synthetic regional EC2 offer files in AWS's real format (deterministic, seed 1) under
# target/bulk/aws/ (not committed; reused when present), then runs the importer's streaming parser
# on each, one process per file, and prints MB/s and the process's peak RSS (VmHWM).
# Target: >= 100 MB/s and <= 100 MB peak RSS, flat across sizes.
set -eu
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"10MB 100MB 1GB"}
cargo build --release --quiet --bin aws-offer-synth
bin=target/release/aws-offer-synth
mkdir -p target/bulk/aws
for size in $SIZES; do
    file="target/bulk/aws/ec2-$size.json"
    [ -f "$file" ] || "$bin" generate --size "$size" --seed 1 --out "$file"
done
for size in $SIZES; do
    "$bin" parse "target/bulk/aws/ec2-$size.json"
done
