extension TablePrinter {
    /// batch/v1 Job: `printJob`. Name, Status, Completions, Duration, Age; wide: Containers,
    /// Images, Selector.
    static let job = TablePrinter(
        columns: [
            .name,
            TableColumn("Status", "Status of the job."),
            TableColumn("Completions", TableColumnDocs.jobStatusSucceeded),
            TableColumn("Duration", "Time required to complete the job."),
            .age, .containers, .images,
            TableColumn("Selector", priority: 1, TableColumnDocs.jobSpecSelector),
        ],
        render: { job, context in
            let spec = job["spec"], status = job["status"]
            let succeeded = status["succeeded"].number
            let completions: String
            if let total = spec["completions"]?.int {
                completions = "\(succeeded)/\(total)"
            } else if let parallelism = spec["parallelism"]?.int, parallelism > 1 {
                completions = "\(succeeded)/1 of \(parallelism)"
            } else {
                completions = "\(succeeded)/1"
            }
            var duration = ""
            if status["startTime"].isSet {
                let start = MetaTime(json: status["startTime"])
                let end = status["completionTime"].isSet ? MetaTime(json: status["completionTime"]) : context.now
                duration = HumanDuration.format(nanoseconds: start.nanoseconds(until: end))
            }
            let (names, images) = TableFormat.containers(spec["template"]["spec"]["containers"])
            return TableRowContent([
                .string(job["metadata"]["name"].text), .string(jobStatus(job)), .string(completions), .string(duration),
                .string(context.age(job)), .string(names), .string(images),
                .string(TableFormat.labelSelector(spec["selector"])),
            ])
        }
    )

    /// The Job Status cell: `Complete`, `Failed`, `Terminating`, `Suspended`, `FailureTarget`
    /// or `Running`, in that precedence.
    static func jobStatus(_ job: JSON) -> String {
        let conditions = job["status"]["conditions"].elements
        func has(_ type: String) -> Bool {
            conditions.first { $0["type"]?.string == type }?["status"]?.string == "True"
        }
        if has("Complete") { return "Complete" }
        if has("Failed") { return "Failed" }
        if job["metadata"]["deletionTimestamp"].isSet { return "Terminating" }
        if has("Suspended") { return "Suspended" }
        if has("FailureTarget") { return "FailureTarget" }
        return "Running"
    }

    /// batch/v1 CronJob: `printCronJob`. Name, Schedule, Timezone, Suspend, Active, Last
    /// Schedule, Age; wide: Containers, Images, Selector.
    static let cronJob = TablePrinter(
        columns: [
            .name,
            TableColumn("Schedule", TableColumnDocs.cronJobSpecSchedule),
            TableColumn("Timezone", TableColumnDocs.cronJobSpecTimeZone),
            TableColumn("Suspend", type: "boolean", TableColumnDocs.cronJobSpecSuspend),
            TableColumn("Active", type: "integer", TableColumnDocs.cronJobStatusActive),
            TableColumn("Last Schedule", TableColumnDocs.cronJobStatusLastScheduleTime),
            .age, .containers, .images,
            TableColumn("Selector", priority: 1, TableColumnDocs.jobSpecSelector),
        ],
        render: { cj, context in
            let spec = cj["spec"], jobSpec = spec["jobTemplate"]["spec"]
            let lastSchedule = cj["status"]["lastScheduleTime"].isSet ? context.since(cj["status"]["lastScheduleTime"]) : "<none>"
            let timeZone = spec["timeZone"]?.string ?? "<none>"
            // The API server defaults `suspend` to false.
            let suspend = TableFormat.bool(spec["suspend"].isSet ? spec["suspend"] : .bool(false))
            let (names, images) = TableFormat.containers(jobSpec["template"]["spec"]["containers"])
            return TableRowContent([
                .string(cj["metadata"]["name"].text), .string(spec["schedule"].text), .string(timeZone), .string(suspend),
                .int(Int64(cj["status"]["active"].elements.count)), .string(lastSchedule), .string(context.age(cj)),
                .string(names), .string(images), .string(TableFormat.labelSelector(jobSpec["selector"])),
            ])
        }
    )
}
