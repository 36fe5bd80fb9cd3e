# Development/CI image for the backend API, the BullMQ worker and the QTmsg simulator.
# docker-compose.yml builds it once (profile "app") and picks the process with `command:`.
# Production runs the compiled backend under PM2 on the host (ecosystem.config.js), not this image.
FROM node:20-bookworm-slim

# Same pnpm as package.json "packageManager": a mismatch makes pnpm try to switch versions.
RUN npm install -g pnpm@10.34.9 && pnpm --version

WORKDIR /app
ENV CI=true

# Fetch the whole dependency graph from the lockfile alone, so this layer is reused until
# pnpm-lock.yaml changes.
COPY pnpm-lock.yaml pnpm-workspace.yaml package.json ./
RUN pnpm fetch

COPY . .
RUN pnpm install --frozen-lockfile --offline

EXPOSE 3000
CMD ["pnpm", "--filter", "@hanjullo/backend", "exec", "tsx", "--conditions=source", "src/main.ts"]
