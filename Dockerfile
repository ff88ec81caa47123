# syntax=docker/dockerfile:1
#
# The halong command as a container image. Build from the repository root:
#   docker build -t halong .
# The image runs `halong start` against an external OpenSearch and Kafka
# (HALONG_OPENSEARCH_URL / HALONG_KAFKA_BROKERS); see docker-compose.yml and deploy/README.md.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---------------------------------------------------------------------------
# toolchain: compilers for native addons whose prebuilt binaries are missing.
# Only install stages use it; nothing from here reaches the runtime image.
FROM ${NODE_IMAGE} AS toolchain
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Manifests only, so the dependency layers are cached until a manifest changes.
COPY package.json package-lock.json ./
COPY core/package.json core/
COPY infra/package.json infra/
COPY collectors/package.json collectors/
COPY detection/package.json detection/
COPY policy-engine/package.json policy-engine/
COPY playbooks/package.json playbooks/
COPY soc-console/package.json soc-console/
COPY cli/package.json cli/
# The root postinstall patches kafkajs (patches/README.md): it runs inside `npm ci`.
COPY scripts/apply-patches.cjs scripts/
COPY patches patches/

# ---------------------------------------------------------------------------
# build: all dependencies, then the single-file bundle cli/dist/halong.cjs.
FROM toolchain AS build
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# ---------------------------------------------------------------------------
# prod-deps: production dependencies only. The bundle inlines the @halong/*
# workspaces, so their symlinks are dropped; third-party and native packages
# stay external and are resolved from /app/node_modules.
FROM toolchain AS prod-deps
RUN npm ci --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/@halong \
 && npm cache clean --force

# ---------------------------------------------------------------------------
# runtime
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    NODE_OPTIONS=--enable-source-maps \
    HOME=/var/lib/halong
# A dedicated unprivileged user. Its home is the only writable state: the CA's
# keys, spools and checkpoints live under ~/.local/share/halong (mount a volume).
RUN groupadd --system --gid 10001 halong \
 && useradd --system --uid 10001 --gid halong --home-dir /var/lib/halong --no-create-home --shell /usr/sbin/nologin halong \
 && mkdir -p /var/lib/halong \
 && chown halong:halong /var/lib/halong \
 && chmod 0700 /var/lib/halong
WORKDIR /app
COPY --from=prod-deps /app/package.json ./package.json
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/cli/dist ./cli/dist
USER halong:halong
VOLUME ["/var/lib/halong"]

# API + console (HTTPS), gateway, syslog UDP and TCP, syslog over TLS.
EXPOSE 8443 8444 5514/tcp 5514/udp 6514

# No curl in the slim image: node asks /healthz on loopback. HTTPS first (the API
# serves TLS when HALONG_API_TLS_CERT_FILE/KEY_FILE are set, also from a config file),
# then plain HTTP. Liveness only, on loopback, so the certificate is not verified here.
HEALTHCHECK --interval=30s --timeout=10s --start-period=120s --retries=3 \
  CMD ["node", "-e", "const port = Number(process.env.HALONG_API_PORT || 8443); const ask = (mod, next) => { const req = require(mod).get({ host: '127.0.0.1', port, path: '/healthz', timeout: 4000, rejectUnauthorized: false }, (res) => process.exit(res.statusCode === 200 ? 0 : 1)); req.on('timeout', () => req.destroy(new Error('timeout'))); req.on('error', next); }; ask('node:https', () => ask('node:http', () => process.exit(1)));"]

# A 64 MB young generation: each event makes short-lived objects (parse, envelope, JSON) and
# the default 16 MB promotes many of them; measured +20–30% collector events per CPU-second.
ENTRYPOINT ["node", "--max-semi-space-size=64", "cli/dist/halong.cjs"]
CMD ["start"]
