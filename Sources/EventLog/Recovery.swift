/// Rebuilds the state on open: newest valid snapshot, then the log after its position.
/// Blocking file I/O; runs on a dispatch queue, never on the cooperative pool.
struct Recovery {
    let directory: String
    let options: EventLogOptions

    struct Result {
        var state: StoreState
        var segments: [SegmentInfo]
        var snapshots: [SnapshotRef]
        var report: OpenReport
    }

    func run() throws(EventLogError) -> Result {
        var report = OpenReport()
        for name in try FileIO.list(directory) where name.hasSuffix(".tmp") {
            try FileIO.unlink(directory + "/" + name)
        }
        var segments = try SegmentFile.list(directory: directory)
        for i in segments.indices.dropFirst() where segments[i].seq != segments[i - 1].seq + 1 {
            throw .inconsistent("segment \(segments[i - 1].seq + 1) is missing (next is \(segments[i].path))")
        }
        let snapshots = try listSnapshots()

        var state = StoreState(history: RecordWindow(capacity: options.historyWindow))
        var startSeq: UInt64 = 1
        var startOffset = Int64(SegmentFile.headerSize)
        for snap in snapshots.reversed() {
            do throws(EventLogError) {
                let file = try SnapshotFile.load(path: snap.path, historyCapacity: options.historyWindow)
                guard segments.contains(where: { $0.seq == file.segmentSeq }) else {
                    throw EventLogError.inconsistent("snapshot \(snap.path) needs segment \(file.segmentSeq), which is missing")
                }
                state = file.state(historyCapacity: options.historyWindow)
                startSeq = file.segmentSeq
                startOffset = file.segmentOffset
                report.snapshotPath = snap.path
                report.snapshotRevision = file.revision
                break
            } catch .inconsistent(let why) {
                throw .inconsistent(why)
            } catch {
                report.skippedSnapshots.append("\(snap.path): \(error)")
            }
        }
        if report.snapshotPath == nil, let first = segments.first, first.seq != 1 {
            throw .inconsistent("no usable snapshot, and the log starts at segment \(first.path), not at segment 1")
        }

        for i in segments.indices {
            let seg = segments[i]
            let isLast = i == segments.count - 1
            guard seg.seq >= startSeq else {
                // Before the snapshot: kept for `changes(since:)`, checked there when read.
                segments[i].size = try FileIO.size(path: seg.path)
                continue
            }
            let bytes = try FileIO.readFile(seg.path)
            segments[i].size = Int64(bytes.count)
            let from = seg.seq == startSeq ? Int(startOffset) : SegmentFile.headerSize
            let result = try bytes.withBytes { (buf) throws(EventLogError) -> SegmentFile.ScanResult in
                if let bad = SegmentFile.checkHeader(buf, seq: seg.seq, base: seg.base) {
                    throw .corrupt(path: seg.path, offset: 0, reason: "segment header: \(bad)")
                }
                guard from <= buf.count else {
                    throw .inconsistent("snapshot position \(from) is past the end of \(seg.path) (\(buf.count) bytes)")
                }
                return try SegmentFile.scan(buf, from: from, isLast: isLast) { (group, offset) throws(EventLogError) in
                    for entry in group {
                        do throws(StoreState.ApplyError) { try state.apply(entry) } catch {
                            throw .corrupt(path: seg.path, offset: Int64(offset), reason: error.reason)
                        }
                    }
                    report.replayedEntries += group.count
                    return true
                }
            }
            if let problem = result.problem {
                guard problem.torn else {
                    throw .corrupt(path: seg.path, offset: Int64(problem.offset), reason: problem.reason)
                }
                try FileIO.truncate(path: seg.path, to: Int64(result.validEnd))
                report.truncatedTail = OpenReport.TruncatedTail(
                    path: seg.path, offset: Int64(result.validEnd),
                    droppedBytes: Int64(bytes.count - result.validEnd),
                    reason: "at offset \(problem.offset): \(problem.reason)")
                segments[i].size = Int64(result.validEnd)
            }
        }
        if segments.isEmpty {
            segments.append(try SegmentFile.create(directory: directory, seq: startSeq, base: state.revision))
        }
        report.revision = state.revision
        return Result(state: state, segments: segments, snapshots: snapshots, report: report)
    }

    /// Snapshot files, oldest first.
    func listSnapshots() throws(EventLogError) -> [SnapshotRef] {
        try FileIO.list(directory).compactMap { name in
            SnapshotFile.parse(name: name).map { SnapshotRef(path: directory + "/" + name, revision: $0.revision, seq: $0.seq) }
        }.sorted { ($0.revision, $0.seq) < ($1.revision, $1.seq) }
    }
}

extension StoreState {
    init(history: RecordWindow) {
        self.init()
        self.history = history
    }
}
