/// Start order from `depends_on`: every service after the services it depends on, otherwise
/// in the order given. A cycle is an error that names it.
public enum DependencyOrder {
    /// - Parameter services: names in file order with the names each depends on (all defined).
    public static func sort(_ services: [(name: String, dependsOn: [String])]) throws(ComposeError) -> [String] {
        let dependencies = Dictionary(services.map { ($0.name, $0.dependsOn) }, uniquingKeysWith: { a, _ in a })
        var order: [String] = []
        var placed: Set<String> = []
        // Repeatedly place the first (in file order) service whose dependencies are all placed.
        var remaining = services.map(\.name)
        while !remaining.isEmpty {
            guard let next = remaining.firstIndex(where: { (dependencies[$0] ?? []).allSatisfy(placed.contains) }) else {
                throw ComposeError("dependency cycle: " + cycle(among: remaining, dependencies).joined(separator: " → "))
            }
            let name = remaining.remove(at: next)
            order.append(name)
            placed.insert(name)
        }
        return order
    }

    /// A cycle among `names` (each of which still has an unplaced dependency), closed: a → b → a.
    static func cycle(among names: [String], _ dependencies: [String: [String]]) -> [String] {
        let unplaced = Set(names)
        var path: [String] = []
        var current = names[0]
        while !path.contains(current) {
            path.append(current)
            current = (dependencies[current] ?? []).first(where: unplaced.contains) ?? current
        }
        let start = path.firstIndex(of: current)!
        return Array(path[start...]) + [current]
    }

    /// Stop order: the reverse of the start order.
    public static func stopOrder(_ startOrder: [String]) -> [String] { startOrder.reversed() }
}
