#!/usr/bin/env bash
# Starts a throw-away single-node Slurm cluster (slurm-wlm 22.05 and munge, Debian 12) under $SLURM_BASE, for the tests.
# Usage: SLURMCTLD_PORT=P1 SLURMD_PORT=P2 test/slurm/slurm-up.sh [SLURM_BASE]   (needs root; no systemd, no cgroups)
# Everything lives under $SLURM_BASE, nothing is written to /etc, both daemons listen on 127.0.0.1 only.
# Every client command (sbatch, squeue, scontrol, ...) then needs SLURM_CONF=$SLURM_BASE/etc/slurm.conf ($SLURM_BASE/env.sh).
# Stop it with test/slurm/slurm-down.sh. Facts and timings: see the comments in slurm.conf below and test/slurm-cluster.ts.
set -euo pipefail
B=${1:-${SLURM_BASE:-}}
[ -n "$B" ] || { echo "usage: $0 SLURM_BASE (or set SLURM_BASE): the folder for the cluster's files" >&2; exit 2; }
mkdir -p "$B"
B=$(cd "$B" && pwd)
CTLD_PORT=${SLURMCTLD_PORT:?set SLURMCTLD_PORT to a free port for slurmctld}
SLURMD_PORT=${SLURMD_PORT:?set SLURMD_PORT to a free port for slurmd}
export PATH=$PATH:/usr/sbin:/sbin # slurmctld, slurmd and munged live in sbin
for c in slurmctld slurmd sbatch srun sinfo scontrol munged mungekey munge unmunge; do
  command -v $c >/dev/null || { echo "missing $c: apt-get install -y slurm-wlm munge" >&2; exit 1; }
done
[ "$(id -u)" = 0 ] || { echo "slurm-up.sh runs its daemons as root: run it as root" >&2; exit 1; }
H=$(hostname -s)

# a previous cluster in this folder still alive? stop it first (by its pid files, never by name)
for f in "$B/run/slurmctld.pid" "$B/run/slurmd.pid" "$B/munge/munged.pid"; do
  if [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null; then bash "$(dirname "$0")/slurm-down.sh" "$B"; break; fi
done
for port in "$CTLD_PORT" "$SLURMD_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is already in use on 127.0.0.1: pick other SLURMCTLD_PORT / SLURMD_PORT" >&2
    exit 1
  fi
done

# fresh runtime folders (the state is wiped: job ids restart at 1)
rm -rf "$B/etc" "$B/state" "$B/spool" "$B/log" "$B/run" "$B/munge" "$B/env.sh"
mkdir -p "$B/etc" "$B/state" "$B/spool" "$B/log" "$B/run" "$B/munge"
# munged wants every folder above its socket traversable by all (a mktemp -d folder is 0700), and its own not writable by others
chmod go+x "$B"
chmod 755 "$B/munge"
# from here on, a failure stops whatever was started
started=
trap '[ -n "$started" ] || bash "$(dirname "$0")/slurm-down.sh" "$B" >&2' EXIT

# munge: its own key, socket, pid, log and seed files (nothing in /etc, /run or /var)
mungekey --create --keyfile="$B/munge/munge.key"
munged --socket="$B/munge/munge.socket" --key-file="$B/munge/munge.key" \
  --pid-file="$B/munge/munged.pid" --log-file="$B/munge/munged.log" --seed-file="$B/munge/munged.seed"
munge -n -S "$B/munge/munge.socket" | unmunge -S "$B/munge/munge.socket" >/dev/null

# slurm.conf; the node line comes from the hardware (e.g. NodeName=vm CPUs=2 ... RealMemory=24105)
NODE=$(slurmd -C | head -1)
cat >"$B/etc/slurm.conf" <<EOF
# A throw-away single-node cluster for the tests, written by test/slurm/slurm-up.sh
ClusterName=int2int-test
SlurmctldHost=$H(127.0.0.1)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
# loopback only: slurmctld (NoCtldInAddrAny) and slurmd (NoInAddrAny) bind to 127.0.0.1, not to 0.0.0.0
CommunicationParameters=NoCtldInAddrAny,NoInAddrAny
# cred_expire (seconds, 5 at least) is also how long a requeued job waits before it may start again:
# the default (120) would hold every requeued task 121 s in PENDING (Reason=BeginTime); 5 makes it ~6 s
AuthType=auth/munge
AuthInfo=socket=$B/munge/munge.socket,cred_expire=5
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$B/state
SlurmdSpoolDir=$B/spool
SlurmctldPidFile=$B/run/slurmctld.pid
SlurmdPidFile=$B/run/slurmd.pid
SlurmctldLogFile=$B/log/slurmctld.log
SlurmdLogFile=$B/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
MailProg=/bin/true
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
# fast scheduling: a freed slot is given to the next task within about a second
SchedulerType=sched/builtin
SchedulerParameters=batch_sched_delay=0,sched_interval=1
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
# without a default memory per CPU every job takes the node's whole memory and jobs run one at a time
DefMemPerCPU=1024
JobAcctGatherType=jobacct_gather/linux
JobAcctGatherFrequency=1
JobAcctGatherParams=OverMemoryKill
AccountingStorageType=accounting_storage/none
# finished jobs' states, for good (squeue -t all / scontrol show job only show them for MinJobAge seconds)
JobCompType=jobcomp/filetxt
JobCompLoc=$B/log/jobcomp.txt
MinJobAge=3600
# batch jobs may be requeued (scontrol requeue), and are requeued if their node fails
JobRequeue=1
KillWait=5
ReturnToService=2
$NODE NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=debug Nodes=$H Default=YES MaxTime=INFINITE State=UP
EOF
echo "export SLURM_CONF=$B/etc/slurm.conf" >"$B/env.sh"
export SLURM_CONF=$B/etc/slurm.conf

# the daemons fork into the background and write their pid files
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
st=
for _ in $(seq 1 60); do
  st=$(sinfo -h -n "$H" -o %T 2>/dev/null || true)
  [ "$st" = idle ] && break
  sleep 0.5
done
if [ "$st" != idle ]; then
  echo "the node is not idle (state '$st'); logs:" >&2
  tail -20 "$B/log/slurmctld.log" "$B/log/slurmd.log" >&2
  exit 1
fi
# end to end: slurmctld only starts scheduling a few seconds after it starts (SLURM_UP_SMOKE=0 skips this)
if [ "${SLURM_UP_SMOKE:-1}" = 1 ]; then
  timeout 60 srun --quiet -t 1 /bin/true || {
    echo "srun /bin/true failed; logs:" >&2
    tail -20 "$B/log/slurmctld.log" "$B/log/slurmd.log" >&2
    exit 1
  }
fi
started=yes
echo "slurm up in $B (slurmctld on 127.0.0.1:$CTLD_PORT, slurmd on 127.0.0.1:$SLURMD_PORT): export SLURM_CONF=$SLURM_CONF"
