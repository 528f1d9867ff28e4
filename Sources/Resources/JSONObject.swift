/// The members of a JSON object, in insertion order.
///
/// Guarantees: iteration and serialization follow insertion order; replacing the value of an
/// existing key keeps its position; removing a key keeps the order of the rest. Lookup is O(1)
/// (a hash index beside the ordered storage). Equality and hashing ignore order, as JSON does.
public struct JSONObject: Sendable {
    public private(set) var keys: [String] = []
    public private(set) var values: [JSON] = []
    private var index: [String: Int] = [:]

    public init() {}

    /// Builds an object from pairs in order; a repeated key keeps its first position and last value.
    public init<S: Sequence>(_ pairs: S) where S.Element == (String, JSON) {
        for (k, v) in pairs { self[k] = v }
    }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    /// The value for `key`. Setting `nil` removes the member (O(n) for the re-index).
    public subscript(key: String) -> JSON? {
        get { index[key].map { values[$0] } }
        set {
            if let newValue {
                if let i = index[key] {
                    values[i] = newValue
                } else {
                    index[key] = keys.count
                    keys.append(key)
                    values.append(newValue)
                }
            } else {
                removeValue(forKey: key)
            }
        }
    }

    /// Removes `key`, returning its value if it was present.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSON? {
        guard let i = index.removeValue(forKey: key) else { return nil }
        keys.remove(at: i)
        let old = values.remove(at: i)
        for j in i..<keys.count { index[keys[j]] = j }
        return old
    }

    /// True if `key` is a member (even with a `null` value).
    public func contains(_ key: String) -> Bool { index[key] != nil }

    /// Applies `transform` to every value in place, keeping order.
    public mutating func mapValuesInPlace(_ transform: (inout JSON) throws -> Void) rethrows {
        for i in values.indices { try transform(&values[i]) }
    }
}

extension JSONObject: Sequence {
    public func makeIterator() -> some IteratorProtocol<(key: String, value: JSON)> {
        var i = 0
        let keys = keys, values = values
        return AnyIterator {
            guard i < keys.count else { return nil }
            defer { i += 1 }
            return (key: keys[i], value: values[i])
        }
    }
}

extension JSONObject: Equatable {
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for (i, k) in lhs.keys.enumerated() {
            guard let j = rhs.index[k], lhs.values[i] == rhs.values[j] else { return false }
        }
        return true
    }
}

extension JSONObject: Hashable {
    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        var sum = 0
        for (i, k) in keys.enumerated() {
            var h = Hasher()
            h.combine(k)
            h.combine(values[i])
            sum = sum &+ h.finalize()
        }
        hasher.combine(sum)
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, JSON)...) {
        self.init(elements)
    }
}
