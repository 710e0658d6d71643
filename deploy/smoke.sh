#!/usr/bin/env bash
# Smoke test of the Docker image: build it, run `demo` in it, run `serve` in
# it until `hotlinebot healthcheck` (the image's own health check) and
# /readyz pass, and check the image stays small.
#
# On machines whose Docker cannot pull from a registry, the Dockerfile's two
# base images are first built locally from Debian packages and this
# machine's Go by docker-local-bases (DOCKER_LOCAL_BASES names it; default
# ../shared/tools/docker-local-bases next to the repository).
#
# Usage: deploy/smoke.sh            (from anywhere; needs docker, root for the bases)
set -euo pipefail
cd "$(dirname "$0")/.."

image=${IMAGE:-hotlinebot}
max_mb=${MAX_ADDED_MB:-100}  # what the image may add to its base: the fonts the charts need, certificates, the binary
addr=127.0.0.1:${SMOKE_PORT:-18080}

bases=${DOCKER_LOCAL_BASES:-../shared/tools/docker-local-bases}
have_bases() { docker image inspect debian:bookworm-slim golang:1.26-bookworm >/dev/null 2>&1; }
if ! have_bases && [ -x "$bases" ]; then
	# Its last step only lists the images, and fails on newer docker
	# clients; whether the images exist is what counts.
	"$bases" || true
fi
if ! have_bases; then
	echo "smoke: no base images (docker pull or $bases builds them)" >&2
	exit 1
fi

echo "== build"
DOCKER_BUILDKIT=0 docker build --network=host -t "$image" .

# What the Dockerfile adds to its base is what it controls; the base's own
# size depends on where it came from (a registry's slim image, or a local
# stand-in).
size=$(docker image inspect -f '{{.Size}}' "$image")
base=$(docker image inspect -f '{{.Size}}' debian:bookworm-slim)
added_mb=$(((size - base) / 1000000))
echo "== image $image: $((size / 1000000)) MB, of which ${added_mb} MB on top of its base (limit ${max_mb} MB)"
if [ "$added_mb" -gt "$max_mb" ]; then
	echo "smoke: the image adds more than ${max_mb} MB to its base" >&2
	exit 1
fi

echo "== demo"
demo=$(docker run --rm "$image" demo)
echo "$demo" | head -n 20
for want in 综合指标值 将要发出的提醒; do
	if ! grep -q "$want" <<<"$demo"; then
		echo "smoke: the demo's output lacks $want" >&2
		exit 1
	fi
done

echo "== serve + healthcheck"
# A token that no Telegram knows and a Bot API address where nothing
# listens: serve must come up and answer its probes while Telegram is
# unreachable, as it does in an outage.
name=hotlinebot-smoke-$$
trap 'docker rm -f "$name" >/dev/null 2>&1 || true' EXIT
docker run -d --name "$name" --network=host \
	-e TELEGRAM_BOT_TOKEN=123456:smoke-test \
	-e TELEGRAM_API_URL=http://127.0.0.1:9 \
	-e HOTLINE_API_TOKEN=smoke \
	-e HOTLINE_HTTP_ADDR="$addr" \
	"$image" >/dev/null
healthy=
for _ in $(seq 1 60); do
	if docker exec "$name" hotlinebot healthcheck && docker exec "$name" hotlinebot healthcheck --path /readyz; then
		healthy=yes
		break
	fi
	if [ "$(docker inspect -f '{{.State.Running}}' "$name")" != true ]; then
		break
	fi
	sleep 1
done
if [ -z "$healthy" ]; then
	echo "smoke: serve did not become healthy; its log:" >&2
	docker logs "$name" >&2
	exit 1
fi
echo "serve is up: healthcheck and /readyz pass"
docker exec "$name" id -u | grep -qx 10001 || { echo "smoke: serve does not run as the image's non-root user" >&2; exit 1; }
echo "== smoke test passed"
