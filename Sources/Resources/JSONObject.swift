/// The members of a JSON object, in insertion order.
///
/// Guarantees: iteration and serialization follow insertion order; replacing the value of an
/// existing key keeps its position; removing a key keeps the order of the rest. Lookup is O(1)
/// for large objects (a hash index beside the ordered storage, built past
/// ``indexThreshold`` members) and a short linear scan for small ones, which is most Kubernetes
/// objects. Equality and hashing ignore order, as JSON does.
public struct JSONObject: Sendable {
    public private(set) var keys: [String] = []
    public private(set) var values: [JSON] = []
    private var index: [String: Int]? = nil

    /// Objects with more members than this keep a hash index.
    public static let indexThreshold = 12

    private func position(of key: String) -> Int? {
        if let index { return index[key] }
        return keys.firstIndex(of: key)
    }

    public init() {}

    /// Builds an object from pairs in order; a repeated key keeps its first position and last value.
    public init<S: Sequence>(_ pairs: S) where S.Element == (String, JSON) {
        for (k, v) in pairs { self[k] = v }
    }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    /// The value for `key`. Setting `nil` removes the member (O(n) for the re-index).
    public subscript(key: String) -> JSON? {
        get { position(of: key).map { values[$0] } }
        set {
            if let newValue {
                if let i = position(of: key) {
                    values[i] = newValue
                } else {
                    keys.append(key)
                    values.append(newValue)
                    if index != nil {
                        index![key] = keys.count - 1
                    } else if keys.count > Self.indexThreshold {
                        index = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) })
                    }
                }
            } else {
                removeValue(forKey: key)
            }
        }
    }

    /// Removes `key`, returning its value if it was present.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSON? {
        guard let i = position(of: key) else { return nil }
        keys.remove(at: i)
        let old = values.remove(at: i)
        if index != nil {
            index![key] = nil
            for j in i..<keys.count { index![keys[j]] = j }
        }
        return old
    }

    /// True if `key` is a member (even with a `null` value).
    public func contains(_ key: String) -> Bool { position(of: key) != nil }

    /// Applies `transform` to every value in place, keeping order.
    public mutating func mapValuesInPlace(_ transform: (inout JSON) throws -> Void) rethrows {
        for i in values.indices { try transform(&values[i]) }
    }
}

extension JSONObject: Sequence {
    /// Iterates members in insertion order.
    public struct Iterator: IteratorProtocol {
        let keys: [String]
        let values: [JSON]
        var position = 0

        public mutating func next() -> (key: String, value: JSON)? {
            guard position < keys.count else { return nil }
            defer { position += 1 }
            return (keys[position], values[position])
        }
    }

    public func makeIterator() -> Iterator { Iterator(keys: keys, values: values) }
    public var underestimatedCount: Int { keys.count }
}

extension JSONObject: Equatable {
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for (i, k) in lhs.keys.enumerated() {
            guard let j = rhs.position(of: k), lhs.values[i] == rhs.values[j] else { return false }
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
