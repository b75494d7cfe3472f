# Sourced by the wrappers beside it (mqnamesrv, mqbroker, mqadmin, mqshutdown, tools.sh), which
# set PRG to their own file with symbolic links followed. Sets MQ_ROOT (the package root) and
# ROCKETMQ_HOME (MQ_ROOT unless already set), and defines mq_exec: replace the shell with
# `mq <arguments>` on the JavaScript runtime MQ_RUNTIME names: node (default), bun or deno.

MQ_ROOT=$(cd "$(dirname "$PRG")/.." && pwd)
ROCKETMQ_HOME=${ROCKETMQ_HOME:-$MQ_ROOT}
export ROCKETMQ_HOME

mq_exec() {
  case "${MQ_RUNTIME:-node}" in
    node) exec node "$MQ_ROOT/bin/run.js" "$@" ;;
    bun) exec bun "$MQ_ROOT/bin/run.js" "$@" ;;
    deno) exec deno run -A "$MQ_ROOT/bin/run.js" "$@" ;;
    *) echo "${PRG##*/}: unknown MQ_RUNTIME ${MQ_RUNTIME}: use node, bun or deno" >&2; exit 1 ;;
  esac
}
