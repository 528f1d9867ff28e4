import ArgumentParser

/// `skiff bench …`: benchmarks that print JSON figures. Not tests: nothing here fails because
/// the machine is slow.
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a benchmark and print its figures as JSON.",
        subcommands: [BenchBus.self, BenchStore.self, BenchAPI.self, BenchScheduler.self, BenchDNS.self, BenchPods.self,
                      BenchProxy.self, BenchFootprint.self, BenchControllers.self]
    )
}
