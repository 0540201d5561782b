#!/usr/bin/env bash
# One device call on a lent GPU: the benchmark's GPU section (skd_nb.utilisation.gpu_section), then the campaign
# (`skd_nb campaign`) for the rest of the budget. Everything it writes goes under $OUT (the device tool brings back at
# most 8 files of 16 MiB, 2 folders deep: bench.log, utilisation-<gpu>.json, campaign.log and campaign.tgz.part-*,
# the campaign's output folder packed and cut; `skd_nb campaign --absorb <that folder>` joins and unpacks them).
#
# usage:  OUT=<folder> bash reports/gpu/run.sh SECONDS [--smoke]
#   SECONDS  the whole call's budget (the device tool's limit is 600 per command: give it about 560)
#   --smoke  tiny sizes: the benchmark at toy shapes, and `campaign --status` instead of the campaign, to check the
#            script on any machine, a CPU included, in minutes
# LANES=N    campaign runs side by side on the card (its --lanes; see the benchmark's packed table)
# BENCH=0    skip the benchmark (a lease's second call, once the card has its utilisation file): all to the campaign
# Needs, carried (see prepare.sh and README.md): .carry/fashion-mnist (the idx files) and .whl (fastcore, submitit:
# the device image has torch, pandas and tqdm but neither of these).
set -u
total=${1:?usage: run.sh SECONDS [--smoke]}
smoke=${2:-}
cd "$(dirname "$0")/../.."
OUT=${OUT:-$PWD/runs/gpu}
mkdir -p "$OUT"
start=$(date +%s)
export SKD_PROGRESS=0 PYTHONUNBUFFERED=1 PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
[ -d .carry/fashion-mnist ] && export SKD_DATA="$PWD/.carry"
if compgen -G '.whl/*.whl' >/dev/null; then
  python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl \
    && export PYTHONPATH="$PYTHONPATH:/tmp/site"
fi
left() { echo $(( total - ($(date +%s) - start) )); }
{ date -u; nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv 2>/dev/null
  python3 -c 'import torch; print("torch", torch.__version__, "cuda", torch.cuda.is_available())'; } > "$OUT/bench.log" 2>&1

# 1. the benchmark's GPU section: a third of the budget, at most 4 minutes; its JSON is rewritten after every part
bench=$(( total / 3 < 240 ? total / 3 : 240 ))
if [ "${BENCH:-1}" = 0 ]; then
  echo "benchmark skipped (BENCH=0)" | tee -a "$OUT/bench.log"
else
  timeout -k 10 $(( bench + 90 )) python3 -m skd_nb.utilisation \
    --out "$OUT" --budget "$bench" ${smoke:+--smoke true} >> "$OUT/bench.log" 2>&1
  echo "benchmark exit $? after $(( $(date +%s) - start )) s" | tee -a "$OUT/bench.log"
fi

# 2. the campaign for the rest (it stops at a checkpoint when its budget is spent)
rest=$(( $(left) - 20 ))
if ! python3 -c 'import sys; from skd_nb.cli import COMMANDS; sys.exit("campaign" not in COMMANDS)' 2>>"$OUT/campaign.log"; then
  echo "no campaign command in skd_nb.cli yet: skipped" | tee -a "$OUT/campaign.log"
elif [ "$rest" -lt 30 ]; then
  echo "only $rest s left: campaign skipped" | tee -a "$OUT/campaign.log"
else
  if [ -n "$smoke" ]; then extra=(--status); else extra=(--budget "${rest}s" ${LANES:+--lanes "$LANES"}); fi
  timeout -k 10 $(( rest + 10 )) python3 -c 'from skd_nb.cli import main; main()' campaign --out "$OUT/campaign" \
    "${extra[@]}" >> "$OUT/campaign.log" 2>&1
  echo "campaign exit $? after $(( $(date +%s) - start )) s" | tee -a "$OUT/campaign.log"
fi
# the campaign's folder is laid out like the repository (deeper than the 2 levels the device tool brings back): one
# archive, cut into 15 MiB parts (the tool brings back no file over 16 MiB: a 27.8 MB archive was lost so on
# 2026-11-27). Bring it home with: skd_nb campaign --absorb <the folder the parts came back to>
if [ -d "$OUT/campaign" ]; then
  tar czf "$OUT/campaign.tgz" -C "$OUT" campaign && rm -rf "$OUT/campaign" \
    && split -b 15M "$OUT/campaign.tgz" "$OUT/campaign.tgz.part-" && rm "$OUT/campaign.tgz"
  size=$(cat "$OUT"/campaign.tgz.part-* | wc -c)
  echo "campaign archive: $size bytes in $(ls "$OUT"/campaign.tgz.part-* | wc -l) part(s)" | tee -a "$OUT/campaign.log"
  [ "$size" -gt 62914560 ] && echo "WARNING: over 60 MiB: the device tool brings back at most 64 MiB in all" \
    | tee -a "$OUT/campaign.log"
fi
tail -n 40 "$OUT/bench.log"
