import Testing
@testable import Resources

@Suite struct JSONObjectTests {
    /// The same operations on small (scanned) and large (indexed) objects agree with a model.
    @Test func behavesLikeAnOrderedDictionary() {
        var g = SeededGenerator(seed: 61)
        for size in [3, JSONObject.indexThreshold, 40] {
            var object = JSONObject()
            var model: [(String, JSON)] = []
            for step in 0..<2000 {
                let key = "k\(Int.random(in: 0..<size, using: &g))"
                if Bool.random(using: &g) {
                    let value = JSON.int(Int64(step))
                    object[key] = value
                    if let i = model.firstIndex(where: { $0.0 == key }) { model[i].1 = value } else { model.append((key, value)) }
                } else {
                    let removed = object.removeValue(forKey: key)
                    let i = model.firstIndex { $0.0 == key }
                    #expect(removed == i.map { model[$0].1 })
                    if let i { model.remove(at: i) }
                }
                #expect(object.keys == model.map(\.0))
                #expect(object[key] == model.first { $0.0 == key }?.1)
            }
            #expect(object.map(\.key) == model.map(\.0))
            #expect(model.allSatisfy { object.contains($0.0) && object[$0.0] == $0.1 })
        }
    }
}
