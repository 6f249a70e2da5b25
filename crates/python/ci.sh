#!/usr/bin/env bash
# Builds the `entity-lens` Python package and runs its tests, idempotently.
#
#   bash crates/python/ci.sh [VENV_DIR]
#
# 1. Creates a virtual environment (VENV_DIR, else $ENTITY_LENS_VENV, else
#    $CARGO_TARGET_DIR/python-venv, else target/python-venv) with $PYTHON (default python3, >= 3.9).
# 2. Installs the pinned tools of requirements-dev.txt (maturin, pytest, dask[distributed],
#    pyarrow, pandas, pyspark) when the file changed since the last install.
#    With ENTITY_LENS_SETUP_ONLY=1 it stops here (`cargo xtask test` prepares the environment
#    in the background while it compiles).
# 3. Builds the CLI (the tests compare against it; cargo profile $ENTITY_LENS_CLI_PROFILE, default
#    `release`) and the abi3 wheel with maturin (profile $ENTITY_LENS_WHEEL_PROFILE, default
#    `release`), then installs the wheel. `cargo xtask test` uses `dev` for both: the engine is
#    optimized in that profile too, and its build is shared with the native tests. With
#    $ENTITY_LENS_CLI_BIN (a CLI already built, e.g. by `cargo test --workspace`) it builds none.
# 4. Runs pytest on crates/python/tests (extra arguments: $PYTEST_ARGS). The Spark tests skip,
#    saying so, only when no Java runtime is found.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
venv="${1:-${ENTITY_LENS_VENV:-$target/python-venv}}"
python="${PYTHON:-python3}"
profile="${ENTITY_LENS_WHEEL_PROFILE:-release}"
cli_profile="${ENTITY_LENS_CLI_PROFILE:-release}"

step() { printf '\n== %s (%ss)\n' "$1" "$SECONDS"; }

step "virtual environment: $venv"
if [ ! -x "$venv/bin/python" ]; then
    "$python" -c 'import sys; sys.exit(sys.version_info < (3, 9))' \
        || { echo "ci.sh: $python is older than 3.9" >&2; exit 1; }
    "$python" -m venv "$venv"
fi
stamp="$venv/.entity-lens-requirements"
wanted="$(sha256sum "$here/requirements-dev.txt" | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
    step "installing the pinned tools"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements-dev.txt"
    echo "$wanted" > "$stamp"
fi

if [ "${ENTITY_LENS_SETUP_ONLY:-}" = 1 ]; then
    step "environment ready"
    exit 0
fi

cli_profile_dir="$cli_profile"
[ "$cli_profile" = dev ] && cli_profile_dir=debug
cli="${ENTITY_LENS_CLI_BIN:-$target/$cli_profile_dir/entity-lens}"
if [ -z "${ENTITY_LENS_CLI_BIN:-}" ]; then
    step "building the CLI (reference for the tests, profile $cli_profile)"
    nice cargo build --quiet --profile "$cli_profile" -p entity-lens-cli --manifest-path "$root/Cargo.toml"
fi

step "building the wheel (profile $profile)"
wheels="$target/wheels"
rm -f "$wheels"/entity_lens-*.whl
if [ "$profile" = release ]; then profile_args=(--release); else profile_args=(--profile "$profile"); fi
nice "$venv/bin/maturin" build --quiet "${profile_args[@]}" --compatibility linux \
    --manifest-path "$here/Cargo.toml" --interpreter "$venv/bin/python" --out "$wheels"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps \
    "$wheels"/entity_lens-*.whl

step "pytest"
if ! command -v java >/dev/null 2>&1; then
    echo "ci.sh: no Java runtime on PATH: the PySpark tests will be skipped"
fi
cd "$root"
export ENTITY_LENS_CLI="$cli"
# shellcheck disable=SC2086
"$venv/bin/python" -m pytest "$here/tests" ${PYTEST_ARGS:-}
step "done"
