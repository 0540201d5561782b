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
# what travels (tracked files, untracked files git does not ignore, the carried folders) must stay under 64 MiB
tree=$( { git ls-files -z; git ls-files -z --others --exclude-standard; } | xargs -0 -r du -cb 2>/dev/null | awk '$2 == "total" {s += $1} END {print s + 0}')
carried=$(du -scb .carry .whl | tail -1 | cut -f1)
echo "travels: $(( (tree + carried) / 1048576 )) MiB (working tree $(( tree / 1048576 )), carry $(( carried / 1048576 ))); the device tool takes at most 64"
if [ $(( tree + carried )) -gt 66060288 ]; then
  echo "over 63 MiB: set aside for the call the tracked files the device does not read, and bring them back after it:"
  echo "  bash reports/gpu/slim.sh on     # after the call: bash reports/gpu/slim.sh off"
fi
