/// `metadata.generateName`: the API server's `SimpleNameGenerator`.
public enum GenerateName {
    /// The alphabet of the random suffix: no vowels (no words) and no look-alikes (0/o, 1/l).
    public static let alphabet: [Character] = Array("bcdfghjklmnpqrstvwxz2456789")
    /// Length of the random suffix.
    public static let suffixLength = 5
    /// The longest base kept: 63 - 5, so a generated name stays a valid DNS-1123 label.
    public static let maxBaseLength = 63 - suffixLength

    /// `base` (truncated to 58 characters) followed by 5 random characters of ``alphabet``.
    /// Randomness is an input so tests are deterministic.
    public static func generate<R: RandomNumberGenerator>(base: String, using rng: inout R) -> String {
        var name = String(base.prefix(maxBaseLength))
        for _ in 0..<suffixLength { name.append(alphabet.randomElement(using: &rng)!) }
        return name
    }

    /// ``generate(base:using:)`` with the system generator.
    public static func generate(base: String) -> String {
        var rng = SystemRandomNumberGenerator()
        return generate(base: base, using: &rng)
    }
}
