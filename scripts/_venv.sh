# Sourced by scripts/test and scripts/demo: the .venv with Simpul installed from requirements.lock.
# Creates .venv on first use; reinstalls only when requirements.lock or pyproject.toml changed.
if [ ! -x .venv/bin/python ]; then
  PYTHON="${PYTHON:-$(command -v python3.11 || command -v python3)}"
  say "Creating .venv with $("$PYTHON" --version)"
  "$PYTHON" -m venv .venv
fi
STAMP=.venv/.simpul-lock-stamp
WANT="$(cat requirements.lock pyproject.toml | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$STAMP" 2>/dev/null || true)" != "$WANT" ]; then
  say "Installing dependencies from requirements.lock"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
  echo "$WANT" > "$STAMP"
fi
# shellcheck disable=SC1091
. .venv/bin/activate

