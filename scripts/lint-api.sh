#!/bin/sh
# `npm run lint:api`: writes the generated API document (no server) and lints it with Redocly (recommended rules,
# redocly.yaml) and Spectral (spectral:oas, .spectral.yaml); both rulesets are built in, so no network is needed.
# Any error or warning fails.
set -e
out="${TMPDIR:-/tmp}/custos-openapi.json"
APP_URL="${APP_URL:-https://custos.dev}" npx tsx scripts/write-openapi.ts "$out"
REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true npx redocly lint "$out" --max-problems 50
npx spectral lint "$out" --ruleset .spectral.yaml --fail-severity warn
