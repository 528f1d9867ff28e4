import Testing
@testable import Resources

@Suite struct MergePatchTests {
    // RFC 7386 Appendix A.
    @Test(arguments: [
        (#"{"a":"b"}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
        (#"{"a":"b"}"#, #"{"b":"c"}"#, #"{"a":"b","b":"c"}"#),
        (#"{"a":"b"}"#, #"{"a":null}"#, #"{}"#),
        (#"{"a":"b","b":"c"}"#, #"{"a":null}"#, #"{"b":"c"}"#),
        (#"{"a":["b"]}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
        (#"{"a":"c"}"#, #"{"a":["b"]}"#, #"{"a":["b"]}"#),
        (#"{"a":{"b":"c"}}"#, #"{"a":{"b":"d","c":null}}"#, #"{"a":{"b":"d"}}"#),
        (#"{"a":[{"b":"c"}]}"#, #"{"a":[1]}"#, #"{"a":[1]}"#),
        (#"["a","b"]"#, #"["c","d"]"#, #"["c","d"]"#),
        (#"{"a":"b"}"#, #"["c"]"#, #"["c"]"#),
        (#"{"a":"foo"}"#, "null", "null"),
        (#"{"a":"foo"}"#, #""bar""#, #""bar""#),
        (#"{"e":null}"#, #"{"a":1}"#, #"{"e":null,"a":1}"#),
        (#"[1,2]"#, #"{"a":"b","c":null}"#, #"{"a":"b"}"#),
        (#"{}"#, #"{"a":{"bb":{"ccc":null}}}"#, #"{"a":{"bb":{}}}"#),
    ])
    func appliesRFC7386Examples(target: String, patch: String, expected: String) throws {
        #expect(MergePatch.apply(try parse(patch), to: try parse(target)).serialized() == expected)
    }

    @Test func labelPatchKeepsOrder() throws {
        let pod = try parse(#"{"metadata":{"name":"p","labels":{"a":"1","b":"2"}},"spec":{}}"#)
        let out = MergePatch.apply(try parse(#"{"metadata":{"labels":{"a":null,"c":"3"}}}"#), to: pod)
        #expect(out.serialized() == #"{"metadata":{"name":"p","labels":{"b":"2","c":"3"}},"spec":{}}"#)
    }

    @Test func createPatchThenApplyGivesTarget() {
        var g = SeededGenerator(seed: 11)
        for _ in 0..<2000 {
            let a = Gen.object(&g)
            let b = Gen.object(&g, nulls: false)
            let patch = MergePatch.createPatch(from: a, to: b)
            #expect(MergePatch.apply(patch, to: a) == b, "a=\(a) b=\(b) patch=\(patch)")
        }
    }

    @Test func applyIsIdempotent() {
        var g = SeededGenerator(seed: 12)
        for _ in 0..<2000 {
            let a = Gen.value(&g), p = Gen.value(&g)
            let once = MergePatch.apply(p, to: a)
            #expect(MergePatch.apply(p, to: once) == once)
        }
    }
}
