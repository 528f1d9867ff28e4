import Resources
import Testing
@testable import YAML

@Suite struct YAMLToJSONTests {
    func json(_ yaml: String) throws(YAMLError) -> JSON { try YAMLToJSON.convert(Array(yaml.utf8)) }

    @Test func manifest() throws {
        let doc = try json("""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              labels: {app: web, "tier": 'front'}
            spec:
              replicas: 3
              paused: false
              template:
                spec:
                  containers:
                  - name: nginx
                    image: "nginx:1.27"
                    args: ["-g", 'daemon off;']
                    ports:
                    - containerPort: 80
                    resources: {limits: {cpu: 500m, memory: 1.5Gi}}
                    command: |
                      echo hi
                      echo there
            """ + "\n")
        #expect(doc["kind"] == "Deployment")
        #expect(doc["metadata"]["labels"] == ["app": "web", "tier": "front"])
        #expect(doc["spec"]["replicas"] == .int(3))
        #expect(doc["spec"]["paused"] == false)
        let c = try #require(doc["spec"]["template"]["spec"]["containers"][0])
        #expect(c["image"] == "nginx:1.27")
        #expect(c["args"] == ["-g", "daemon off;"])
        #expect(c["ports"] == [["containerPort": 80]])
        #expect(c["resources"]["limits"] == ["cpu": "500m", "memory": "1.5Gi"])
        #expect(c["command"] == "echo hi\necho there\n")
        // Key order is kept.
        #expect(doc.object?.keys == ["apiVersion", "kind", "metadata", "spec"])
    }

    @Test func scalarsResolveAsGoYAMLDoes() throws {
        let doc = try json("""
            a: ~
            b: null
            c:
            d: yes
            e: Off
            f: y
            g: 0x1F
            h: 017
            i: 0o17
            j: 1_000
            k: -42
            l: 1.5e3
            m: .5
            big: 9223372036854775808
            n: key is a YAML 1.1 boolean
            o: "true"
            p: '123'
            q: 1.2.3
            r: .inf
            s: 2024-01-01
            t: !!str 12
            u: !!int "12"
            v: +7
            """)
        #expect(doc["a"] == .null)
        #expect(doc["b"] == .null)
        #expect(doc["c"] == .null)
        #expect(doc["d"] == true)
        #expect(doc["e"] == false)
        #expect(doc["f"] == true)
        #expect(doc["g"] == .int(31))
        #expect(doc["h"] == .int(15))
        #expect(doc["i"] == .int(15))
        #expect(doc["j"] == .int(1000))
        #expect(doc["k"] == .int(-42))
        #expect(doc["l"] == .double(1500))
        #expect(doc["m"] == .double(0.5))
        #expect(doc["big"] == .double(9_223_372_036_854_775_808))
        #expect(doc["false"] == "key is a YAML 1.1 boolean")  // as sigs.k8s.io/yaml turns `n:` into "false"
        #expect(doc["o"] == "true")
        #expect(doc["p"] == "123")
        #expect(doc["q"] == "1.2.3")
        #expect(doc["r"] == ".inf")
        #expect(doc["s"] == "2024-01-01")
        #expect(doc["t"] == "12")
        #expect(doc["u"] == .int(12))
        #expect(doc["v"] == .int(7))
    }

    @Test func anchorsAliasesAndMergeKeys() throws {
        let doc = try json("""
            base: &base {a: 1, b: 2}
            list: &l [x, z]
            copy: *base
            again: *l
            merged:
              <<: *base
              b: 3
              c: 4
            quoted:
              "<<": literal
            """)
        #expect(doc["copy"] == ["a": 1, "b": 2])
        #expect(doc["again"] == ["x", "z"])
        #expect(doc["merged"] == ["a": 1, "b": 3, "c": 4])
        #expect(doc["quoted"] == ["<<": "literal"])
    }

    @Test func jsonIsYAML() throws {
        let text = #"{"kind":"Pod","metadata":{"name":"p","labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"i"}]}}"#
        #expect(try json(text) == JSON.parse(text))
    }

    @Test func onlyTheFirstDocumentAndEmptyIsNull() throws {
        #expect(try json("a: 1\n---\nb: 2\n") == ["a": 1])
        #expect(try json("") == .null)
        #expect(try json("# only a comment\n") == .null)
        #expect(try json("- 1\n- two\n") == [1, "two"])
        #expect(try json("plain") == "plain")
    }

    /// go-yaml's `parser.fail()` rule: the problem's 0-based line (plus one for scanner errors),
    /// and no line at all when that is 0.
    @Test func malformedYAMLHasGoYAMLsMessages() {
        let cases: [(String, String)] = [
            ("a: b: c\n", "yaml: mapping values are not allowed in this context"),
            ("x: 1\na: b: c\n", "yaml: line 2: mapping values are not allowed in this context"),
            ("a:\n  - b\n  c: d\n", "yaml: line 2: did not find expected '-' indicator"),
            ("key: [1, 2\n", "yaml: line 1: did not find expected ',' or ']'"),
            ("a: *nope\n", "yaml: unknown anchor 'nope' referenced"),
            ("? [a]\n: b\n", "yaml: invalid map key: a mapping or sequence cannot be a key"),
            ("a: \"unterminated\n", "yaml: line 2: found unexpected end of stream"),
        ]
        for (text, message) in cases {
            do { _ = try json(text); Issue.record("accepted \(text)") } catch {
                #expect(error.message == message, "\(text)")
            }
        }
    }

    @Test func aliasBombsAndDeepNestingAreRefused() {
        var bomb = "a: &a [x,x,x,x,x,x,x,x,x,x]\n"
        var previous = "a"
        for name in ["b", "c", "d", "e", "f", "g", "h"] {
            bomb += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ",") + "]\n"
            previous = name
        }
        #expect(throws: YAMLError.self) { try json(bomb) }
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(throws: YAMLError.self) { try json(deep) }
    }

    @Test func neverTrapsOnGarbage() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ab:- \n\t[]{},&*!|>'\"#%@`?<1.~".utf8)
        for _ in 0..<300 {
            let bytes = (0..<Int.random(in: 0..<80, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            _ = try? YAMLToJSON.convert(bytes)
        }
        _ = try? YAMLToJSON.convert([0xFF, 0xFE, 0x00, 0x41])
    }
}
