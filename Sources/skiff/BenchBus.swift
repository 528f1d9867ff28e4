import ArgumentParser
struct BenchBus: AsyncParsableCommand { static let configuration = CommandConfiguration(commandName: "bus"); func run() async throws {} }
