# syntax=docker/dockerfile:1
# Build: the Rust toolchain, the locked dependency set.
FROM rust:1-slim-bookworm AS build
WORKDIR /app
COPY Cargo.toml Cargo.lock ./
COPY src ./src
# Cargo.toml declares [[bench]] targets: cargo refuses a manifest whose bench files are missing.
COPY benches ./benches
COPY openapi ./openapi
COPY pricing-data ./pricing-data
RUN cargo build --release --locked --bin breakeven

# Run: a slim image, a non-root user, the binary and the data it serves.
FROM debian:bookworm-slim AS runtime
RUN useradd --system --uid 10001 --no-create-home breakeven
WORKDIR /srv/breakeven
COPY --from=build /app/target/release/breakeven /usr/local/bin/breakeven
COPY --from=build /app/pricing-data ./pricing-data
COPY --from=build /app/openapi ./openapi
USER breakeven
ENV BREAKEVEN_ADDR=0.0.0.0:8080 \
    BREAKEVEN_DATA_DIR=/srv/breakeven/pricing-data \
    BREAKEVEN_LOG=info
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD ["breakeven", "healthcheck"]
CMD ["breakeven", "serve"]
