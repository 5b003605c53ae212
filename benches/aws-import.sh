#!/bin/sh
# P6: AWS offer-file import throughput and peak memory, as the file grows from 10 MB to 1 GB.
#
#   benches/aws-import.sh            # 10 MB, 100 MB and 1 GB
#   SIZES="10MB" benches/aws-import.sh
#
# Generates synthetic regional EC2 offer files in AWS's real format (deterministic, seed 1) under
# target/bulk/aws/ (not committed; reused when present), then, one process per file:
#   1. the importer's streaming parser alone (`aws-offer-synth parse`): MB/s and peak RSS (VmHWM);
#   2. the whole `breakeven import aws --dry-run` over a mirrored tree (offer index → region index →
#      the synthetic file, symlinked) into a scratch data directory: wall time and peak RSS from
#      /usr/bin/time (installed with apt-get when missing).
# Target: >= 100 MB/s and <= 100 MB peak RSS, flat across sizes.
set -eu
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"10MB 100MB 1GB"}
if [ ! -x /usr/bin/time ]; then
    (apt-get update -qq && apt-get install -y -qq time) >/dev/null
fi
cargo build --release --quiet --bin aws-offer-synth --bin breakeven
synth=target/release/aws-offer-synth
bulk=target/bulk/aws
mkdir -p "$bulk"
for size in $SIZES; do
    file="$bulk/ec2-$size.json"
    [ -f "$file" ] || "$synth" generate --size "$size" --seed 1 --out "$file"
done

echo "== parser alone"
for size in $SIZES; do
    "$synth" parse "$bulk/ec2-$size.json"
done

echo "== breakeven import aws --dry-run (index -> region index -> offer file)"
for size in $SIZES; do
    tree="$bulk/tree-$size"
    rm -rf "$tree" && mkdir -p "$tree/offers/v1.0/aws/AmazonEC2/current" "$tree/offers/v1.0/aws/AmazonEC2/synthetic/us-east-1"
    cp tests/fixtures/upstream/aws/offers/v1.0/aws/index.json "$tree/offers/v1.0/aws/index.json"
    cat > "$tree/offers/v1.0/aws/AmazonEC2/current/region_index.json" <<JSON
{"formatVersion":"v1.0","publicationDate":"2026-11-01T00:00:00Z","regions":{"us-east-1":{"regionCode":"us-east-1","currentVersionUrl":"/offers/v1.0/aws/AmazonEC2/synthetic/us-east-1/index.json"}}}
JSON
    ln -s "$(pwd)/$bulk/ec2-$size.json" "$tree/offers/v1.0/aws/AmazonEC2/synthetic/us-east-1/index.json"
    data="$bulk/data-$size"
    rm -rf "$data" && cp -r tests/fixtures/minimal "$data" && mkdir -p "$data/import"
    echo '{"regions":["us-east-1"],"instance_families":["m6i","m7i","m7g"],"ebs_volume_types":["gp3"],"data_transfer_out":true}' \
        > "$data/import/aws.selection.json"
    bytes=$(wc -c < "$bulk/ec2-$size.json")
    /usr/bin/time -f "%e %M" -o "$bulk/time-$size" \
        target/release/breakeven import aws --from "$tree" --data-dir "$data" --dry-run > "$bulk/out-$size" 2> "$bulk/err-$size"
    read -r secs kb < "$bulk/time-$size"
    awk -v b="$bytes" -v s="$secs" -v kb="$kb" -v size="$size" \
        'BEGIN { printf "%s: %.1f MB in %.2f s = %.0f MB/s; peak RSS %.1f MB\n", size, b/1e6, s, (s > 0 ? b/1e6/s : 0), kb/1024 }'
    grep -h "aws:" "$bulk/out-$size" || true
done
