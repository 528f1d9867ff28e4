import Testing
@testable import Resources

/// Pod rows. Cases marked "printers_test.go" are Kubernetes' own `TestPrintPod` /
/// `TestPrintPodWithRestartableInitContainer` / `TestPrintPodwide` cases (pkg/printers/
/// internalversion, 1.32) rewritten as JSON, with their expected cells; Go's `time.Now().Add(-10s)`
/// becomes a timestamp 10 s before ``TableFixture/now``. The others are worked out from
/// `printPod` and say which branch gives the value.
@Suite struct PodTableTests {
    func cells(_ json: String) throws -> [JSON] { try TableFixture.cells("Pod", json) }
    /// The five default columns (Go's tests print without `Wide`).
    func narrow(_ json: String) throws -> [JSON] { Array(try cells(json).prefix(5)) }

    @Test func columnsMatchPrinters() {
        #expect(TableFixture.columns("Pod") == [
            "Name:0", "Ready:0", "Status:0", "Restarts:0", "Age:0", "IP:1", "Node:1", "Nominated Node:1", "Readiness Gates:1",
        ])
    }

    @Test func runningPodAsKubectlShowsIt() throws {
        // kubectl get pods -o wide for a one-container pod created 5 minutes ago.
        let row = try cells(#"""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-1","namespace":"default","creationTimestamp":"2024-06-01T11:55:00Z","labels":{"app":"web"}},
         "spec":{"nodeName":"node-1","containers":[{"name":"web","image":"nginx:1.27"}]},
         "status":{"phase":"Running","podIP":"10.244.1.5","podIPs":[{"ip":"10.244.1.5"}],
          "conditions":[{"type":"Ready","status":"True"}],
          "containerStatuses":[{"name":"web","ready":true,"restartCount":0,"started":true,"state":{"running":{"startedAt":"2024-06-01T11:55:03Z"}}}]}}
        """#)
        #expect(row == ["web-1", "1/1", "Running", "0", "5m", "10.244.1.5", "node-1", "<none>", "<none>"])
    }

    @Test func pendingUnscheduledPod() throws {
        // Nothing assigned yet: IP, Node and Nominated Node print <none>; the API sets phase Pending.
        #expect(try cells(#"{"metadata":{"name":"p","creationTimestamp":"2024-06-01T11:59:58Z"},"spec":{"containers":[{"name":"a"}]},"status":{"phase":"Pending"}}"#)
            == ["p", "0/1", "Pending", "0", "2s", "<none>", "<none>", "<none>", "<none>"])
        #expect(try narrow(#"{"metadata":{"name":"p"},"spec":{"containers":[{"name":"a"}]}}"#)
            == ["p", "0/1", "Pending", "0", "<unknown>"])
    }

    @Test func crashLoopBackOffShowsLastRestart() throws {
        // The waiting reason replaces the phase; the restart count carries the last termination's age.
        #expect(try narrow(#"""
        {"metadata":{"name":"crashy","creationTimestamp":"2024-06-01T11:00:00Z"},"spec":{"containers":[{"name":"a"}]},
         "status":{"phase":"Running","containerStatuses":[{"name":"a","ready":false,"restartCount":5,
          "state":{"waiting":{"reason":"CrashLoopBackOff","message":"back-off 2m40s"}},
          "lastTerminationState":{"terminated":{"exitCode":1,"reason":"Error","finishedAt":"2024-06-01T11:58:00Z"}}}]}}
        """#) == ["crashy", "0/1", "CrashLoopBackOff", "5 (2m ago)", "60m"])
    }

    @Test func containerCreatingAndImagePullBackOff() throws {
        #expect(try narrow(#"{"metadata":{"name":"a"},"spec":{"containers":[{"name":"c"}]},"status":{"phase":"Pending","containerStatuses":[{"name":"c","state":{"waiting":{"reason":"ContainerCreating"}}}]}}"#)[2] == "ContainerCreating")
        #expect(try narrow(#"{"metadata":{"name":"a"},"spec":{"containers":[{"name":"c"}]},"status":{"phase":"Pending","containerStatuses":[{"name":"c","state":{"waiting":{"reason":"ImagePullBackOff"}}}]}}"#)[2] == "ImagePullBackOff")
    }

    @Test func terminatedWithoutReasonShowsSignalOrExitCode() throws {
        #expect(try narrow(#"{"metadata":{"name":"a"},"spec":{"containers":[{"name":"c"}]},"status":{"phase":"Running","containerStatuses":[{"name":"c","state":{"terminated":{"exitCode":137,"signal":9}}}]}}"#)[2] == "Signal:9")
        #expect(try narrow(#"{"metadata":{"name":"a"},"spec":{"containers":[{"name":"c"}]},"status":{"phase":"Running","containerStatuses":[{"name":"c","state":{"terminated":{"exitCode":2}}}]}}"#)[2] == "ExitCode:2")
    }

    @Test func initContainerStates() throws {
        func status(_ initState: String) -> String {
            #"{"metadata":{"name":"i"},"spec":{"initContainers":[{"name":"init"}],"containers":[{"name":"c"}]},"status":{"phase":"Pending","initContainerStatuses":[{"name":"init","restartCount":0,"state":"# + initState + #"}],"containerStatuses":[{"name":"c","state":{"waiting":{"reason":"PodInitializing"}}}]}}"#
        }
        #expect(try narrow(status(#"{"terminated":{"exitCode":1}}"#))[2] == "Init:ExitCode:1")
        #expect(try narrow(status(#"{"terminated":{"exitCode":137,"signal":9}}"#))[2] == "Init:Signal:9")
        #expect(try narrow(status(#"{"terminated":{"exitCode":1,"reason":"Error"}}"#))[2] == "Init:Error")
        #expect(try narrow(status(#"{"waiting":{"reason":"CrashLoopBackOff"}}"#))[2] == "Init:CrashLoopBackOff")
        // PodInitializing is not a reason to show: the running-count form is used instead.
        #expect(try narrow(status(#"{"waiting":{"reason":"PodInitializing"}}"#))[2] == "Init:0/1")
        #expect(try narrow(status(#"{"running":{}}"#))[2] == "Init:0/1")
        // Init done (exit 0): the main container's waiting reason shows.
        #expect(try narrow(status(#"{"terminated":{"exitCode":0,"reason":"Completed"}}"#))[2] == "PodInitializing")
    }

    @Test func terminatingAndNodeLost() throws {
        // printers_test.go test19 / test20 / test18: deletion turns a live pod into Terminating, not a finished one.
        #expect(try narrow(#"{"metadata":{"name":"test19","deletionTimestamp":"2024-06-01T11:59:50Z"},"spec":{"containers":[{}]},"status":{"phase":"Running","containerStatuses":[{"ready":false,"restartCount":0,"state":{"running":{}}}]}}"#)
            == ["test19", "0/1", "Terminating", "0", "<unknown>"])
        #expect(try narrow(#"{"metadata":{"name":"test20","deletionTimestamp":"2024-06-01T11:59:50Z"},"spec":{"containers":[{}]},"status":{"phase":"Pending"}}"#)
            == ["test20", "0/1", "Terminating", "0", "<unknown>"])
        #expect(try narrow(#"{"metadata":{"name":"test18","deletionTimestamp":"2024-06-01T11:59:50Z"},"spec":{"containers":[{}]},"status":{"phase":"Succeeded","containerStatuses":[{"ready":false,"restartCount":0,"state":{"terminated":{"reason":"Completed","exitCode":0}}}]}}"#)
            == ["test18", "0/1", "Completed", "0", "<unknown>"])
        // NodeUnreachablePodReason ("NodeLost") with a deletion timestamp prints Unknown.
        #expect(try narrow(#"{"metadata":{"name":"lost","deletionTimestamp":"2024-06-01T11:59:50Z"},"spec":{"containers":[{}]},"status":{"phase":"Running","reason":"NodeLost"}}"#)[2] == "Unknown")
    }

    @Test func printersTestCases() throws {
        // printers_test.go test1: one ready running container out of two; restarts add up.
        #expect(try narrow(#"{"metadata":{"name":"test1"},"spec":{"containers":[{},{}]},"status":{"phase":"podPhase","containerStatuses":[{"ready":true,"restartCount":3,"state":{"running":{}}},{"restartCount":3}]}}"#)
            == ["test1", "1/2", "podPhase", "6", "<unknown>"])
        // test3: statuses are read last to first, so the first container's reason wins.
        #expect(try narrow(#"{"metadata":{"name":"test3"},"spec":{"containers":[{},{}]},"status":{"phase":"podPhase","containerStatuses":[{"state":{"waiting":{"reason":"ContainerWaitingReason"}},"restartCount":3},{"state":{"terminated":{"reason":"ContainerTerminatedReason"}},"restartCount":3}]}}"#)
            == ["test3", "0/2", "ContainerWaitingReason", "6", "<unknown>"])
        // test5: status.reason replaces the phase.
        #expect(try narrow(#"{"metadata":{"name":"test5"},"spec":{"containers":[{},{}]},"status":{"reason":"podReason","phase":"podPhase","containerStatuses":[{"ready":true,"restartCount":3,"state":{"running":{}}},{"ready":true,"restartCount":3}]}}"#)
            == ["test5", "1/2", "podReason", "6", "<unknown>"])
        // test6 (both): Completed with a running container is NotReady, or Running with a Ready condition.
        let test6 = #"{"metadata":{"name":"test6"},"spec":{"containers":[{},{}]},"status":{"phase":"Running","containerStatuses":[{"ready":true,"restartCount":3,"state":{"terminated":{"reason":"Completed","exitCode":0}}},{"ready":true,"restartCount":3,"state":{"running":{}}}]CONDITIONS}}"#
        #expect(try narrow(test6.replacing("CONDITIONS", with: "")) == ["test6", "1/2", "NotReady", "6", "<unknown>"])
        #expect(try narrow(test6.replacing("CONDITIONS", with: #","conditions":[{"type":"Ready","status":"True"}]"#))
            == ["test6", "1/2", "Running", "6", "<unknown>"])
        // test7: a restarting init container: Init:0/1 and its restarts with their age.
        #expect(try narrow(#"{"metadata":{"name":"test7"},"spec":{"initContainers":[{}],"containers":[{}]},"status":{"phase":"podPhase","initContainerStatuses":[{"ready":false,"restartCount":3,"state":{"running":{}},"lastTerminationState":{"terminated":{"finishedAt":"2024-06-01T11:59:50Z"}}}],"containerStatuses":[{"ready":false,"restartCount":0,"state":{"waiting":{}}}]}}"#)
            == ["test7", "0/1", "Init:0/1", "3 (10s ago)", "<unknown>"])
        // test10: a finished init container with restarts, then a restarting one: restarts of both.
        #expect(try narrow(#"{"metadata":{"name":"test10"},"spec":{"initContainers":[{},{}],"containers":[{}]},"status":{"phase":"podPhase","initContainerStatuses":[{"restartCount":2,"state":{"terminated":{}},"lastTerminationState":{"terminated":{"finishedAt":"2024-06-01T11:58:00Z"}}},{"restartCount":3,"state":{"running":{}},"lastTerminationState":{"terminated":{"finishedAt":"2024-06-01T11:59:50Z"}}}],"containerStatuses":[{"state":{"waiting":{}}}]}}"#)
            == ["test10", "0/1", "Init:1/2", "5 (10s ago)", "<unknown>"])
        // test11: once init is done, only the main containers' restarts count.
        #expect(try narrow(#"{"metadata":{"name":"test11"},"spec":{"initContainers":[{}],"containers":[{}]},"status":{"phase":"Running","initContainerStatuses":[{"restartCount":2,"state":{"terminated":{}},"lastTerminationState":{"terminated":{"finishedAt":"2024-06-01T11:58:00Z"}}}],"containerStatuses":[{"restartCount":4,"state":{"running":{}},"lastTerminationState":{"terminated":{"finishedAt":"2024-06-01T11:59:40Z"}}}]}}"#)
            == ["test11", "0/1", "Running", "4 (20s ago)", "<unknown>"])
        // test14: the most recent termination across containers dates the restarts.
        #expect(try narrow(#"{"metadata":{"name":"test14"},"spec":{"containers":[{},{}]},"status":{"phase":"Running","containerStatuses":[{"ready":true,"restartCount":6,"state":{"running":{}},"lastTerminationState":{"terminated":{"finishedAt":"2024-05-27T12:00:00Z"}}},{"ready":true,"restartCount":3,"state":{"running":{}},"lastTerminationState":{"terminated":{"finishedAt":"2024-05-12T12:00:00Z"}}}]}}"#)
            == ["test14", "2/2", "Running", "9 (5d ago)", "<unknown>"])
        // test15: a scheduling gate.
        #expect(try narrow(#"{"metadata":{"name":"test15"},"spec":{"containers":[{},{}]},"status":{"phase":"podPhase","conditions":[{"type":"PodScheduled","status":"False","reason":"SchedulingGated"}]}}"#)
            == ["test15", "0/2", "SchedulingGated", "0", "<unknown>"])
    }

    @Test func restartableInitContainers() throws {
        // printers_test.go TestPrintPodWithRestartableInitContainer test2: sidecars count as containers.
        #expect(try narrow(#"""
        {"metadata":{"name":"test2"},"spec":{"initContainers":[{"name":"restartable-init-1","restartPolicy":"Always"},{"name":"restartable-init-2","restartPolicy":"Always"}],"containers":[{}]},
         "status":{"phase":"Running","initContainerStatuses":[
           {"name":"restartable-init-1","ready":false,"restartCount":3,"state":{"running":{}},"started":true,"lastTerminationState":{"terminated":{"finishedAt":"2024-06-01T11:59:50Z"}}},
           {"name":"restartable-init-2","ready":false,"state":{"running":{}},"started":true}],
          "containerStatuses":[{"ready":true,"restartCount":4,"state":{"running":{}},"lastTerminationState":{"terminated":{"finishedAt":"2024-06-01T11:59:40Z"}}}],
          "conditions":[{"type":"Initialized","status":"True"}]}}
        """#) == ["test2", "1/3", "Running", "7 (10s ago)", "<unknown>"])
        // test1 (second case): the first sidecar started, the second not yet: Init:1/2.
        #expect(try narrow(#"""
        {"metadata":{"name":"test1"},"spec":{"initContainers":[{"name":"restartable-init-1","restartPolicy":"Always"},{"name":"restartable-init-2","restartPolicy":"Always"}],"containers":[{}]},
         "status":{"phase":"Pending","initContainerStatuses":[
           {"name":"restartable-init-1","ready":false,"restartCount":3,"state":{"running":{}},"started":true,"lastTerminationState":{"terminated":{"finishedAt":"2024-06-01T11:59:50Z"}}},
           {"name":"restartable-init-2","ready":false,"state":{"running":{}},"started":false}],
          "containerStatuses":[{"ready":false,"restartCount":0,"state":{"waiting":{}}}],
          "conditions":[{"type":"Initialized","status":"False"}]}}
        """#) == ["test1", "0/3", "Init:1/2", "3 (10s ago)", "<unknown>"])
        // test4: statuses for containers the spec does not have.
        #expect(try narrow(#"""
        {"metadata":{"name":"test4"},"spec":{"initContainers":[{"name":"init1","image":"initimage"},{"name":"sidecar1","image":"sidecarimage","restartPolicy":"Always"}],"containers":[{"name":"container1","image":"containerimage"}]},
         "status":{"phase":"Running","initContainerStatuses":[{"name":"initinvalid"},{"name":"init1"},{"name":"sidecar1"}],"containerStatuses":[{"name":"containerinvalid"},{"name":"container1"}]}}
        """#) == ["test4", "0/2", "Init:0/2", "0", "<unknown>"])
    }

    @Test func wideColumns() throws {
        // printers_test.go TestPrintPodwide test1: 1 of 3 readiness gates true, IP from podIPs.
        #expect(try cells(#"""
        {"metadata":{"name":"test1"},"spec":{"containers":[{},{}],"nodeName":"test1","readinessGates":[{"conditionType":"condition1"},{"conditionType":"condition2"},{"conditionType":"condition3"}]},
         "status":{"conditions":[{"type":"condition1","status":"False"},{"type":"condition2","status":"True"}],"phase":"podPhase","podIPs":[{"ip":"1.1.1.1"}],
          "containerStatuses":[{"ready":true,"restartCount":3,"state":{"running":{}}},{"restartCount":3}],"nominatedNodeName":"node1"}}
        """#) == ["test1", "1/2", "podPhase", "6", "<unknown>", "1.1.1.1", "test1", "node1", "1/3"])
    }

    @Test func finishedPodsCarryCompletedRowCondition() throws {
        // podSuccessConditions / podFailedConditions in printers.go.
        let type = TableFixture.type("Pod")
        let evicted = try JSON.parse(#"{"metadata":{"name":"ev"},"spec":{"containers":[{}]},"status":{"phase":"Failed","reason":"Evicted","message":"low on memory"}}"#)
        let row = Tables.row(for: evicted, type: type, now: TableFixture.now)
        #expect(row["cells"]?[2] == "Evicted")
        #expect(row["conditions"] == [["type": "Completed", "status": "True", "reason": "Failed", "message": "The pod failed."]])
        let done = try JSON.parse(#"{"metadata":{"name":"d"},"spec":{"containers":[{}]},"status":{"phase":"Succeeded"}}"#)
        #expect(Tables.row(for: done, type: type, now: TableFixture.now)["conditions"]
            == [["type": "Completed", "status": "True", "reason": "Succeeded", "message": "The pod has completed successfully."]])
        let running = try JSON.parse(#"{"metadata":{"name":"r"},"spec":{"containers":[{}]},"status":{"phase":"Running"}}"#)
        #expect(Tables.row(for: running, type: type, now: TableFixture.now)["conditions"] == nil)
    }
}
