import Testing
@testable import Resources

/// Rows for apps/v1 and batch/v1 kinds and ReplicationController. Each expected row is worked
/// out from the named function in Kubernetes 1.32's `pkg/printers/internalversion/printers.go`
/// (`printDeployment`, `printJob`, …) at ``TableFixture/now`` (2024-06-01T12:00:00Z); ages follow
/// `duration.HumanDuration` (see HumanDurationTests).
@Suite struct WorkloadTableTests {
    @Test func deployment() throws {
        // printDeployment: Ready is readyReplicas/spec.replicas; Up-to-date and Available are numbers;
        // the selector is LabelSelectorAsSelector(...).String(). Created 51h ago: 2d3h.
        #expect(try TableFixture.cells("Deployment", #"""
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"default","creationTimestamp":"2024-05-30T09:00:00Z"},
         "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},
          "spec":{"containers":[{"name":"nginx","image":"nginx:1.27"},{"name":"sidecar","image":"envoy:1.30"}]}}},
         "status":{"replicas":3,"updatedReplicas":3,"readyReplicas":2,"availableReplicas":2}}
        """#) == ["web", "2/3", 3, 2, "2d3h", "nginx,sidecar", "nginx:1.27,envoy:1.30", "app=web"])
        // No spec.replicas: the API defaults it to 1. No status yet: zeros. A set-based selector
        // prints its values sorted.
        #expect(try TableFixture.cells("Deployment", #"""
        {"metadata":{"name":"new","creationTimestamp":"2024-06-01T11:59:59Z"},
         "spec":{"selector":{"matchLabels":{"app":"new"},"matchExpressions":[{"key":"tier","operator":"In","values":["front","back"]}]},
          "template":{"spec":{"containers":[{"name":"c","image":"busybox"}]}}}}
        """#) == ["new", "0/1", 0, 0, "1s", "c", "busybox", "app=new,tier in (back,front)"])
        #expect(TableFixture.columns("Deployment") == [
            "Name:0", "Ready:0", "Up-to-date:0", "Available:0", "Age:0", "Containers:1", "Images:1", "Selector:1",
        ])
    }

    @Test func replicaSet() throws {
        // printReplicaSet: Desired, Current, Ready as numbers; wide Selector via FormatLabelSelector.
        #expect(try TableFixture.cells("ReplicaSet", #"""
        {"metadata":{"name":"web-5d78c9b8f6","creationTimestamp":"2024-06-01T11:50:00Z"},
         "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web","pod-template-hash":"5d78c9b8f6"}},
          "template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.27"}]}}},
         "status":{"replicas":3,"fullyLabeledReplicas":3,"readyReplicas":3,"availableReplicas":3}}
        """#) == ["web-5d78c9b8f6", 3, 3, 3, "10m", "nginx", "nginx:1.27", "app=web,pod-template-hash=5d78c9b8f6"])
        // An empty selector prints <none> (FormatLabelSelector of Everything).
        #expect(try TableFixture.cells("ReplicaSet", #"{"metadata":{"name":"rs"},"spec":{"replicas":0,"selector":{}}}"#)
            == ["rs", 0, 0, 0, "<unknown>", "", "", "<none>"])
    }

    @Test func replicationController() throws {
        // printReplicationController: the selector is a label map (labels.FormatLabels, sorted).
        #expect(try TableFixture.cells("ReplicationController", #"""
        {"metadata":{"name":"legacy","creationTimestamp":"2024-06-01T11:59:15Z"},
         "spec":{"replicas":2,"selector":{"tier":"web","app":"legacy"},"template":{"metadata":{"labels":{"app":"legacy","tier":"web"}},
          "spec":{"containers":[{"name":"app","image":"legacy:2"}]}}},"status":{"replicas":2,"readyReplicas":1}}
        """#) == ["legacy", 2, 2, 1, "45s", "app", "legacy:2", "app=legacy,tier=web"])
        // The API defaults an empty selector to the template's labels and replicas to 1.
        #expect(try TableFixture.cells("ReplicationController", #"{"metadata":{"name":"rc"},"spec":{"template":{"metadata":{"labels":{"run":"rc"}}}}}"#)
            == ["rc", 1, 0, 0, "<unknown>", "", "", "run=rc"])
    }

    @Test func statefulSet() throws {
        // printStatefulSet: Ready is readyReplicas/spec.replicas; no Selector column.
        #expect(try TableFixture.cells("StatefulSet", #"""
        {"metadata":{"name":"db","creationTimestamp":"2024-06-01T11:59:15Z"},
         "spec":{"replicas":3,"serviceName":"db","selector":{"matchLabels":{"app":"db"}},"template":{"spec":{"containers":[{"name":"postgres","image":"postgres:16"}]}}},
         "status":{"replicas":2,"readyReplicas":1,"currentReplicas":2}}
        """#) == ["db", "1/3", "45s", "postgres", "postgres:16"])
        #expect(TableFixture.columns("StatefulSet") == ["Name:0", "Ready:0", "Age:0", "Containers:1", "Images:1"])
    }

    @Test func daemonSet() throws {
        // printDaemonSet: five status numbers, the template's node selector, then age; 8 days is 8d.
        #expect(try TableFixture.cells("DaemonSet", #"""
        {"metadata":{"name":"fluentd","namespace":"kube-system","creationTimestamp":"2024-05-24T12:00:00Z"},
         "spec":{"selector":{"matchLabels":{"app":"fluentd"}},"template":{"spec":{"nodeSelector":{"kubernetes.io/os":"linux"},
          "containers":[{"name":"fluentd","image":"fluentd:v1.16"}]}}},
         "status":{"desiredNumberScheduled":3,"currentNumberScheduled":3,"numberReady":2,"updatedNumberScheduled":3,"numberAvailable":2}}
        """#) == ["fluentd", 3, 3, 2, 3, 2, "kubernetes.io/os=linux", "8d", "fluentd", "fluentd:v1.16", "app=fluentd"])
        #expect(try TableFixture.cells("DaemonSet", #"{"metadata":{"name":"ds"}}"#)[6] == "<none>")
    }

    @Test func completedJob() throws {
        // printJob: Complete condition; Completions succeeded/completions; Duration completionTime -
        // startTime = 200s = 3m20s; created 2h ago = 120m (minutes below 3h print as minutes).
        #expect(try TableFixture.cells("Job", #"""
        {"metadata":{"name":"pi","creationTimestamp":"2024-06-01T10:00:00Z"},
         "spec":{"completions":1,"parallelism":1,"selector":{"matchLabels":{"batch.kubernetes.io/controller-uid":"8f1c"}},
          "template":{"spec":{"containers":[{"name":"pi","image":"perl:5.34"}],"restartPolicy":"Never"}}},
         "status":{"startTime":"2024-06-01T10:00:05Z","completionTime":"2024-06-01T10:03:25Z","succeeded":1,
          "conditions":[{"type":"SuccessCriteriaMet","status":"True"},{"type":"Complete","status":"True"}]}}
        """#) == ["pi", "Complete", "1/1", "3m20s", "120m", "pi", "perl:5.34", "batch.kubernetes.io/controller-uid=8f1c"])
    }

    @Test func runningJobs() throws {
        // Still running: Duration is now - startTime. Without completions, parallelism > 1 prints "of N".
        #expect(try TableFixture.cells("Job", #"""
        {"metadata":{"name":"work","creationTimestamp":"2024-06-01T11:59:29Z"},"spec":{"parallelism":3,"template":{"spec":{"containers":[]}}},
         "status":{"startTime":"2024-06-01T11:59:30Z","active":3,"succeeded":1}}
        """#).prefix(5) == ["work", "Running", "1/1 of 3", "30s", "31s"])
        // Not started: empty Duration; completions 5.
        #expect(try TableFixture.cells("Job", #"{"metadata":{"name":"j"},"spec":{"completions":5}}"#).prefix(5)
            == ["j", "Running", "0/5", "", "<unknown>"])
        #expect(try TableFixture.cells("Job", #"{"metadata":{"name":"j"}}"#)[2] == "0/1")
    }

    @Test(arguments: [
        (#"[{"type":"Failed","status":"True"}]"#, false, "Failed"),
        (#"[{"type":"FailureTarget","status":"True"},{"type":"Failed","status":"True"}]"#, false, "Failed"),
        (#"[{"type":"FailureTarget","status":"True"}]"#, false, "FailureTarget"),
        (#"[{"type":"Suspended","status":"True"}]"#, false, "Suspended"),
        (#"[{"type":"Suspended","status":"True"}]"#, true, "Terminating"),
        (#"[{"type":"Complete","status":"True"}]"#, true, "Complete"),
        (#"[{"type":"Complete","status":"False"}]"#, false, "Running"),
    ])
    func jobStatusPrecedence(conditions: String, deleting: Bool, expected: String) throws {
        // printJob's Status: Complete, then Failed, then Terminating, Suspended, FailureTarget, Running.
        let deletion = deleting ? #","deletionTimestamp":"2024-06-01T11:59:00Z""# : ""
        let json = #"{"metadata":{"name":"j""# + deletion + #"},"status":{"conditions":"# + conditions + "}}"
        #expect(try TableFixture.cells("Job", json)[1] == .string(expected))
    }

    @Test func cronJob() throws {
        // printCronJob: no timeZone prints <none>; suspend defaults to false (printBoolPtr: False);
        // Active counts status.active; Last Schedule is the age of lastScheduleTime.
        #expect(try TableFixture.cells("CronJob", #"""
        {"metadata":{"name":"nightly","creationTimestamp":"2024-05-24T12:00:00Z"},
         "spec":{"schedule":"*/5 * * * *","jobTemplate":{"spec":{"template":{"spec":{"containers":[{"name":"backup","image":"backup:3"}]}}}}},
         "status":{"active":[{"kind":"Job","name":"nightly-28620715"}],"lastScheduleTime":"2024-06-01T11:55:00Z"}}
        """#) == ["nightly", "*/5 * * * *", "<none>", "False", 1, "5m", "8d", "backup", "backup:3", "<none>"])
        // Never scheduled, suspended, with a time zone.
        #expect(try TableFixture.cells("CronJob", #"{"metadata":{"name":"c"},"spec":{"schedule":"@daily","timeZone":"Europe/Paris","suspend":true}}"#).prefix(7)
            == ["c", "@daily", "Europe/Paris", "True", 0, "<none>", "<unknown>"])
        #expect(TableFixture.columns("CronJob") == [
            "Name:0", "Schedule:0", "Timezone:0", "Suspend:0", "Active:0", "Last Schedule:0", "Age:0",
            "Containers:1", "Images:1", "Selector:1",
        ])
    }

    @Test func controllerRevision() throws {
        // printControllerRevision: the controlling owner as lower-case kind.group/name.
        #expect(try TableFixture.cells("ControllerRevision", #"""
        {"metadata":{"name":"db-7b9f8c6d5","creationTimestamp":"2024-06-01T11:00:00Z",
          "ownerReferences":[{"apiVersion":"v1","kind":"Pod","name":"not-the-controller"},
                             {"apiVersion":"apps/v1","kind":"StatefulSet","name":"db","uid":"1","controller":true,"blockOwnerDeletion":true}]},
         "revision":2,"data":{}}
        """#) == ["db-7b9f8c6d5", "statefulset.apps/db", 2, "60m"])
        // A core-group controller has no group suffix; no controller prints <none>.
        #expect(try TableFixture.cells("ControllerRevision", #"{"metadata":{"name":"r","ownerReferences":[{"apiVersion":"v1","kind":"ReplicationController","name":"rc","controller":true}]},"revision":1}"#)[1]
            == "replicationcontroller/rc")
        #expect(try TableFixture.cells("ControllerRevision", #"{"metadata":{"name":"r"},"revision":1}"#)[1] == "<none>")
    }
}
