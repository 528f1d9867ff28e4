/// A JSON value as the API server sees it: the dynamic, schema-free form of every object.
///
/// Guarantees:
/// - Integers are exact: a literal without fraction or exponent that fits `Int64` is `.int`;
///   anything else is `.double` (as Go's `float64` would hold it).
/// - Objects keep their keys in insertion order (see ``JSONObject``), so an object parsed from
///   kubectl's request serializes back in the order kubectl sent it.
/// - Equality is JSON equality: object key order does not matter, and `.int(1) == .double(1)`.
///   `Hashable` agrees with it.
/// - `serialized()` then `parse` gives an equal value, except that an integral `.double` of
///   magnitude ≥ 2^53 prints like an integer (as Go prints it) and reads back as the `.int` of
///   its shortest decimal spelling.
/// - Values are immutable, copy-on-write, `Sendable`.
public enum JSON: Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSON])
    case object(JSONObject)
}

extension JSON {
    /// An empty object, `{}`.
    public static var emptyObject: JSON { .object(JSONObject()) }

    /// The string, if this is a string.
    public var string: String? { if case .string(let s) = self { s } else { nil } }
    /// The boolean, if this is a boolean.
    public var bool: Bool? { if case .bool(let b) = self { b } else { nil } }
    /// The integer, if this is an integer or a double with an exact integer value.
    public var int: Int64? {
        switch self {
        case .int(let i): i
        case .double(let d): Int64(exactly: d)
        default: nil
        }
    }
    /// The number as a `Double`, if this is a number.
    public var double: Double? {
        switch self {
        case .int(let i): Double(i)
        case .double(let d): d
        default: nil
        }
    }
    /// The elements, if this is an array.
    public var array: [JSON]? { if case .array(let a) = self { a } else { nil } }
    /// The members, if this is an object.
    public var object: JSONObject? { if case .object(let o) = self { o } else { nil } }
    /// True for `null`.
    public var isNull: Bool { if case .null = self { true } else { false } }
    /// True for numbers of either kind.
    public var isNumber: Bool {
        switch self {
        case .int, .double: true
        default: false
        }
    }

    /// The member named `key`. Getting from a non-object gives `nil`. Setting `nil` removes
    /// the member; setting a value on a non-object replaces `self` with a one-member object
    /// (so `obj["metadata"]["labels"]["app"] = "web"` creates the missing levels).
    public subscript(key: String) -> JSON? {
        get {
            if case .object(let o) = self { return o[key] }
            return nil
        }
        set {
            var o: JSONObject
            if case .object(let existing) = self { o = existing } else { o = JSONObject() }
            self = .null  // drop our reference so `o` stays uniquely owned
            o[key] = newValue
            self = .object(o)
        }
    }

    /// The element at `index`, or `nil` if this is not an array or the index is out of range.
    /// Setting an in-range index replaces the element; other sets are ignored.
    public subscript(index: Int) -> JSON? {
        get {
            guard case .array(let a) = self, a.indices.contains(index) else { return nil }
            return a[index]
        }
        set {
            guard case .array(var a) = self, a.indices.contains(index), let newValue else { return }
            self = .null
            a[index] = newValue
            self = .array(a)
        }
    }

    /// The value at a path of keys (strings) and indexes (ints), or `nil` if any step is missing.
    public func value(at path: [JSONPathComponent]) -> JSON? {
        var current: JSON? = self
        for step in path {
            switch step {
            case .key(let k): current = current?[k]
            case .index(let i): current = current?[i]
            }
        }
        return current
    }
}

/// One step of a path into a ``JSON`` value.
public enum JSONPathComponent: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    case key(String)
    case index(Int)
    public init(stringLiteral value: String) { self = .key(value) }
    public init(integerLiteral value: Int) { self = .index(value) }
}

extension Optional where Wrapped == JSON {
    /// Chains member access through optionals: `value["metadata"]["name"]?.string`.
    /// Setting through a `nil` creates an object.
    public subscript(key: String) -> JSON? {
        get { self?[key] }
        set {
            var v = self ?? .emptyObject
            self = nil
            v[key] = newValue
            self = v
        }
    }

    /// Chains element access through optionals.
    public subscript(index: Int) -> JSON? {
        get { self?[index] }
    }
}

extension JSON: Equatable {
    public static func == (lhs: JSON, rhs: JSON) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.int(let a), .int(let b)): a == b
        case (.double(let a), .double(let b)): a == b
        case (.int(let a), .double(let b)), (.double(let b), .int(let a)): Int64(exactly: b) == a
        case (.string(let a), .string(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)): a == b
        default: false
        }
    }
}

extension JSON: Hashable {
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let b): hasher.combine(1); hasher.combine(b)
        case .int(let i): hasher.combine(2); hasher.combine(i)
        case .double(let d):
            if let i = Int64(exactly: d) {
                hasher.combine(2); hasher.combine(i)
            } else {
                hasher.combine(3); hasher.combine(d)
            }
        case .string(let s): hasher.combine(4); hasher.combine(s)
        case .array(let a): hasher.combine(5); hasher.combine(a)
        case .object(let o): hasher.combine(6); hasher.combine(o)
        }
    }
}

extension JSON: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSON...) { self = .array(elements) }
    /// Keys keep the literal's order; a repeated key keeps its first position and last value.
    public init(dictionaryLiteral elements: (String, JSON)...) {
        var o = JSONObject()
        for (k, v) in elements { o[k] = v }
        self = .object(o)
    }
}

extension JSON: CustomStringConvertible {
    /// The compact serialization (see ``serialized()``).
    public var description: String { serialized() }
}
