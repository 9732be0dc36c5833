# One image per Herald service, all from this file:
#   docker build --build-arg APP=api-gateway -t herald/api-gateway .
# Works with the legacy builder (no BuildKit-only syntax such as RUN --mount).
ARG NODE_IMAGE=node:20-bookworm-slim

# --- build: full dependency tree (swc is a devDependency), then compile apps and libs to dist/ ---
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
COPY package.json package-lock.json ./
RUN npm ci
COPY .swcrc ./
COPY tools ./tools
COPY libs ./libs
COPY apps ./apps
RUN node tools/build.js --force

# --- deps: production dependencies only; its layer changes only with the lockfile ---
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

# --- runtime: one service's compiled code, the shared libs and production node_modules ---
FROM ${NODE_IMAGE} AS runtime
ARG APP
RUN test -n "$APP" || (echo "build with --build-arg APP=<one of apps/>" >&2 && exit 1)
ENV NODE_ENV=production APP=${APP}
WORKDIR /app
LABEL org.opencontainers.image.title="herald-${APP}" \
      org.opencontainers.image.description="Herald ${APP}" \
      org.opencontainers.image.licenses="MIT"
# Owned by root and read-only to the service user: the code cannot be modified at run time.
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/dist/libs ./dist/libs
COPY --from=build /app/dist/apps/${APP} ./dist/apps/${APP}
# The web console's bundle (about 1 MB), served by api-gateway at /console.
COPY --from=build /app/dist/console ./dist/console
RUN test -f "dist/apps/${APP}/src/main.js" || (echo "no such app: ${APP}" >&2 && exit 1)
# The image's `node` user (uid 1000); Kubernetes pins runAsUser: 1000 to match.
USER node
# api-gateway 3000, attachment-service 3001, trigger-worker 3002, runners 3003-3007 (HTTP_PORT).
EXPOSE 3000-3007
# No HEALTHCHECK here: the port differs per APP; compose and Kubernetes probe /health/ready and
# /health/live on HTTP_PORT themselves.
# `exec` replaces the shell, so node itself receives SIGTERM and drains (a shell would swallow it).
CMD ["sh", "-c", "exec node dist/apps/${APP}/src/main.js"]
