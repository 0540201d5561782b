#!/usr/bin/env bash
# Make, on this machine, what reports/gpu/run.sh needs on the device (both folders are git-ignored and travel with
# the device tool's `carry`): .carry/fashion-mnist (the four idx files, 30 MB, from the Debian package
# dataset-fashion-mnist) and .whl (pure-Python wheels of fastcore and submitit, the packages the device image lacks;
# its python3 is 3.12 with torch, pandas, tqdm, cloudpickle and typing_extensions).
set -eu
cd "$(dirname "$0")/../.."
mkdir -p .carry/fashion-mnist .whl
cp -n /usr/share/datasets/fashion-mnist/*-ubyte.gz .carry/fashion-mnist/
python3 -m pip download -q --no-deps --only-binary=:all: --python-version 3.12 -d .whl \
  "fastcore==$(python3 -c 'import fastcore; print(fastcore.__version__)')" \
  "submitit==$(python3 -c 'import importlib.metadata as m; print(m.version("submitit"))')"
ls -la .carry/fashion-mnist .whl
