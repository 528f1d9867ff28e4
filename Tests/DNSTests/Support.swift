import DNS
import Resources

/// SplitMix64: a small seeded generator so property tests are reproducible.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

func json(_ text: String) -> JSON { try! JSON.parse(text) }

func name(_ text: String) -> DNSName { DNSName(text)! }

func query(_ text: String, _ type: UInt16, id: UInt16 = 0x1234, edns: UInt16? = nil) -> [UInt8] {
    var m = DNSMessage(id: id, flags: 0x0100)
    m.questions = [.init(name: name(text), type: type)]
    if let edns { m.additional = [.opt(payloadSize: edns)] }
    return m.encoded()
}

/// A small cluster: namespaces default and apps; `web` (ClusterIP, ports http/80 and dns/53 UDP),
/// `db` (headless, with two ready endpoints with hostnames and one not ready), `v6` (IPv6),
/// `ext` (ExternalName).
func sampleIndex() -> ClusterIndex {
    var index = ClusterIndex()
    index.upsert("namespaces", json(#"{"metadata":{"name":"default"}}"#), now: 100)
    index.upsert("namespaces", json(#"{"metadata":{"name":"apps"}}"#), now: 100)
    index.upsert("services", json(#"""
    {"metadata":{"name":"web","namespace":"default"},"spec":{"clusterIP":"10.96.0.10","clusterIPs":["10.96.0.10"],
     "ports":[{"name":"http","port":80,"protocol":"TCP"},{"name":"dns","port":53,"protocol":"UDP"}]}}
    """#), now: 100)
    index.upsert("services", json(#"""
    {"metadata":{"name":"db","namespace":"default"},"spec":{"clusterIP":"None","ports":[{"name":"pg","port":5432}]}}
    """#), now: 100)
    index.upsert("endpoints", json(#"""
    {"metadata":{"name":"db","namespace":"default"},"subsets":[{"addresses":[{"ip":"10.244.0.5","hostname":"db-0"},
     {"ip":"10.244.0.6","hostname":"db-1"}],"notReadyAddresses":[{"ip":"10.244.0.7","hostname":"db-2"}],
     "ports":[{"name":"pg","port":5432,"protocol":"TCP"}]}]}
    """#), now: 100)
    index.upsert("services", json(#"""
    {"metadata":{"name":"v6","namespace":"apps"},"spec":{"clusterIP":"fd00::10","ports":[{"name":"http","port":80}]}}
    """#), now: 100)
    index.upsert("services", json(#"""
    {"metadata":{"name":"ext","namespace":"apps"},"spec":{"type":"ExternalName","externalName":"example.org"}}
    """#), now: 100)
    return index
}

let zone = ClusterZone(domain: name("cluster.local"))

func ask(_ text: String, _ type: UInt16, _ index: ClusterIndex = sampleIndex()) -> ClusterZone.Answer? {
    zone.answer(.init(name: name(text), type: type), index: index)
}
