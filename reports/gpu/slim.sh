#!/usr/bin/env bash
# Make the working tree small enough to travel to the device (the tool takes at most 64 MiB: tracked files, untracked
# files git does not ignore, and the carried folders), and bring it back afterwards.
#
# usage:  bash reports/gpu/slim.sh on    # before the device call: deletes the tracked files the device does not read
#         bash reports/gpu/slim.sh off   # after it: restores them from git (git checkout)
#
# The device runs the package (skd_nb/), the benchmark and the campaign. The campaign reads the plan, its own state
# (reports/campaign/) and the paper preset's records and T_0 files; it never reads the notebooks, the executed reports
# and figures, the other presets' records, or the other plans (reports/campaign-*: the long CPU run's state) (29 MB of the 38 MB tracked on 2026-11-27). `on` refuses if any of them
# has uncommitted changes, since `off` restores the committed versions.
set -eu
cd "$(dirname "$0")/../.."
SPEC=(nbs reports/figures 'reports/*.ipynb' reports/runs 'reports/campaign-*'
      ':!:reports/runs/*/paper/**' ':!:reports/runs/partial/*-paper.*' ':!:reports/runs/failed/*-paper.*')
aside() { git ls-files -z -- "${SPEC[@]}"; }  # the tracked paths the device does not need, NUL-separated
case "${1:-}" in
  on)
    if [ -n "$(aside | xargs -0 -r git status --porcelain --)" ]; then
      echo "slim.sh: uncommitted changes among the files it would delete; commit them first:" >&2
      aside | xargs -0 -r git status --short -- >&2; exit 1
    fi
    n=$(aside | tr -cd '\0' | wc -c)
    aside | xargs -0 -r rm -f
    echo "slim.sh: $n tracked files set aside (bring them back with: bash reports/gpu/slim.sh off)";;
  off)
    git ls-files -z --deleted -- "${SPEC[@]}" | xargs -0 -r git checkout --  # those alone: not what a campaign deleted
    echo "slim.sh: restored; git status:"; git status --short | head -20;;
  *) echo "usage: bash reports/gpu/slim.sh on|off" >&2; exit 2;;
esac
