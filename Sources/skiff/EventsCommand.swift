import ArgumentParser
import Bus
import Client
import Foundation
import Resources

/// `skiff events`: follows the cluster event stream from a terminal.
struct EventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Print the cluster's events as the API server publishes them.",
        discussion: """
        Text lines are `<revision> <TYPE> <topic>`; "following …" on stderr says the \
        subscription is live. With --output json each line is one JSON \
        object: {"revision":…,"topic":…,"type":…,"object":{…}}. A lost message (a gap in the \
        stream) is reported on stderr.
        """
    )

    @Option(help: "The stream (topic prefix) to follow, e.g. pods/ or pods@node/node-1/ (default: all).")
    var stream = ""

    @Option(help: "text or json.")
    var output = "text"

    @Option(help: "The API server's event-stream endpoint.")
    var events = APIDefaults.eventsEndpoint

    @Option(help: "Stop after this many events (default: follow forever).")
    var count: Int?

    func validate() throws {
        guard output == "text" || output == "json" else { throw ValidationError("--output must be text or json") }
        guard stream.isEmpty || (stream.hasSuffix("/") && EventStream.isStreamName(stream)) else {
            throw ValidationError("--stream must be a stream name ending in '/', like pods/ or pods@node/node-1/")
        }
    }

    func run() async throws {
        let subscriber = try await EventStream.Subscriber(connect: [events], streams: [stream])
        var printed = 0
        for await delivery in subscriber.deliveries {
            switch delivery {
            case .event(let e):
                guard let event = try? ClusterEvent(decoding: e.body) else {
                    Console.error("skiff events: undecodable event on \(e.topic) at revision \(e.revision)")
                    continue
                }
                if output == "json" {
                    let line: JSON = ["revision": .int(Int64(e.revision)), "topic": .string(e.topic),
                                      "type": .string(event.type.rawValue), "object": event.object]
                    Console.line(line.serialized())
                } else {
                    Console.line("\(e.revision) \(event.type.rawValue) \(e.topic)")
                }
                printed += 1
                if let count, printed >= count {
                    await subscriber.close()
                    return
                }
            case .live(let s):
                Console.error("skiff events: following \(s.isEmpty ? "every stream" : s)")
            case .resync(let s, let reason):
                Console.error("skiff events: stream \(s) may have lost events (\(reason))")
            }
        }
    }
}
