/// A Kubernetes resource quantity (`resource.Quantity`): `100m`, `0.5`, `128Mi`, `1G`, `1e3`.
///
/// Guarantees: exact. The value is held as an integer number of nano-units (10⁻⁹) in an
/// `Int128`, so CPU millis, memory bytes up to exabytes and their sums are exact; a finer input
/// is rounded away from zero to the next nano-unit, as Kubernetes does. Equality, hashing and
/// ordering compare values only (`1Gi == 1024Mi`, `1 == 1000m`). ``description`` is Kubernetes'
/// canonical form, keeping the input's suffix family (`1.5` → `1500m`, `1024Mi` → `1Gi`,
/// `2000` → `2k`, `1e3` → `1e3`).
public struct Quantity: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The suffix family a quantity is written in.
    public enum Format: Sendable, Hashable {
        /// Powers of 1024: Ki, Mi, Gi, Ti, Pi, Ei.
        case binarySI
        /// Powers of 1000: n, u, m, (none), k, M, G, T, P, E.
        case decimalSI
        /// `e<n>` / `E<n>`.
        case decimalExponent
    }

    /// The value in units of 10⁻⁹.
    public let nanos: Int128
    /// How ``description`` writes the value.
    public let format: Format

    public init(nanos: Int128, format: Format = .decimalSI) {
        self.nanos = nanos
        self.format = format
    }

    /// An integer number of units (cores, bytes, pods).
    public init(_ value: Int64, format: Format = .decimalSI) {
        self.init(nanos: Int128(value) * 1_000_000_000, format: format)
    }

    /// A number of milli-units (CPU millicores).
    public init(milli: Int64, format: Format = .decimalSI) {
        self.init(nanos: Int128(milli) * 1_000_000, format: format)
    }

    public static let zero = Quantity(nanos: 0)

    public var isZero: Bool { nanos == 0 }

    /// The value in units, rounded away from zero (`Quantity.Value()`), clamped to `Int64`.
    public var value: Int64 { Self.clamp(Self.divideRoundingAway(nanos, 1_000_000_000)) }

    /// The value in milli-units, rounded away from zero (`Quantity.MilliValue()`), clamped to `Int64`.
    public var milliValue: Int64 { Self.clamp(Self.divideRoundingAway(nanos, 1_000_000)) }

    /// The value as a `Double` (approximate).
    public var doubleValue: Double { Double(nanos) / 1e9 }

    public static func == (a: Quantity, b: Quantity) -> Bool { a.nanos == b.nanos }
    public func hash(into hasher: inout Hasher) { hasher.combine(nanos) }
    public static func < (a: Quantity, b: Quantity) -> Bool { a.nanos < b.nanos }

    /// The sum, in the left operand's format (as `Quantity.Add` keeps the receiver's);
    /// saturates instead of overflowing (beyond ±10²⁹ units, far past any real resource).
    public static func + (a: Quantity, b: Quantity) -> Quantity {
        let (sum, overflow) = a.nanos.addingReportingOverflow(b.nanos)
        return Quantity(nanos: overflow ? (b.nanos > 0 ? .max : .min) : sum, format: a.format)
    }

    /// The difference, in the left operand's format; saturates like ``+(_:_:)``.
    public static func - (a: Quantity, b: Quantity) -> Quantity {
        let (diff, overflow) = a.nanos.subtractingReportingOverflow(b.nanos)
        return Quantity(nanos: overflow ? (b.nanos < 0 ? .max : .min) : diff, format: a.format)
    }

    public static func += (a: inout Quantity, b: Quantity) { a = a + b }
    public static func -= (a: inout Quantity, b: Quantity) { a = a - b }

    static func divideRoundingAway(_ n: Int128, _ d: Int128) -> Int128 {
        let (q, r) = n.quotientAndRemainder(dividingBy: d)
        if r == 0 { return q }
        return n > 0 ? q + 1 : q - 1
    }

    static func clamp(_ v: Int128) -> Int64 {
        v > Int128(Int64.max) ? .max : (v < Int128(Int64.min) ? .min : Int64(v))
    }
}

/// Why a string is not a quantity, in Kubernetes' words.
public struct QuantityError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }

    public static let formatWrong = QuantityError("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")
    public static let numeric = QuantityError("unable to parse numeric part of quantity")
    public static let suffix = QuantityError("unable to parse quantity's suffix")
    public static let tooLarge = QuantityError("quantity is too large")
}
