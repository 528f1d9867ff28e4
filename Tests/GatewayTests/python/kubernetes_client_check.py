"""Drives Skiff's gateway with the official Python `kubernetes` client, unchanged.

Usage: kubernetes_client_check.py KUBECONFIG
Prints one JSON object per check on stdout: {"check": name, "ok": bool, "detail": ...}.
Exits 0 when every check passed, 1 otherwise. Run by Tests/EndToEndTests.
"""
import json
import sys
import threading

from kubernetes import client, config, watch
from kubernetes.client.rest import ApiException

failures = 0


def report(name, ok, detail=None):
    global failures
    if not ok:
        failures += 1
    print(json.dumps({"check": name, "ok": bool(ok), "detail": detail}), flush=True)


def expect_status(name, code, reason, call):
    try:
        call()
        report(name, False, "no error")
    except ApiException as e:
        body = json.loads(e.body) if e.body else {}
        report(name, e.status == code and body.get("reason") == reason and body.get("kind") == "Status",
               {"status": e.status, "reason": body.get("reason"), "message": body.get("message")})


def main():
    config.load_kube_config(config_file=sys.argv[1])
    core = client.CoreV1Api()
    apps = client.AppsV1Api()
    batch = client.BatchV1Api()
    version = client.VersionApi().get_code()
    report("version", version.major == "1" and version.minor == "32", version.git_version)

    ns = "pyclient"
    created = core.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name=ns)))
    report("create namespace", created.metadata.name == ns and created.status.phase == "Active", created.metadata.uid)

    # A watch started now must see the configmap's ADDED, MODIFIED and DELETED.
    rv = core.list_namespaced_config_map(ns).metadata.resource_version
    seen = []
    ready = threading.Event()

    def follow():
        w = watch.Watch()
        ready.set()
        for event in w.stream(core.list_namespaced_config_map, ns, resource_version=rv, timeout_seconds=30):
            seen.append((event["type"], event["object"].metadata.name, event["object"].data))
            if event["type"] == "DELETED":
                w.stop()

    t = threading.Thread(target=follow)
    t.start()
    ready.wait()

    cm = core.create_namespaced_config_map(ns, client.V1ConfigMap(metadata=client.V1ObjectMeta(name="settings", labels={"app": "web"}),
                                                                  data={"mode": "fast"}))
    report("create configmap", cm.metadata.resource_version is not None and cm.data == {"mode": "fast"}, cm.metadata.resource_version)
    got = core.read_namespaced_config_map("settings", ns)
    report("read configmap", got.metadata.uid == cm.metadata.uid, got.metadata.uid)
    patched = core.patch_namespaced_config_map("settings", ns, {"data": {"mode": "safe"}})
    report("patch configmap (strategic merge)", patched.data == {"mode": "safe"}, patched.data)
    listed = core.list_namespaced_config_map(ns, label_selector="app=web")
    report("list with a label selector", [i.metadata.name for i in listed.items] == ["settings"], len(listed.items))
    core.delete_namespaced_config_map("settings", ns)
    t.join(timeout=30)
    report("watch saw the changes", [s[0] for s in seen] == ["ADDED", "MODIFIED", "DELETED"], seen)

    body = client.V1Deployment(
        metadata=client.V1ObjectMeta(name="web"),
        spec=client.V1DeploymentSpec(
            replicas=2,
            selector=client.V1LabelSelector(match_labels={"app": "web"}),
            template=client.V1PodTemplateSpec(
                metadata=client.V1ObjectMeta(labels={"app": "web"}),
                spec=client.V1PodSpec(containers=[client.V1Container(name="web", image="nginx:1.27")]))))
    dep = apps.create_namespaced_deployment(ns, body)
    report("create deployment", dep.metadata.generation == 1 and dep.spec.strategy.type == "RollingUpdate", dep.metadata.generation)
    scale = apps.patch_namespaced_deployment_scale("web", ns, {"spec": {"replicas": 4}})
    report("scale subresource", scale.spec.replicas == 4 and scale.status.selector == "app=web", scale.to_dict()["spec"])
    dep = apps.read_namespaced_deployment("web", ns)
    dep.spec.template.spec.containers[0].image = "nginx:1.28"
    replaced = apps.replace_namespaced_deployment("web", ns, dep)
    report("replace deployment", replaced.metadata.generation == 3 and replaced.spec.replicas == 4, replaced.metadata.generation)
    stale = dep
    stale.spec.replicas = 9
    expect_status("conflict on a stale resourceVersion", 409, "Conflict", lambda: apps.replace_namespaced_deployment("web", ns, stale))
    expect_status("already exists", 409, "AlreadyExists", lambda: apps.create_namespaced_deployment(ns, body))
    expect_status("not found", 404, "NotFound", lambda: apps.read_namespaced_deployment("nope", ns))
    bad = client.V1Deployment(metadata=client.V1ObjectMeta(name="Bad_Name"), spec=body.spec)
    expect_status("invalid name", 422, "Invalid", lambda: apps.create_namespaced_deployment(ns, bad))

    job = batch.create_namespaced_job(ns, client.V1Job(
        metadata=client.V1ObjectMeta(name="once"),
        spec=client.V1JobSpec(template=client.V1PodTemplateSpec(spec=client.V1PodSpec(
            restart_policy="Never", containers=[client.V1Container(name="c", image="busybox", command=["true"])])))))
    report("create job", job.spec.selector is not None and job.spec.backoff_limit == 6, job.spec.backoff_limit)

    page = core.list_namespace(limit=2)
    report("paged list", len(page.items) == 2 and page.metadata._continue is not None, len(page.items))

    apps.delete_namespaced_deployment("web", ns, propagation_policy="Foreground")
    core.delete_namespace(ns)
    report("delete namespace", True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
