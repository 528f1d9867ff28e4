extension TablePrinter {
    /// core/v1 Event: `printEvent`. Last Seen, Type, Reason, Object (`pod/web-1`), Message;
    /// wide: Subobject, Source, First Seen, Count, Name (the event's own name, last).
    static let event = TablePrinter(
        columns: [
            TableColumn("Last Seen", TableColumnDocs.eventLastTimestamp),
            TableColumn("Type", TableColumnDocs.eventType),
            TableColumn("Reason", TableColumnDocs.eventReason),
            TableColumn("Object", TableColumnDocs.eventInvolvedObject),
            TableColumn("Subobject", priority: 1, TableColumnDocs.objectReferenceFieldPath),
            TableColumn("Source", priority: 1, TableColumnDocs.eventSource),
            TableColumn("Message", TableColumnDocs.eventMessage),
            TableColumn("First Seen", priority: 1, TableColumnDocs.eventFirstTimestamp),
            TableColumn("Count", priority: 1, TableColumnDocs.eventCount),
            TableColumn("Name", format: "name", priority: 1, TableColumnDocs.objectMetaName),
        ],
        render: { event, context in
            let first = MetaTime(json: event["firstTimestamp"])
            let firstSeen = first.isZero ? context.since(event["eventTime"]) : context.since(first)
            let last = MetaTime(json: event["lastTimestamp"])
            var lastSeen = last.isZero ? firstSeen : context.since(last)
            var count = event["count"].number
            if event["series"].isSet {
                lastSeen = context.since(event["series"]["lastObservedTime"])
                count = event["series"]["count"].number
            } else if count == 0 {
                count = 1  // singleton events of the events.k8s.io API carry no count
            }
            let involved = event["involvedObject"]
            let kind = involved["kind"].text.lowercased()
            let target = involved["name"].text.isEmpty ? kind : "\(kind)/\(involved["name"].text)"
            let component = event["source"]["component"].text.isEmpty
                ? event["reportingComponent"].text : event["source"]["component"].text
            let instance = event["source"]["host"].text.isEmpty ? event["reportingInstance"].text : event["source"]["host"].text
            let source = instance.isEmpty ? component : "\(component), \(instance)"
            return TableRowContent([
                .string(lastSeen), .string(event["type"].text), .string(event["reason"].text), .string(target),
                .string(involved["fieldPath"].text), .string(source), .string(TableFormat.trimSpace(event["message"].text)),
                .string(firstSeen), .int(count), .string(event["metadata"]["name"].text),
            ])
        }
    )
}
