extension Quantity {
    /// Kubernetes' canonical form (`Quantity.String()` / `CanonicalizeBytes`):
    /// - zero is `0`;
    /// - binary-SI values that are integers of magnitude ≥ 1024 use the largest exact power of
    ///   1024 (`1536Mi`, `1Gi`); others fall back to decimal SI;
    /// - decimal values use the largest power of 1000 that keeps an integer mantissa
    ///   (`1500m`, `2k`, `100m`), or `e<n>` in the exponent format.
    public var description: String {
        if nanos == 0 { return "0" }
        var format = self.format
        if format == .binarySI {
            let units = nanos.quotientAndRemainder(dividingBy: 1_000_000_000)
            if units.remainder != 0 || (units.quotient > -1024 && units.quotient < 1024) {
                format = .decimalSI
            } else {
                var mantissa = units.quotient
                var power = 0
                while power < 6, mantissa % 1024 == 0 {
                    mantissa /= 1024
                    power += 1
                }
                return String(mantissa) + ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"][power]
            }
        }
        // mantissa × 10^exponent with the exponent a multiple of 3 and the mantissa minimal.
        var mantissa = nanos
        var exponent = -9
        while mantissa % 10 == 0 {
            mantissa /= 10
            exponent += 1
        }
        while exponent % 3 != 0 {
            mantissa *= 10
            exponent -= 1
        }
        let number = String(mantissa)
        if format == .decimalExponent {
            return exponent == 0 ? number : number + "e" + String(exponent)
        }
        switch exponent {
        case -9: return number + "n"
        case -6: return number + "u"
        case -3: return number + "m"
        case 0: return number
        case 3: return number + "k"
        case 6: return number + "M"
        case 9: return number + "G"
        case 12: return number + "T"
        case 15: return number + "P"
        case 18: return number + "E"
        default: return number + "e" + String(exponent)
        }
    }

    /// The canonical form as a JSON string, as Kubernetes serializes quantities.
    public var json: JSON { .string(description) }
}
