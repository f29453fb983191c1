# Crowdstick in a container: docker build -t crowdstick . && docker run -p 8080:8080 crowdstick
# (see "Run it as a service" in the README). Two stages: the first builds the
# package exactly as npm pack does, the second holds only what a show needs.
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# prepack builds the app and the relay into the tarball.
RUN mkdir /pack && npm pack --pack-destination /pack

FROM node:20-bookworm-slim
ENV NODE_ENV=production
COPY --from=build /pack/ /tmp/pack/
RUN npm install -g --no-audit --no-fund /tmp/pack/*.tgz && rm -rf /tmp/pack ~/.npm
# The image's own unprivileged user; 8080 needs no privilege.
USER node
WORKDIR /home/node
EXPOSE 8080
# Node has fetch, and the slim image has no curl.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The relay is PID 1 itself, so docker stop's SIGTERM reaches it and every
# installation hears each user's delete. Phones open the host's address, not the
# container's: give it with --public-url (docker run ... crowdstick start
# --host 0.0.0.0 --public-url http://192.168.1.20:8080/).
ENTRYPOINT ["crowdstick"]
CMD ["start", "--host", "0.0.0.0", "--port", "8080"]
