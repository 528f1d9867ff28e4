import Testing
@testable import Resources

/// Rows for the core/v1, coordination.k8s.io and discovery.k8s.io kinds. Each expected row is
/// worked out from the named function in Kubernetes 1.32's `pkg/printers/internalversion/
/// printers.go` at ``TableFixture/now`` (2024-06-01T12:00:00Z). Cases marked "printers_test.go"
/// are Kubernetes' own test cases.
@Suite struct CoreTableTests {
    @Test func readyControlPlaneNode() throws {
        // printNode: Ready condition True; role from the node-role label; wide columns from
        // status.addresses and nodeInfo (no ExternalIP: <none>). 30 days: 30d.
        #expect(try TableFixture.cells("Node", #"""
        {"metadata":{"name":"cp-1","creationTimestamp":"2024-05-02T12:00:00Z",
          "labels":{"kubernetes.io/hostname":"cp-1","node-role.kubernetes.io/control-plane":""}},
         "spec":{"podCIDR":"10.244.0.0/24"},
         "status":{"conditions":[{"type":"MemoryPressure","status":"False"},{"type":"Ready","status":"True","reason":"KubeletReady"}],
          "addresses":[{"type":"InternalIP","address":"192.168.1.10"},{"type":"Hostname","address":"cp-1"}],
          "nodeInfo":{"kubeletVersion":"v1.32.0","osImage":"Ubuntu 24.04 LTS","kernelVersion":"6.8.0-31-generic","containerRuntimeVersion":"containerd://1.7.12"}}}
        """#) == ["cp-1", "Ready", "control-plane", "30d", "v1.32.0", "192.168.1.10", "<none>", "Ubuntu 24.04 LTS",
                  "6.8.0-31-generic", "containerd://1.7.12"])
    }

    @Test func nodeStatusAndRoles() throws {
        // NotReady plus cordoned; roles from both label forms, sorted and distinct.
        #expect(try TableFixture.cells("Node", #"""
        {"metadata":{"name":"w","labels":{"node-role.kubernetes.io/worker":"","kubernetes.io/role":"infra","node-role.kubernetes.io/":"x"}},
         "spec":{"unschedulable":true},"status":{"conditions":[{"type":"Ready","status":"False"}],
          "addresses":[{"type":"ExternalIP","address":"203.0.113.7"}]}}
        """#).prefix(7) == ["w", "NotReady,SchedulingDisabled", "infra,worker", "<unknown>", "", "<none>", "203.0.113.7"])
        // No Ready condition: Unknown; an Unknown status is also NotReady. Empty nodeInfo: <unknown>.
        #expect(try TableFixture.cells("Node", #"{"metadata":{"name":"n"}}"#)
            == ["n", "Unknown", "<none>", "<unknown>", "", "<none>", "<none>", "<unknown>", "<unknown>", "<unknown>"])
        #expect(try TableFixture.cells("Node", #"{"metadata":{"name":"n"},"status":{"conditions":[{"type":"Ready","status":"Unknown"}]}}"#)[1]
            == "NotReady")
    }

    @Test func namespace() throws {
        // printNamespace: the phase; the API sets Active on create.
        #expect(try TableFixture.cells("Namespace", #"{"metadata":{"name":"default","creationTimestamp":"2024-05-02T12:00:00Z"},"status":{"phase":"Active"}}"#)
            == ["default", "Active", "30d"])
        #expect(try TableFixture.cells("Namespace", #"{"metadata":{"name":"old","creationTimestamp":"2024-05-02T12:00:00Z","deletionTimestamp":"2024-06-01T11:59:00Z"},"status":{"phase":"Terminating"}}"#)
            == ["old", "Terminating", "30d"])
        #expect(try TableFixture.cells("Namespace", #"{"metadata":{"name":"new"}}"#) == ["new", "Active", "<unknown>"])
    }

    @Test func clusterIPAndNodePortServices() throws {
        // printService / makePortString: port/protocol, port:nodePort/protocol; wide Selector.
        #expect(try TableFixture.cells("Service", #"""
        {"metadata":{"name":"web","creationTimestamp":"2024-06-01T11:55:00Z"},
         "spec":{"type":"ClusterIP","clusterIP":"10.96.12.34","clusterIPs":["10.96.12.34"],"selector":{"app":"web"},
          "ports":[{"name":"http","port":80,"protocol":"TCP","targetPort":8080},{"name":"https","port":443,"protocol":"TCP","targetPort":8443}]}}
        """#) == ["web", "ClusterIP", "10.96.12.34", "<none>", "80/TCP,443/TCP", "5m", "app=web"])
        #expect(try TableFixture.cells("Service", #"""
        {"metadata":{"name":"np"},"spec":{"type":"NodePort","clusterIP":"10.96.0.20","ports":[{"port":80,"nodePort":30080,"protocol":"TCP"},{"port":53,"protocol":"UDP","nodePort":30053}],"externalIPs":["198.51.100.1"]}}
        """#) == ["np", "NodePort", "10.96.0.20", "198.51.100.1", "80:30080/TCP,53:30053/UDP", "<unknown>", "<none>"])
        // Defaults the API applies: type ClusterIP, protocol TCP. Headless: None. No ports: <none>.
        #expect(try TableFixture.cells("Service", #"{"metadata":{"name":"h"},"spec":{"clusterIP":"None","ports":[{"port":5432}]}}"#)
            == ["h", "ClusterIP", "None", "<none>", "5432/TCP", "<unknown>", "<none>"])
        #expect(try TableFixture.cells("Service", #"{"metadata":{"name":"e"},"spec":{}}"#)[2...4] == ["<none>", "<none>", "<none>"])
    }

    @Test func loadBalancerAndExternalNameServices() throws {
        // printers_test.go TestPrintServiceLoadBalancer: ingress IPs joined (wide, so never clipped).
        #expect(try TableFixture.cells("Service", #"""
        {"metadata":{"name":"service4"},"spec":{"clusterIPs":["1.5.6.7"],"type":"LoadBalancer","selector":{"foo":"bar"},
          "ports":[{"port":80,"protocol":"TCP"},{"port":8090,"protocol":"UDP"},{"port":8000,"protocol":"TCP"}]},
         "status":{"loadBalancer":{"ingress":[{"ip":"2.3.4.5"},{"ip":"3.4.5.6"},{"ip":"5.6.7.8","hostname":"host5678"}]}}}
        """#) == ["service4", "LoadBalancer", "1.5.6.7", "2.3.4.5,3.4.5.6,5.6.7.8", "80/TCP,8090/UDP,8000/TCP", "<unknown>", "foo=bar"])
        // printers_test.go service2: no ingress yet.
        #expect(try TableFixture.cells("Service", #"{"metadata":{"name":"service2"},"spec":{"clusterIPs":["1.3.4.5"],"type":"LoadBalancer","ports":[{"port":80,"protocol":"TCP"},{"port":7777,"protocol":"SCTP"}]}}"#)[3]
            == "<pending>")
        // A hostname ingress, then spec.externalIPs after the load balancer's addresses.
        #expect(try TableFixture.cells("Service", #"{"metadata":{"name":"lb"},"spec":{"type":"LoadBalancer","externalIPs":["10.0.0.9"]},"status":{"loadBalancer":{"ingress":[{"hostname":"lb.example.com"}]}}}"#)[3]
            == "lb.example.com,10.0.0.9")
        #expect(try TableFixture.cells("Service", #"{"metadata":{"name":"db"},"spec":{"type":"ExternalName","externalName":"db.example.com"}}"#).prefix(5)
            == ["db", "ExternalName", "<none>", "db.example.com", "<none>"])
    }

    @Test func endpoints() throws {
        // formatEndpoints: address:port for each port of each subset.
        #expect(try TableFixture.cells("Endpoints", #"""
        {"metadata":{"name":"web","creationTimestamp":"2024-06-01T11:55:00Z"},
         "subsets":[{"addresses":[{"ip":"10.244.1.5"},{"ip":"10.244.2.7"}],"ports":[{"name":"http","port":80,"protocol":"TCP"}]}]}
        """#) == ["web", "10.244.1.5:80,10.244.2.7:80", "5m"])
        // Past three: " + N more..." where N counts every remaining address:port pair.
        #expect(try TableFixture.cells("Endpoints", #"""
        {"metadata":{"name":"big"},"subsets":[{"addresses":[{"ip":"10.0.0.1"},{"ip":"10.0.0.2"}],"ports":[{"port":80},{"port":443}]},
         {"addresses":[{"ip":"10.0.0.3"}],"ports":[{"port":80}]}]}
        """#)[1] == "10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 2 more...")
        // Headless without ports: bare IPs. IPv6 hosts are bracketed (net.JoinHostPort). No subsets: <none>.
        #expect(try TableFixture.cells("Endpoints", #"{"metadata":{"name":"h"},"subsets":[{"addresses":[{"ip":"10.0.0.1"},{"ip":"10.0.0.2"}]}]}"#)[1] == "10.0.0.1,10.0.0.2")
        #expect(try TableFixture.cells("Endpoints", #"{"metadata":{"name":"v6"},"subsets":[{"addresses":[{"ip":"fd00::1"}],"ports":[{"port":80}]}]}"#)[1] == "[fd00::1]:80")
        #expect(try TableFixture.cells("Endpoints", #"{"metadata":{"name":"none"}}"#)[1] == "<none>")
    }

    @Test func endpointSlice() throws {
        // printEndpointSlice: port numbers, then addresses, each up to three.
        #expect(try TableFixture.cells("EndpointSlice", #"""
        {"metadata":{"name":"web-abc12","creationTimestamp":"2024-06-01T11:55:00Z","labels":{"kubernetes.io/service-name":"web"}},
         "addressType":"IPv4","ports":[{"name":"http","port":80,"protocol":"TCP"}],
         "endpoints":[{"addresses":["10.244.1.5"],"conditions":{"ready":true}},{"addresses":["10.244.2.7"],"conditions":{"ready":true}}]}
        """#) == ["web-abc12", "IPv4", "80", "10.244.1.5,10.244.2.7", "5m"])
        // formatDiscoveryPorts: a port without number prints its name, else "*"; nothing prints <unset>.
        #expect(try TableFixture.cells("EndpointSlice", #"""
        {"metadata":{"name":"s"},"addressType":"IPv6","ports":[{"port":80},{"name":"dns"},{},{"port":8080}],
         "endpoints":[{"addresses":["fd00::1","fd00::2"]},{"addresses":["fd00::3","fd00::4","fd00::5"]}]}
        """#).prefix(4) == ["s", "IPv6", "80,dns,* + 1 more...", "fd00::1,fd00::2,fd00::3 + 2 more..."])
        #expect(try TableFixture.cells("EndpointSlice", #"{"metadata":{"name":"e"},"addressType":"IPv4"}"#).prefix(4) == ["e", "IPv4", "<unset>", "<unset>"])
    }

    @Test func oldStyleEvent() throws {
        // printEvent: Last Seen from lastTimestamp, Object kind/name lower-cased, message trimmed;
        // wide: fieldPath, "component, host", First Seen, Count, then the event's name.
        #expect(try TableFixture.cells("Event", #"""
        {"metadata":{"name":"web-1.17d0f3c1a2b3c4d5","namespace":"default"},
         "involvedObject":{"kind":"Pod","namespace":"default","name":"web-1","fieldPath":"spec.containers{web}"},
         "reason":"BackOff","message":"  Back-off restarting failed container web\n","source":{"component":"kubelet","host":"node-1"},
         "firstTimestamp":"2024-06-01T11:50:00Z","lastTimestamp":"2024-06-01T11:59:30Z","count":12,"type":"Warning"}
        """#) == ["30s", "Warning", "BackOff", "pod/web-1", "spec.containers{web}", "kubelet, node-1",
                  "Back-off restarting failed container web", "10m", 12, "web-1.17d0f3c1a2b3c4d5"])
        #expect(TableFixture.columns("Event") == [
            "Last Seen:0", "Type:0", "Reason:0", "Object:0", "Subobject:1", "Source:1", "Message:0", "First Seen:1", "Count:1", "Name:1",
        ])
    }

    @Test func newStyleEvents() throws {
        // No first/last timestamps: both come from eventTime (a MicroTime, 44.88 s ago: 44s);
        // no count means a singleton: 1; the source falls back to reportingComponent/Instance.
        #expect(try TableFixture.cells("Event", #"""
        {"metadata":{"name":"e1"},"involvedObject":{"kind":"Pod","name":"web-2"},"reason":"Scheduled","message":"Successfully assigned default/web-2 to node-1",
         "eventTime":"2024-06-01T11:59:15.123456Z","reportingComponent":"default-scheduler","reportingInstance":"default-scheduler-cp-1","type":"Normal"}
        """#) == ["44s", "Normal", "Scheduled", "pod/web-2", "", "default-scheduler, default-scheduler-cp-1",
                  "Successfully assigned default/web-2 to node-1", "44s", 1, "e1"])
        // A series: Last Seen and Count from it. No involved name: just the kind. No host: no comma.
        #expect(try TableFixture.cells("Event", #"""
        {"metadata":{"name":"e2"},"involvedObject":{"kind":"Node"},"reason":"Rebooted","eventTime":"2024-06-01T11:00:00.000000Z",
         "series":{"count":3,"lastObservedTime":"2024-06-01T11:59:40.000000Z"},"reportingComponent":"kubelet","type":"Warning"}
        """#) == ["20s", "Warning", "Rebooted", "node", "", "kubelet", "", "60m", 3, "e2"])
        // Nothing at all: <unknown> times.
        #expect(try TableFixture.cells("Event", #"{"metadata":{"name":"e3"}}"#).prefix(4) == ["<unknown>", "", "", ""])
    }

    @Test func configMapsAndSecrets() throws {
        // printConfigMap counts data and binaryData keys; printSecret counts data keys.
        #expect(try TableFixture.cells("ConfigMap", #"{"metadata":{"name":"app-config","creationTimestamp":"2024-05-02T12:00:00Z"},"data":{"a.conf":"x","b.conf":"y"},"binaryData":{"logo.png":"iVBO"}}"#)
            == ["app-config", 3, "30d"])
        #expect(try TableFixture.cells("ConfigMap", #"{"metadata":{"name":"empty"}}"#) == ["empty", 0, "<unknown>"])
        #expect(try TableFixture.cells("Secret", #"{"metadata":{"name":"tls","creationTimestamp":"2024-06-01T11:55:00Z"},"type":"kubernetes.io/tls","data":{"tls.crt":"LS0t","tls.key":"LS0t"}}"#)
            == ["tls", "kubernetes.io/tls", 2, "5m"])
        // The API defaults type to Opaque and merges stringData into data.
        #expect(try TableFixture.cells("Secret", #"{"metadata":{"name":"s"},"data":{"a":"YQ=="},"stringData":{"a":"x","b":"y"}}"#)
            == ["s", "Opaque", 2, "<unknown>"])
    }

    @Test func persistentVolumes() throws {
        // printPersistentVolume: canonical capacity, access modes in RWO,ROX,RWX,RWOP order,
        // claim namespace/name, class from spec; VolumeAttributesClass <unset>; wide VolumeMode.
        #expect(try TableFixture.cells("PersistentVolume", #"""
        {"metadata":{"name":"pv-data","creationTimestamp":"2024-05-29T12:00:00Z"},
         "spec":{"capacity":{"storage":"10240Mi"},"accessModes":["ReadWriteMany","ReadWriteOnce"],"persistentVolumeReclaimPolicy":"Delete",
          "storageClassName":"standard","volumeMode":"Filesystem","claimRef":{"kind":"PersistentVolumeClaim","namespace":"default","name":"data-db-0"},
          "hostPath":{"path":"/data"}},
         "status":{"phase":"Bound"}}
        """#) == ["pv-data", "10Gi", "RWO,RWX", "Delete", "Bound", "default/data-db-0", "standard", "<unset>", "", "3d", "Filesystem"])
        // Defaults: Retain, Pending, Filesystem; the beta annotation wins over storageClassName;
        // a deletion timestamp makes the status Terminating.
        #expect(try TableFixture.cells("PersistentVolume", #"""
        {"metadata":{"name":"pv2","deletionTimestamp":"2024-06-01T11:00:00Z","annotations":{"volume.beta.kubernetes.io/storage-class":"legacy"}},
         "spec":{"storageClassName":"standard","volumeAttributesClassName":"gold"},"status":{"reason":"Recycled"}}
        """#) == ["pv2", "0", "", "Retain", "Terminating", "", "legacy", "gold", "Recycled", "<unknown>", "Filesystem"])
    }

    @Test func persistentVolumeClaims() throws {
        // printPersistentVolumeClaim: capacity and access modes come from status, and only once bound.
        #expect(try TableFixture.cells("PersistentVolumeClaim", #"""
        {"metadata":{"name":"data-db-0","creationTimestamp":"2024-05-29T12:00:00Z"},
         "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"5Gi"}},"storageClassName":"standard","volumeName":"pv-data","volumeMode":"Filesystem"},
         "status":{"phase":"Bound","accessModes":["ReadWriteOnce"],"capacity":{"storage":"10Gi"}}}
        """#) == ["data-db-0", "Bound", "pv-data", "10Gi", "RWO", "standard", "<unset>", "3d", "Filesystem"])
        #expect(try TableFixture.cells("PersistentVolumeClaim", #"""
        {"metadata":{"name":"claim","creationTimestamp":"2024-06-01T11:59:55Z"},
         "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}},"storageClassName":"standard","volumeMode":"Block"}}
        """#) == ["claim", "Pending", "", "", "", "standard", "<unset>", "5s", "Block"])
    }

    @Test func lease() throws {
        // printLease: holderIdentity, empty when nobody holds it.
        #expect(try TableFixture.cells("Lease", #"{"metadata":{"name":"node-1","namespace":"kube-node-lease","creationTimestamp":"2024-05-17T12:00:00Z"},"spec":{"holderIdentity":"node-1","leaseDurationSeconds":40}}"#)
            == ["node-1", "node-1", "15d"])
        #expect(try TableFixture.cells("Lease", #"{"metadata":{"name":"free"},"spec":{}}"#) == ["free", "", "<unknown>"])
    }
}
