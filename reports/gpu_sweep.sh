#!/usr/bin/env bash
# How the GPU records in reports/runs were made: the sweeps below, run on the lent GPU (each record names its device).
# Fashion-MNIST's idx files travel in .carry/fashion-mnist (the GPU machine has no Debian package and no internet).
# Lanes run side by side because a ResNet-32 step is kernel-launch bound: one process leaves the GPU mostly idle.
#
# What ran on 2026-11-26 (one 30-minute lease on an NVIDIA H200, torch 2.11):
#  - this script, lanes 1 and 2 (gpu-short), for about 18 minutes. Six gpu-short runs finished (wo_skd, wo_skd_alw,
#    finetune, lwf, ewc, joint); MAS stopped with a NaN loss in task 1 (squared-norm importance; since changed to
#    FACIL's form); the SKD run finished 2 of its 5 tasks and the transfer study 1 of its 6 settings before the lease
#    ran out. Their checkpoints were brought back and rebuilt into partial records (reports/runs/partial/).
#  - Lesson: the device tool re-syncs the working tree at each call and deletes untracked files there, so a store
#    inside reports/ is lost between calls; write stores and logs under an ignored folder (checkpoints/) on the device.
#  - then, with --store checkpoints/store2, the cpu-preset sweeps of lanes 1 and 2 with seeds 0 1 2 (--workers 12 and
#    3): 21 incremental records and 3 transfer records; EWC and MAS stopped with NaN losses in task 1 (see
#    reports/runs/failed/). The benchmark's GPU section did not run.
# Logs are in reports/runs/gpu_logs/.
set -u
cd "$(dirname "$0")/.."
export SKD_PROGRESS=0 PYTHONUNBUFFERED=1
mkdir -p logs
sk() { python3 -c 'from skd_nb.cli import main; main()' "$@"; }
FM=(--override root=.carry/fashion-mnist deterministic=false)
lane1() {  # the study's main runs: every method on the 5-task split, then the cpu preset with 3 seeds
  sk sweep --datasets fashion-mnist --tasks 5 --methods all --seeds 0 --preset gpu-short --workers 8 "${FM[@]}"
  sk sweep --datasets fashion-mnist --tasks 5 --methods all --seeds 0 1 2 --preset cpu --workers 8 "${FM[@]}"
}
lane2() {  # Tables I-II and Fig. 4/9: the transfer study
  sk sweep --datasets fashion-mnist --kind transfer --seeds 0 --preset gpu-short "${FM[@]}"
  sk sweep --datasets fashion-mnist --kind transfer --seeds 0 1 2 --preset cpu --workers 3 "${FM[@]}"
}
bench() {  # the benchmark's GPU section, on a quiet machine: after the sweeps
  mkdir -p reports/benchmark
  papermill nbs/08_benchmark.ipynb reports/benchmark/08_benchmark_gpu.ipynb -p run_cpu False --cwd nbs
}
lane1 > logs/lane1.log 2>&1 &
lane2 > logs/lane2.log 2>&1 &
wait
touch logs/SWEEPS_DONE
bench > logs/bench.log 2>&1
touch logs/ALL_DONE
