@testable import Kubelet
import Resources
import Testing

/// Kubernetes' `getPhase` (pkg/kubelet/kubelet_pods.go, v1.32), case by case.
@Suite struct PodPhaseRulesTests {
    static let running: JSON = ["state": ["running": ["startedAt": "2024-01-01T00:00:00Z"]], "lastState": .emptyObject]
    static let waiting: JSON = ["state": ["waiting": ["reason": "ContainerCreating"]], "lastState": .emptyObject]
    static func exited(_ code: Int64) -> JSON { ["state": ["terminated": ["exitCode": .int(code)]], "lastState": .emptyObject] }
    static func restarting(after code: Int64) -> JSON {
        ["state": ["waiting": ["reason": "CrashLoopBackOff"]], "lastState": ["terminated": ["exitCode": .int(code)]]]
    }

    func phase(_ statuses: [JSON], init inits: [JSON] = [], _ policy: PodModel.RestartPolicy, terminal: Bool = false) -> String {
        PodStatusBuilder.phase(initStatuses: inits, statuses: statuses, restartPolicy: policy, podIsTerminal: terminal)
    }

    @Test func regularContainers() {
        for p in [PodModel.RestartPolicy.always, .onFailure, .never] {
            #expect(phase([Self.running, Self.running], p) == "Running")
            #expect(phase([Self.running, Self.waiting], p) == "Pending", "a container not started yet")
            #expect(phase([Self.running, Self.exited(1)], p) == "Running", "one still runs")
        }
        #expect(phase([Self.exited(0), Self.exited(0)], .always) == "Running", "Always restarts them")
        #expect(phase([Self.exited(0), Self.exited(0)], .onFailure) == "Succeeded")
        #expect(phase([Self.exited(0), Self.exited(0)], .never) == "Succeeded")
        #expect(phase([Self.exited(0), Self.exited(3)], .never) == "Failed")
        #expect(phase([Self.exited(0), Self.exited(3)], .onFailure) == "Running", "the failed one restarts")
        #expect(phase([Self.restarting(after: 1)], .always) == "Running", "waiting after a run counts as stopped")
        #expect(phase([Self.restarting(after: 1)], .onFailure) == "Running")
        #expect(phase([Self.exited(137)], .always, terminal: true) == "Failed", "a deleted pod's end is terminal")
        #expect(phase([Self.exited(0)], .always, terminal: true) == "Succeeded")
        #expect(phase([], .always) == "Pending")
    }

    @Test func initContainers() {
        #expect(phase([Self.waiting], init: [Self.running], .always) == "Pending")
        #expect(phase([Self.waiting], init: [Self.exited(0), Self.waiting], .always) == "Pending")
        #expect(phase([Self.waiting], init: [Self.exited(1)], .never) == "Failed")
        #expect(phase([Self.waiting], init: [Self.restarting(after: 1)], .never) == "Failed")
        #expect(phase([Self.waiting], init: [Self.restarting(after: 1)], .onFailure) == "Pending")
        #expect(phase([Self.running], init: [Self.exited(0)], .always) == "Running")
    }
}
