#!/usr/bin/env bash
# Stops the cluster that test/slurm/slurm-up.sh started under $SLURM_BASE: its jobs, its daemons and its job processes.
# Usage: test/slurm/slurm-down.sh [SLURM_BASE]. Safe to run twice, or on a cluster that never fully started.
# It only signals the pids in the cluster's own pid files, and processes whose environment holds this cluster's
# SLURM_CONF (slurmstepd, and job processes that outlived it); never a process by its name. Leaves the files in place.
set -uo pipefail
B=${1:-${SLURM_BASE:-}}
[ -n "$B" ] || { echo "usage: $0 SLURM_BASE (or set SLURM_BASE): the folder given to slurm-up.sh" >&2; exit 2; }
[ -d "$B" ] || { echo "no cluster in $B"; exit 0; }
B=$(cd "$B" && pwd)
export SLURM_CONF=$B/etc/slurm.conf
export PATH=$PATH:/usr/sbin:/sbin
alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }
pid_in() { cat "$1" 2>/dev/null || true; }
CTLD=$(pid_in "$B/run/slurmctld.pid")
SLURMD=$(pid_in "$B/run/slurmd.pid")
MUNGED=$(pid_in "$B/munge/munged.pid")

if alive "$CTLD"; then
  # jobs outlive a slurmd shutdown: cancel them first (TERM, then KILL after KillWait=5 s) and wait until they end
  scancel --partition=debug 2>/dev/null || true
  for _ in $(seq 1 40); do
    [ -z "$(squeue -h -t R,CG,S 2>/dev/null)" ] && break
    sleep 0.5
  done
  scontrol shutdown 2>/dev/null || true # stops slurmctld and its slurmd
fi
for _ in $(seq 1 50); do
  alive "$CTLD" || alive "$SLURMD" || break
  sleep 0.2
done
for p in $CTLD $SLURMD; do
  if alive "$p"; then
    echo "killing $p ($(tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null))"
    kill -TERM "$p"
    sleep 1
    alive "$p" && kill -KILL "$p"
  fi
done

# what is left of this cluster's jobs: slurmstepd (it inherits SLURM_CONF from slurmd) and job processes (SLURM_JOB_ID)
left=()
for d in /proc/[0-9]*; do
  p=${d#/proc/}
  [ "$p" = $$ ] && continue
  env=$({ tr '\0' '\n' <"$d/environ"; } 2>/dev/null) || continue
  grep -qxF "SLURM_CONF=$SLURM_CONF" <<<"$env" || continue
  if [ "$(cat "$d/comm" 2>/dev/null)" = slurmstepd ] || grep -q '^SLURM_JOB_ID=' <<<"$env"; then left+=("$p"); fi
done
if [ ${#left[@]} -gt 0 ]; then
  echo "killing what is left of the jobs: ${left[*]}"
  kill -STOP "${left[@]}" 2>/dev/null
  kill -KILL "${left[@]}" 2>/dev/null
fi

if alive "$MUNGED"; then
  munged --stop --socket="$B/munge/munge.socket" >/dev/null 2>&1 || kill -TERM "$MUNGED"
  for _ in $(seq 1 25); do
    alive "$MUNGED" || break
    sleep 0.2
  done
  alive "$MUNGED" && kill -KILL "$MUNGED"
fi
echo "slurm down in $B"
