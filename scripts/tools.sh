#!/bin/sh
# tools.sh: runs RocketMQ's example and tool classes the way RocketMQ's script does, mapped to `mq`:
#   tools.sh org.apache.rocketmq.example.quickstart.Producer [flags]  ->  mq tools producer [flags]
#   tools.sh org.apache.rocketmq.example.quickstart.Consumer [flags]  ->  mq tools consumer [flags]
#   tools.sh org.apache.rocketmq.example.benchmark.Producer [flags]   ->  mq tools benchmark producer [flags]
#   tools.sh org.apache.rocketmq.example.benchmark.Consumer [flags]   ->  mq tools benchmark consumer [flags]
#   tools.sh org.apache.rocketmq.tools.command.MQAdminStartup ...     ->  mq admin ...
# The name server comes from -n or NAMESRV_ADDR, as with the Java examples. MQ_RUNTIME picks the
# JavaScript runtime: node (default), bun or deno.

# mq-env.sh lies beside this script's real file; follow symbolic links to find it.
PRG=$0
while [ -h "$PRG" ]; do link=$(ls -ld "$PRG" | sed 's/.*-> //'); case $link in /*) PRG=$link ;; *) PRG=$(dirname "$PRG")/$link ;; esac; done
. "$(dirname "$PRG")/mq-env.sh"

if [ $# -eq 0 ]; then
  echo "Usage: tools.sh <class> [args]   e.g. tools.sh org.apache.rocketmq.example.quickstart.Producer" >&2
  exit 1
fi

class="$1"
shift
case "$class" in
  org.apache.rocketmq.example.quickstart.Producer|quickstart.Producer|Producer) set -- tools producer "$@" ;;
  org.apache.rocketmq.example.quickstart.Consumer|quickstart.Consumer|Consumer) set -- tools consumer "$@" ;;
  org.apache.rocketmq.example.benchmark.Producer|benchmark.Producer) set -- tools benchmark producer "$@" ;;
  org.apache.rocketmq.example.benchmark.Consumer|benchmark.Consumer) set -- tools benchmark consumer "$@" ;;
  org.apache.rocketmq.example.benchmark.BatchProducer|benchmark.BatchProducer) set -- tools benchmark batch "$@" ;;
  org.apache.rocketmq.example.benchmark.TransactionProducer|benchmark.TransactionProducer) set -- tools benchmark tx "$@" ;;
  org.apache.rocketmq.tools.command.MQAdminStartup) set -- admin "$@" ;;
  *) echo "tools.sh: no mq equivalent of $class" >&2; exit 1 ;;
esac

mq_exec "$@"
