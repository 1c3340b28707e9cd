# One image for the four subgraphs and the gateway; docker-compose.yml picks the entry per service.
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY subgraphs ./subgraphs
COPY gateway ./gateway
COPY tools ./tools
RUN npm run build && npm prune --omit=dev

FROM node:20-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The SDL (subgraph schemas and the composed supergraph) is read at runtime.
COPY schema ./schema
# The dashboard's page, script and style (gateway/dashboard) are served as they are.
COPY gateway/dashboard/*.html gateway/dashboard/*.js gateway/dashboard/*.css ./gateway/dashboard/
USER node
EXPOSE 4000 4001 4002 4003 4004 4006 4007
CMD ["node", "dist/gateway/main.js"]
