/// The default cluster, the same text as `compose/skiff-compose.yaml` (a test holds them
/// equal): what `skiff compose` runs when neither `-f` nor `$SKIFF_COMPOSE_FILE` names a file.
public enum ComposeDefaults {
    public static let label = "<embedded defaults>"

    public static let yaml = #"""
# The default Skiff cluster: `make up` (or `compose/skiff-compose up`) runs it.
#
# docker compose's shape: each service has a command (a `skiff` subcommand and its arguments,
# or an executable path), depends_on (with condition: service_healthy), a healthcheck (ready: a
# stdout line; rpc: an endpoint answering _ping; http: a URL answering GET), a restart policy
# (no, on-failure, always; back-off 1s doubling to 30s, reset after 60s up) and environment.
# ${NAME} and ${NAME:-default} come from the environment (SKIFF_HOME is always set).
# Services whose subcommand this skiff does not have are skipped with a notice.
name: skiff

services:
  store:
    command: [store, --rpc, "tcp://127.0.0.1:7001", --events, "tcp://127.0.0.1:7002"]
    healthcheck: {ready: "skiff store ready"}
    restart: on-failure

  apiserver:
    command: [apiserver, --rpc, "tcp://127.0.0.1:7003", --events, "tcp://127.0.0.1:7004",
              --store, "tcp://127.0.0.1:7001", --store-events, "tcp://127.0.0.1:7002",
              --default-not-ready-toleration-seconds, "${SKIFF_EVICTION_SECONDS:-300}",
              --default-unreachable-toleration-seconds, "${SKIFF_EVICTION_SECONDS:-300}"]
    depends_on: {store: {condition: service_healthy}}
    healthcheck: {ready: "skiff apiserver ready"}
    restart: on-failure

  gateway:
    command: [gateway, --bind, "127.0.0.1:8001", --api, "tcp://127.0.0.1:7003", --events, "tcp://127.0.0.1:7004"]
    depends_on: {apiserver: {condition: service_healthy}}
    healthcheck: {ready: "skiff gateway ready"}
    restart: on-failure

  scheduler:
    command: [scheduler, --api, "tcp://127.0.0.1:7003", --api-events, "tcp://127.0.0.1:7004"]
    depends_on: {apiserver: {condition: service_healthy}}
    healthcheck: {ready: "skiff scheduler ready"}
    restart: on-failure

  controller-manager:
    command: [controller-manager, --api, "tcp://127.0.0.1:7003", --api-events, "tcp://127.0.0.1:7004",
              --node-monitor-grace-period, "${SKIFF_NODE_GRACE:-40s}", --cluster-cidr, "${SKIFF_CLUSTER_CIDR:-10.244.0.0/16}"]
    depends_on: {apiserver: {condition: service_healthy}}
    healthcheck: {ready: "skiff controller-manager ready"}
    restart: on-failure

  dns:
    command: [dns, --api, "tcp://127.0.0.1:7003", --api-events, "tcp://127.0.0.1:7004"]
    depends_on: {apiserver: {condition: service_healthy}}
    healthcheck: {ready: "skiff dns ready"}
    restart: on-failure

# Each node: services named node-N.<service>. ${node} is the node's name (node-1), ${index} its
# number, ${port:N} is N + port_step × (index − 1): node-1 uses 7301/7302 (runtime), 7311
# (kubelet), 7321 (cadvisor); node-2 7401/7402, 7411, 7421. `--scale node=3` or `--nodes 3`
# changes the count. The runtime's --stop-pods-on-exit makes `down` leave no pod behind: on
# SIGTERM (after its kubelet has stopped) it stops every container and sandbox; a crashed or
# killed runtime leaves them running for the next one to adopt.
x-node:
  name: node
  scale: 2
  port_step: 100
  services:
    runtime:
      command: [runtime, --rpc, "tcp://127.0.0.1:${port:7301}", --events, "tcp://127.0.0.1:${port:7302}",
                --driver, process, --root, "${SKIFF_HOME}/nodes/${node}/runtime", --stop-pods-on-exit]
      healthcheck: {ready: "skiff runtime ready"}
      restart: on-failure

    kubelet:
      command: [kubelet, --node-name, "${node}", --api, "tcp://127.0.0.1:7003", --api-events, "tcp://127.0.0.1:7004",
                --runtime, "tcp://127.0.0.1:${port:7301}", --runtime-events, "tcp://127.0.0.1:${port:7302}",
                --rpc, "tcp://127.0.0.1:${port:7311}", --root, "${SKIFF_HOME}/nodes/${node}/kubelet", --wait-for-pod-cidr]
      depends_on:
        apiserver: {condition: service_healthy}
        runtime: {condition: service_healthy}
      healthcheck: {ready: "skiff kubelet ready"}
      restart: on-failure

    proxy:
      command: [proxy, --node-name, "${node}", --api, "tcp://127.0.0.1:7003", --api-events, "tcp://127.0.0.1:7004"]
      depends_on: {apiserver: {condition: service_healthy}}
      healthcheck: {ready: "skiff proxy ready"}
      restart: on-failure

    cadvisor:
      command: [cadvisor, --node-name, "${node}", --runtime, "tcp://127.0.0.1:${port:7301}", --api, "tcp://127.0.0.1:7003",
                --rpc, "tcp://127.0.0.1:${port:7321}"]
      depends_on:
        apiserver: {condition: service_healthy}
        runtime: {condition: service_healthy}
      healthcheck: {ready: "skiff cadvisor ready"}
      restart: on-failure
"""#
}
